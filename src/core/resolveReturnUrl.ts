import { PortalError } from './PortalError';
import { hasUnsafeChars, normalizeOrigins, startsWithCanonicalOrigin } from './urlSafety';

export interface ResolveReturnUrlOptions {
  /** The current page's href: paths resolve against it. */
  base?: string;
  /** Origins the result may lie in. Empty allows nothing. */
  allowedOrigins: readonly (string | URL)[];
}

function reject(reason: string): never {
  throw new PortalError('invalid_return_url', `returnUrl ${reason}.`);
}

/**
 * Checks where the portal may send the user back to, before any request. Accepts an
 * absolute http(s) URL (returned exactly as given) or a path starting with a single
 * `/` (returned as its resolved href); either must lie within `allowedOrigins`.
 * Throws `PortalError('invalid_return_url')` for anything else.
 *
 * @example
 * resolveReturnUrl('/settings', { base: location.href, allowedOrigins: [location.origin] })
 */
export function resolveReturnUrl(input: string | URL, options: ResolveReturnUrlOptions): string {
  const raw = input instanceof URL ? input.href : input;
  if (typeof raw !== 'string' || raw === '') reject('must be a non-empty string');
  if (hasUnsafeChars(raw)) reject('must not contain whitespace, control characters or backslashes');

  let resolved: URL;
  let sent: string;
  if (raw.startsWith('/')) {
    // `//host` is protocol-relative: it names another host, not a path.
    if (raw.startsWith('//')) reject('must not be protocol-relative (//host)');
    if (!options.base) reject('is a path, but there is no current page to resolve it against');
    try {
      resolved = new URL(raw, options.base);
    } catch {
      reject('could not be resolved against the current page');
    }
    sent = resolved.href;
  } else {
    if (!/^https?:\/\//i.test(raw)) reject('must be an absolute http(s) URL or a path starting with /');
    try {
      resolved = new URL(raw);
    } catch {
      reject('is not a valid URL');
    }
    if (!startsWithCanonicalOrigin(raw, resolved)) {
      reject('must spell its origin plainly (no user-info, encoded host or default port)');
    }
    sent = raw;
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') reject('must use http or https');
  if (resolved.username || resolved.password) reject('must not contain user-info');
  if (!normalizeOrigins(options.allowedOrigins).has(resolved.origin)) {
    reject(`origin ${resolved.origin} is not in allowedReturnOrigins`);
  }
  return sent;
}
