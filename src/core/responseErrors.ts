import { PortalError, type PortalErrorCode } from './PortalError';

const CODES: Partial<Record<number, PortalErrorCode>> = { 401: 'unauthenticated', 403: 'forbidden', 429: 'rate_limited' };

/** Bodies larger than this are not portal-link answers. */
export const MAX_BODY_CHARS = 64 * 1024;

/** A longer wait than this is a broken header, not advice. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/** `Retry-After` as seconds, from delta-seconds or an IMF-fixdate, capped at a day; garbage gives `undefined`. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  const value = header?.trim() ?? '';
  const seconds = /^\d{1,9}$/.test(value)
    ? Number(value)
    : // Only the HTTP date form: Date.parse accepts far more (e.g. "foo 2030").
      /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/.test(value)
      ? Math.ceil((Date.parse(value) - now) / 1000)
      : NaN;
  return Number.isNaN(seconds) ? undefined : Math.min(Math.max(0, seconds), MAX_RETRY_AFTER_SECONDS);
}

/**
 * Reads and discards a body we won't use, so the connection can be reused. Reading
 * (not `body.cancel()`) because msw's Node interceptor never settles a cancel.
 */
export async function drain(response: Response): Promise<void> {
  await response.text().catch(() => {});
}

/** Maps a non-2xx answer to a `PortalError`; `what` names the call without secrets. */
export async function errorFromResponse(response: Response, what: string): Promise<PortalError> {
  await drain(response);
  const { status } = response;
  const retryAfter = status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  return new PortalError(CODES[status] ?? 'http', `${what} answered HTTP ${status}.`, retryAfter === undefined ? { status } : { status, retryAfter });
}

/** Parses a 2xx body as a JSON object, or throws `invalid_response`. */
export async function readJsonObject(response: Response, what: string): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const text = await response.text();
    if (text.length <= MAX_BODY_CHARS) body = JSON.parse(text);
  } catch {
    // No `cause`: a JSON SyntaxError quotes the body, which may hold a token.
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new PortalError('invalid_response', `${what} did not answer with a JSON object.`, { status: response.status });
  }
  return body as Record<string, unknown>;
}
