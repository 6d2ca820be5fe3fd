import { PortalError } from './PortalError';
import { hasUnsafeChars, isAllowedOrigin, parseCanonicalUrl } from './urlSafety';

export interface ResolveReturnUrlOptions {
  /** The current page's href: paths resolve against it. */
  base?: string | undefined;
  /** Origins the result may lie in. Empty allows nothing. */
  allowedOrigins: readonly (string | URL)[];
}

/**
 * Checks where the portal may send the user back to, before any request. Accepts an
 * absolute http(s) URL (returned exactly as given) or a path starting with a single
 * `/` (returned as its resolved href); either must lie within `allowedOrigins`.
 * Throws `PortalError('invalid_return_url')` for anything else: no scheme
 * (`app.test/x`), `//host`, user-info, backslashes, whitespace or control
 * characters, other schemes, and hosts spelt in a way two URL parsers could read
 * differently (percent-encoded, Unicode, an explicit default port).
 *
 * @example
 * resolveReturnUrl('/settings', { base: location.href, allowedOrigins: [location.origin] })
 */
export function resolveReturnUrl(input: string | URL, options: ResolveReturnUrlOptions): string {
  const raw = String(input);
  let url: URL | undefined;
  if (/^\/(?!\/)/.test(raw)) {
    // A path keeps the page's origin (the allow-list below checks it); the page's own
    // address may hold characters a return URL may not, e.g. `\` in its query.
    try {
      if (!hasUnsafeChars(raw)) url = new URL(raw, options.base);
    } catch {
      // No page to resolve against (a server): rejected below.
    }
    if (url && (!/^https?:$/.test(url.protocol) || url.username || url.password)) url = undefined;
  } else {
    url = parseCanonicalUrl(raw);
  }
  if (!url) {
    throw new PortalError('invalid_return_url', 'returnUrl must be an absolute http(s) URL or a path starting with a single "/", with a plain host and no whitespace.');
  }
  if (!isAllowedOrigin(url, options.allowedOrigins)) {
    throw new PortalError('invalid_return_url', `returnUrl's origin ${url.origin} is not in allowedReturnOrigins.`);
  }
  return raw.startsWith('/') ? url.href : raw;
}
