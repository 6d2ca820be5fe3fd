import { checkPortalUrl } from './checkPortalUrl';
import { PortalError } from './PortalError';
import { errorFromResponse, readJsonObject } from './responseErrors';

export interface AccountPortalLinkRequest {
  /** The Kinde domain, e.g. `https://acme.kinde.com`. */
  domain: string;
  token: string;
  subNav: string;
  /** Already checked by `resolveReturnUrl`. */
  returnUrl: string;
  allowedPortalOrigins: readonly (string | URL)[];
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** The Account API URL for a portal link; the same path and query Kinde's own utilities build. */
export function accountPortalLinkUrl(domain: string, subNav: string, returnUrl: string): string {
  const query = new URLSearchParams({ subnav: subNav, return_url: returnUrl });
  return `${domain.replace(/\/+$/, '')}/account_api/v1/portal_link?${query.toString()}`;
}

const WHAT = 'The Account API portal_link endpoint';

/**
 * One `GET /account_api/v1/portal_link` with the user's token, checked end to end.
 * A 401 is returned as `PortalError('unauthenticated', {status: 401})` so the caller
 * can refresh and retry; transport failures become `network`; an abort rethrows as is.
 *
 * @example
 * await requestAccountPortalLink({ domain, token, subNav: 'profile', returnUrl, allowedPortalOrigins: [domain] })
 */
export async function requestAccountPortalLink(request: AccountPortalLinkRequest): Promise<URL> {
  const doFetch = request.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(accountPortalLinkUrl(request.domain, request.subNav, request.returnUrl), {
      method: 'GET',
      headers: { Authorization: `Bearer ${request.token}`, Accept: 'application/json' },
      ...(request.signal ? { signal: request.signal } : {}),
      credentials: 'omit',
    });
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    throw new PortalError('network', `${WHAT} could not be reached.`, { cause });
  }
  if (!response.ok) throw await errorFromResponse(response, WHAT);
  const body = await readJsonObject(response, WHAT);
  return checkPortalUrl(body.url, request.allowedPortalOrigins);
}
