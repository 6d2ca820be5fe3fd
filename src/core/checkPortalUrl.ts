import { PortalError } from './PortalError';
import { hasUnsafeChars, isLoopbackHost, normalizeOrigins } from './urlSafety';

/** Longest portal link accepted; real ones are a few hundred characters. */
export const MAX_PORTAL_URL_LENGTH = 4096;

/**
 * Validates a portal link before the browser goes there: an absolute https URL (http
 * only on loopback), no user-info, at most 4096 characters, on one of
 * `allowedOrigins` (empty allows nothing). Accepts what a `fetchLink` may return:
 * a string, a `URL` or `{url}`. Throws `PortalError('invalid_response')` otherwise.
 *
 * @example
 * checkPortalUrl(body.url, ['https://acme.kinde.com'])
 */
export function checkPortalUrl(value: unknown, allowedOrigins: readonly (string | URL)[]): URL {
  const link = value !== null && typeof value === 'object' && !(value instanceof URL) ? (value as { url?: unknown }).url : value;
  const raw = link instanceof URL ? link.href : link;
  let url: URL | undefined;
  try {
    if (typeof raw === 'string' && raw.length <= MAX_PORTAL_URL_LENGTH && !hasUnsafeChars(raw)) url = new URL(raw);
  } catch {
    // Relative or unparsable: rejected below.
  }
  if (
    !url ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) ||
    url.username ||
    url.password ||
    /^[a-z]+:\/\/[^/?#]*@/i.test(raw as string)
  ) {
    throw new PortalError('invalid_response', 'The portal link is not an absolute https URL (http only on loopback) without user-info.');
  }
  if (!normalizeOrigins(allowedOrigins).has(url.origin)) {
    throw new PortalError('invalid_response', `The portal link's origin ${url.origin} is not in allowedPortalOrigins (default: the domain's origin).`);
  }
  return url;
}
