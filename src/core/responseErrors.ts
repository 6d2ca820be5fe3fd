import { PortalError } from './PortalError';

/** Bodies larger than this are not portal-link answers; reading stops being our problem. */
export const MAX_BODY_CHARS = 64 * 1024;

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Reads and discards a body we won't use, so the connection can be reused. Reading
 * (not `body.cancel()`) because msw's Node interceptor never settles a cancel.
 */
export async function drain(response: Response): Promise<void> {
  try {
    await response.text();
  } catch {
    // The status already tells the story; a broken body adds nothing.
  }
}

/** Maps a non-2xx answer to a `PortalError`; `what` names the call without secrets. */
export async function errorFromResponse(response: Response, what: string): Promise<PortalError> {
  await drain(response);
  const { status } = response;
  if (status === 401) return new PortalError('unauthenticated', `${what} answered 401: the credentials were not accepted.`, { status });
  if (status === 403) return new PortalError('forbidden', `${what} answered 403: access denied.`, { status });
  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    return new PortalError('rate_limited', `${what} answered 429: too many requests.`, {
      status,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  return new PortalError('http', `${what} answered HTTP ${status}.`, { status });
}

/** Parses a 2xx body as a JSON object, or throws `invalid_response`. */
export async function readJsonObject(response: Response, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new PortalError('invalid_response', `${what} sent a body that could not be read.`, { status: response.status });
  }
  if (text.length > MAX_BODY_CHARS) {
    throw new PortalError('invalid_response', `${what} sent a body larger than ${MAX_BODY_CHARS} characters.`, { status: response.status });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // No `cause`: a JSON SyntaxError quotes the body, which may hold a token.
    throw new PortalError('invalid_response', `${what} did not answer with JSON.`, { status: response.status });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PortalError('invalid_response', `${what} did not answer with a JSON object.`, { status: response.status });
  }
  return body as Record<string, unknown>;
}
