import { describe, expect, it } from 'vitest';
import { PortalError } from '../../src/core/PortalError';
import { resolveReturnUrl } from '../../src/core/resolveReturnUrl';

const base = 'https://app.test/account?tab=1';
const allowedOrigins = ['https://app.test'];
const resolve = (input: string) => resolveReturnUrl(input, { base, allowedOrigins });

describe('resolveReturnUrl', () => {
  it('sends an absolute URL exactly as given', () => {
    expect(resolve('https://app.test/a/b?x=1&y=%20#frag')).toBe('https://app.test/a/b?x=1&y=%20#frag');
    expect(resolve('HTTPS://APP.test/x')).toBe('HTTPS://APP.test/x');
  });

  it('resolves a path against the current page', () => {
    expect(resolve('/settings?x=1')).toBe('https://app.test/settings?x=1');
  });

  it.each([
    ['a host without scheme', 'app.test/x'],
    ['a protocol-relative URL', '//evil.test/x'],
    ['a relative path', 'settings'],
    ['user-info', 'https://app.test@evil.test/'],
    ['empty user-info', 'https://@app.test/'],
    ['a backslash', '/\\evil.test'],
    ['a backslash in an absolute URL', 'https:\\\\evil.test'],
    ['a tab', '/a\tb'],
    ['a newline', 'https://app.test/\n'],
    ['a leading space', ' https://app.test/'],
    ['a NUL', '/\u0000'],
    ['a non-breaking space', '/a\u00a0b'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
    ['ftp', 'ftp://app.test/'],
    ['another origin', 'https://evil.test/'],
    ['another port', 'https://app.test:8443/'],
    ['plain http of the same host', 'http://app.test/'],
    ['a percent-encoded host', 'https://app%2Etest/'],
    ['an explicit default port', 'https://app.test:443/'],
    ['a look-alike Unicode host', 'https://аpp.test/'],
    ['a trailing-dot host', 'https://app.test./'],
    ['empty', ''],
  ])('rejects %s', (_name, input) => {
    expect(() => resolve(input)).toThrowError(PortalError);
    try {
      resolve(input);
    } catch (error) {
      expect((error as PortalError).code).toBe('invalid_return_url');
    }
  });

  it('rejects everything when no origin is allowed', () => {
    expect(() => resolveReturnUrl('https://app.test/', { base, allowedOrigins: [] })).toThrow(/allowedReturnOrigins/);
  });

  it('rejects a path when there is no current page (server)', () => {
    expect(() => resolveReturnUrl('/x', { allowedOrigins })).toThrow(/path starting with a single/);
  });

  it('accepts any listed origin', () => {
    expect(resolveReturnUrl('https://admin.app.test/', { base, allowedOrigins: ['https://app.test', 'https://admin.app.test/'] })).toBe(
      'https://admin.app.test/',
    );
  });
});
