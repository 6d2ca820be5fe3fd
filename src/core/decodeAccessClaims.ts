import type { PortalAccess } from './PortalAccess';

/** The claims of an access token this library reads. */
export interface AccessClaims {
  iss?: string;
  /** The client id the token was issued to (Kinde sets it). */
  azp?: string;
  orgCode: string | null;
  permissions: string[];
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/**
 * Reads `iss`, `org_code` and `permissions` from a JWT without verifying it: the
 * result only decides what the UI shows; the portal and the API verify for real.
 * Returns `null` for anything that isn't a readable JWT.
 *
 * @example
 * decodeAccessClaims(token)?.permissions
 */
export function decodeAccessClaims(token: string): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const claims = payload as Record<string, unknown>;
  const permissions = Array.isArray(claims.permissions)
    ? claims.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  return {
    ...(typeof claims.iss === 'string' ? { iss: claims.iss } : {}),
    ...(typeof claims.azp === 'string' ? { azp: claims.azp } : {}),
    orgCode: typeof claims.org_code === 'string' ? claims.org_code : null,
    permissions,
  };
}

/** The access a token's claims describe; an unreadable token describes a user with no permissions. */
export function accessFromToken(token: string): PortalAccess {
  const claims = decodeAccessClaims(token);
  return { status: 'ready', orgCode: claims?.orgCode ?? null, permissions: claims?.permissions ?? [] };
}
