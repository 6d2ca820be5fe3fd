import type { PortalAccess } from './PortalAccess';

/** The claims of an access token this library reads. */
export interface AccessClaims {
  iss?: string | undefined;
  /** The client id the token was issued to (Kinde sets it). */
  azp?: string | undefined;
  orgCode: string | null;
  permissions: string[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Reads `iss`, `azp`, `org_code` and `permissions` from a JWT without verifying it:
 * the result only decides what the UI shows; the portal and the API verify for
 * real. Returns `null` for anything that isn't a readable JWT.
 *
 * @example
 * decodeAccessClaims(token)?.permissions
 */
export function decodeAccessClaims(token: string): AccessClaims | null {
  try {
    const [, payload, signature] = token.split('.');
    if (signature === undefined) return null;
    // base64url → bytes → UTF-8; atob accepts the missing padding.
    const bytes = Uint8Array.from(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const permissions = claims.permissions;
    return {
      iss: text(claims.iss),
      azp: text(claims.azp),
      orgCode: text(claims.org_code) ?? null,
      permissions: Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [],
    };
  } catch {
    return null;
  }
}

/** The access a token's claims describe; an unreadable token describes a user with no permissions. */
export function accessFromToken(token: string): PortalAccess {
  const claims = decodeAccessClaims(token);
  return { status: 'ready', orgCode: claims?.orgCode ?? null, permissions: claims?.permissions ?? [] };
}
