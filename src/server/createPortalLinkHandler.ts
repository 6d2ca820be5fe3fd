import { isAbortError } from '../core/abort';
import { isPortalError, type PortalErrorCode } from '../core/PortalError';
import type { PortalPage } from '../core/portalPages';
import { resolveReturnUrl } from '../core/resolveReturnUrl';
import { hasUnsafeChars } from '../core/urlSafety';
import type { M2MTokenSource } from './createM2MTokenSource';
import { createPortalLink } from './createPortalLink';

/** Who the request is from, as your own session or token check established it. */
export interface PortalLinkIdentity {
  /** The Kinde user id (`kp_…`). */
  userId: string;
  /** The organization the user is working in, if any. */
  organizationCode?: string | null | undefined;
}

export interface PortalLinkHandlerOptions {
  /** Your Kinde domain, e.g. `https://acme.kinde.com`. */
  domain: string;
  tokenSource: M2MTokenSource;
  /**
   * Identifies the caller from the request (cookie, bearer token) and resolves
   * `{userId, organizationCode?}`, or `null` when nobody is signed in. Called before the
   * body is read, so it must not read the body itself. A throw also answers 401.
   */
  authenticate: (request: Request) => PortalLinkIdentity | null | undefined | Promise<PortalLinkIdentity | null | undefined>;
  /** Origins the portal may send users back to; a path in `returnUrl` resolves against the first. */
  allowedReturnOrigins: readonly (string | URL)[];
  /** Sections callers may ask for; absent: any well-formed section name. */
  allowedSubNavs?: readonly PortalPage[] | undefined;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Gives up on Kinde after this long and answers 502 `timeout`. Default 10 000, below the browser side's 15 000. */
  timeoutMs?: number | undefined;
  /** Sees every failure behind a 401 from `authenticate` or a 5xx answer, for your logs. Messages hold no secrets. */
  onError?: ((error: unknown) => void) | undefined;
}

/** Request bodies are two short strings; anything bigger is not from our client. */
const MAX_REQUEST_BODY_BYTES = 8 * 1024;
const DEFAULT_HANDLER_TIMEOUT_MS = 10_000;
const MAX_SUB_NAV_LENGTH = 100;

type HandlerErrorCode = PortalErrorCode | 'invalid_request' | 'method_not_allowed' | 'internal_error' | 'aborted';

