import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createM2MTokenSource } from '../../src/server/createM2MTokenSource';
import { createPortalLinkHandler, type PortalLinkHandlerOptions } from '../../src/server/createPortalLinkHandler';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  DOMAIN,
  GENERATE_URL,
  expectNoSecrets,
  linkEndpoint,
  resetSeen,
  seen,
  server,
  tokenEndpoint,
  useMockKinde,
} from './mockKinde';

useMockKinde();

const APP = 'https://app.acme.test';
const ENDPOINT = `${APP}/api/portal-link`;
const ALICE = { userId: 'kp_alice', organizationCode: 'org_acme' };

function makeHandler(extra: Partial<PortalLinkHandlerOptions> = {}) {
  return createPortalLinkHandler({
    domain: DOMAIN,
    tokenSource: createM2MTokenSource({ domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? ALICE : null),
    allowedReturnOrigins: [APP, 'https://admin.acme.test'],
    allowedSubNavs: ['profile', 'organization_members'],
    ...extra,
  });
}

const post = (body: unknown, init: RequestInit = {}) =>
  new Request(ENDPOINT, {
    method: 'POST',
    headers: { cookie: 'session=alice', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });

/** Status, JSON body and the headers every answer must carry, with no secret anywhere. */
async function read(response: Response): Promise<{ status: number; body: unknown }> {
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const text = await response.text();
  expectNoSecrets(text);
  expectNoSecrets(JSON.stringify([...response.headers]));
  return { status: response.status, body: JSON.parse(text) };
}

describe('success', () => {
  it('answers 200 {url} with the link minted for the authenticated user', async () => {
    const response = await makeHandler()(post({ subNav: 'organization_members', returnUrl: `${APP}/settings` }));
    expect(await read(response)).toEqual({ status: 200, body: { url: `${DOMAIN}/portal/enter?key=one-time-1` } });
    expect(seen.linkRequests[0]?.body).toEqual({
      user_id: 'kp_alice',
      organization_code: 'org_acme',
      return_url: `${APP}/settings`,
      sub_nav: 'organization_members',
    });
  });

  it('resolves a returnUrl path against the first allowed origin', async () => {
    await makeHandler()(post({ returnUrl: '/billing?from=menu' }));
    expect(seen.linkRequests[0]?.body.return_url).toBe(`${APP}/billing?from=menu`);
  });

  it('accepts the second allowed origin for an absolute returnUrl', async () => {
    const { status } = await read(await makeHandler()(post({ returnUrl: 'https://admin.acme.test/' })));
    expect(status).toBe(200);
    expect(seen.linkRequests[0]?.body.return_url).toBe('https://admin.acme.test/');
  });

  it('sends no return_url and no sub_nav when the body omits them (Kinde then uses its configured return URL)', async () => {
    const response = await makeHandler()(post(undefined, { body: null }));
    expect((await read(response)).status).toBe(200);
    expect(seen.linkRequests[0]?.body).toEqual({ user_id: 'kp_alice', organization_code: 'org_acme' });
  });

  it('ignores unknown keys, such as a serialised AbortSignal', async () => {
    const response = await makeHandler()(post({ subNav: 'profile', returnUrl: APP, signal: {} }));
    expect((await read(response)).status).toBe(200);
  });

  it('allows any well-formed section when allowedSubNavs is not given', async () => {
    const response = await makeHandler({ allowedSubNavs: undefined })(post({ subNav: 'organization_api_keys' }));
    expect((await read(response)).status).toBe(200);
    expect(seen.linkRequests[0]?.body.sub_nav).toBe('organization_api_keys');
  });
});

describe('method and authentication', () => {
  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST, before authenticating', async (method) => {
    const authenticate = vi.fn(() => ALICE);
    const response = await makeHandler({ authenticate })(new Request(ENDPOINT, { method }));
    expect(response.headers.get('allow')).toBe('POST');
    expect(await read(response)).toEqual({ status: 405, body: { error: 'method_not_allowed' } });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('answers 401 to a caller without a session, without reading the body or calling Kinde', async () => {
    const request = post({ subNav: 'profile' }, { headers: {} });
    const response = await makeHandler()(request);
    expect(await read(response)).toEqual({ status: 401, body: { error: 'unauthenticated' } });
    expect(request.bodyUsed).toBe(false);
    expect(seen.tokenRequests).toHaveLength(0);
  });

  it('calls authenticate before the body is read', async () => {
    let bodyUsedAtAuth: boolean | undefined;
    await makeHandler({
      authenticate: (request) => {
        bodyUsedAtAuth = request.bodyUsed;
        return ALICE;
      },
    })(post({ subNav: 'profile' }));
    expect(bodyUsedAtAuth).toBe(false);
  });

  it('answers 401 when authenticate throws, without leaking what it said, and reports it to onError', async () => {
    const onError = vi.fn();
    const response = await makeHandler({
      onError,
      authenticate: async () => {
        throw new Error('JWT eyJhbGciOi.forged signature mismatch');
      },
    })(post({}));
    const text = await response.clone().text();
    expect(await read(response)).toEqual({ status: 401, body: { error: 'unauthenticated' } });
    expect(text).not.toMatch(/eyJ|signature|forged/);
    expect(onError).toHaveBeenCalledOnce();
  });

  it.each([
    ['an empty userId', { userId: '' }],
    ['no userId', { organizationCode: 'org_acme' }],
    ['a non-string organizationCode', { userId: 'kp_alice', organizationCode: 7 }],
    ['a string', 'kp_alice'],
  ])('treats an identity with %s as unauthenticated', async (_label, identity) => {
    const response = await makeHandler({ authenticate: () => identity as never })(post({}));
    expect(await read(response)).toEqual({ status: 401, body: { error: 'unauthenticated' } });
    expect(seen.tokenRequests).toHaveLength(0);
  });
});

describe('the request body', () => {
  it.each([
    ['not JSON', '{subNav: profile}'],
    ['a JSON array', '["profile"]'],
    ['a JSON string', '"profile"'],
    ['JSON null', 'null'],
    ['a numeric subNav', { subNav: 3 }],
    ['an empty subNav', { subNav: '' }],
    ['a subNav with a control character', { subNav: 'profile\u0007' }],
    ['a numeric returnUrl', { returnUrl: 1 }],
    ['an object returnUrl', { returnUrl: { href: APP } }],
  ])('answers 400 invalid_request to %s, and calls nobody', async (_label, body) => {
    const response = await makeHandler()(post(body));
    expect(await read(response)).toEqual({ status: 400, body: { error: 'invalid_request' } });
    expect(seen.tokenRequests).toHaveLength(0);
    expect(seen.linkRequests).toHaveLength(0);
  });

  it('answers 400 to a body over 8 kB, however it is sent', async () => {
    const big = JSON.stringify({ subNav: 'profile', pad: 'x'.repeat(9000) });
    const declared = await makeHandler()(post(big));
    expect(await read(declared)).toEqual({ status: 400, body: { error: 'invalid_request' } });

    // Chunked, with no Content-Length to go by: the cap counts bytes as they arrive.
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        if (pulls > 1000) controller.close();
      },
    });
    const chunked = await makeHandler()(post(undefined, { body: stream, duplex: 'half' } as RequestInit));
    expect(await read(chunked)).toEqual({ status: 400, body: { error: 'invalid_request' } });
    expect(pulls).toBeLessThan(20);
    expect(seen.linkRequests).toHaveLength(0);
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    // Decoded leniently this would read {"subNav":"prof\uFFFDile"}, a well-formed section name.
    const bytes = new Uint8Array([...new TextEncoder().encode('{"subNav":"prof'), 0xff, ...new TextEncoder().encode('ile"}')]);
    const response = await makeHandler({ allowedSubNavs: undefined })(post(undefined, { body: bytes }));
    expect(await read(response)).toEqual({ status: 400, body: { error: 'invalid_request' } });
  });

  it.each([
    ['a foreign origin', 'https://evil.test/phish'],
    ['a protocol-relative URL', '//evil.test/x'],
    ['a look-alike with user-info', 'https://app.acme.test@evil.test/'],
    ['a javascript: URL', 'javascript:alert(document.cookie)'],
    ['a scheme-less host', 'app.acme.test/settings'],
    ['a path with a backslash', '/\\evil.test'],
  ])('answers 400 invalid_return_url to %s, and calls nobody', async (_label, returnUrl) => {
    const response = await makeHandler()(post({ returnUrl }));
    expect(await read(response)).toEqual({ status: 400, body: { error: 'invalid_return_url' } });
    expect(seen.tokenRequests).toHaveLength(0);
  });

  it('answers 403 forbidden to a section outside allowedSubNavs', async () => {
    const response = await makeHandler()(post({ subNav: 'organization_payment_details' }));
    expect(await read(response)).toEqual({ status: 403, body: { error: 'forbidden' } });
    expect(seen.tokenRequests).toHaveLength(0);
  });
});

