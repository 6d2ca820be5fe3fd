import { describe, expect, it } from 'vitest';
import { checkPortalUrl, MAX_PORTAL_URL_LENGTH } from '../../src/core/checkPortalUrl';
import { isPortalError } from '../../src/core/PortalError';

const allowed = ['https://acme.kinde.com'];

function codeOf(value: unknown, origins: string[] = allowed): string | URL {
  try {
    return checkPortalUrl(value, origins);
  } catch (error) {
    return isPortalError(error) ? error.code : 'not a PortalError';
  }
}

describe('checkPortalUrl', () => {
  it('accepts a string, a URL and {url} on an allowed origin', () => {
    expect(String(codeOf('https://acme.kinde.com/portal?key=1'))).toBe('https://acme.kinde.com/portal?key=1');
    expect(String(codeOf(new URL('https://acme.kinde.com/p')))).toBe('https://acme.kinde.com/p');
    expect(String(codeOf({ url: 'https://acme.kinde.com/p' }))).toBe('https://acme.kinde.com/p');
  });

  it('allows plain http only on loopback', () => {
    expect(String(codeOf('http://127.0.0.1:4010/portal', ['http://127.0.0.1:4010']))).toBe('http://127.0.0.1:4010/portal');
    expect(codeOf('http://acme.kinde.com/portal', ['http://acme.kinde.com'])).toBe('invalid_response');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['a number', 42],
    ['empty', ''],
    ['relative', '/portal?key=1'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['another origin', 'https://evil.test/portal'],
    ['user-info', 'https://acme.kinde.com@evil.test/'],
    ['user-info on the right host', 'https://user@acme.kinde.com/'],
    ['whitespace', 'https://acme.kinde.com/ portal'],
    ['too long', `https://acme.kinde.com/${'a'.repeat(MAX_PORTAL_URL_LENGTH)}`],
    ['an object without url', { href: 'https://acme.kinde.com/' }],
  ])('rejects %s as invalid_response', (_name, value) => {
    expect(codeOf(value)).toBe('invalid_response');
  });

  it('{url} must hold a string or a real URL, not a look-alike object', () => {
    expect(codeOf({ url: { href: 'https://acme.kinde.com/p' } })).toBe('invalid_response');
  });

  it('fails closed without any allowed origin', () => {
    expect(codeOf('https://acme.kinde.com/portal', [])).toBe('invalid_response');
  });
});
