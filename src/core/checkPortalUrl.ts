import { PortalError } from './PortalError';
import { hasUnsafeChars, isLoopbackHost, normalizeOrigins } from './urlSafety';

/** Longest portal link accepted; real ones are a few hundred characters. */
export const MAX_PORTAL_URL_LENGTH = 4096;

function reject(reason: string, cause?: unknown): never {
  throw new PortalError('invalid_response', `The portal link ${reason}.`, cause === undefined ? {} : { cause });
}

/**
 * Validates a portal link before the browser goes there: an absolute https URL (http
 * only on loopback), no user-info, on one of `allowedOrigins`. Accepts what a
 * `fetchLink` may return: a string, a `URL` or `{url}`.
 * Throws `PortalError('invalid_response')` otherwise.
 *
 * @example
 * checkPortalUrl(body.url, ['https://acme.kinde.com'])
 */
export function checkPortalUrl(value: unknown, allowedOrigins: readonly (string | URL)[]): URL {
  let raw: unknown = value;
  if (raw instanceof URL) raw = raw.href;
  else if (typeof raw === 'object' && raw !== null && 'url' in raw) {
    raw = (raw as { url: unknown }).url;
    if (raw instanceof URL) raw = raw.href;
  }
  if (typeof raw !== 'string') reject('is missing or not a string');
  if (raw === '') reject('is empty');
  if (raw.length > MAX_PORTAL_URL_LENGTH) reject(`is longer than ${MAX_PORTAL_URL_LENGTH} characters`);
  if (hasUnsafeChars(raw)) reject('contains whitespace, control characters or backslashes');
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    reject('is not an absolute URL', cause);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    reject('must use https');
  }
  if (url.username || url.password || /^[a-z]+:\/\/[^/?#]*@/i.test(raw)) reject('must not contain user-info');
  const allowed = normalizeOrigins(allowedOrigins);
  if (!allowed.has(url.origin)) {
    reject(
      allowed.size === 0
        ? 'cannot be checked: set allowedPortalOrigins (or domain) on the provider'
        : `origin ${url.origin} is not in allowedPortalOrigins`,
    );
  }
  return url;
}
