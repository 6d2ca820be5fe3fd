import { abortError, raceAbort } from '../core/abort';
import { MAX_PORTAL_URL_LENGTH } from '../core/checkPortalUrl';
import { isPortalError, PortalError } from '../core/PortalError';
import type { PortalPage } from '../core/portalPages';
import { resolveReturnUrl } from '../core/resolveReturnUrl';
import { drain, errorFromResponse } from '../core/responseErrors';
import { hasUnsafeChars } from '../core/urlSafety';
import type { M2MTokenSource } from './createM2MTokenSource';
import { readJsonQuietly } from './readJsonQuietly';
import { scrubCause } from './scrubCause';

export interface CreatePortalLinkOptions {
  /** Your Kinde domain, e.g. `https://acme.kinde.com`. */
  domain: string;
  /** Usually `createM2MTokenSource(…)`; its token needs Management API access. */
  tokenSource: M2MTokenSource;
  /** The Kinde user id (`kp_…`) the link is for: the one your session vouches for. */
  userId: string;
  /** Open the portal in this organization's context. */
  organizationCode?: string | undefined;
  /** Absolute http(s) URL the portal links back to; sent exactly as given. Omitted: Kinde's configured return URL. */
  returnUrl?: string | URL | undefined;
  /** The portal section to open, e.g. `organization_members`. */
  subNav?: PortalPage | undefined;
  /** Aborting rejects with an `AbortError`; a `TimeoutError` reason (`AbortSignal.timeout`) gives `PortalError('timeout')`. */
  signal?: AbortSignal | undefined;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
}

const WHAT = 'The Kinde generate_url endpoint';
/** Real section names are short snake_case words; this only stops absurd input. */
const MAX_SUB_NAV_LENGTH = 100;

function invalid(code: 'unauthenticated' | 'token_unavailable' | 'forbidden' | 'invalid_return_url', message: string): never {
  throw new PortalError(code, `createPortalLink: ${message}`);
}

/** Returns the generate_url endpoint, or throws for a domain that is not an absolute http(s) URL. */
function endpointFor(domain: unknown): string {
  if (typeof domain === 'string' && /^https?:\/\//i.test(domain) && !hasUnsafeChars(domain)) {
    try {
      return new URL(`${domain.replace(/\/+$/, '')}/api/v1/portal/generate_url`).href;
    } catch {
      // falls through to the error below
    }
  }
  // The same code the browser side uses for a missing domain: there is no token audience to talk to.
  return invalid('token_unavailable', '`domain` must be an absolute http(s) URL, e.g. https://acme.kinde.com.');
}

function checkReturnUrl(value: string | URL): string {
  const raw = value instanceof URL ? value.href : value;
  if (typeof raw !== 'string' || !/^https?:\/\//i.test(raw)) {
    invalid('invalid_return_url', '`returnUrl` must be an absolute http(s) URL.');
  }
  let origin: string;
  try {
    origin = new URL(raw).origin;
  } catch {
    return invalid('invalid_return_url', '`returnUrl` is not a valid URL.');
  }
  // The server has no allow-list of its own here (the handler has); the shared guard
  // still rejects user-info, odd host spellings, whitespace and control characters.
  try {
    return resolveReturnUrl(raw, { allowedOrigins: [origin] });
  } catch (error) {
    return invalid('invalid_return_url', `\`returnUrl\`${(error as Error).message.replace(/^returnUrl/, '')}`);
  }
}

function checkUrl(value: unknown, status: number): URL {
  const bad = (reason: string): never => {
    throw new PortalError('invalid_response', `${WHAT} answered ${status}, but ${reason}.`, { status });
  };
  if (typeof value !== 'string' || value === '') return bad('without a string `url`');
  if (value.length > MAX_PORTAL_URL_LENGTH) bad(`its url is longer than ${MAX_PORTAL_URL_LENGTH} characters`);
  if (hasUnsafeChars(value)) bad('its url contains whitespace, control characters or backslashes');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad('its url is not absolute');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') bad('its url is not http(s)');
  if (url.username || url.password) bad('its url contains user-info');
  return url;
}

