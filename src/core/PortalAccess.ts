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
 * Access as the app passed it (or a token described it), made safe to read: an
 * unknown status is signed out, and permissions keep only their strings, so a
 * malformed value fails closed instead of throwing mid-render. A well-formed value is
 * returned as it is, extra fields and all (a gate's `when` may read them).
 */
export function normalizeAccess(access: PortalAccess): PortalAccess {
  const { status, orgCode, permissions } = (access ?? {}) as { status?: unknown; orgCode?: unknown; permissions?: unknown };
  if (status === 'loading' || status === 'signed-out') return access;
  if (status !== 'ready') return { status: 'signed-out' };
  const granted = Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [];
  const org = typeof orgCode === 'string' ? orgCode : null;
  return org === orgCode && Array.isArray(permissions) && granted.length === permissions.length ? access : { status, orgCode: org, permissions: granted };
}

/**
 * What the UI reads of a normalised access, as one string: equal keys mean nothing a
 * gate or a link depends on changed.
 */
export function accessJson(access: PortalAccess): string {
  const { status, orgCode, permissions } = access as { status: string; orgCode?: string | null; permissions?: readonly string[] };
  return JSON.stringify([status, orgCode, permissions]);
}

/** A stable key for "which signed-in organization", used to detect org switches. */
export function accessKey(access: PortalAccess): string {
  return access.status === 'ready' ? `ready:${access.orgCode ?? ''}` : access.status;
}

/** Structural equality, so a new-but-equal `access` re-renders nothing. */
export function sameAccess(a: PortalAccess, b: PortalAccess): boolean {
  return a === b || accessJson(normalizeAccess(a)) === accessJson(normalizeAccess(b));
}
