/**
 * Kinde's system permissions that gate portal sections.
 *
 * @example
 * <PortalGate permission={PERMISSIONS.writeBilling}>…</PortalGate>
 */
export const PERMISSIONS = {
  readBilling: 'org:read:billing',
  writeBilling: 'org:write:billing',
  writeMembers: 'org:write:members',
  readAuthentication: 'read:org:authentication',
  writeAuthentication: 'write:org:authentication',
} as const;
