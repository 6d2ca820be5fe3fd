import { generatePortalUrl, MemoryStorage, setActiveStorage, StorageKeys } from '@kinde/js-utils';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintPortalLink } from '../../src/core/mintPortalLink';
import { PORTAL_PAGES } from '../../src/core/portalPages';
import { resolveReturnUrl } from '../../src/core/resolveReturnUrl';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';

// Differential test against Kinde's own utilities: for every (page, return URL)
// that both accept, this library must send the Account API the very request
// `generatePortalUrl` from @kinde/js-utils sends — same method and path, same
// query string byte for byte, same bearer token, no extra header. Where the two disagree on acceptance, the
// table at the bottom names each class of input and why we refuse it (see
// docs/security-notes.md).

const APP = 'https://app.test';
const TOKEN = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'] });

interface Seen {
  method: string;
  path: string;
  search: string;
  authorization: string | null;
  /** Every header the caller set, lower-cased and sorted. */
  headers: string[];
}
const seen: Seen[] = [];
const server = setupServer(
  http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, ({ request }) => {
    const url = new URL(request.url);
    seen.push({
      method: request.method,
      path: url.pathname,
      search: url.search,
      authorization: request.headers.get('authorization'),
      headers: [...request.headers.keys()].sort(),
    });
    return HttpResponse.json({ url: `${TEST_DOMAIN}/portal?key=one-time` });
  }),
);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  const storage = new MemoryStorage();
  await storage.setSessionItem(StorageKeys.accessToken, TOKEN);
  setActiveStorage(storage);
});
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

/** The request this library sends, or null when it refuses the return URL. */
async function ours(domain: string, subNav: string, returnUrl: string): Promise<Seen | null> {
  let sent: string;
  try {
    sent = resolveReturnUrl(returnUrl, { allowedOrigins: [APP] });
  } catch {
    return null;
  }
  seen.length = 0;
  await mintPortalLink({ getAccessToken: async () => TOKEN, domain }, { subNav, returnUrl: sent });
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

/** The request js-utils sends, or null when it refuses before sending. */
async function theirs(domain: string, subNav: string, returnUrl: string): Promise<Seen | null> {
  seen.length = 0;
  try {
    await generatePortalUrl({ domain, returnUrl, subNav: subNav as never });
  } catch (error) {
    if (seen.length > 0) throw error; // a failure after sending would be our fixture's fault
    return null;
  }
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

const page = fc.oneof(
  fc.constantFrom(...PORTAL_PAGES, 'organization_api_keys', 'user_api_keys'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
  fc.constantFrom('a&return_url=https://evil.test', 'profile#x', 'pro file', '%70rofile', 'profile?x=1', 'ü'),
);

const returnUrl = fc.oneof(
  // On the allowed origin, every spelling an app might produce.
  fc
    .tuple(fc.constantFrom(APP, 'HTTPS://APP.TEST', 'https://App.Test'), fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
    .map(([origin, path, query, fragment]) => `${origin}${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`),
  fc
    .tuple(fc.constant(APP), fc.string({ unit: 'grapheme', maxLength: 20 }))
    .map(([origin, rest]) => `${origin}/${rest}`),
  // Things one of the two refuses.
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('/settings', '//evil.test/', 'https://evil.test/', 'wss://app.test/', 'ws://app.test/', 'ftp://app.test/', 'javascript:alert(1)'),
);

describe('differential: this library vs @kinde/js-utils generatePortalUrl', () => {
  it('sends the same method, path, query, Authorization and header set for every pair both accept', async () => {
    let both = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(TEST_DOMAIN, `${TEST_DOMAIN}/`), page, returnUrl, async (domain, subNav, url) => {
        const a = await ours(domain, subNav, url);
        const b = await theirs(domain, subNav, url);
        if (a === null || b === null) return;
        both += 1;
        expect(a).toEqual(b);
        expect(a.authorization).toBe(`Bearer ${TOKEN}`);
        expect(new URLSearchParams(a.search).getAll('subnav')).toEqual([subNav]);
        expect(new URLSearchParams(a.search).getAll('return_url')).toEqual([url]);
      }),
      { numRuns: 300 },
    );
    expect(both).toBeGreaterThan(100);
  });

  it('never accepts a return URL that js-utils refuses, except a same-origin path (which js-utils cannot resolve)', async () => {
    await fc.assert(
      fc.asyncProperty(page, returnUrl, async (subNav, url) => {
        const a = await ours(TEST_DOMAIN, subNav, url);
        const b = await theirs(TEST_DOMAIN, subNav, url);
        if (a !== null && b === null) expect(url.startsWith('/')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  // Each class of input that js-utils accepts and this library refuses, with the reason.
  it.each([
    ['another origin (open redirect)', 'https://evil.test/phish'],
    ['a sibling subdomain not in allowedReturnOrigins', 'https://admin.app.test/'],
    ['plain http of an https app', 'http://app.test/'],
    ['another port', 'https://app.test:8443/'],
    ['user-info naming the app (look-alike)', 'https://app.test@evil.test/'],
    ['user-info on the app host', 'https://user:pass@app.test/'],
    ['empty user-info', 'https://@app.test/'],
    ['leading whitespace (browsers trim it)', ' https://app.test/'],
    ['a tab or newline inside (browsers strip them)', 'https://app.test/a\tb'],
    ['a space inside', 'https://app.test/a b'],
    ['a control character', 'https://app.test/\u0000'],
    ['a backslash (a slash to browsers)', 'https:\\\\evil.test\\'],
    ['a scheme without slashes (resolves against the page)', 'https:app.test/x'],
    ['a scheme with one slash', 'https:/app.test/x'],
    ['a percent-encoded host', 'https://app%2Etest/'],
    ['an explicit default port', 'https://app.test:443/'],
    ['a trailing-dot host', 'https://app.test./'],
    ['a Unicode (IDN) spelling of a host', 'https://аpp.test/'],
    ['wss: (js-utils only refuses ws: and ftp:)', 'wss://app.test/'],
    ['file:', 'file://app.test/etc/passwd'],
    ['a custom app scheme', 'myapp://app.test/callback'],
  ])('refuses %s, which js-utils sends: %j', async (_class, url) => {
    expect(await ours(TEST_DOMAIN, 'profile', url)).toBeNull();
    expect(await theirs(TEST_DOMAIN, 'profile', url)).not.toBeNull();
  });

  it.each([
    ['a same-origin path, resolved against the current page', '/settings'],
  ])('accepts %s, which js-utils refuses: %j', async (_class, url) => {
    const a = resolveReturnUrl(url, { base: `${APP}/account`, allowedOrigins: [APP] });
    expect(a).toBe(`${APP}/settings`);
    expect(await theirs(TEST_DOMAIN, 'profile', url)).toBeNull();
  });

  it.each([
    ['ws:', 'ws://app.test/'],
    ['ftp:', 'ftp://app.test/'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
    ['a protocol-relative URL', '//evil.test/'],
    ['a bare host', 'app.test/x'],
  ])('both refuse %s: %j', async (_class, url) => {
    expect(await ours(TEST_DOMAIN, 'profile', url)).toBeNull();
    expect(await theirs(TEST_DOMAIN, 'profile', url)).toBeNull();
  });

  it('differs on an empty page: js-utils sends subnav=profile, this library sends what it is given', async () => {
    const a = await ours(TEST_DOMAIN, '', `${APP}/`);
    const b = await theirs(TEST_DOMAIN, '', `${APP}/`);
    expect(new URLSearchParams(b!.search).get('subnav')).toBe('profile');
    expect(new URLSearchParams(a!.search).get('subnav')).toBe('');
  });
});
