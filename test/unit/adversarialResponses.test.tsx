import { act, renderHook } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { describe, expect, it, vi } from 'vitest';
import { PortalProvider, usePortalLink } from '../../src';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { server } from '../setup/mswServer';
import { openOnce, portalWrapper } from './renderPortal';

const wrapper = portalWrapper;

describe('found by adversarial review: hostile responses', () => {
  it('H1 a 302 from the Account API to another origin is not followed with the bearer token', async () => {
    const evilSaw: (string | null)[] = [];
    server.use(
      http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, () => HttpResponse.redirect('https://evil.test/collect', 302)),
      http.get('https://evil.test/collect', ({ request }) => {
        evilSaw.push(request.headers.get('authorization'));
        return HttpResponse.json({ url: `${TEST_DOMAIN}/portal?from=evil` });
      }),
    );
    const { navigate, onError } = await openOnce();
    expect({ evilSaw, navigated: navigate.mock.calls.map((c) => c[0]) }).toEqual({ evilSaw: [], navigated: [] });
  });

  it.each([
    ['javascript:alert(1)'], ['data:text/html,x'], [`blob:${TEST_DOMAIN}/x`], ['//acme.kinde.test/portal'],
    ['https://acme.kinde.test.evil.test/p'], ['https://acme.kinde.test./p'], ['https://acme.kinde.test:8443/p'],
    ['https://user:pw@acme.kinde.test/p'], ['https://acme.kinde.test\\@evil.test/'], ['http://acme.kinde.test/p'], [42], [[`${TEST_DOMAIN}/p`]],
  ])('H2 url %j is invalid_response', async (url) => {
    server.use(http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, () => HttpResponse.json({ url })));
    const { navigate, onError } = await openOnce();
    expect(navigate).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]?.[0]?.code).toBe('invalid_response');
  });

  it.each([[204], [304], [200]])('H3 status %i with empty / HTML body is invalid_response or http, never navigates', async (status) => {
    server.use(http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, () => new HttpResponse(status === 200 ? '<html>x</html>' : null, { status })));
    const { navigate, onError } = await openOnce();
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('H4 429 with a garbage Retry-After date yields a sane retryAfter', async () => {
    server.use(http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, () => new HttpResponse('{}', { status: 429, headers: { 'retry-after': 'foo 2030' } })));
    const onError = vi.fn();
    const { result } = renderHook(() => usePortalLink({ onError }), { wrapper: wrapper() });
    await act(() => result.current.open());
    const e = onError.mock.calls[0]![0];
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfter).toBeUndefined(); // observed: ~97 million seconds (3 years)
  });

  it('H5 no token anywhere in error, cause or message on every failure path', async () => {
    const secret = createTestAccessToken({ orgCode: 'org_acme', sub: 'SECRETSUB' });
    const errors: unknown[] = [];
    for (const h of [
      () => HttpResponse.error(),
      () => new HttpResponse(`{"url": "${secret}"`, { status: 200 }),
      () => HttpResponse.json({ url: `https://evil.test/?t=${secret}` }),
      () => new HttpResponse(secret, { status: 500 }),
    ]) {
      server.use(http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, h));
      const { result } = renderHook(() => usePortalLink({ onError: (e) => errors.push(e) }), { wrapper: wrapper({ getAccessToken: async () => secret }) });
      await act(() => result.current.open());
    }
    const dump = (e: unknown, d = 0): string => (e && d < 5 ? `${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(e)} ${dump((e as Error).cause, d + 1)}` : '');
    expect(errors).toHaveLength(4);
    for (const e of errors) expect(dump(e)).not.toContain(secret.split('.')[1]);
  });
});
