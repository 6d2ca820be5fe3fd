import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';

import { describe, expect, it, vi } from 'vitest';
import { PortalProvider, SelfServePortalButton, usePortalLink, type PortalAccess, type PortalError } from '../../src';
import { TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';
import { flush, renderPortal, TOKEN, portalWrapper } from './renderPortal';
import { StrictMode } from 'react';

const ACME: PortalAccess = { status: 'ready', orgCode: 'org_acme', permissions: [] };
const GLOBEX: PortalAccess = { status: 'ready', orgCode: 'org_globex', permissions: [] };

const wrapper = portalWrapper;

describe('usePortalLink', () => {
  it('must be used inside a provider, and says so', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => usePortalLink())).toThrow('usePortalLink must be used inside <PortalProvider>');
  });

  it('open() never rejects and a second call returns the pending promise', async () => {
    server.use(portal.status(500));
    const { result } = renderHook(() => usePortalLink(), { wrapper: wrapper() });
    let first!: Promise<void>;
    let second!: Promise<void>;
    act(() => {
      first = result.current.open();
      second = result.current.open();
    });
    expect(second).toBe(first);
    await act(() => first);
    expect(result.current.status).toBe('error');
    expect(result.current.error?.code).toBe('http');
    expect(requests).toHaveLength(1);
    act(() => result.current.reset());
    expect(result.current.status).toBe('idle');
    expect(result.current.error).toBeNull();
  });

  it('getUrl() resolves the checked link without navigating, or rejects with the stored error', async () => {
    const navigate = vi.fn();
    const { result } = renderHook(() => usePortalLink({ subNav: 'plan_details' }), { wrapper: wrapper({ navigate }) });
    const url = await act(() => result.current.getUrl());
    expect(url.href).toMatch(`${TEST_DOMAIN}/portal?subnav=plan_details`);
    expect(navigate).not.toHaveBeenCalled();
    expect(result.current.status).toBe('idle');
    server.use(portal.url('javascript:alert(1)'));
    const error = await act(() => result.current.getUrl().catch((e: PortalError) => e));
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect(result.current.error).toBe(error);
  });

  it('an empty subNav asks for the profile, as Kinde\'s own utilities do', async () => {
    const { result } = renderHook(() => usePortalLink({ subNav: '' }), { wrapper: wrapper() });
    await act(() => result.current.open());
    expect(new URL(requests[0]!.url).searchParams.get('subnav')).toBe('profile');
  });

  it('no token: no request, unauthenticated', async () => {
    const onError = vi.fn();
    const { result } = renderHook(() => usePortalLink({ onError }), { wrapper: wrapper({ getAccessToken: async () => null }) });
    await act(() => result.current.open());
    expect(result.current.error?.code).toBe('unauthenticated');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(0);
  });

  describe('returnUrl', () => {
    it('sends an absolute value exactly as given, once', async () => {
      const given = 'http://localhost:3000/account/?a=1&b=%2F#x';
      const { result } = renderHook(() => usePortalLink({ returnUrl: given }), { wrapper: wrapper() });
      await act(() => result.current.open());
      expect(requests).toHaveLength(1);
      const raw = requests[0]!.url;
      expect(new URL(raw).searchParams.getAll('return_url')).toEqual([given]);
    });

    it('sends a path as its resolved href', async () => {
      const { result } = renderHook(() => usePortalLink({ returnUrl: '/settings?tab=2' }), { wrapper: wrapper() });
      await act(() => result.current.open());
      expect(new URL(requests[0]!.url).searchParams.get('return_url')).toBe(`${window.location.origin}/settings?tab=2`);
    });

    it.each(['app.test/x', '//evil.test/x', 'https://evil.test/', 'javascript:alert(1)', '/a\\b', 'http://localhost:3000@evil.test/'])(
      'rejects %s before any request',
      async (returnUrl) => {
        const navigate = vi.fn();
        const { result } = renderHook(() => usePortalLink({ returnUrl }), { wrapper: wrapper({ navigate }) });
        await act(() => result.current.open());
        expect(result.current.error?.code).toBe('invalid_return_url');
        expect(requests).toHaveLength(0);
        expect(navigate).not.toHaveBeenCalled();
      },
    );

    it('accepts another origin only when allowed', async () => {
      const { result } = renderHook(() => usePortalLink({ returnUrl: 'https://admin.app.test/x' }), {
        wrapper: wrapper({ allowedReturnOrigins: ['https://admin.app.test'] }),
      });
      await act(() => result.current.open());
      expect(result.current.error).toBeNull();
      expect(requests).toHaveLength(1);
    });
  });

  describe('aborts and stale responses', () => {
    it('unmount mid-flight aborts: no navigation, no error, no state update', async () => {
      server.use(portal.success({ delayMs: 30 }));
      const onError = vi.fn();
      const errorLog = vi.spyOn(console, 'error');
      const { navigate, unmount } = renderPortal(<SelfServePortalButton onError={onError}>Profile</SelfServePortalButton>);
      await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
      unmount();
      await new Promise((r) => setTimeout(r, 60));
      expect(navigate).not.toHaveBeenCalled();
      expect(onError).not.toHaveBeenCalled();
      expect(errorLog).not.toHaveBeenCalled();
    });

    it.each([
      ['subNav', { subNav: 'organization_members' as const }],
      ['returnUrl', { returnUrl: '/elsewhere' }],
    ])('a changed %s aborts the request in flight', async (_name, change) => {
      server.use(portal.success({ delayMs: 300 }));
      let fetchOutcome: unknown = 'pending';
      const observedFetch: typeof fetch = (input, init) => {
        const response = globalThis.fetch(input, init);
        response.then(
          () => (fetchOutcome = 'resolved'),
          (error: unknown) => (fetchOutcome = error),
        );
        return response;
      };
      const navigate = vi.fn();
      const { result, rerender } = renderHook((props: object) => usePortalLink({ subNav: 'profile', ...props }), {
        wrapper: wrapper({ navigate, fetch: observedFetch }),
        initialProps: {},
      });
      act(() => void result.current.open());
      expect(result.current.status).toBe('pending');
      await waitFor(() => expect(requests).toHaveLength(1), { interval: 5 });
      rerender(change);
      expect(result.current.status).toBe('idle');
      await waitFor(() => expect(fetchOutcome).not.toBe('pending'));
      expect(fetchOutcome).toMatchObject({ name: 'AbortError' });
      expect(navigate).not.toHaveBeenCalled();
      expect(result.current.error).toBeNull();
    });

    it('a stale response from a fetchLink that ignores its signal never navigates', async () => {
      let resolveLink!: (url: string) => void;
      const fetchLink = vi.fn(() => new Promise<string>((resolve) => (resolveLink = resolve)));
      const navigate = vi.fn();
      const { result, rerender } = renderHook(({ subNav }) => usePortalLink({ subNav }), {
        wrapper: wrapper({ fetchLink, allowedPortalOrigins: [TEST_DOMAIN], navigate }),
        initialProps: { subNav: 'profile' },
      });
      act(() => void result.current.open());
      await waitFor(() => expect(fetchLink).toHaveBeenCalledTimes(1));
      rerender({ subNav: 'plan_details' });
      await act(async () => {
        resolveLink(`${TEST_DOMAIN}/portal?key=stale`);
        await flush();
      });
      expect(navigate).not.toHaveBeenCalled();
      expect(result.current.status).toBe('idle');
    });

    it.each([
      ['another org', GLOBEX],
      ['loading', { status: 'loading' } as PortalAccess],
      ['signed out', { status: 'signed-out' } as PortalAccess],
    ])('an org switch to %s mid-flight aborts', async (_name, next) => {
      server.use(portal.success({ delayMs: 30 }));
      const navigate = vi.fn();
      const onError = vi.fn();
      const ui = <SelfServePortalButton onError={onError}>Profile</SelfServePortalButton>;
      const view = renderPortal(ui, { access: ACME, navigate });
      await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
      view.rerenderPortal(ui, { access: next, navigate });
      await new Promise((r) => setTimeout(r, 60));
      expect(navigate).not.toHaveBeenCalled();
      expect(onError).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: 'Profile' }).getAttribute('data-state')).toBe('idle');
    });

    it('a new-but-equal access object is not an org switch', async () => {
      server.use(portal.success({ delayMs: 20 }));
      const navigate = vi.fn();
      const ui = <SelfServePortalButton>Profile</SelfServePortalButton>;
      const view = renderPortal(ui, { access: ACME, navigate });
      await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
      view.rerenderPortal(ui, { access: { ...ACME, permissions: [] }, navigate });
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    });

    it('leaving the page mid-flight (pagehide) aborts silently instead of reporting a network error', async () => {
      server.use(portal.success({ delayMs: 30 }));
      const onError = vi.fn();
      const { navigate } = renderPortal(<SelfServePortalButton onError={onError}>Profile</SelfServePortalButton>);
      await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
      act(() => void window.dispatchEvent(new Event('pagehide')));
      await new Promise((r) => setTimeout(r, 60));
      expect(navigate).not.toHaveBeenCalled();
      expect(onError).not.toHaveBeenCalled();
    });

    it('coming back through the back-forward cache resets a button left "redirecting"', async () => {
      const { result } = renderHook(() => usePortalLink(), { wrapper: wrapper({ navigate: () => new Promise<void>(() => {}) }) });
      act(() => void result.current.open());
      await waitFor(() => expect(result.current.status).toBe('redirecting'));
      act(() => {
        const event = new Event('pageshow') as PageTransitionEvent;
        Object.defineProperty(event, 'persisted', { value: true });
        window.dispatchEvent(event);
      });
      expect(result.current.status).toBe('idle');
    });
  });

  it('in StrictMode a click still sends exactly one request', async () => {
    const { navigate } = renderPortal(<SelfServePortalButton>Profile</SelfServePortalButton>, {}, { strict: true });
    await flush();
    expect(requests).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(1);
  });

  it('the provider probes the token once, even in StrictMode', async () => {
    const getAccessToken = vi.fn(async () => TOKEN);
    render(
      <StrictMode>
        <PortalProvider getAccessToken={getAccessToken}>
          <span>child</span>
        </PortalProvider>
      </StrictMode>,
    );
    await act(flush);
    expect(getAccessToken).toHaveBeenCalledTimes(1);
  });
});
