import { normalizeAccess, type PortalAccess } from './PortalAccess';

/** The claims of an access token this library reads. */
export interface AccessClaims {
  iss?: string | undefined;
  /** The client id the token was issued to (Kinde sets it). */
  azp?: string | undefined;
  orgCode: string | null;
  permissions: string[];
}

/**
 * A JWT's payload, unverified; `null` for anything that isn't a readable JWT. The
 * result only decides what the UI shows: the portal and the API verify for real.
 */
export function readClaims(token: string): Record<string, unknown> | null {
  try {
    const [, payload, signature] = token.split('.');
    // base64url → bytes → UTF-8; atob accepts the missing padding.
    const bytes = Uint8Array.from(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return signature !== undefined && claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
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
  const claims = readClaims(token);
  if (!claims) return null;
  const { orgCode, permissions } = accessFromToken(token) as Extract<PortalAccess, { status: 'ready' }>;
  return { iss: text(claims.iss), azp: text(claims.azp), orgCode, permissions: [...permissions] };
}

/** The access a token's claims describe; an unreadable token describes a user with no permissions. */
export function accessFromToken(token: string): PortalAccess {
  const claims = readClaims(token) ?? {};
  return normalizeAccess({ status: 'ready', orgCode: claims.org_code, permissions: claims.permissions } as PortalAccess);
}
