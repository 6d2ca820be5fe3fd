/**
 * What the UI knows about the signed-in user: a hint for hiding menu entries,
 * never an authorization decision.
 *
 * @example
 * const access: PortalAccess = { status: 'ready', orgCode: 'org_acme', permissions: ['org:write:billing'] }
 */
export type PortalAccess =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'ready'; orgCode: string | null; permissions: readonly string[] };

/**
 * Access as the app passed it, made safe to read: an unknown status is signed out,
 * and permissions that aren't an array of strings keep only the strings (or none),
 * so a malformed value fails closed instead of throwing mid-render.
 */
export function normalizeAccess(access: PortalAccess): PortalAccess {
  const { status, orgCode, permissions } = (access ?? {}) as { status?: unknown; orgCode?: unknown; permissions?: unknown };
  if (status === 'loading' || status === 'signed-out') return access;
  if (status !== 'ready') return { status: 'signed-out' };
  const granted = Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [];
  const org = typeof orgCode === 'string' ? orgCode : null;
  // Unchanged when already well-formed: the same object keeps memoised readers quiet.
  return org === orgCode && Array.isArray(permissions) && granted.length === permissions.length ? access : { status: 'ready', orgCode: org, permissions: granted };
}

/** A stable key for "which signed-in organization", used to detect org switches. */
export function accessKey(access: PortalAccess): string {
  return access.status === 'ready' ? `ready:${access.orgCode ?? ''}` : access.status;
}

/** Structural equality, so a new-but-equal `access` object re-renders nothing. */
export function sameAccess(a: PortalAccess, b: PortalAccess): boolean {
  if (a === b) return true;
  if (a.status !== b.status) return false;
  if (a.status !== 'ready' || b.status !== 'ready') return true;
  if (a.orgCode !== b.orgCode || a.permissions.length !== b.permissions.length) return false;
  return a.permissions.every((p, i) => p === b.permissions[i]);
}
