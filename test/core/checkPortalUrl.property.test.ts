import fc from 'fast-check';
import { parse as legacyParse } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPortalUrl, MAX_PORTAL_URL_LENGTH } from '../../src/core/checkPortalUrl';
import { isPortalError } from '../../src/core/PortalError';

// The portal-link guard decides where the browser goes with the user's session:
// a forged or tampered answer must never take the user anywhere but the portal.
// Judged, like the return-URL guard, by parsers that don't share its code.

const PORTAL = 'https://acme.kinde.test';
const LOCAL = 'http://localhost:4000';
// An http origin on a non-loopback host is allowed on purpose: only the https rule may refuse it.
const PLAIN_HTTP = 'http://portal.kinde.test';
const ALLOWED = [PORTAL, LOCAL, PLAIN_HTTP];

const piece = (values: readonly string[]) => fc.constantFrom(...values);
const mostly = (plain: readonly string[], hostile: readonly string[]) =>
  fc.oneof({ weight: 3, arbitrary: piece(plain) }, { weight: 1, arbitrary: piece(hostile) });

const candidate = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(['https', 'acme.kinde.test', ''], ['http', 'localhost', ':4000'], ['http', 'portal.kinde.test', '']) },
      {
        weight: 2,
        arbitrary: fc.tuple(
          mostly(['https', 'http'], ['HTTPS', 'javascript', 'data', 'ftp', 'ws', 'blob:https', 'file', ' https']),
          mostly(['acme.kinde.test', 'localhost'], ['ACME.kinde.test', 'acme.kinde.test.', 'evil.test', 'acme.kinde.test.evil.test', 'аcme.kinde.test', 'acme%2Ekinde.test', '127.0.0.1', '[::1]', '']),
          mostly(['', ':4000'], [':443', ':80', ':', ':04000']),
        ),
      },
    ),
    mostly(['://'], [':', ':/', ':\\\\', ':///', '://\\']),
    mostly([''], ['user@', 'u:p@', 'acme.kinde.test@', '@']),
    mostly(['/portal?key=abc', '/', '', '/portal/enter?key=1&subnav=profile#x'], ['//evil.test', '/\\evil.test', '@evil.test', '?@evil.test', '/%0a', '/\t', '/ ', '/\u2028']),
    fc.option(fc.string({ unit: 'grapheme', maxLength: 8 }), { freq: 4 }),
    fc.boolean(),
  )
  .map(([[scheme, host, port], separator, userInfo, path, extra, huge]) => {
    const url = `${scheme}${separator}${userInfo}${host}${port}${path}${extra ?? ''}`;
    return huge ? `${url}${'k'.repeat(MAX_PORTAL_URL_LENGTH)}` : url;
  });

const shapes = fc.oneof(
  candidate,
  candidate.map((url) => ({ url })),
  candidate.map((url) => {
    try {
      return new URL(url);
    } catch {
      return url;
    }
  }),
  fc.constantFrom(null, undefined, 42, {}, { url: null }, { url: 42 }, [PORTAL], { href: PORTAL }),
);

function verdict(value: unknown): URL | unknown {
  try {
    return checkPortalUrl(value, ALLOWED);
  } catch (error) {
    return error;
  }
}

describe('checkPortalUrl, for any answer', () => {
  it('returns only https (http on loopback) links on an allowed origin, without user-info, that every parser agrees on', () => {
    let accepted = 0;
    fc.assert(
      fc.property(shapes, (value) => {
        const result = verdict(value);
        if (!(result instanceof URL)) {
          expect(isPortalError(result) && result.code === 'invalid_response').toBe(true);
          return;
        }
        accepted += 1;
        const raw = value instanceof URL ? value.href : typeof value === 'object' && value !== null ? String((value as { url: unknown }).url) : String(value);
        const whatwg = new URL(raw);
        expect(ALLOWED).toContain(whatwg.origin);
        expect(whatwg.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(whatwg.hostname)).toBe(true);
        expect(whatwg.username + whatwg.password).toBe('');
        expect(raw.length).toBeLessThanOrEqual(MAX_PORTAL_URL_LENGTH);
        expect(raw).not.toMatch(/[\s\\]/);
        // The browser is sent to the normalised href, never the raw string: that is
        // what another parser must read the same way.
        expect(result.href).toBe(whatwg.href);
        const legacy = legacyParse(result.href);
        expect((legacy.host ?? '').toLowerCase()).toBe(whatwg.host);
        expect(legacy.auth).toBeNull();
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(25);
  });

  it('allows nothing when no portal origin is configured (fails closed)', () => {
    fc.assert(
      fc.property(candidate, (url) => {
        const result = verdict(url);
        expect(() => checkPortalUrl(url, [])).toThrow();
        if (result instanceof URL) expect(() => checkPortalUrl(url, [])).toThrow(/allowedPortalOrigins/);
      }),
      { numRuns: 200 },
    );
  });
});
