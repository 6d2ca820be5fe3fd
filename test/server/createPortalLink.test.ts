import { delay, http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/core/abort';
import { isPortalError, type PortalError } from '../../src/core/PortalError';
import { createM2MTokenSource, type M2MTokenSource } from '../../src/server/createM2MTokenSource';
import { createPortalLink, type CreatePortalLinkOptions } from '../../src/server/createPortalLink';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  DOMAIN,
  GENERATE_URL,
  expectNoSecrets,
  linkEndpoint,
  printable,
  rejectionOf,
  resetSeen,
  seen,
  server,
  tokenEndpoint,
  portalError,
  useMockKinde,
} from './mockKinde';

useMockKinde();

let tokenSource: M2MTokenSource;
beforeEach(() => {
  tokenSource = createM2MTokenSource({ domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
});

const link = (extra: Partial<CreatePortalLinkOptions> = {}) =>
  createPortalLink({ domain: DOMAIN, tokenSource, userId: 'kp_alice', ...extra });

describe('the request', () => {
  it('posts every given field with the M2M token and resolves to the link', async () => {
    const url = await link({
      organizationCode: 'org_acme',
      returnUrl: 'https://app.acme.test/settings?tab=team#top',
      subNav: 'organization_members',
    });

    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe(`${DOMAIN}/portal/enter?key=one-time-1`);
    expect(seen.linkRequests).toEqual([
      {
        authorization: `Bearer ${seen.issued[0]}`,
        contentType: 'application/json',
        body: {
          user_id: 'kp_alice',
          organization_code: 'org_acme',
          return_url: 'https://app.acme.test/settings?tab=team#top',
          sub_nav: 'organization_members',
        },
      },
    ]);
  });

  it('leaves out the keys that were not given', async () => {
    await link();
    expect(seen.linkRequests[0]?.body).toEqual({ user_id: 'kp_alice' });
  });

  it('accepts a URL object as returnUrl and sends its href', async () => {
    await link({ returnUrl: new URL('https://app.acme.test/x') });
    expect(seen.linkRequests[0]?.body.return_url).toBe('https://app.acme.test/x');
  });
});

describe('inputs are checked before any request', () => {
  it.each<[string, Partial<CreatePortalLinkOptions>, string]>([
    ['an empty userId', { userId: '' }, 'unauthenticated'],
    ['a blank userId', { userId: '   ' }, 'unauthenticated'],
    ['a numeric userId', { userId: 42 as unknown as string }, 'unauthenticated'],
    ['an empty organizationCode', { organizationCode: '' }, 'unauthenticated'],
    ['a domain without scheme', { domain: 'acme.kinde.test' }, 'token_unavailable'],
    ['an ftp domain', { domain: 'ftp://acme.kinde.test' }, 'token_unavailable'],
    ['a relative returnUrl', { returnUrl: '/settings' }, 'invalid_return_url'],
    ['a scheme-less returnUrl', { returnUrl: 'app.acme.test/settings' }, 'invalid_return_url'],
    ['a javascript: returnUrl', { returnUrl: 'javascript:alert(1)' }, 'invalid_return_url'],
    ['a returnUrl with user-info', { returnUrl: 'https://app.acme.test@evil.test/' }, 'invalid_return_url'],
    ['a returnUrl with a newline', { returnUrl: 'https://app.acme.test/\nx' }, 'invalid_return_url'],
    ['an empty subNav', { subNav: '' }, 'forbidden'],
    ['a subNav with a control character', { subNav: 'profile\u0000' }, 'forbidden'],
    ['a subNav with a space', { subNav: 'plan details' }, 'forbidden'],
  ])('rejects %s', async (_label, extra, code) => {
    const error = await portalError(link(extra));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^createPortalLink: `\w+`/);
    expect(seen.tokenRequests).toHaveLength(0);
    expect(seen.linkRequests).toHaveLength(0);
  });
});

describe('a 401', () => {
  it('replaces the token and retries once', async () => {
    const first = await tokenSource.getToken();
    seen.valid.delete(first); // revoked at Kinde, still cached here

    const url = await link();

    expect(url.href).toContain('one-time-1');
    expect(seen.tokenRequests).toHaveLength(2);
    expect(seen.linkRequests.map((r) => r.authorization)).toEqual([`Bearer ${first}`, `Bearer ${seen.issued[1]}`]);
  });

  it('twice in a row is unauthenticated, after exactly one retry', async () => {
    server.use(linkEndpoint(() => HttpResponse.json({}, { status: 401 })));
    const error = await portalError(link());
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(seen.linkRequests).toHaveLength(2);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it('hit by twenty callers at once costs one new token, not twenty', async () => {
    const stale = await tokenSource.getToken();
    seen.valid.delete(stale);

    const urls = await Promise.all(Array.from({ length: 20 }, () => link()));

    expect(new Set(urls.map((u) => u.href)).size).toBe(20);
    expect(seen.tokenRequests).toHaveLength(2);
  });
});

describe('status mapping', () => {
  it.each<[number, Record<string, string>, Partial<PortalError>]>([
    [403, {}, { code: 'forbidden', status: 403, retryable: false }],
    [429, { 'Retry-After': '12' }, { code: 'rate_limited', status: 429, retryAfter: 12, retryable: true }],
    [400, {}, { code: 'http', status: 400, retryable: false }],
    [404, {}, { code: 'http', status: 404, retryable: false }],
    [500, {}, { code: 'http', status: 500, retryable: true }],
    [503, {}, { code: 'http', status: 503, retryable: true }],
    [302, { Location: 'https://evil.test/' }, { code: 'http', status: 302 }],
  ])('maps %i', async (status, headers, expected) => {
    server.use(linkEndpoint(() => new HttpResponse(`{"error":"nope","echo":"${seen.issued[0]}"}`, { status, headers })));
    const error = await portalError(link());
    expect(error).toMatchObject(expected);
    expect(seen.linkRequests).toHaveLength(1);
  });

  it('maps a transport failure to network', async () => {
    server.use(http.post(GENERATE_URL, () => HttpResponse.error()));
    const error = await portalError(link());
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });

  it('drops a transport error as cause when it quotes the bearer token', async () => {
    const error = await portalError(
      link({
        fetch: async (input, init) => {
          if (String(input) !== GENERATE_URL) return fetch(input, init);
          throw new TypeError('fetch failed', { cause: new Error(`headers: ${JSON.stringify(init?.headers)}`) });
        },
      }),
    );
    expect(error.code).toBe('network');
    expect(error.cause).toBeUndefined();
  });

  it('passes the token source failure through, and asks nothing of generate_url', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })));
    const error = await portalError(link());
    expect(error).toMatchObject({ code: 'token_unavailable', status: 401 });
    expect(seen.linkRequests).toHaveLength(0);
  });

  it('turns a custom token source that throws something else into token_unavailable', async () => {
    const custom: M2MTokenSource = { getToken: () => Promise.reject(new Error('vault sealed')), invalidate: () => {} };
    const error = await portalError(link({ tokenSource: custom }));
    expect(error.code).toBe('token_unavailable');
    expect(seen.linkRequests).toHaveLength(0);
  });
});

