/**
 * The portal sections Kinde knows today, as `subnav` values.
 *
 * @example
 * PORTAL_PAGES.map((page) => <SelfServePortalButton key={page} subNav={page} />)
 */
export const PORTAL_PAGES = [
  'profile',
  'organization_details',
  'organization_members',
  'organization_plan_details',
  'organization_payment_details',
  'organization_plan_selection',
  'payment_details',
  'plan_selection',
  'plan_details',
] as const;

/** A known portal section. */
export type KnownPortalPage = (typeof PORTAL_PAGES)[number];

/**
 * A portal section: the known ones autocomplete, and any newer string Kinde adds
 * (`organization_api_keys`, …) is still accepted.
 */
// `string & {}` keeps the literal members visible to editors' autocompletion.
export type PortalPage = KnownPortalPage | (string & {});
