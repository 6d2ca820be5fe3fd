import { PortalError } from '../core/PortalError';
import { drain, parseRetryAfter } from '../core/responseErrors';
import { readJsonQuietly } from './readJsonQuietly';
import { scrubCause } from './scrubCause';

export interface M2MTokenSourceOptions {
  /** Your Kinde domain, e.g. `https://acme.kinde.com` (a trailing slash is ignored). */
  domain: string;
  /** The M2M application's client id. */
  clientId: string;
  /** The M2M application's client secret. Never put into an error, a cause or a log line. */
  clientSecret: string;
  /** Default: `{domain}/api`, the Kinde Management API. */
  audience?: string | undefined;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** How long one token request may take before it fails with `timeout`; default 10 000. */
  timeoutMs?: number | undefined;
}

/**
 * Where `createPortalLink` gets its M2M token. Bring your own (a shared cache, a secrets
 * manager) or use `createM2MTokenSource`.
 */
export interface M2MTokenSource {
  /** A token for the Management API; concurrent callers may share one request. */
  getToken(): Promise<string>;
  /**
   * Forgets the cached token. With `rejectedToken` (what `createPortalLink` passes after
   * a 401) only that token is forgotten: if it has already been replaced, nothing happens,
   * so twenty callers hitting the same 401 cause one new token request, not twenty.
   */
  invalidate(rejectedToken?: string): void;
}

/** Refresh this long before `expires_in` runs out… */
const EXPIRY_MARGIN_MS = 60_000;
/** …or after this share of the lifetime, whichever comes first. */
const LIFETIME_SHARE = 0.9;
/**
 * Reuse period for a token whose answer had no usable `expires_in`. Kinde always sends
 * it, so this only matters for a misbehaving proxy or server: short enough that a token
 * which really was short-lived is gone soon, long enough that a burst of link requests
 * shares one token. A token that expired anyway meets a 401, and `createPortalLink`
 * replaces it once.
 */
const UNKNOWN_LIFETIME_REUSE_MS = 30_000;

/** OAuth error codes (`invalid_client`, …) are safe, useful detail; anything else is dropped. */
const OAUTH_ERROR_CODE = /^[a-z][a-z0-9_.-]{0,63}$/i;

/** How long a token may be reused, from `expires_in` (seconds) as the token endpoint sent it. */
function reuseMsFor(expiresIn: unknown): number {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) return UNKNOWN_LIFETIME_REUSE_MS;
  const lifetimeMs = expiresIn * 1000;
  // A token living 60 s or less is never reused: every caller is inside the margin.
  return Math.max(0, Math.min(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs * LIFETIME_SHARE));
}

interface CachedToken {
  token: string;
  obtainedAt: number;
  reuseUntil: number;
}

/** A token request that hasn't answered by then fails (`timeout`), so the next caller starts afresh. */
const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Gets and caches a Kinde M2M access token (client-credentials grant) for the
 * Management API. The token is reused until 60 s before it expires, or until 90 % of
 * its life has passed if that is sooner; one request is in flight however many
 * callers wait; a failed request is not cached, so the next caller tries again.
 * Rejects with a `PortalError`: `token_unavailable` (400/401/403, other 4xx; 5xx with
 * `retryable: true`), `rate_limited`, `invalid_response` or `network`.
 *
 * @example
 * const tokenSource = createM2MTokenSource({
 *   domain: 'https://acme.kinde.com',
 *   clientId: process.env.KINDE_M2M_CLIENT_ID!,
 *   clientSecret: process.env.KINDE_M2M_CLIENT_SECRET!,
 * })
 * const token = await tokenSource.getToken()
 */