function json(status: number, body: { url: string } | { error: HandlerErrorCode }, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      // A one-time link must never be served from a cache, shared or private.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** The body as text, or `null` when it is too large, not UTF-8 or unreadable. */
async function readCappedText(request: Request): Promise<string | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && !(/^\d+$/.test(declared.trim()) && Number(declared) <= MAX_REQUEST_BODY_BYTES)) return null;
  if (request.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_REQUEST_BODY_BYTES) {
        // Stop reading: a declared length can lie, and chunked bodies declare none.
        reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isWellFormedSubNav(value: string): boolean {
  return value !== '' && value.length <= MAX_SUB_NAV_LENGTH && !hasUnsafeChars(value);
}

/** `{userId, organizationCode?}` as we will send it, or `null` for anything else. */
function checkIdentity(value: unknown): { userId: string; organizationCode?: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { userId, organizationCode } = value as Record<string, unknown>;
  if (typeof userId !== 'string' || userId.trim() === '') return null;
  if (organizationCode === undefined || organizationCode === null) return { userId };
  if (typeof organizationCode !== 'string' || organizationCode.trim() === '') return null;
  return { userId, organizationCode };
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || hasUnsafeChars(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

function checkConfig(options: PortalLinkHandlerOptions): string {
  const fail = (message: string): never => {
    throw new TypeError(`createPortalLinkHandler: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail('pass an options object.');
  if (!isHttpUrl(options.domain)) fail('`domain` must be an absolute http(s) URL, e.g. https://acme.kinde.com.');
  if (typeof options.tokenSource?.getToken !== 'function' || typeof options.tokenSource.invalidate !== 'function') {
    fail('`tokenSource` must have getToken() and invalidate(), e.g. createM2MTokenSource(…).');
  }
  if (typeof options.authenticate !== 'function') fail('`authenticate(request)` is required.');
  const origins = options.allowedReturnOrigins;
  if (!Array.isArray(origins) || origins.length === 0) {
    fail('`allowedReturnOrigins` must list at least one origin, e.g. ["https://app.acme.com"].');
  }
  let first: string | undefined;
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(String(origin));
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      return fail(`allowedReturnOrigins entry ${JSON.stringify(String(origin))} is not an http(s) origin.`);
    }
    first ??= `${url.origin}/`;
  }
  if (options.allowedSubNavs !== undefined && (!Array.isArray(options.allowedSubNavs) || options.allowedSubNavs.some((s) => typeof s !== 'string'))) {
    fail('`allowedSubNavs` must be an array of section names.');
  }
  if (options.timeoutMs !== undefined && !(typeof options.timeoutMs === 'number' && options.timeoutMs > 0)) {
    fail('`timeoutMs` must be a positive number.');
  }
  return first as string;
}

/**
 * A fetch-style route handler (Next.js route handlers, Remix/React Router actions,
 * Hono, Bun, Deno, Cloudflare Workers) that mints a portal link for the signed-in
 * caller. It takes `POST` with JSON `{subNav?, returnUrl?}` and answers `{url}`, or
 * `{error: code}` with 400 `invalid_request`/`invalid_return_url`, 401
 * `unauthenticated`, 403 `forbidden`, 405 `method_not_allowed`, or 502 carrying the
 * upstream `PortalError` code. Every answer is `no-store` JSON; none holds the M2M
 * token or secret. Without `returnUrl` none is sent, so Kinde uses the return URL
 * configured for your environment.
 *
 * @example
 * // app/api/portal-link/route.ts
 * export const POST = createPortalLinkHandler({
 *   domain: 'https://acme.kinde.com',
 *   tokenSource,
 *   authenticate: async (request) => {
 *     const session = await getSession(request)
 *     return session ? { userId: session.kindeUserId, organizationCode: session.orgCode } : null
 *   },
 *   allowedReturnOrigins: ['https://app.acme.com'],
 * })
 */
export function createPortalLinkHandler(options: PortalLinkHandlerOptions): (request: Request) => Promise<Response> {
  const returnBase = checkConfig(options);
  const allowedSubNavs = options.allowedSubNavs ? new Set<string>(options.allowedSubNavs) : undefined;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  const report = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // A broken logger must not change the answer.
    }
  };

  return async function portalLinkHandler(request: Request): Promise<Response> {
    if (request.method !== 'POST') return json(405, { error: 'method_not_allowed' }, { allow: 'POST' });

    // Who is asking comes first: an anonymous caller learns nothing about the body rules.
    let identity: { userId: string; organizationCode?: string } | null;
    try {
      identity = checkIdentity(await options.authenticate(request));
    } catch (error) {
      // Most authenticators throw for an expired or forged credential; the message
      // (which may describe the credential) never reaches the caller.
      report(error);
      identity = null;
    }
    if (!identity) return json(401, { error: 'unauthenticated' });

    // A JSON content type forces a CORS preflight on cross-site requests: a "simple"
    // POST from another site (a form, text/plain, no body at all) must not mint with
    // the user's cookies.
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(request.headers.get('content-type') ?? '')) {
      return json(400, { error: 'invalid_request' });
    }
    const text = await readCappedText(request);
    if (text === null) return json(400, { error: 'invalid_request' });
    let body: unknown = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return json(400, { error: 'invalid_request' });
      }
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return json(400, { error: 'invalid_request' });
    // Unknown keys are ignored: a client that posts `{subNav, returnUrl, signal}` verbatim still works.
    const { subNav, returnUrl } = body as { subNav?: unknown; returnUrl?: unknown };
    if (subNav !== undefined && subNav !== null && (typeof subNav !== 'string' || !isWellFormedSubNav(subNav))) {
      return json(400, { error: 'invalid_request' });
    }
    if (returnUrl !== undefined && returnUrl !== null && typeof returnUrl !== 'string') return json(400, { error: 'invalid_request' });

    let checkedReturnUrl: string | undefined;
    if (typeof returnUrl === 'string') {
      try {
        checkedReturnUrl = resolveReturnUrl(returnUrl, { base: returnBase, allowedOrigins: options.allowedReturnOrigins });
      } catch {
        return json(400, { error: 'invalid_return_url' });
      }
    }
    if (typeof subNav === 'string' && allowedSubNavs && !allowedSubNavs.has(subNav)) return json(403, { error: 'forbidden' });

    // One signal for "the caller left" and "Kinde is too slow"; the timeout's reason
    // (a TimeoutError) is what createPortalLink turns into PortalError('timeout').
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('Kinde did not answer in time.', 'TimeoutError')), timeoutMs);
    const onCallerGone = () => controller.abort();
    const callerSignal: AbortSignal | undefined = request.signal;
    if (callerSignal?.aborted) controller.abort();
    else callerSignal?.addEventListener('abort', onCallerGone, { once: true });
    try {
      const url = await createPortalLink({
        domain: options.domain,
        tokenSource: options.tokenSource,
        userId: identity.userId,
        ...(identity.organizationCode === undefined ? {} : { organizationCode: identity.organizationCode }),
        ...(checkedReturnUrl === undefined ? {} : { returnUrl: checkedReturnUrl }),
        ...(typeof subNav === 'string' ? { subNav } : {}),
        signal: controller.signal,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      return json(200, { url: url.href });
    } catch (error) {
      // The caller hung up: nobody reads this answer; 499 as nginx logs it.
      if (isAbortError(error)) return json(499, { error: 'aborted' });
      report(error);
      if (isPortalError(error)) {
        const headers: Record<string, string> = error.retryAfter === undefined ? {} : { 'retry-after': String(error.retryAfter) };
        return json(502, { error: error.code }, headers);
      }
      return json(500, { error: 'internal_error' });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerGone);
    }
  };
}
