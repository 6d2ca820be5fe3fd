import type { PortalPage } from './portalPages';
import { PERMISSIONS } from './permissions';

/**
 * One permission (a trailing `*` segment matches a prefix: `org:write:*`), or a
 * combination: `anyOf` needs at least one, `allOf` needs every one, both must hold.
 *
 * @example
 * const rule: PermissionRule = { anyOf: ['org:read:billing', 'org:write:billing'] }
 */
export type PermissionRule = string | { anyOf?: readonly string[]; allOf?: readonly string[] };

/** Which rule each portal section needs; sections not listed need only a signed-in user. */
export type SectionPermissions = Partial<Record<PortalPage, PermissionRule>>;

const ANY_BILLING = { anyOf: [PERMISSIONS.readBilling, PERMISSIONS.writeBilling] };

/**
 * The default section rules; `PortalProvider`'s `sectionPermissions` is merged over them.
 *
 * @example
 * DEFAULT_SECTION_PERMISSIONS.organization_members // 'org:write:members'
 */
export const DEFAULT_SECTION_PERMISSIONS: Readonly<SectionPermissions> = /* @__PURE__ */ Object.freeze({
  organization_members: PERMISSIONS.writeMembers,
  organization_payment_details: PERMISSIONS.writeBilling,
  payment_details: PERMISSIONS.writeBilling,
  organization_plan_selection: PERMISSIONS.writeBilling,
  plan_selection: PERMISSIONS.writeBilling,
  organization_plan_details: ANY_BILLING,
  plan_details: ANY_BILLING,
});

/**
 * Whether one pattern is granted. `org:write:*` matches `org:write:x` (and deeper),
 * never `org:write` itself; a `*` anywhere but a whole last segment is literal.
 *
 * @example
 * hasPermission(['org:write:billing'], 'org:write:*') // true
 */
export function hasPermission(granted: readonly string[], pattern: string): boolean {
  if (pattern === '*' || pattern.endsWith(':*')) {
    const prefix = pattern.slice(0, -1);
    return granted.some((permission) => typeof permission === 'string' && permission.length > prefix.length && permission.startsWith(prefix));
  }
  // No cache keyed on the array: an app may change its permissions array in place.
  return pattern !== '' && granted.includes(pattern);
}

/**
 * Evaluates a rule against granted permissions. Malformed rules are denied; an empty
 * `anyOf` is "one of nothing", so it denies too.
 *
 * @example
 * matchesRule(['org:read:billing'], { anyOf: ['org:read:billing', 'org:write:billing'] }) // true
 */
export function matchesRule(granted: readonly string[], rule: PermissionRule): boolean {
  if (typeof rule === 'string') return hasPermission(granted, rule);
  const holds = (list: unknown, every: boolean) =>
    list === undefined || (Array.isArray(list) && list[every ? 'every' : 'some']((p: unknown) => typeof p === 'string' && hasPermission(granted, p)));
  // Arrays, dates and other non-plain objects are mistakes, not "no rule".
  const proto = typeof rule === 'object' && rule !== null && Object.getPrototypeOf(rule);
  return (proto === Object.prototype || proto === null) && holds(rule.anyOf, false) && holds(rule.allOf, true);
}
