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
 * Access as the app passed it (or a token described it), made safe to read: a fresh
 * object in canonical form, where an unknown status is signed out and permissions
 * keep only their strings, so a malformed value fails closed instead of throwing
 * mid-render.
 */
export function normalizeAccess(access: PortalAccess): PortalAccess {
  const { status, orgCode, permissions } = (access ?? {}) as { status?: unknown; orgCode?: unknown; permissions?: unknown };
  if (status === 'loading') return { status };
  return status === 'ready'
    ? {
        status,
        orgCode: typeof orgCode === 'string' ? orgCode : null,
        permissions: Array.isArray(permissions) ? permissions.filter((p): p is string => typeof p === 'string') : [],
      }
    : { status: 'signed-out' };
}

/** A stable key for "which signed-in organization", used to detect org switches. */
export function accessKey(access: PortalAccess): string {
  return access.status === 'ready' ? `ready:${access.orgCode ?? ''}` : access.status;
}

/** Structural equality of the normalised forms, so a new-but-equal `access` re-renders nothing. */
export function sameAccess(a: PortalAccess, b: PortalAccess): boolean {
  return JSON.stringify(normalizeAccess(a)) === JSON.stringify(normalizeAccess(b));
}
