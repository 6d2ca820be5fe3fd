import { PortalError } from './PortalError';
import { hasUnsafeChars, normalizeOrigins, startsWithCanonicalOrigin } from './urlSafety';

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
  const raw = String(input instanceof URL ? input.href : input);
  const isPath = /^\/(?!\/)/.test(raw);
  let url: URL | undefined;
  try {
    if (isPath) url = new URL(raw, options.base);
    else if (/^https?:\/\//i.test(raw)) url = new URL(raw);
  } catch {
    // Unparsable (or a path with no page to resolve against): rejected below.
  }
  if (!url || hasUnsafeChars(raw) || url.username || url.password || !/^https?:$/.test(url.protocol) || (!isPath && !startsWithCanonicalOrigin(raw, url))) {
    throw new PortalError(
      'invalid_return_url',
      'returnUrl must be an absolute http(s) URL with a plain host, or a path starting with a single "/"; no user-info, whitespace or backslashes.',
    );
  }
  if (!normalizeOrigins(options.allowedOrigins).has(url.origin)) {
    throw new PortalError('invalid_return_url', `returnUrl's origin ${url.origin} is not in allowedReturnOrigins.`);
  }
  return isPath ? url.href : raw;
}