describe('the 2xx body', () => {
  it('accepts extra keys next to url', async () => {
    server.use(linkEndpoint(() => HttpResponse.json({ url: `${DOMAIN}/portal/x`, expires_in: 300 })));
    expect((await link()).href).toBe(`${DOMAIN}/portal/x`);
  });

  it('accepts an http link on another origin (a custom domain)', async () => {
    server.use(linkEndpoint(() => HttpResponse.json({ url: 'https://account.acme.test/portal?key=1' })));
    expect((await link()).origin).toBe('https://account.acme.test');
  });

  it.each([
    ['a wrapped url', JSON.stringify({ data: { url: `${DOMAIN}/portal/x` } })],
    ['a missing url', JSON.stringify({ ok: true })],
    ['a numeric url', JSON.stringify({ url: 7 })],
    ['a relative url', JSON.stringify({ url: '/portal/x' })],
    ['a javascript: url', JSON.stringify({ url: 'javascript:alert(1)' })],
    ['a url with user-info', JSON.stringify({ url: 'https://user:pw@acme.kinde.test/portal' })],
    ['a url with whitespace', JSON.stringify({ url: 'https://acme.kinde.test/por tal' })],
    ['an over-long url', JSON.stringify({ url: `${DOMAIN}/${'a'.repeat(5000)}` })],
    ['a bare string', JSON.stringify(`${DOMAIN}/portal/x`)],
    ['HTML', '<!doctype html><p>Kinde</p>'],
    ['an empty body', ''],
  ])('rejects %s as invalid_response', async (_label, body) => {
    server.use(linkEndpoint(() => new HttpResponse(body, { status: 200, headers: { 'content-type': 'application/json' } })));
    const error = await portalError(link());
    expect(error.code).toBe('invalid_response');
  });

  it('does not quote a broken body (JSON.parse would quote a short one whole)', async () => {
    server.use(linkEndpoint(() => new HttpResponse('SECRET-KEY', { status: 200 })));
    const error = await portalError(link());
    expect(printable(error)).not.toContain('SECRET-KEY');
  });
});

describe('abort', () => {
  it('rejects with an AbortError and sends nothing when the signal is already aborted', async () => {
    const error = await rejectionOf(link({ signal: AbortSignal.abort() }));
    expect(isAbortError(error)).toBe(true);
    expect(isPortalError(error)).toBe(false);
    expect(seen.tokenRequests).toHaveLength(0);
  });

  it('rejects with an AbortError, not another error, when aborted mid-request', async () => {
    server.use(
      linkEndpoint(async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = link({ signal: controller.signal });
    await delay(30);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(isAbortError(error)).toBe(true);
    expect(isPortalError(error)).toBe(false);
  });

  it('aborts even while a custom token source ignores the signal', async () => {
    const custom: M2MTokenSource = { getToken: () => new Promise(() => {}), invalidate: () => {} };
    const controller = new AbortController();
    const pending = link({ tokenSource: custom, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect(isAbortError(await rejectionOf(pending))).toBe(true);
  });

  it('reports a timed-out signal as PortalError timeout', async () => {
    server.use(
      linkEndpoint(async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const started = Date.now();
    const error = await portalError(link({ signal: AbortSignal.timeout(50) }));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('secrets', () => {
  it('puts neither the token nor the secret in any error, across every failure above', async () => {
    const failures: Array<() => void> = [
      () => server.use(linkEndpoint(() => HttpResponse.json({}, { status: 401 }))),
      () => server.use(linkEndpoint(() => new HttpResponse(`token ${seen.issued[0]} refused`, { status: 500 }))),
      () => server.use(linkEndpoint(() => new HttpResponse(`not json ${seen.issued[0]}`, { status: 200 }))),
      () => server.use(http.post(GENERATE_URL, () => HttpResponse.error())),
    ];
    for (const fail of failures) {
      server.resetHandlers();
      fail();
      const error = await rejectionOf(link());
      expect(isPortalError(error)).toBe(true);
      expectNoSecrets(printable(error));
    }
    expect(seen.issued.length).toBeGreaterThan(0);
  });
});
