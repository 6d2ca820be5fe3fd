import { PortalError } from './PortalError';
import { hasUnsafeChars, isAllowedOrigin } from './urlSafety';

/** Longest portal link accepted; real ones are a few hundred characters. */
export const MAX_PORTAL_URL_LENGTH = 4096;

/**
 * Validates a portal link before the browser goes there: an absolute https URL (http
 * only on loopback) without user-info, at most 4096
 * characters, on one of `allowedOrigins` (empty allows nothing). Accepts what a
 * `fetchLink` may return: a string, a `URL` or `{url}`. Throws
 * `PortalError('invalid_response')` otherwise.
 *
 * @example
 * checkPortalUrl(body.url, ['https://acme.kinde.com'])
 */
export function checkPortalUrl(value: unknown, allowedOrigins: readonly (string | URL)[]): URL {
  const link = value instanceof URL || typeof value !== 'object' || !value ? value : (value as { url?: unknown }).url;
  const raw = link instanceof URL ? link.href : link;
  let url: URL | undefined;
  try {
    // The browser is sent to the parsed `href`, so a host spelt unusually is harmless
    // here; user-info (`https://acme.kinde.com@evil.test`) is refused in any spelling.
    if (typeof raw === 'string' && raw.length <= MAX_PORTAL_URL_LENGTH && !hasUnsafeChars(raw) && !/^[a-z]+:\/*[^/?#]*@/i.test(raw)) url = new URL(raw);
  } catch {
    // Relative or unparsable: rejected below.
  }
  if (
    !url ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|\[::1\]|127\.\d+\.\d+\.\d+)$/.test(url.hostname))) ||
    !isAllowedOrigin(url, allowedOrigins)
  ) {
    throw new PortalError('invalid_response', 'The portal link is not an https URL on allowedPortalOrigins (http only on loopback), without user-info.');
  }
  return url;
}
