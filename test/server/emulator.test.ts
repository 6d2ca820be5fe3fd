// The /server entry over real HTTP against the local Kinde emulator: no msw here.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { isAbortError } from '../../src/core/abort';
import { isPortalError, type PortalError } from '../../src/core/PortalError';
import { createM2MTokenSource, createPortalLink, createPortalLinkHandler, type M2MTokenSource } from '../../src/server/index';

const SECRET = 'm2m-secret';
const APP = 'https://app.acme.test';

let kinde: Emulator;
beforeAll(async () => {
  kinde = await startEmulator({ port: 0 });
});
afterAll(() => kinde.close());
beforeEach(() => kinde.reset());
afterEach(() => kinde.configure({ accessTokenTtlSeconds: 3600 }));

const tokenSourceFor = (clientSecret = SECRET, domain = kinde.url) =>
  createM2MTokenSource({ domain, clientId: 'm2m-client', clientSecret });

const requests = (route: string) => kinde.stats().routes[route] ?? 0;

/** The rejection of `promise`, checked to be a PortalError that mentions neither secret nor token. */
async function portalErrorOf(promise: Promise<unknown>): Promise<PortalError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(isPortalError(error), `expected a PortalError, got ${String(error)}`).toBe(true);
  const text = [String(error), (error as Error).message, String((error as Error).cause), JSON.stringify(error)].join('\n');
  expect(text).not.toContain(SECRET);
  expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT
  return error as PortalError;
}

