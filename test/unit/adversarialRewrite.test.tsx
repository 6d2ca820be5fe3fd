import { act, fireEvent, render, screen } from '@testing-library/react';
import { delay } from 'msw';
import { forwardRef, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPortalError, PortalError, PortalGate, PortalProvider, SelfServePortalButton, type PortalAccess } from '../../src';
import { checkPortalUrl } from '../../src/core/checkPortalUrl';
import { matchesRule } from '../../src/core/PermissionRule';
import { resolveReturnUrl } from '../../src/core/resolveReturnUrl';
import { portal, requests, server } from '../setup/mswServer';
import { renderPortal } from './renderPortal';

// Found by the adversarial review of the size pass: each pins behaviour the
// rewrite first changed without a failing test.


afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('return-URL paths on pages with unusual addresses', () => {
  it('a path resolves against a page whose query holds a backslash', async () => {
    window.history.replaceState(null, '', '/page?q=C:\\docs');
    const onError = vi.fn();
    const { navigate } = renderPortal(
      <SelfServePortalButton returnUrl="/settings" onError={onError}>
        Go
      </SelfServePortalButton>,
    );
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(50));
    expect(onError).not.toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('resolveReturnUrl takes any http(s) page as the base, but never one with user-info', () => {
    const allowedOrigins = ['https://app.test'];
    expect(resolveReturnUrl('/x', { base: 'https://app.test:443/#/files/C:\\docs', allowedOrigins })).toBe('https://app.test/x');
    expect(() => resolveReturnUrl('/x', { base: 'https://user@app.test/', allowedOrigins })).toThrow(PortalError);
    expect(() => resolveReturnUrl('/x', { base: 'ftp://app.test/', allowedOrigins })).toThrow(PortalError);
  });
});

describe('portal links', () => {
  it('an unusual but unambiguous spelling of the allowed origin is followed as its parsed href', () => {
    expect(checkPortalUrl('https://ACME.kinde.com:443/p?key=1', ['https://acme.kinde.com']).href).toBe('https://acme.kinde.com/p?key=1');
  });

  it.each(['https:user@acme.kinde.com/p', 'https://@acme.kinde.com/p', 'https:/x:y@acme.kinde.com/p'])('user-info in any spelling is refused: %s', (link) => {
    expect(() => checkPortalUrl(link, ['https://acme.kinde.com'])).toThrow(/user-info/);
  });
});

describe('access the app passes', () => {
  it("a gate's `when` and render-function children see the app's own object, extra fields included", () => {
    const access = { status: 'ready', orgCode: 'org_acme', permissions: ['a'], roles: ['admin'] } as PortalAccess & { roles: string[] };
    render(
      <PortalProvider access={access}>
        <PortalGate when={(a) => (a as typeof access).roles.includes('admin')} fallback="denied">
          {(a) => `same object: ${a === access}`}
        </PortalGate>
      </PortalProvider>,
    );
    expect(document.body.textContent).toBe('same object: true');
  });
});

describe('prefetched links', () => {
  it('a link prefetched when the clock read 0 still expires after maxAgeMs', async () => {
    server.use(portal.success()); // keys count from 1 for this test
    const now = vi.spyOn(Date, 'now');
    const { navigate } = renderPortal(
      <SelfServePortalButton prefetch="intent" maxAgeMs={1000}>
        Go
      </SelfServePortalButton>,
    );
    await act(() => delay(10));
    now.mockReturnValue(0);
    fireEvent.focus(screen.getByRole('button'));
    await act(() => delay(30));
    now.mockReturnValue(60_000);
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(30));
    expect(requests).toHaveLength(2);
    expect(navigate.mock.calls[0]![0]).toContain('key=2');
  });
});

describe('PortalError', () => {
  it('copies of an error do not pass for one, and its fields come only from known options', () => {
    const error = new PortalError('http', 'm', { status: 503, code: 'forbidden', message: 'hijack', config: { token: 'x' } } as never);
    expect(isPortalError(error)).toBe(true);
    expect(isPortalError({ ...error })).toBe(false);
    expect(error.code).toBe('http');
    expect(error.message).toBe('m');
    expect(error.retryable).toBe(true);
    expect(JSON.stringify(error)).not.toContain('token');
    expect(Object.keys(new PortalError('network', 'n'))).not.toContain('status');
  });
});

describe('asChild', () => {
  it('chains only event handlers; other function props are the child’s', () => {
    const Child = forwardRef<HTMLAnchorElement, { render?: () => ReactNode; href: string }>(({ render: renderProp, ...props }, ref) => (
      <a ref={ref} {...props}>
        {renderProp?.()}
      </a>
    ));
    renderPortal(
      <SelfServePortalButton asChild {...({ render: () => 'slot' } as object)}>
        <Child href="/x" render={() => 'child'} />
      </SelfServePortalButton>,
    );
    expect(screen.getByRole('link').textContent).toBe('child');
  });
});

describe('permission rules that are mistakes', () => {
  it.each([
    ['an array', ['org:write:billing']],
    ['a date', new Date()],
    ['a Map', new Map()],
  ])('%s denies, even with the permission granted', (_name, rule) => {
    expect(matchesRule(['org:write:billing'], rule as never)).toBe(false);
    render(
      <PortalProvider access={{ status: 'ready', orgCode: 'o', permissions: ['org:write:billing'] }}>
        <PortalGate permission={rule as never} fallback="denied">
          shown
        </PortalGate>
      </PortalProvider>,
    );
    expect(document.body.textContent).toBe('denied');
  });

  it('a plain object with neither anyOf nor allOf still admits, like a gate with no rule', () => {
    expect(matchesRule([], {})).toBe(true);
    expect(matchesRule([], Object.create(null))).toBe(true);
  });
});

