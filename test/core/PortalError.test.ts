import { describe, expect, it, vi } from 'vitest';
import { isPortalError, PortalError } from '../../src/core/PortalError';

describe('PortalError', () => {
  it.each([
    ['rate_limited', undefined, true],
    ['network', undefined, true],
    ['timeout', undefined, true],
    ['http', 500, true],
    ['http', 503, true],
    ['http', 408, true],
    ['http', 404, false],
    ['http', 400, false],
    ['forbidden', 403, false],
    ['unauthenticated', 401, false],
    ['invalid_response', undefined, false],
  ] as const)('%s %s → retryable %s', (code, status, retryable) => {
    expect(new PortalError(code, 'x', status === undefined ? {} : { status }).retryable).toBe(retryable);
  });

  it('is recognised across two copies of the package', async () => {
    const first = await import('../../src/core/PortalError');
    vi.resetModules();
    // @ts-expect-error -- the query string makes Vite load a second, separate copy of the module
    const second: typeof first = await import('../../src/core/PortalError?copy=2');
    const foreign = new second.PortalError('forbidden', 'from the other copy');
    expect(foreign instanceof first.PortalError).toBe(false);
    expect(first.isPortalError(foreign)).toBe(true);
    expect(isPortalError(new Error('x'))).toBe(false);
    expect(isPortalError({ code: 'forbidden' })).toBe(false);
    expect(isPortalError(null)).toBe(false);
  });
});
