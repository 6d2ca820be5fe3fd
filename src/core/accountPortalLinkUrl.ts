/**
 * The Account API URL for a portal link: the same path and query Kinde's own
 * utilities build (`subnav`, then `return_url`).
 *
 * @example
 * accountPortalLinkUrl('https://acme.kinde.com', 'profile', 'https://app.test/')
 */
export function accountPortalLinkUrl(domain: string, subNav: string, returnUrl: string): string {
  return `${domain.replace(/\/+$/, '')}/account_api/v1/portal_link?${new URLSearchParams({ subnav: subNav, return_url: returnUrl })}`;
}