describe('upstream failures', () => {
  it.each<[string, () => void, string]>([
    ['generate_url 403', () => server.use(linkEndpoint(() => HttpResponse.json({}, { status: 403 }))), 'forbidden'],
    ['generate_url 500', () => server.use(linkEndpoint(() => HttpResponse.json({}, { status: 500 }))), 'http'],
    ['generate_url HTML', () => server.use(linkEndpoint(() => new HttpResponse('<html>', { status: 200 }))), 'invalid_response'],
    ['generate_url 401 twice', () => server.use(linkEndpoint(() => HttpResponse.json({}, { status: 401 }))), 'unauthenticated'],
    ['generate_url unreachable', () => server.use(http.post(GENERATE_URL, () => HttpResponse.error())), 'network'],
    ['a wrong M2M secret', () => server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_client' }, { status: 401 }))), 'token_unavailable'],
  ])('answers 502 with the code for %s', async (_label, fail, code) => {
    fail();
    const onError = vi.fn();
    const response = await makeHandler({ onError })(post({ subNav: 'profile' }));
    expect(await read(response)).toEqual({ status: 502, body: { error: code } });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code }));
  });

  it('passes Retry-After on for rate_limited', async () => {
    server.use(linkEndpoint(() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '30' } })));
    const response = await makeHandler()(post({}));
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await read(response)).toEqual({ status: 502, body: { error: 'rate_limited' } });
  });

  it('gives up on a slow Kinde after timeoutMs with 502 timeout', async () => {
    server.use(
      linkEndpoint(async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    const response = await makeHandler({ timeoutMs: 80 })(post({}));
    expect(await read(response)).toEqual({ status: 502, body: { error: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops waiting on Kinde when the caller goes away', async () => {
    server.use(
      linkEndpoint(async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const caller = new AbortController();
    const pending = makeHandler({ timeoutMs: 60_000 })(post({}, { signal: caller.signal }));
    await delay(30);
    caller.abort();
    const response = await pending;
    expect(response.status).toBe(499);
  });
});

describe('configuration mistakes fail at startup', () => {
  it.each<[string, Partial<PortalLinkHandlerOptions>, RegExp]>([
    ['no allowedReturnOrigins', { allowedReturnOrigins: [] }, /allowedReturnOrigins/],
    ['a non-http origin', { allowedReturnOrigins: ['ftp://app.acme.test'] }, /allowedReturnOrigins/],
    ['a scheme-less domain', { domain: 'acme.kinde.test' }, /domain/],
    ['a domain with a space', { domain: 'https://acme .kinde.test' }, /domain/],
    ['a token source without invalidate', { tokenSource: { getToken: async () => 't' } as never }, /tokenSource/],
    ['no authenticate', { authenticate: undefined as never }, /authenticate/],
  ])('throws a TypeError for %s', (_label, extra, message) => {
    expect(() => makeHandler(extra)).toThrow(TypeError);
    expect(() => makeHandler(extra)).toThrow(message);
  });
});

describe('cross-site simple requests', () => {
  it('refuses a text/plain body, which a foreign page could send without a preflight', async () => {
    const handler = createPortalLinkHandler({
      domain: DOMAIN,
      tokenSource: createM2MTokenSource({ domain: DOMAIN, clientId: 'id', clientSecret: 'secret' }),
      authenticate: async () => ({ userId: 'kp_1' }),
      allowedReturnOrigins: ['https://app.test'],
    });
    const response = await handler(
      new Request('https://app.test/api/portal-link', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"subNav":"profile"}' }),
    );
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toEqual({ error: 'invalid_request' });
    expect(seen.linkRequests).toHaveLength(0);
  });

  it('refuses a POST with no body and no content type, as a cross-site form could send', async () => {
    const handler = createPortalLinkHandler({
      domain: DOMAIN,
      tokenSource: createM2MTokenSource({ domain: DOMAIN, clientId: 'id', clientSecret: 'secret' }),
      authenticate: async () => ({ userId: 'kp_1' }),
      allowedReturnOrigins: ['https://app.test'],
    });
    const response = await handler(new Request('https://app.test/api/portal-link', { method: 'POST', headers: { cookie: 'session=1' } }));
    expect(response.status).toBe(400);
    expect(seen.linkRequests).toHaveLength(0);
  });
});
