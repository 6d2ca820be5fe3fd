import { abortError, raceAbort } from './abort';
import { checkPortalUrl } from './checkPortalUrl';
import { decodeAccessClaims } from './decodeAccessClaims';
import { isPortalError, PortalError } from './PortalError';
import { requestAccountPortalLink } from './requestAccountPortalLink';

/** What a custom `fetchLink` may return. */
export type FetchLinkResult = string | URL | { url: string | URL };

/** Gets a link from the app's own backend instead of the Account API. */
export type FetchLink = (request: { subNav: string; returnUrl: string; signal: AbortSignal }) => Promise<FetchLinkResult>;

/** A source of the user's access token; `null`/`undefined` means signed out. */
export type TokenGetter = () => Promise<string | null | undefined>;

export interface MintConfig {
  getAccessToken?: TokenGetter | undefined;
  refreshAccessToken?: TokenGetter | undefined;
  domain?: string | undefined;
  allowedPortalOrigins?: readonly (string | URL)[] | undefined;
  fetchLink?: FetchLink | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** Sees every token obtained, so the UI's access hint can follow it. */
  onAccessToken?: ((token: string) => void) | undefined;
}

export interface MintRequest {
  subNav: string;
  /** Already checked by `resolveReturnUrl`. */
  returnUrl: string;
  signal?: AbortSignal | undefined;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

async function obtainToken(getter: TokenGetter, name: string, signal: AbortSignal): Promise<string> {
  let token: string | null | undefined;
  try {
    token = await raceAbort(Promise.resolve().then(getter), signal);
  } catch (cause) {
    if (signal.aborted) throw cause;
    // The cause is kept for debugging; token getters don't put tokens in their errors.
    throw new PortalError('token_unavailable', `${name}() threw, so no access token could be obtained.`, { cause });
  }
  if (token === null || token === undefined || token === '') {
    throw new PortalError('unauthenticated', 'The user is signed out: there is no access token.');
  }
  if (typeof token !== 'string') {
    throw new PortalError('token_unavailable', `${name}() returned something other than a string.`);
  }
  return token;
}

function portalOrigins(config: MintConfig, domain: string | undefined): readonly (string | URL)[] {
  if (config.allowedPortalOrigins) return config.allowedPortalOrigins;
  return domain ? [domain] : [];
}

async function viaFetchLink(fetchLink: FetchLink, config: MintConfig, request: MintRequest, signal: AbortSignal): Promise<URL> {
  let result: FetchLinkResult;
  try {
    result = await raceAbort(
      Promise.resolve().then(() => fetchLink({ subNav: request.subNav, returnUrl: request.returnUrl, signal })),
      signal,
    );
  } catch (cause) {
    if (signal.aborted || isPortalError(cause)) throw cause;
    throw new PortalError('network', 'fetchLink() failed.', { cause });
  }
  return checkPortalUrl(result, portalOrigins(config, config.domain));
}

async function viaAccountApi(getter: TokenGetter, config: MintConfig, request: MintRequest, signal: AbortSignal): Promise<URL> {
  let token = await obtainToken(getter, 'getAccessToken', signal);
  config.onAccessToken?.(token);
  const domain = config.domain ?? decodeAccessClaims(token)?.iss;
  if (!domain) {
    throw new PortalError('token_unavailable', 'No domain: pass `domain` to the provider, or use a token with an `iss` claim.');
  }
  const send = (bearer: string) =>
    requestAccountPortalLink({
      domain,
      token: bearer,
      subNav: request.subNav,
      returnUrl: request.returnUrl,
      allowedPortalOrigins: portalOrigins(config, domain),
      signal,
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  try {
    return await send(token);
  } catch (error) {
    // A 401 usually means the token expired between getting it and using it:
    // refresh once and retry once; a second 401 is final.
    if (!(isPortalError(error) && error.status === 401) || !config.refreshAccessToken || signal.aborted) throw error;
  }
  token = await obtainToken(config.refreshAccessToken, 'refreshAccessToken', signal);
  config.onAccessToken?.(token);
  return send(token);
}

/**
 * Gets one checked portal link: token → Account API (or `fetchLink`) → URL checks,
 * with one refresh-and-retry after a 401, a timeout over the whole sequence, and
 * abort honoured even by callees that ignore their signal. Rejects with a
 * `PortalError`, or with an `AbortError` when `request.signal` aborted.
 *
 * @example
 * const url = await mintPortalLink({ getAccessToken }, { subNav: 'profile', returnUrl: location.href })
 */
export async function mintPortalLink(config: MintConfig, request: MintRequest): Promise<URL> {
  const controller = new AbortController();
  const outer = request.signal;
  if (outer?.aborted) throw abortError();
  let timedOut = false;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onOuterAbort = () => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const work = config.fetchLink
      ? viaFetchLink(config.fetchLink, config, request, controller.signal)
      : config.getAccessToken
        ? viaAccountApi(config.getAccessToken, config, request, controller.signal)
        : Promise.reject(new PortalError('token_unavailable', 'PortalProvider needs getAccessToken or fetchLink.'));
    return await raceAbort(work, controller.signal);
  } catch (error) {
    if (outer?.aborted) throw abortError();
    if (timedOut) throw new PortalError('timeout', `No portal link within ${timeoutMs} ms.`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
