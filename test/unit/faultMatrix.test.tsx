import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { PortalProvider, SelfServePortalButton, type PortalError, type PortalErrorCode, type PortalProviderProps } from '../../src';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';
import { TOKEN } from './renderPortal';
import { collectEscapes } from '../support/collectEscapes';

// Every way a click can fail, one row each. Each row checks the whole contract of a
// failure, not just its code: what onError and the hook saw, that the page stayed
// put, that nothing escaped as an unhandled rejection, and that the button is not
// left stuck (a second click, once the fault is gone, navigates).

const PATH = `${TEST_DOMAIN}/account_api/v1/portal_link`;
const REFRESHED = createTestAccessToken({ orgCode: 'org_acme', sub: 'kp_refreshed' });
const LINK = `${TEST_DOMAIN}/portal?key=fixed`;

/** Answers this request with `status` once; later requests reach the default handlers. */
const once = (status: number) =>
  http.get(
    PATH,
    ({ request }) => {
      requests.push(request.clone());
      return HttpResponse.json({ errors: [{ code: `HTTP_${status}` }] }, { status });
    },
    { once: true },
  );

/** A 200 whose body is exactly this JSON value. */
const json200 = (body: unknown) => portal.body(JSON.stringify(body));

const never = () => new Promise<never>(() => {});

interface FaultRow {
  fault: string;
  /** The Account API misbehaving. */
  handler?: () => HttpHandler | HttpHandler[];
  /** The app's provider props misbehaving. */
  provider?: Partial<PortalProviderProps>;
  code: PortalErrorCode;
  retryable: boolean;
  status?: number;
  retryAfter?: number;
  /** Account API requests the failed click cost. */
  requests: number;
}

