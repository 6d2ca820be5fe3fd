import { abortError, raceAbort } from './abort';
import { accountPortalLinkUrl } from './accountPortalLinkUrl';
import { checkPortalUrl } from './checkPortalUrl';
import { readClaims } from './decodeAccessClaims';
import { isPortalError, PortalError, type PortalErrorCode } from './PortalError';
import { drain, errorFromResponse, readJsonObject } from './responseErrors';

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

const API = 'The Account API';

/**
 * Gets one checked portal link: token → Account API (or `fetchLink`) → URL checks,
 * with one refresh-and-retry after a 401, a timeout over the whole sequence, and
 * abort honoured even by callees that ignore their signal. Rejects with a
 * `PortalError`, or with an `AbortError` when `request.signal` aborted.
 *
 * @example
 * const url = await mintPortalLink({ getAccessToken }, { subNav: 'profile', returnUrl: location.href })
 */
export async function mintPortalLink(config: MintConfig, { subNav, returnUrl, signal: outer }: MintRequest): Promise<URL> {
  // One signal for the caller's abort and the timeout, passed to every callee.
  const controller = new AbortController();
  const { signal } = controller;
  const abort = () => controller.abort();
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(abort, timeoutMs);
  if (outer?.aborted) abort();
  outer?.addEventListener('abort', abort);

  /** Runs a callee that may ignore the signal, turning its failures into `code`. */
  const call = <T,>(run: () => T | Promise<T>, code: PortalErrorCode, message: string, passPortalErrors?: boolean): Promise<T> =>
    raceAbort(Promise.resolve().then(run), signal).catch((cause: unknown) => {
      throw signal.aborted || (passPortalErrors && isPortalError(cause)) ? cause : new PortalError(code, message, { cause });
    });

  const token = async (getter: TokenGetter | undefined, name: string): Promise<string> => {
    if (!getter) throw new PortalError('token_unavailable', 'PortalProvider needs getAccessToken or fetchLink.');
    const value = await call(getter, 'token_unavailable', `${name}() threw.`);
    if (value == null || value === '') throw new PortalError('unauthenticated', 'Signed out: no access token.');
    if (typeof value !== 'string') throw new PortalError('token_unavailable', `${name}() did not return a string.`);
    config.onAccessToken?.(value);
    return value;
  };

  const mint = async (): Promise<URL> => {
    if (config.fetchLink) {
      const link = await call(() => config.fetchLink!({ subNav, returnUrl, signal }), 'network', 'fetchLink() failed.', true);
      return checkPortalUrl(link, config.allowedPortalOrigins ?? (config.domain ? [config.domain] : []));
    }
    const first = await token(config.getAccessToken, 'getAccessToken');
    const domain = config.domain ?? readClaims(first)?.iss;
    if (typeof domain !== 'string' || !domain) throw new PortalError('token_unavailable', 'No domain: set `domain` or use a token with `iss`.');
    const send = (bearer: string) =>
      call(
        () =>
          (config.fetch ?? fetch)(accountPortalLinkUrl(domain, subNav, returnUrl), {
            headers: { Authorization: `Bearer ${bearer}` },
            credentials: 'omit',
            // An answer from wherever a redirect points is not the Account API's answer.
            redirect: 'error',
            signal,
          }),
        'network',
        `${API} could not be reached.`,
      );

    let response = await send(first);
    // A 401 usually means the token expired between getting and using it: refresh
    // once, retry once; a second 401 is final.
    if (response.status === 401 && config.refreshAccessToken) {
      await drain(response);
      response = await send(await token(config.refreshAccessToken, 'refreshAccessToken'));
    }
    if (!response.ok) throw await errorFromResponse(response, API);
    const { url } = await readJsonObject(response, API);
    // Only a string: checkPortalUrl also unwraps {url} objects, which is for fetchLink.
    return checkPortalUrl(typeof url === 'string' ? url : undefined, config.allowedPortalOrigins ?? [domain]);
  };

  try {
    return await raceAbort(mint(), signal);
  } catch (error) {
    // Aborted, but not by the caller: the timer fired.
    throw outer?.aborted ? abortError() : signal.aborted ? new PortalError('timeout', `No portal link within ${timeoutMs} ms.`) : error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', abort);
  }
}