describe('createPortalLink against the emulator', () => {
  it('mints a link the portal page opens once, with the section, org and return URL asked for', async () => {
    const url = await createPortalLink({
      domain: kinde.url,
      tokenSource: tokenSourceFor(),
      userId: 'kp_alice',
      organizationCode: 'org_globex',
      subNav: 'organization_plan_details',
      returnUrl: `${APP}/account`,
    });

    expect(url.origin).toBe(kinde.url);
    const [minted] = kinde.stats().links;
    expect(minted).toMatchObject({
      via: 'm2m',
      userId: 'kp_alice',
      orgCode: 'org_globex',
      subnav: 'organization_plan_details',
      subnavParam: 'sub_nav',
      returnUrl: `${APP}/account`,
      clientId: 'm2m-client',
    });
    const first = await fetch(url);
    const page = await first.text();
    expect(first.status).toBe(200);
    expect(page).toContain('organization_plan_details');
    expect(page).toContain('alice@acme.test');
    expect(page).toContain(`href="${APP}/account"`);
    expect((await fetch(url)).status).toBe(410);
  });

  it('makes exactly one token request for 20 concurrent links', async () => {
    const tokenSource = tokenSourceFor();
    const users = ['kp_alice', 'kp_bob', 'kp_carol'];
    const urls = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createPortalLink({ domain: kinde.url, tokenSource, userId: users[i % 3]!, subNav: 'profile' })),
    );

    expect(new Set(urls.map((u) => u.href)).size).toBe(20);
    expect(requests('m2m_token')).toBe(1);
    expect(requests('generate_url')).toBe(20);
  });

  it('fetches a new token when the cached one nears expiry, and keeps reusing it before', async () => {
    // 62 s tokens: reuse ends 60 s before expiry, i.e. after 2 s.
    kinde.configure({ accessTokenTtlSeconds: 62 });
    const tokenSource = tokenSourceFor();
    const mint = () => createPortalLink({ domain: kinde.url, tokenSource, userId: 'kp_bob' });
    await mint();
    await mint();
    expect(requests('m2m_token')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await mint();
    expect(requests('m2m_token')).toBe(2);
    expect(requests('generate_url')).toBe(3);
  });

  it('replaces a token the emulator says has expired (401) and retries once', async () => {
    const real = tokenSourceFor();
    const expired = await kinde.mintM2MToken({ ttlSeconds: -60 });
    let handedOutExpired = false;
    // A cache that got out of step with Kinde (clock skew, a token restored from elsewhere).
    const skewed: M2MTokenSource = {
      getToken: async () => {
        if (handedOutExpired) return real.getToken();
        handedOutExpired = true;
        return expired;
      },
      invalidate: (token) => real.invalidate(token),
    };

    const url = await createPortalLink({ domain: kinde.url, tokenSource: skewed, userId: 'kp_carol' });

    expect(url.origin).toBe(kinde.url);
    expect(requests('generate_url')).toBe(2);
    expect(requests('m2m_token')).toBe(1);
  });

  it('reports an unknown user as http 404', async () => {
    const error = await portalErrorOf(createPortalLink({ domain: kinde.url, tokenSource: tokenSourceFor(), userId: 'kp_nobody' }));
    expect(error).toMatchObject({ code: 'http', status: 404, retryable: false });
  });

  it('reports a wrong client secret as token_unavailable, without sending a link request', async () => {
    const error = await portalErrorOf(
      createPortalLink({ domain: kinde.url, tokenSource: tokenSourceFor('not-the-secret'), userId: 'kp_alice' }),
    );
    expect(error).toMatchObject({ code: 'token_unavailable', status: 401 });
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain('not-the-secret');
    expect(requests('generate_url')).toBe(0);
  });

  it('reports a token endpoint outage as retryable token_unavailable, and recovers on the next call', async () => {
    kinde.setFault({ route: 'm2m_token', status: 503, times: 1 });
    const tokenSource = tokenSourceFor();
    const error = await portalErrorOf(createPortalLink({ domain: kinde.url, tokenSource, userId: 'kp_alice' }));
    expect(error).toMatchObject({ code: 'token_unavailable', status: 503, retryable: true });
    await expect(createPortalLink({ domain: kinde.url, tokenSource, userId: 'kp_alice' })).resolves.toBeInstanceOf(URL);
    expect(requests('m2m_token')).toBe(2);
  });

  it('reports throttling as rate_limited with the Retry-After seconds', async () => {
    kinde.setFault({ route: 'generate_url', status: 429, headers: { 'Retry-After': '5' } });
    const error = await portalErrorOf(createPortalLink({ domain: kinde.url, tokenSource: tokenSourceFor(), userId: 'kp_alice' }));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfter: 5, retryable: true });
  });

  it('reports an emulator that is down as network', async () => {
    const gone = await startEmulator({ port: 0 });
    const deadUrl = gone.url;
    await gone.close();
    const error = await portalErrorOf(createPortalLink({ domain: deadUrl, tokenSource: tokenSourceFor(SECRET, deadUrl), userId: 'kp_alice' }));
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });

  it('rejects with an AbortError, promptly, when the caller aborts a slow request', async () => {
    kinde.setFault({ route: 'generate_url', latencyMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    let error: unknown;
    try {
      await createPortalLink({ domain: kinde.url, tokenSource: tokenSourceFor(), userId: 'kp_alice', signal: controller.signal });
    } catch (e) {
      error = e;
    }
    expect(isAbortError(error)).toBe(true);
    expect(isPortalError(error)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a slow token endpoint as timeout when the signal times out', async () => {
    kinde.setFault({ route: 'm2m_token', latencyMs: 5000 });
    const started = Date.now();
    const error = await portalErrorOf(
      createPortalLink({ domain: kinde.url, tokenSource: tokenSourceFor(), userId: 'kp_alice', signal: AbortSignal.timeout(150) }),
    );
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('createPortalLinkHandler against the emulator', () => {
  const handlerFor = () =>
    createPortalLinkHandler({
      domain: kinde.url,
      tokenSource: tokenSourceFor(),
      authenticate: (request) => (request.headers.get('authorization') === 'Bearer session-bob' ? { userId: 'kp_bob', organizationCode: 'org_acme' } : null),
      allowedReturnOrigins: [APP],
      allowedSubNavs: ['profile', 'organization_details'],
      timeoutMs: 1000,
    });
  const call = (body: unknown, auth = 'Bearer session-bob') =>
    handlerFor()(
      new Request(`${APP}/api/portal-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify(body),
      }),
    );

  it('answers a signed-in caller with a link the portal accepts once, returning to the resolved path', async () => {
    const response = await call({ subNav: 'organization_details', returnUrl: '/settings' });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    const { url } = JSON.parse(text) as { url: string };

    expect(kinde.stats().links[0]).toMatchObject({ userId: 'kp_bob', orgCode: 'org_acme', subnav: 'organization_details', returnUrl: `${APP}/settings` });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`href="${APP}/settings"`);
    const again = await fetch(url);
    await again.text();
    expect(again.status).toBe(410);
  });

  it('answers an unauthenticated caller 401 and never reaches Kinde', async () => {
    const response = await call({ subNav: 'profile' }, '');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthenticated' });
    expect(kinde.stats().routes).toEqual({});
  });

  it('answers a foreign returnUrl 400 invalid_return_url and never reaches Kinde', async () => {
    const response = await call({ returnUrl: 'https://evil.test/phish' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_return_url' });
    expect(kinde.stats().routes).toEqual({});
  });

  it('answers 502 with the upstream code when Kinde does not know the user', async () => {
    const handler = createPortalLinkHandler({
      domain: kinde.url,
      tokenSource: tokenSourceFor(),
      authenticate: () => ({ userId: 'kp_ghost' }),
      allowedReturnOrigins: [APP],
    });
    const response = await handler(
      new Request(`${APP}/api/portal-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'http' });
  });

  it('answers 502 timeout when Kinde is slower than timeoutMs', async () => {
    kinde.setFault({ route: 'generate_url', latencyMs: 5000 });
    const started = Date.now();
    const response = await call({});
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