/** Validated request parameters, so nothing is sent for bad input. */
function validate(options: CreatePortalLinkOptions): { endpoint: string; body: string } {
  if (typeof options !== 'object' || options === null) invalid('token_unavailable', 'pass an options object.');
  const endpoint = endpointFor(options.domain);
  if (typeof options.tokenSource?.getToken !== 'function' || typeof options.tokenSource.invalidate !== 'function') {
    invalid('token_unavailable', '`tokenSource` must have getToken() and invalidate(), e.g. createM2MTokenSource(…).');
  }
  // No user id, no user: the same answer as a signed-out browser.
  if (typeof options.userId !== 'string' || options.userId.trim() === '') {
    invalid('unauthenticated', '`userId` must be a non-empty string (the Kinde user id).');
  }
  if (options.organizationCode !== undefined && (typeof options.organizationCode !== 'string' || options.organizationCode.trim() === '')) {
    invalid('unauthenticated', '`organizationCode` must be a non-empty string when given.');
  }
  const payload: Record<string, string> = { user_id: options.userId };
  if (options.organizationCode !== undefined) payload.organization_code = options.organizationCode;
  if (options.returnUrl !== undefined) payload.return_url = checkReturnUrl(options.returnUrl);
  if (options.subNav !== undefined) {
    const subNav: unknown = options.subNav;
    // An unusable section is a page this caller may not open: the handler answers 403 for it too.
    if (typeof subNav !== 'string' || subNav === '' || subNav.length > MAX_SUB_NAV_LENGTH || hasUnsafeChars(subNav)) {
      invalid('forbidden', '`subNav` must be a non-empty portal section name without whitespace or control characters.');
    }
    payload.sub_nav = subNav;
  }
  return { endpoint, body: JSON.stringify(payload) };
}

/** The rejection for an aborted signal: a timeout is a failure worth reporting, any other abort is not. */
function abortOutcome(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError') {
    return new PortalError('timeout', 'No portal link before the signal timed out.');
  }
  return abortError();
}

async function run(options: CreatePortalLinkOptions, endpoint: string, body: string): Promise<URL> {
  const { tokenSource, signal } = options;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  const obtainToken = async (): Promise<string> => {
    let token: unknown;
    try {
      token = await tokenSource.getToken();
    } catch (cause) {
      if (isPortalError(cause) || signal?.aborted) throw cause;
      // A custom token source's own failure; ours only ever throws PortalError.
      throw new PortalError('token_unavailable', 'tokenSource.getToken() failed.', { cause });
    }
    if (typeof token !== 'string' || token === '') {
      throw new PortalError('token_unavailable', 'tokenSource.getToken() did not return a token string.');
    }
    return token;
  };

  const send = async (token: string): Promise<Response> => {
    try {
      return await doFetch(endpoint, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body,
        // A redirect would carry the bearer token, or the one-time link, somewhere unexpected.
        redirect: 'manual',
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      // A custom fetch may quote the headers it was given, bearer token included.
      const safe = scrubCause(cause, [token]);
      throw new PortalError('network', `${WHAT} could not be reached.`, safe === undefined ? {} : { cause: safe });
    }
  };

  let token = await obtainToken();
  let response = await send(token);
  if (response.status === 401) {
    // Usually the cached M2M token expired or was revoked: forget exactly that token,
    // get another (shared with every caller that hit the same 401) and retry once.
    await drain(response);
    tokenSource.invalidate(token);
    token = await obtainToken();
    response = await send(token);
  }
  // errorFromResponse maps 401 (now the second one) to unauthenticated, 403, 429, and the rest to http.
  if (response.status < 200 || response.status > 299) throw await errorFromResponse(response, WHAT);
  const json = await readJsonQuietly(response, WHAT);
  return checkUrl(json.url, response.status);
}

/**
 * Mints a one-time Kinde self-serve portal link for a user, on your server, with an M2M
 * token: `POST {domain}/api/v1/portal/generate_url`. Inputs are checked before any
 * request. After a 401 the token is replaced and the call retried once. Rejects with a
 * `PortalError` (`unauthenticated`, `forbidden`, `rate_limited`, `http`, `network`,
 * `timeout`, `invalid_response`, `invalid_return_url`, `token_unavailable`), or with an
 * `AbortError` when `signal` aborts.
 *
 * @example
 * const url = await createPortalLink({
 *   domain: 'https://acme.kinde.com',
 *   tokenSource,
 *   userId: session.kindeUserId,
 *   subNav: 'organization_members',
 *   returnUrl: 'https://app.acme.com/settings',
 * })
 * return Response.redirect(url, 303)
 */
export async function createPortalLink(options: CreatePortalLinkOptions): Promise<URL> {
  const { endpoint, body } = validate(options);
  const { signal } = options;
  if (!signal) return run(options, endpoint, body);
  if (signal.aborted) throw abortOutcome(signal);
  try {
    // raceAbort: a custom token source may ignore the signal; the caller still gets its answer now.
    return await raceAbort(run(options, endpoint, body), signal);
  } catch (error) {
    if (signal.aborted) throw abortOutcome(signal);
    throw error;
  }
}
