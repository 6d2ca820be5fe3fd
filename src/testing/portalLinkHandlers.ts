import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { TEST_DOMAIN } from './createTestAccessToken';

export interface PortalLinkHandlerOptions {
  /** The Kinde domain to answer for; default `TEST_DOMAIN`. */
  domain?: string;
  /** Sees every portal-link request, e.g. to count them or read its query. */
  onRequest?: (request: Request) => void;
}

export interface PortalLinkHandlers {
  /** 200 with a fresh one-time link on the domain: `{domain}/portal?subnav=…&key=N`, N counting from 1 for each handler. 403 without a bearer token. */
  success(options?: { delayMs?: number }): HttpHandler;
  /** Never answers: the button stays pending. */
  pending(): HttpHandler;
  /** Answers with `status` and an optional body, content type and `Retry-After`. */
  status(status: number, options?: { body?: string; contentType?: string; retryAfter?: string; delayMs?: number }): HttpHandler;
  /** 200 with exactly this body (malformed JSON, HTML, a foreign URL…). */
  body(body: string, contentType?: string): HttpHandler;
  /** 200 `{url}` with exactly this value. */
  url(url: unknown): HttpHandler;
  /** A transport failure, as when the network is down. */
  networkError(): HttpHandler;
}

/**
 * msw handlers for Kinde's Account API portal-link endpoint: the same ones this
 * project's tests, its Storybook and your app's tests use.
 *
 * @example
 * const portal = portalLinkHandlers()
 * server.use(portal.status(429, { retryAfter: '30' }))
 */
export function portalLinkHandlers(options: PortalLinkHandlerOptions = {}): PortalLinkHandlers {
  const domain = (options.domain ?? TEST_DOMAIN).replace(/\/+$/, '');
  const path = `${domain}/account_api/v1/portal_link`;
  const on = (resolver: (request: Request) => Promise<Response> | Response): HttpHandler =>
    http.get(path, ({ request }) => {
      options.onRequest?.(request);
      return resolver(request);
    });

  return {
    success: ({ delayMs } = {}) => {
      let minted = 0;
      return on(async (request) => {
        if (delayMs) await delay(delayMs);
        if (!/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) {
          return HttpResponse.json({ errors: [{ code: 'INVALID_CREDENTIALS' }] }, { status: 403 });
        }
        const query = new URL(request.url).searchParams;
        const link = new URL(`${domain}/portal`);
        link.searchParams.set('subnav', query.get('subnav') ?? 'profile');
        link.searchParams.set('key', String(++minted));
        return HttpResponse.json({ url: link.href });
      });
    },
    pending: () =>
      on(async () => {
        await delay('infinite');
        return new HttpResponse(null, { status: 504 });
      }),
    status: (status, { body, contentType, retryAfter, delayMs } = {}) =>
      on(async () => {
        if (delayMs) await delay(delayMs);
        const headers: Record<string, string> = { 'content-type': contentType ?? 'application/json' };
        if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
        return new HttpResponse(body ?? JSON.stringify({ errors: [{ code: `HTTP_${status}` }] }), { status, headers });
      }),
    body: (body, contentType = 'application/json') =>
      on(() => new HttpResponse(body, { status: 200, headers: { 'content-type': contentType } })),
    url: (url) => on(() => HttpResponse.json({ url } as Record<string, unknown>)),
    networkError: () => on(() => HttpResponse.error()),
  };
}