export function createM2MTokenSource(options: M2MTokenSourceOptions): M2MTokenSource {
  const domain = typeof options.domain === 'string' ? options.domain.replace(/\/+$/, '') : '';
  let tokenUrl: string;
  try {
    const parsed = new URL(`${domain}/oauth2/token`);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('not http(s)');
    tokenUrl = parsed.href;
  } catch {
    // A configuration mistake: fail at startup, not at the first click.
    throw new TypeError('createM2MTokenSource: `domain` must be an absolute http(s) URL, e.g. https://acme.kinde.com.');
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new TypeError('createM2MTokenSource: `clientId` must be a non-empty string.');
  }
  if (typeof options.clientSecret !== 'string' || options.clientSecret === '') {
    throw new TypeError('createM2MTokenSource: `clientSecret` must be a non-empty string.');
  }
  const clientSecret = options.clientSecret;
  const audience = options.audience ?? `${domain}/api`;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  // Every spelling of the secret a transport error could quote: raw, and as it is form-encoded.
  const secrets = [clientSecret, encodeURIComponent(clientSecret), new URLSearchParams({ s: clientSecret }).toString().slice(2)];
  const WHAT = 'The Kinde token endpoint';

  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;
  const timeoutMs = options.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;

  // Bumped by every invalidation that must outrank a request already in flight.
  let generation = 0;

  async function requestToken(): Promise<{ token: string; reuseMs: number }> {
    let response: Response;
    try {
      response = await doFetch(tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: options.clientId,
          client_secret: clientSecret,
          audience,
        }).toString(),
        // A redirect would re-send the secret to wherever the Location points.
        // (No `credentials`/`cache` options: some server runtimes reject them.)
        redirect: 'manual',
        // Every caller waits on this one request: a hung token endpoint must not
        // keep failing them after Kinde has recovered.
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      if ((cause as { name?: unknown } | null)?.name === 'TimeoutError') {
        throw new PortalError('timeout', `${WHAT} did not answer within ${timeoutMs} ms.`);
      }
      const safe = scrubCause(cause, secrets);
      throw new PortalError('network', `${WHAT} could not be reached.`, safe === undefined ? {} : { cause: safe });
    }

    const { status } = response;
    if (status === 429) {
      await drain(response);
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      throw new PortalError('rate_limited', `${WHAT} answered 429: too many requests.`, {
        status,
        ...(retryAfter === undefined ? {} : { retryAfter }),
      });
    }
    if (status < 200 || status > 299) throw await tokenUnavailable(response);

    const body = await readJsonQuietly(response, WHAT);
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new PortalError('invalid_response', `${WHAT} answered ${status} without a string access_token.`, { status });
    }
    return { token, reuseMs: reuseMsFor(body.expires_in) };
  }

  async function tokenUnavailable(response: Response): Promise<PortalError> {
    const { status } = response;
    // The OAuth `error` code tells "wrong secret" (invalid_client) from "no API access"
    // (unauthorized_client); the rest of the body is never read into the error.
    let oauthError: string | undefined;
    try {
      const text = await response.text();
      if (text.length <= 4096) {
        const parsed: unknown = JSON.parse(text);
        const code = (parsed as { error?: unknown } | null)?.error;
        if (typeof code === 'string' && OAUTH_ERROR_CODE.test(code) && !secrets.some((s) => code.includes(s))) oauthError = code;
      }
    } catch {
      // Not JSON: the status alone has to do.
    }
    const hint =
      status === 400 || status === 401 || status === 403
        ? ': check the M2M clientId, clientSecret and that the app may use the audience'
        : '';
    // token_unavailable is not retryable in general; a token endpoint outage is.
    return new PortalError('token_unavailable', `${WHAT} answered ${status}${oauthError ? ` (${oauthError})` : ''}${hint}.`, {
      status,
      retryable: status >= 500 || status === 408,
    });
  }

  function getToken(): Promise<string> {
    const now = Date.now();
    // `now < obtainedAt` means the clock went backwards: don't trust the cache then.
    if (cached && now < cached.reuseUntil && now >= cached.obtainedAt) return Promise.resolve(cached.token);
    cached = undefined;
    if (inFlight) return inFlight;

    const startedIn = generation;
    const request = requestToken().then(
      ({ token, reuseMs }) => {
        // Timeline of the race this guards against:
        //   t0 request A starts   t1 invalidate()   t2 A answers with a token from before t1
        // A's callers still get their token, but the cache must not hold it past t1.
        if (startedIn === generation) {
          if (reuseMs > 0) cached = { token, obtainedAt: Date.now(), reuseUntil: Date.now() + reuseMs };
        }
        if (inFlight === request) inFlight = undefined;
        return token;
      },
      (error: unknown) => {
        // Failures are not cached: the next caller starts a new request.
        if (inFlight === request) inFlight = undefined;
        throw error;
      },
    );
    inFlight = request;
    return request;
  }

  function invalidate(rejectedToken?: string): void {
    if (rejectedToken !== undefined) {
      // Only the token that was refused is dropped. If the cache is empty, a replacement
      // is either in flight (started after this token was fetched) or not needed yet.
      if (cached?.token === rejectedToken) {
        cached = undefined;
        generation += 1;
      }
      return;
    }
    cached = undefined;
    generation += 1;
    // Later callers start a fresh request instead of joining one from before the invalidation.
    inFlight = undefined;
  }

  return { getToken, invalidate };
}
