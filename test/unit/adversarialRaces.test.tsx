import { act, render, renderHook, screen, fireEvent } from '@testing-library/react';
import { delay } from 'msw';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortalGate, PortalProvider, SelfServePortalButton, usePortalAccess, usePortalLink, type PortalAccess, type PortalProviderProps } from '../../src';
import { createTestAccessToken } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';

const ACME_T = createTestAccessToken({ orgCode: 'org_acme', permissions: [] });
const GLOBEX_T = createTestAccessToken({ orgCode: 'org_globex', permissions: [] });
const ACME: PortalAccess = { status: 'ready', orgCode: 'org_acme', permissions: [] };
const GLOBEX: PortalAccess = { status: 'ready', orgCode: 'org_globex', permissions: [] };

describe('found by adversarial review: races', () => {
  afterEach(() => vi.restoreAllMocks());

  it('R1 a changed provider-level returnUrl while pending aborts (no navigation to the old return URL)', async () => {
    server.use(portal.success({ delayMs: 40 }));
    const navigate = vi.fn();
    const ui = (returnUrl: string) => (
      <PortalProvider getAccessToken={async () => ACME_T} navigate={navigate} returnUrl={returnUrl}>
        <SelfServePortalButton>Go</SelfServePortalButton>
      </PortalProvider>
    );
    const { rerender } = render(ui('http://localhost:3000/a'));
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(5));
    rerender(ui('http://localhost:3000/b'));
    await act(() => delay(80));
    const sent = requests.map((r) => new URL(r.url).searchParams.get('return_url'));
    expect({ sent, navigated: navigate.mock.calls.length }).toEqual({ sent: ['http://localhost:3000/a'], navigated: 0 });
  });

  it('R2 uncontrolled access: the token obtained by the click itself (other org) silently cancels the click', async () => {
    server.use(portal.success({ delayMs: 10 }));
    let token = ACME_T;
    const navigate = vi.fn();
    const onError = vi.fn();
    render(
      <PortalProvider getAccessToken={async () => token} navigate={navigate}>
        <SelfServePortalButton onError={onError}>Go</SelfServePortalButton>
      </PortalProvider>,
    );
    await act(() => delay(5)); // probe learns org_acme
    token = GLOBEX_T; // the auth SDK switched org (no access prop)
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(60));
    expect({ requests: requests.length, navigated: navigate.mock.calls.length, errors: onError.mock.calls.length, state: screen.getByRole('button').dataset.state })
      .toEqual({ requests: 1, navigated: 1, errors: 0, state: 'idle' });
  });

  it('R3 access with non-array permissions must not crash the tree (gates fail closed)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bad = () => ({ status: 'ready', orgCode: 'org_acme', permissions: 'org:write:billing' }) as unknown as PortalAccess;
    const ui = (access: PortalAccess) => (
      <PortalProvider getAccessToken={async () => ACME_T} access={access}>
        <PortalGate permission="org:write:billing" fallback={<span>denied</span>}>
          <span>allowed</span>
        </PortalGate>
      </PortalProvider>
    );
    const { rerender } = render(ui(bad()));
    expect(screen.getByText('denied')).toBeTruthy();
    expect(() => rerender(ui(bad()))).not.toThrow(); // a new-but-equal object on re-render
  });

  it('R4 usePortalAccess().can() with non-array permissions must fail closed, not throw', () => {
    const access = { status: 'ready', orgCode: 'org_acme', permissions: 'org:write:billing' } as unknown as PortalAccess;
    const { result } = renderHook(() => usePortalAccess(), {
      wrapper: ({ children }: { children: ReactNode }) => <PortalProvider getAccessToken={async () => ACME_T} access={access}>{children}</PortalProvider>,
    });
    expect(() => result.current.can('org:write:billing')).not.toThrow();
  });

  it('R5 prefetch, org switch, click: must not use the old-org link', async () => {
    const navigate = vi.fn();
    let token = ACME_T;
    const ui = (access: PortalAccess) => (
      <PortalProvider getAccessToken={async () => token} navigate={navigate} access={access}>
        <SelfServePortalButton prefetch="intent">Go</SelfServePortalButton>
      </PortalProvider>
    );
    server.use(portal.success()); // keys count from 1 for this test
    const { rerender } = render(ui(ACME));
    fireEvent.pointerEnter(screen.getByRole('button'));
    await act(() => delay(30));
    expect(requests).toHaveLength(1);
    token = GLOBEX_T;
    rerender(ui(GLOBEX));
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(30));
    expect(requests).toHaveLength(2);
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate.mock.calls[0]![0]).toContain('key=2');
  });

  it('R6 click then subNav change mid-flight: no navigation, idle', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const onError = vi.fn();
    const ui = (subNav: string) => (
      <PortalProvider getAccessToken={async () => ACME_T} navigate={navigate}>
        <SelfServePortalButton subNav={subNav} onError={onError}>Go</SelfServePortalButton>
      </PortalProvider>
    );
    const { rerender } = render(ui('profile'));
    fireEvent.click(screen.getByRole('button'));
    rerender(ui('organization_members'));
    await act(() => delay(60));
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(screen.getByRole('button').dataset.state).toBe('idle');
  });

  it('R7 StrictMode: click + Enter + Space bursts make one request', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    render(
      <StrictMode>
        <PortalProvider getAccessToken={async () => ACME_T} navigate={navigate}>
          <SelfServePortalButton>Go</SelfServePortalButton>
        </PortalProvider>
      </StrictMode>,
    );
    const b = screen.getByRole('button');
    fireEvent.click(b);
    fireEvent.click(b);
    fireEvent.keyDown(b, { key: 'Enter' });
    fireEvent.click(b);
    await act(() => delay(60));
    expect(requests).toHaveLength(1);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('R8 getAccessToken resolving after timeout: timeout reported, no request', async () => {
    const onError = vi.fn();
    const navigate = vi.fn();
    render(
      <PortalProvider access={ACME} getAccessToken={() => delay(80).then(() => ACME_T)} navigate={navigate} timeoutMs={20}>
        <SelfServePortalButton onError={onError}>Go</SelfServePortalButton>
      </PortalProvider>,
    );
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(150));
    expect(onError.mock.calls.map((c) => c[0].code)).toEqual(['timeout']);
    expect(requests).toHaveLength(0);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('R9 prefetched link older than maxAgeMs is discarded', async () => {
    const navigate = vi.fn();
    server.use(portal.success()); // keys count from 1 for this test
    render(
      <PortalProvider getAccessToken={async () => ACME_T} navigate={navigate} access={ACME}>
        <SelfServePortalButton prefetch="intent" maxAgeMs={20}>Go</SelfServePortalButton>
      </PortalProvider>,
    );
    fireEvent.focus(screen.getByRole('button'));
    await act(() => delay(60));
    fireEvent.click(screen.getByRole('button'));
    await act(() => delay(30));
    expect(requests).toHaveLength(2);
    expect(navigate.mock.calls[0]![0]).toContain('key=2');
  });
});

describe('malformed access from the app', () => {
  it.each([
    ['permissions missing', { status: 'ready', orgCode: 'org_acme' }],
    ['permissions a string', { status: 'ready', orgCode: 'org_acme', permissions: 'org:write:billing' }],
    ['an unknown status', { status: 'admin' }],
    ['orgCode a number', { status: 'ready', orgCode: 7, permissions: ['org:write:billing'] }],
  ])('%s: gates fail closed instead of throwing', (_name, access) => {
    render(
      <PortalProvider access={access as unknown as PortalAccess}>
        <PortalGate permission="org:write:billing" fallback="closed">
          open
        </PortalGate>
      </PortalProvider>,
    );
    expect(document.body.textContent).toBe(_name === 'orgCode a number' ? 'open' : 'closed');
  });
});
