import { delay, http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createM2MTokenSource } from '../../src/server/createM2MTokenSource';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  DOMAIN,
  deferred,
  expectNoSecrets,
  issueToken,
  portalError,
  printable,
  rejectionOf,
  resetSeen,
  seen,
  server,
  tokenEndpoint,
  TOKEN_URL,
} from './mockKinde';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(resetSeen);
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const source = (extra: Partial<Parameters<typeof createM2MTokenSource>[0]> = {}) =>
  createM2MTokenSource({ domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...extra });

/** A token endpoint answering `{access_token, expires_in}` with the given lifetime (raw, may be junk). */
const withLifetime = (expiresIn: unknown) =>
  tokenEndpoint(() => HttpResponse.json({ access_token: issueToken(), ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) }));

describe('the token request', () => {
  it('posts the client-credentials grant as a form, with the Management API audience by default', async () => {
    const token = await source({ domain: `${DOMAIN}/` }).getToken();

    expect(token).toBe(seen.issued[0]);
    expect(seen.tokenRequests).toHaveLength(1);
    const [request] = seen.tokenRequests;
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request!.form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      audience: `${DOMAIN}/api`,
    });
  });

  it('sends a custom audience as given', async () => {
    await source({ audience: 'https://api.acme.test' }).getToken();
    expect(seen.tokenRequests[0]?.form.get('audience')).toBe('https://api.acme.test');
  });

  it('uses an injected fetch instead of the global one', async () => {
    const calls: string[] = [];
    const tokenSource = source({
      fetch: async (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    await tokenSource.getToken();
    expect(calls).toEqual([TOKEN_URL]);
  });

  it('refuses a domain that is not an absolute http(s) URL when created, without echoing the secret', () => {
    for (const domain of ['acme.kinde.com', 'ftp://acme.kinde.com', '']) {
      let thrown: unknown;
      try {
        source({ domain });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      expect(String(thrown)).toMatch(/domain/);
      expectNoSecrets(printable(thrown));
    }
    expect(() => source({ clientSecret: '' })).toThrow(/clientSecret/);
  });
});

describe('reuse and expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
  });
  const at = (seconds: number) => vi.setSystemTime(new Date(Date.parse('2030-01-01T00:00:00Z') + seconds * 1000));

  it('reuses a one-hour token until 90 % of its life has passed', async () => {
    server.use(withLifetime(3600));
    const tokenSource = source();
    const first = await tokenSource.getToken();
    at(3239);
    expect(await tokenSource.getToken()).toBe(first);
    expect(seen.tokenRequests).toHaveLength(1);
    at(3240);
    const second = await tokenSource.getToken();
    expect(second).not.toBe(first);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it('refreshes a five-minute token 60 s before it expires, which comes before 90 %', async () => {
    server.use(withLifetime(300));
    const tokenSource = source();
    const first = await tokenSource.getToken();
    at(239);
    expect(await tokenSource.getToken()).toBe(first);
    at(240);
    expect(await tokenSource.getToken()).not.toBe(first);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it('never reuses a token that lives 60 s or less', async () => {
    server.use(withLifetime(45));
    const tokenSource = source();
    const first = await tokenSource.getToken();
    const second = await tokenSource.getToken();
    expect(second).not.toBe(first);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it.each([['missing', undefined], ['a string', '3600'], ['zero', 0], ['negative', -5], ['NaN-like', 'soon']])(
    'reuses a token with %s expires_in for 30 s only',
    async (_label, expiresIn) => {
      server.use(withLifetime(expiresIn));
      const tokenSource = source();
      const first = await tokenSource.getToken();
      at(29);
      expect(await tokenSource.getToken()).toBe(first);
      at(30);
      expect(await tokenSource.getToken()).not.toBe(first);
      expect(seen.tokenRequests).toHaveLength(2);
    },
  );

  it('does not trust the cache after the clock went backwards', async () => {
    const tokenSource = source();
    const first = await tokenSource.getToken();
    at(-120);
    expect(await tokenSource.getToken()).not.toBe(first);
  });
});

describe('one request in flight', () => {
  it('gives ten concurrent callers the same token from one request', async () => {
    const gate = deferred();
    server.use(
      tokenEndpoint(async () => {
        await gate.promise;
        return HttpResponse.json({ access_token: issueToken(), expires_in: 3600 });
      }),
    );
    const tokenSource = source();
    const pending = Array.from({ length: 10 }, () => tokenSource.getToken());
    await delay(20);
    gate.resolve();
    const tokens = await Promise.all(pending);
    expect(new Set(tokens)).toEqual(new Set([seen.issued[0]]));
    expect(seen.tokenRequests).toHaveLength(1);
  });

  it('shares a failure among the callers waiting on it, then lets the next caller try again', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({}, { status: 503 })));
    const tokenSource = source();
    const results = await Promise.allSettled([tokenSource.getToken(), tokenSource.getToken(), tokenSource.getToken()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(seen.tokenRequests).toHaveLength(1);

    server.resetHandlers();
    expect(await tokenSource.getToken()).toBe(seen.issued[0]);
    expect(seen.tokenRequests).toHaveLength(2);
  });
});

describe('invalidate', () => {
  it('drops the cached token, so the next caller gets a new one', async () => {
    const tokenSource = source();
    const first = await tokenSource.getToken();
    tokenSource.invalidate();
    const second = await tokenSource.getToken();
    expect(second).not.toBe(first);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it('does not let a request started before invalidate() put its token back in the cache', async () => {
    // t0: request A starts   t1: invalidate()   t2: A answers with a token minted before t1
    const gate = deferred();
    server.use(
      tokenEndpoint(async () => {
        if (seen.tokenRequests.length === 1) await gate.promise;
        return HttpResponse.json({ access_token: issueToken(), expires_in: 3600 });
      }),
    );
    const tokenSource = source();
    const beforeInvalidate = tokenSource.getToken();
    await delay(10);
    tokenSource.invalidate();
    // A caller arriving after the invalidation does not join the old request.
    const newToken = await tokenSource.getToken();
    gate.resolve();
    const oldToken = await beforeInvalidate;

    expect(oldToken).toBe(seen.issued[1]); // A finished last: the gate held it
    expect(newToken).toBe(seen.issued[0]);
    expect(seen.tokenRequests).toHaveLength(2);
    // The cache holds the post-invalidate token, not A's.
    expect(await tokenSource.getToken()).toBe(newToken);
    expect(seen.tokenRequests).toHaveLength(2);
  });

  it('with the rejected token, forgets it once: callers reporting it again cause no new request', async () => {
    const tokenSource = source();
    const first = await tokenSource.getToken();
    tokenSource.invalidate(first);
    const second = await tokenSource.getToken();
    tokenSource.invalidate(first); // a slower caller's 401 with the old token
    expect(await tokenSource.getToken()).toBe(second);
    expect(seen.tokenRequests).toHaveLength(2);
  });
});

describe('failures', () => {
  it.each([400, 401, 403])('maps %i to token_unavailable with the status, not retryable', async (status) => {
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}` }, { status })));
    const error = await portalError(source().getToken());
    expect(error).toMatchObject({ code: 'token_unavailable', status, retryable: false });
    expect(error.message).toContain('invalid_client');
  });

  it('reports a wrong secret as token_unavailable without repeating it', async () => {
    const error = await portalError(source({ clientSecret: `${CLIENT_SECRET}-wrong` }).getToken());
    expect(error).toMatchObject({ code: 'token_unavailable', status: 401 });
    expect(printable(error)).not.toContain('-wrong');
  });

  it.each([500, 502, 503])('maps %i to token_unavailable that is retryable', async (status) => {
    server.use(tokenEndpoint(() => new HttpResponse('upstream down', { status })));
    const error = await portalError(source().getToken());
    expect(error).toMatchObject({ code: 'token_unavailable', status, retryable: true });
  });

  it('maps 429 to rate_limited with Retry-After seconds', async () => {
    server.use(tokenEndpoint(() => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '7' } })));
    const error = await portalError(source().getToken());
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 7, retryable: true });
  });

  it.each([
    ['no access_token', JSON.stringify({ expires_in: 3600 }), 'application/json'],
    ['a numeric access_token', JSON.stringify({ access_token: 42 }), 'application/json'],
    ['an empty access_token', JSON.stringify({ access_token: '' }), 'application/json'],
    ['a form-encoded body', 'access_token=leaky-form-token&expires_in=3600', 'application/x-www-form-urlencoded'],
    ['an HTML page', '<html>sign in</html>', 'text/html'],
    ['a JSON array', '["leaky-array-token"]', 'application/json'],
    // JSON.parse quotes a short input whole in its SyntaxError message.
    ['the bare token as text', 'leaky-raw', 'text/plain'],
  ])('rejects a 200 with %s as invalid_response, quoting none of it', async (_label, body, contentType) => {
    server.use(tokenEndpoint(() => new HttpResponse(body, { status: 200, headers: { 'content-type': contentType } })));
    const error = await portalError(source().getToken());
    expect(error.code).toBe('invalid_response');
    expectNoSecrets(printable(error), ['leaky-form-token', 'leaky-array-token', 'leaky-raw']);
  });

  it('maps a transport failure to network', async () => {
    server.use(http.post(TOKEN_URL, () => HttpResponse.error()));
    const error = await portalError(source().getToken());
    expect(error).toMatchObject({ code: 'network', retryable: true });
  });

  it('drops a transport error as cause when it quotes the request body', async () => {
    const tokenSource = source({
      fetch: async (_input, init) => {
        throw new Error('socket hang up', { cause: new Error(`while sending ${String(init?.body)}`) });
      },
    });
    const error = await portalError(tokenSource.getToken());
    expect(error.code).toBe('network');
    expect(error.cause).toBeUndefined();
  });

  it('keeps a harmless transport error as cause, for debugging', async () => {
    const tokenSource = source({
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
      },
    });
    const error = await portalError(tokenSource.getToken());
    expect(printable(error)).toContain('ECONNREFUSED');
  });

  it('does not follow a redirect, which would re-send the secret elsewhere', async () => {
    server.use(
      tokenEndpoint(() => new HttpResponse(null, { status: 307, headers: { location: 'https://collector.evil.test/steal' } })),
      // Would be hit if the redirect were followed; onUnhandledRequest would fail otherwise anyway.
      http.all('https://collector.evil.test/*', () => {
        throw new Error('the redirect was followed');
      }),
    );
    const error = await portalError(source().getToken());
    expect(error).toMatchObject({ code: 'token_unavailable', status: 307 });
  });

  it('logs nothing, even when failing', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    server.use(tokenEndpoint(() => HttpResponse.json({ error: 'invalid_client' }, { status: 401 })));
    await rejectionOf(source().getToken());
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('a token endpoint that never answers', () => {
  it('fails that request with timeout, and the next caller starts afresh', async () => {
    let calls = 0;
    const hangingOnce: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) {
        // Hangs until the source's own deadline aborts it.
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      }
      return Response.json({ access_token: 'fresh-token', expires_in: 3600 });
    };
    const source = createM2MTokenSource({ domain: DOMAIN, clientId: 'id', clientSecret: 'secret', fetch: hangingOnce, timeoutMs: 50 });
    const first = await source.getToken().catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'timeout', retryable: true });
    await expect(source.getToken()).resolves.toBe('fresh-token');
    expect(calls).toBe(2);
  });
});
