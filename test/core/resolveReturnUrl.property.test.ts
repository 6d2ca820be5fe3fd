import fc from 'fast-check';
import { parse as legacyParse } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isPortalError } from '../../src/core/PortalError';
import { resolveReturnUrl } from '../../src/core/resolveReturnUrl';

// The return-URL guard against hostile strings. Acceptance is judged by oracles
// that do not share the guard's code: the WHATWG parser a browser uses, the same
// parser with a different base, and Node's legacy (non-WHATWG) parser standing in
// for the other URL parsers between the app and the user (proxies, servers,
// Kinde's own). An accepted value must mean the same thing to all of them.

const ALLOWED = ['https://app.test', 'http://localhost:3000'];
const BASE = 'https://app.test/account/settings?tab=1';
const OTHER_BASE = 'https://other.invalid/deep/er/page';
const RUNS = { numRuns: 500 };

// Pieces an attacker (or a careless app) puts together: the first list of each
// pair is the plain spelling, the second its hostile variants, so that generated
// strings sit near the accept/reject boundary instead of far from it.
const schemes = [['https', 'http'], ['HTTPS', 'hTtP', 'javascript', 'JavaScript', 'data', 'vbscript', 'ws', 'wss', 'ftp', 'file', 'blob:https', 'https ', ' https', 'ht\ttps', 'ｈｔｔｐｓ']] as const;
const separators = [['://'], [':/', ':', ':///', ':\\\\', ':/\\', ':\\/', '://\\', ': //', ':%2F%2F', ':////']] as const;
const userInfos = [[''], ['@', 'user@', 'user:pass@', ':@', 'app.test@', 'localhost:3000@', '%40@', 'app.test%40evil.test@', 'a@b@', 'app.test:443@']] as const;
const hosts = [
  ['app.test', 'localhost'],
  [
    'APP.TEST', 'App.Test', 'LOCALHOST', 'app.test.', 'evil.test', 'app.test.evil.test', 'evilapp.test', 'аpp.test', 'xn--pp-8kc.test', 'app%2Etest',
    'app%2etest', 'app。test', 'ａｐｐ.test', 'app\u00ad.test', 'app.test\u200b', '127.0.0.1', '[::1]', '0x7f.0.0.1', '2130706433', 'localhost.',
    'app.test%00', 'app.test%2F', '',
  ],
] as const;
const ports = [['', ':3000'], [':443', ':80', ':8443', ':', ':03000', ':65536', ':-1', ':3000:3000']] as const;
const tails = [
  ['', '/', '/x', '/a/b?c=d#e', '?q=1', '#frag', '/ü/ß?ä=ö#é', '/x?next=https://evil.test', '/;x'],
  ['//evil.test', '/\\evil.test', '/..', '/%2e%2e/', '/%2F%2Fevil.test', '@evil.test', '/@evil.test', '?@evil.test', '#@evil.test', '/%', '/%zz', '\\@evil.test'],
] as const;
// Characters that browsers strip, fold or reinterpret, and look-alikes of them.
const hostileChars = [
  ' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\u1680', '\u2000', '\u2028',
  '\u2029', '\u3000', '\ufeff', '\u200b', '\u00ad', '\\', '%00', '%0a', '%09', '%5C', '@', '#', '?', '/', ':', '.', '。',
];

const piece = (values: readonly string[]) => fc.constantFrom(...values);
/** Mostly the plain spelling, often a hostile one. */
const part = ([plain, hostile]: readonly [readonly string[], readonly string[]]) =>
  fc.oneof({ weight: 3, arbitrary: piece(plain) }, { weight: 1, arbitrary: piece(hostile) });

/** Inserts hostile characters at random positions (or nowhere). */
const sprinkle = (base: fc.Arbitrary<string>) =>
  fc
    .tuple(
      base,
      fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as [string, number][]) },
        { weight: 1, arbitrary: fc.array(fc.tuple(piece(hostileChars), fc.nat()), { minLength: 1, maxLength: 2 }) },
      ),
    )
    .map(([text, inserts]) =>
      inserts.reduce((acc, [ch, at]) => {
        const i = at % (acc.length + 1);
        return acc.slice(0, i) + ch + acc.slice(i);
      }, text),
    );