const rows: FaultRow[] = [
  // HTTP statuses
  { fault: 'HTTP 400', handler: () => portal.status(400), code: 'http', status: 400, retryable: false, requests: 1 },
  { fault: 'HTTP 401 without refreshAccessToken', handler: () => portal.status(401), code: 'unauthenticated', status: 401, retryable: false, requests: 1 },
  {
    fault: 'HTTP 401, refresh throws',
    handler: () => once(401),
    provider: { refreshAccessToken: async () => Promise.reject(new Error('refresh token revoked')) },
    code: 'token_unavailable',
    retryable: false,
    requests: 1,
  },
  {
    fault: 'HTTP 401, refresh returns null',
    handler: () => once(401),
    provider: { refreshAccessToken: async () => null },
    code: 'unauthenticated',
    retryable: false,
    requests: 1,
  },
  {
    fault: 'HTTP 401 twice, refresh works',
    handler: () => portal.status(401),
    provider: { refreshAccessToken: async () => REFRESHED },
    code: 'unauthenticated',
    status: 401,
    retryable: false,
    requests: 2,
  },
  { fault: 'HTTP 403', handler: () => portal.status(403), code: 'forbidden', status: 403, retryable: false, requests: 1 },
  { fault: 'HTTP 404', handler: () => portal.status(404), code: 'http', status: 404, retryable: false, requests: 1 },
  { fault: 'HTTP 408', handler: () => portal.status(408), code: 'http', status: 408, retryable: true, requests: 1 },
  { fault: 'HTTP 409', handler: () => portal.status(409), code: 'http', status: 409, retryable: false, requests: 1 },
  { fault: 'HTTP 429 without Retry-After', handler: () => portal.status(429), code: 'rate_limited', status: 429, retryable: true, requests: 1 },
  {
    fault: 'HTTP 429 with Retry-After: 30',
    handler: () => portal.status(429, { retryAfter: '30' }),
    code: 'rate_limited',
    status: 429,
    retryAfter: 30,
    retryable: true,
    requests: 1,
  },
  {
    fault: 'HTTP 429 with an unreadable Retry-After',
    handler: () => portal.status(429, { retryAfter: 'soon, maybe' }),
    code: 'rate_limited',
    status: 429,
    retryable: true,
    requests: 1,
  },
  { fault: 'HTTP 500', handler: () => portal.status(500), code: 'http', status: 500, retryable: true, requests: 1 },
  {
    fault: 'HTTP 502 with an HTML body',
    handler: () => portal.status(502, { body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' }),
    code: 'http',
    status: 502,
    retryable: true,
    requests: 1,
  },
  { fault: 'HTTP 503', handler: () => portal.status(503), code: 'http', status: 503, retryable: true, requests: 1 },
  { fault: 'HTTP 504', handler: () => portal.status(504), code: 'http', status: 504, retryable: true, requests: 1 },

  // 200 with a body that is not a usable link
  { fault: '200 with an empty body', handler: () => portal.body(''), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  {
    fault: '200 with an HTML body',
    handler: () => portal.body('<!doctype html><title>Sign in</title>', 'text/html'),
    code: 'invalid_response',
    status: 200,
    retryable: false,
    requests: 1,
  },
  { fault: '200 with truncated JSON', handler: () => portal.body(`{"url": "${TEST_DOMAIN}/por`), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  { fault: '200 with a JSON array', handler: () => json200([LINK]), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  { fault: '200 with a JSON string', handler: () => json200(LINK), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  { fault: '200 with JSON null', handler: () => json200(null), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  { fault: '200 with a body over 64 kB', handler: () => json200({ url: LINK, pad: 'x'.repeat(70_000) }), code: 'invalid_response', status: 200, retryable: false, requests: 1 },
  { fault: 'url missing', handler: () => json200({ link: LINK }), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url null', handler: () => portal.url(null), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url a number', handler: () => portal.url(42), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url an object', handler: () => portal.url({ href: LINK }), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url empty', handler: () => portal.url(''), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url relative', handler: () => portal.url('/portal?key=1'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url protocol-relative', handler: () => portal.url('//acme.kinde.test/portal'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url javascript:', handler: () => portal.url('javascript:alert(document.cookie)'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url JavaScript: in mixed case', handler: () => portal.url('JaVaScRiPt:alert(1)'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url data:', handler: () => portal.url('data:text/html,<script>alert(1)</script>'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url on another origin', handler: () => portal.url('https://evil.test/portal?key=1'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url on a look-alike subdomain', handler: () => portal.url('https://acme.kinde.test.evil.test/portal'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url with user-info on the allowed host', handler: () => portal.url('https://user:pw@acme.kinde.test/portal'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url with user-info naming the allowed host', handler: () => portal.url('https://acme.kinde.test@evil.test/portal'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url with a backslash', handler: () => portal.url('https://acme.kinde.test\\@evil.test/'), code: 'invalid_response', retryable: false, requests: 1 },
  { fault: 'url with a newline', handler: () => portal.url(`${LINK}\n`), code: 'invalid_response', retryable: false, requests: 1 },
  {
    // The origin is allowed, so only the https rule can refuse it.
    fault: 'url plain http on a non-local host',
    handler: () => portal.url('http://acme.kinde.test/portal?key=1'),
    provider: { allowedPortalOrigins: [TEST_DOMAIN, 'http://acme.kinde.test'] },
    code: 'invalid_response',
    retryable: false,
    requests: 1,
  },
  { fault: 'url 8 kB long', handler: () => portal.url(`${TEST_DOMAIN}/portal?key=${'k'.repeat(8192)}`), code: 'invalid_response', retryable: false, requests: 1 },

  // Transport
  { fault: 'a network error', handler: () => portal.networkError(), code: 'network', retryable: true, requests: 1 },
  {
    // The Account API never redirects; following one would trust another server's answer.
    fault: 'a redirect to another origin',
    handler: () => [
      http.get(PATH, ({ request }) => {
        requests.push(request.clone());
        return new HttpResponse(null, { status: 302, headers: { location: 'https://evil.test/portal_link' } });
      }),
      http.get('https://evil.test/portal_link', ({ request }) => {
        requests.push(request.clone());
        return HttpResponse.json({ url: LINK });
      }),
    ],
    code: 'network',
    retryable: true,
    requests: 1,
  },
  { fault: 'a timeout (handler never answers)', handler: () => portal.pending(), provider: { timeoutMs: 60 }, code: 'timeout', retryable: true, requests: 1 },
  {
    fault: 'a timeout while the body trickles in',
    handler: () =>
      http.get(PATH, async ({ request }) => {
        requests.push(request.clone());
        const stream = new ReadableStream({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode('{"url":'));
            await delay('infinite');
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
      }),
    provider: { timeoutMs: 60 },
    code: 'timeout',
    retryable: true,
    requests: 1,
  },

  // The app's token getter
  {
    fault: 'the token getter throws',
    provider: { getAccessToken: async () => Promise.reject(new Error('keychain locked')) },
    code: 'token_unavailable',
    retryable: false,
    requests: 0,
  },
  {
    fault: 'the token getter throws synchronously',
    provider: {
      getAccessToken: (() => {
        throw new Error('not a promise');
      }) as never,
    },
    code: 'token_unavailable',
    retryable: false,
    requests: 0,
  },
  { fault: 'the token getter returns null', provider: { getAccessToken: async () => null }, code: 'unauthenticated', retryable: false, requests: 0 },
  { fault: 'the token getter returns undefined', provider: { getAccessToken: async () => undefined }, code: 'unauthenticated', retryable: false, requests: 0 },
  { fault: 'the token getter returns ""', provider: { getAccessToken: async () => '' }, code: 'unauthenticated', retryable: false, requests: 0 },
  { fault: 'the token getter returns a number', provider: { getAccessToken: async () => 42 as never }, code: 'token_unavailable', retryable: false, requests: 0 },
  {
    fault: 'an opaque token and no domain',
    provider: { getAccessToken: async () => 'opaque-token' },
    code: 'token_unavailable',
    retryable: false,
    requests: 0,
  },
  { fault: 'the token getter outlasts the timeout', provider: { getAccessToken: never, timeoutMs: 60 }, code: 'timeout', retryable: true, requests: 0 },

  // The app's fetchLink
  {
    fault: 'fetchLink throws a plain error',
    provider: { fetchLink: async () => Promise.reject(new TypeError('Failed to fetch')), allowedPortalOrigins: [TEST_DOMAIN] },
    code: 'network',
    retryable: true,
    requests: 0,
  },
  {
    fault: 'fetchLink returns a link while no portal origin is configured (fails closed)',
    provider: { fetchLink: async () => LINK },
    code: 'invalid_response',
    retryable: false,
    requests: 0,
  },
  {
    fault: 'fetchLink returns a link on another origin',
    provider: { fetchLink: async () => new URL('https://evil.test/portal'), allowedPortalOrigins: [TEST_DOMAIN] },
    code: 'invalid_response',
    retryable: false,
    requests: 0,
  },
  {
    fault: 'fetchLink outlasts the timeout',
    provider: { fetchLink: never, allowedPortalOrigins: [TEST_DOMAIN], timeoutMs: 60 },
    code: 'timeout',
    retryable: true,
    requests: 0,
  },
];

const escapes = collectEscapes();

const settle = (ms = 40) => new Promise((resolve) => setTimeout(resolve, ms));
const button = () => screen.getByRole('button', { name: 'Profile' });

function App({ navigate, onError, ...props }: Partial<PortalProviderProps> & { navigate: (url: string) => void; onError: (e: PortalError) => void }) {
  return (
    <PortalProvider getAccessToken={async () => TOKEN} navigate={navigate} {...props}>
      <SelfServePortalButton onError={onError}>Profile</SelfServePortalButton>
    </PortalProvider>
  );
}

describe('fault matrix', () => {
  it.each(rows.map((row) => [row.fault, row] as const))('%s', async (_fault, row) => {
    const handlers = row.handler?.();
    if (handlers) server.use(...(Array.isArray(handlers) ? handlers : [handlers]));
    const navigate = vi.fn<(url: string) => void>();
    const onError = vi.fn<(e: PortalError) => void>();
    const view = render(<App navigate={navigate} onError={onError} {...row.provider} />);

    fireEvent.click(button());
    await waitFor(() => expect(onError).toHaveBeenCalled(), { timeout: 2000 });
    await settle(); // a late second report or a stray rejection would land here

    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error.code).toBe(row.code);
    expect(error.retryable).toBe(row.retryable);
    if (row.status !== undefined) expect(error.status).toBe(row.status);
    expect(error.retryAfter).toBe(row.retryAfter);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(REFRESHED);
    expect(navigate).not.toHaveBeenCalled();
    expect(requests).toHaveLength(row.requests);
    expect(button().getAttribute('data-state')).toBe('error');
    expect(button().getAttribute('aria-busy')).toBeNull();
    expect([...escapes.unhandled, ...escapes.uncaught]).toEqual([]);

    // The fault is gone: the same button, clicked again, goes to the portal.
    server.resetHandlers();
    view.rerender(<App navigate={navigate} onError={onError} />);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(navigate.mock.calls[0]![0]).toMatch(`${TEST_DOMAIN}/portal?subnav=profile&key=`);
    expect(onError).toHaveBeenCalledTimes(1);
    await settle(10);
    expect([...escapes.unhandled, ...escapes.uncaught]).toEqual([]);
  });
});

describe('faults that must not be reported', () => {
  it('HTTP 401 with a working refresh: one retry with the new token, then it navigates', async () => {
    server.use(once(401));
    const navigate = vi.fn();
    const onError = vi.fn();
    render(<App navigate={navigate} onError={onError} refreshAccessToken={async () => REFRESHED} />);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(onError).not.toHaveBeenCalled();
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${TOKEN}`, `Bearer ${REFRESHED}`]);
    await settle(10);
    expect([...escapes.unhandled, ...escapes.uncaught]).toEqual([]);
  });

  it('an abort mid-flight (unmount) reports nothing, and a fresh mount works', async () => {
    server.use(portal.pending());
    const navigate = vi.fn();
    const onError = vi.fn();
    const errorLog = vi.spyOn(console, 'error');
    const view = render(<App navigate={navigate} onError={onError} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    view.unmount();
    await settle();
    expect(onError).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
    expect(errorLog).not.toHaveBeenCalled();
    expect([...escapes.unhandled, ...escapes.uncaught]).toEqual([]);

    server.resetHandlers();
    render(<App navigate={navigate} onError={onError} />);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('what the request exposes', () => {
  it('the access token travels only in Authorization: not in the URL, with no cookies', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const spyFetch: typeof fetch = (input, init) => {
      calls.push({ url: String(input instanceof Request ? input.url : input), init });
      return globalThis.fetch(input, init);
    };
    const navigate = vi.fn();
    render(<App navigate={navigate} onError={vi.fn()} fetch={spyFetch} />);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).not.toContain(TOKEN);
    expect(calls[0]!.init?.credentials).toBe('omit');
    expect(new Headers(calls[0]!.init?.headers).get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(navigate.mock.calls[0]![0]).not.toContain(TOKEN);
  });
});
