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
  if (access?.status === 'loading') return access;
  if (access?.status !== 'ready') return access?.status === 'signed-out' ? access : { status: 'signed-out' };
  const { permissions, orgCode } = access as { permissions: unknown; orgCode: unknown };
  if (Array.isArray(permissions) && permissions.every((p) => typeof p === 'string') && (orgCode === null || typeof orgCode === 'string')) return access;
  return {
    status: 'ready',
    orgCode: typeof orgCode === 'string' ? orgCode : null,
    permissions: Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [],
  };
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