/** scheme, host and port: an allowed origin's own, or pieces mixed freely. */
const origin = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(['https', 'app.test', ''], ['http', 'localhost', ':3000']) },
  { weight: 2, arbitrary: fc.tuple(part(schemes), part(hosts), part(ports)) },
);

const absolute = fc
  .tuple(origin, part(separators), part(userInfos), part(tails))
  .map(([[scheme, host, port], separator, userInfo, tail]) => `${scheme}${separator}${userInfo}${host}${port}${tail}`);

const pathLike = fc
  .tuple(part([['/'], ['//', '///', '/\\', '\\', '\\\\', '/./', '/../', '', '.', './', '?', '#']]), part([['x', 'settings', ''], hosts[1]]), part(tails))
  .map((parts) => parts.join(''));

/** Plausible URLs an app really uses, on and off the allowed origins. */
const plausible = fc
  .tuple(piece([...ALLOWED, 'https://evil.test', 'http://app.test', 'https://app.test:8443']), fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
  .map(([origin, path, query, fragment]) => `${origin}${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);

/** Protocol-relative and slash-heavy spellings that name an allowed host: only the "single /" rule stops them. */
const protocolRelative = fc
  .tuple(piece(['//', '///', '/\\', '\\\\', '/\t/', '/%2F']), piece(['app.test', 'APP.test', 'localhost:3000', 'app.test:443']), part(tails))
  .map((parts) => parts.join(''));

const hostile = fc.oneof(
  { weight: 4, arbitrary: sprinkle(absolute) },
  { weight: 1, arbitrary: protocolRelative },
  { weight: 3, arbitrary: sprinkle(pathLike) },
  { weight: 2, arbitrary: sprinkle(plausible) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
);

function attempt(input: string): { ok: true; sent: string } | { ok: false; error: unknown } {
  try {
    return { ok: true, sent: resolveReturnUrl(input, { base: BASE, allowedOrigins: ALLOWED }) };
  } catch (error) {
    return { ok: false, error };
  }
}

const allowed = new Set(ALLOWED);

/** Everything an accepted input must satisfy, judged without the guard's helpers. */
function violations(input: string, sent: string): string[] {
  const found: string[] = [];
  const whatwg = new URL(input, BASE);
  if (!allowed.has(whatwg.origin)) found.push(`resolves to ${whatwg.origin}`);
  if (whatwg.username !== '' || whatwg.password !== '') found.push('carries user-info');

  // What a browser would silently strip or fold before parsing.
  if (/[\t\n\r]/.test(input)) found.push('contains a tab or newline (stripped by browsers)');
  if (/^[\u0000-\u0020]|[\u0000-\u0020]$/.test(input)) found.push('leading/trailing C0 or space (trimmed by browsers)');
  if (input.includes('\\')) found.push('contains a backslash (a slash to browsers)');

  const isPath = input.startsWith('/');
  const elsewhere = new URL(input, OTHER_BASE);
  if (isPath) {
    if (elsewhere.origin !== 'https://other.invalid') found.push('a "path" that names its own host');
    if (sent !== whatwg.href) found.push(`path sent as ${sent}, not its resolved href`);
  } else {
    if (elsewhere.origin !== whatwg.origin) found.push('absolute URL whose origin depends on the base');
    if (sent !== input) found.push('absolute URL not sent exactly as given');
    const legacy = legacyParse(input);
    if ((legacy.protocol ?? '').toLowerCase() !== whatwg.protocol) found.push(`legacy parser sees protocol ${legacy.protocol}`);
    if ((legacy.host ?? '').toLowerCase() !== whatwg.host) found.push(`legacy parser sees host ${legacy.host}`);
    if (legacy.auth) found.push('legacy parser sees user-info');
  }

  // What is sent must stand on its own (no base at Kinde's end).
  let standalone: URL | null = null;
  try {
    standalone = new URL(sent);
  } catch {
    found.push('sent value is not absolute');
  }
  if (standalone && standalone.origin !== whatwg.origin) found.push('sent value names another origin');
  return found;
}

describe('resolveReturnUrl, for any string', () => {
  it('accepts only what every oracle places within the allowed origins, spelled unambiguously', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostile, (input) => {
        const result = attempt(input);
        if (!result.ok) return true;
        accepted += 1;
        const found = violations(input, result.sent);
        if (found.length > 0) throw new Error(`accepted ${JSON.stringify(input)}: ${found.join('; ')}`);
        return true;
      }),
      RUNS,
    );
    // The generator must reach the accepting side often enough for this to mean something.
    expect(accepted).toBeGreaterThan(RUNS.numRuns / 20);
  });

  it.each([
    'https://app.test@evil.test/',
    'https://evil.test\\@app.test/',
    '//evil.test/',
    '/\\evil.test',
    '/\t/evil.test',
    ' https://app.test/',
    'https:app.test/x',
    'https://user:pw@app.test/',
    'https://evil.test/',
  ])('the oracle itself flags %j (so a guard that accepted it would fail the property)', (input) => {
    expect(violations(input, input)).not.toEqual([]);
  });

  it('refuses anything with whitespace, a control character (C0, DEL, C1) or a backslash, as the design says', () => {
    // Unicode's own classes, not the guard's regular expression.
    const forbidden = /[\p{White_Space}\p{Cc}\\]/u;
    fc.assert(
      fc.property(hostile, (input) => {
        fc.pre(forbidden.test(input));
        expect(attempt(input).ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('refuses only with PortalError("invalid_return_url"), never another exception', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 60 })), (input) => {
        const result = attempt(input);
        return result.ok || (isPortalError(result.error) && result.error.code === 'invalid_return_url');
      }),
      RUNS,
    );
  });

  it('accepts nothing when no origin is allowed', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, plausible), (input) => {
        expect(() => resolveReturnUrl(input, { base: BASE, allowedOrigins: [] })).toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('accepts every plainly spelled URL on an allowed origin and sends it byte for byte', () => {
    const plain = fc
      .tuple(piece(ALLOWED), fc.webPath(), fc.option(fc.webQueryParameters()), fc.option(fc.webFragments()))
      .map(([origin, path, query, fragment]) => `${origin}${path}${query === null ? '' : `?${query}`}${fragment === null ? '' : `#${fragment}`}`);
    fc.assert(
      fc.property(plain, (input) => {
        expect(resolveReturnUrl(input, { base: BASE, allowedOrigins: ALLOWED })).toBe(input);
      }),
      RUNS,
    );
  });

  it('accepts every single-slash path and sends its resolved href', () => {
    const path = fc
      .tuple(fc.webSegment(), fc.webPath(), fc.option(fc.webQueryParameters()))
      .map(([segment, rest, query]) => `/${segment}${rest}${query === null ? '' : `?${query}`}`)
      .filter((p) => !p.startsWith('//'));
    fc.assert(
      fc.property(path, (input) => {
        expect(resolveReturnUrl(input, { base: BASE, allowedOrigins: ALLOWED })).toBe(new URL(input, BASE).href);
      }),
      RUNS,
    );
  });

  it('refuses a return URL that is not well-formed Unicode: a lone surrogate cannot be sent exactly as given', () => {
    // URLSearchParams (and every UTF-8 encoder) turns a lone surrogate into U+FFFD,
    // so Kinde would receive a different URL than the app passed.
    const withLoneSurrogate = fc
      .tuple(piece(ALLOWED), fc.webPath(), piece(['\ud800', '\udbff', '\udc00', '\udfff']), fc.boolean())
      .map(([origin, path, surrogate, asPath]) => (asPath ? `/${surrogate}${path}` : `${origin}${path}/${surrogate}`));
    fc.assert(
      fc.property(withLoneSurrogate, (input) => {
        expect(() => resolveReturnUrl(input, { base: BASE, allowedOrigins: ALLOWED })).toThrow(/returnUrl/);
      }),
      { numRuns: 100 },
    );
  });
});
