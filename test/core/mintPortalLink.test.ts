import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mintPortalLink, type MintConfig } from '../../src/core/mintPortalLink';
import { isPortalError, type PortalError } from '../../src/core/PortalError';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portalLinkHandlers } from '../../src/testing/portalLinkHandlers';

const seen: Request[] = [];
const portal = portalLinkHandlers({ onRequest: (r) => seen.push(r) });
const server = setupServer(portal.success());
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const token = createTestAccessToken({ permissions: ['org:write:billing'] });
const request = { subNav: 'organization_members', returnUrl: 'https://app.test/back?x=1' };

async function failure(config: MintConfig, req = request): Promise<PortalError> {
  const error = await mintPortalLink(config, req).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isPortalError(error)) throw new Error(`expected a PortalError, got ${String(error)}`);
  return error;
}

describe('mintPortalLink', () => {
  it('sends the documented request and returns the checked link', async () => {
    const url = await mintPortalLink({ getAccessToken: async () => token }, request);
    expect(url.origin).toBe(TEST_DOMAIN);
    expect(seen).toHaveLength(1);
    const sent = new URL(seen[0]!.url);
    expect(sent.pathname).toBe('/account_api/v1/portal_link');
    expect(sent.search).toBe('?subnav=organization_members&return_url=https%3A%2F%2Fapp.test%2Fback%3Fx%3D1');
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${token}`);
  });

  it('uses the domain prop over the token issuer', async () => {
    const other = 'https://other.kinde.test';
    server.use(portalLinkHandlers({ domain: other, onRequest: (r) => seen.push(r) }).success());
    const url = await mintPortalLink({ getAccessToken: async () => token, domain: other }, request);
    expect(url.origin).toBe(other);
  });

  it('makes no request when signed out', async () => {
    const error = await failure({ getAccessToken: async () => null });
    expect(error.code).toBe('unauthenticated');
    expect(seen).toHaveLength(0);
  });

  it('reports a throwing token getter as token_unavailable without leaking it', async () => {
    const error = await failure({
      getAccessToken: async () => {
        throw new Error('storage broken');
      },
    });
    expect(error.code).toBe('token_unavailable');
    expect(seen).toHaveLength(0);
  });

  it('without domain or iss fails with token_unavailable', async () => {
    const error = await failure({ getAccessToken: async () => 'opaque-token' });
    expect(error.code).toBe('token_unavailable');
    expect(error.message).not.toContain('opaque-token');
  });

  it('after a 401 refreshes once and retries once with the new token', async () => {
    const fresh = createTestAccessToken({ sub: 'fresh' });
    let calls = 0;
    server.use(
      http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, ({ request: r }) => {
        calls++;
        seen.push(r);
        return r.headers.get('authorization') === `Bearer ${fresh}`
          ? HttpResponse.json({ url: `${TEST_DOMAIN}/portal?key=9` })
          : new HttpResponse(null, { status: 401 });
      }),
    );
    const refresh = vi.fn(async () => fresh);
    const url = await mintPortalLink({ getAccessToken: async () => token, refreshAccessToken: refresh }, request);
    expect(url.href).toBe(`${TEST_DOMAIN}/portal?key=9`);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls).toBe(2);
  });

  it('a second 401 is final: unauthenticated', async () => {
    server.use(portal.status(401));
    const refresh = vi.fn(async () => token);
    const error = await failure({ getAccessToken: async () => token, refreshAccessToken: refresh });
    expect(error.code).toBe('unauthenticated');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
  });

  it('times out a token getter that never answers', async () => {
    const error = await failure({ getAccessToken: () => new Promise(() => {}), timeoutMs: 50 });
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('times out a slow Account API', async () => {
    server.use(
      http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, async () => {
        await delay(2000);
        return HttpResponse.json({ url: `${TEST_DOMAIN}/p` });
      }),
    );
    const error = await failure({ getAccessToken: async () => token, timeoutMs: 100 });
    expect(error.code).toBe('timeout');
  });

  it('rejects with an AbortError, not a PortalError, when aborted', async () => {
    server.use(portal.pending());
    const controller = new AbortController();
    const pending = mintPortalLink({ getAccessToken: async () => token }, { ...request, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('passes a PortalError from fetchLink through and wraps anything else as network', async () => {
    const { PortalError } = await import('../../src/core/PortalError');
    const own = await failure({ fetchLink: async () => Promise.reject(new PortalError('forbidden', 'no')), allowedPortalOrigins: [TEST_DOMAIN] });
    expect(own.code).toBe('forbidden');
    const other = await failure({ fetchLink: async () => Promise.reject(new TypeError('boom')), allowedPortalOrigins: [TEST_DOMAIN] });
    expect(other.code).toBe('network');
  });

  it('checks a fetchLink result like an Account API answer, failing closed without origins', async () => {
    expect((await mintPortalLink({ fetchLink: async () => `${TEST_DOMAIN}/p`, allowedPortalOrigins: [TEST_DOMAIN] }, request)).href).toBe(`${TEST_DOMAIN}/p`);
    expect((await failure({ fetchLink: async () => `${TEST_DOMAIN}/p` })).code).toBe('invalid_response');
    expect((await failure({ fetchLink: async () => 'https://evil.test/p', allowedPortalOrigins: [TEST_DOMAIN] })).code).toBe('invalid_response');
  });

  it('a token that is not a string is token_unavailable and never reaches onAccessToken (gates learn nothing)', async () => {
    const onAccessToken = vi.fn();
    const error = await mintPortalLink({ getAccessToken: async () => ({ token }) as never, onAccessToken }, request).catch((e: unknown) => e);
    expect(isPortalError(error) && error.code).toBe('token_unavailable');
    expect(onAccessToken).not.toHaveBeenCalled();
  });

  it('an already-aborted signal rejects at once, even when the token getter never answers', async () => {
    const pending = mintPortalLink({ getAccessToken: () => new Promise(() => {}) }, { ...request, signal: AbortSignal.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  }, 1000);
});
