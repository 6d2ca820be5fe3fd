import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState, type ReactNode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PortalProvider,
  SelfServePortalButton,
  usePortalLink,
  type PortalAccess,
  type PortalError,
  type PortalProviderProps,
  type SelfServePortalButtonProps,
} from '../../src';
import { createLinkController, REDIRECT_RECOVERY_MS } from '../../src/react/createLinkController';
import { createPortalStore } from '../../src/react/createPortalStore';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';
import { flush, TOKEN } from './renderPortal';
import { collectEscapes } from '../support/collectEscapes';

// Races between a request in flight and everything a real page does meanwhile:
// props changing, org switches, unmounts, the page being left or restored, a
// navigation that never happens, callbacks that throw. usePortalLink.test.tsx
// covers the basic aborts; these are the cases around them.

const ACME: PortalAccess = { status: 'ready', orgCode: 'org_acme', permissions: [] };
const GLOBEX: PortalAccess = { status: 'ready', orgCode: 'org_globex', permissions: [] };

const { unhandled, uncaught } = collectEscapes();
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A fetchLink that ignores its signal: each call waits until the test resolves it. */
function manualFetchLink() {
  const calls: { subNav: string; returnUrl: string; signal: AbortSignal; resolve: (url: string) => void }[] = [];
  const fetchLink = vi.fn(
    (request: { subNav: string; returnUrl: string; signal: AbortSignal }) =>
      new Promise<string>((resolve) => calls.push({ ...request, resolve })),
  );
  return { fetchLink, calls };
}

interface HarnessProps {
  provider?: Partial<PortalProviderProps>;
  button?: Partial<SelfServePortalButtonProps>;
  strict?: boolean;
  children?: ReactNode;
}

function Harness({ provider, button, strict, children }: HarnessProps) {
  const tree = (
    <PortalProvider getAccessToken={async () => TOKEN} {...provider}>
      <SelfServePortalButton {...button}>Profile</SelfServePortalButton>
      {children}
    </PortalProvider>
  );
  return strict ? <StrictMode>{tree}</StrictMode> : tree;
}

const button = () => screen.getByRole('button', { name: 'Profile' });
const state = () => button().getAttribute('data-state');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const link = (key: string) => `${TEST_DOMAIN}/portal?key=${key}`;

function fakeTab(overrides: Record<string, unknown> = {}) {
  return { closed: false, opener: {}, document: { title: '' }, location: { href: 'about:blank' }, close: vi.fn(), ...overrides };
}

/** Replaces same-tab navigation, which jsdom cannot do, with a spy. */
function stubLocation() {
  const assign = vi.fn<(url: string) => void>();
  vi.stubGlobal('location', { href: 'http://localhost:3000/account', origin: 'http://localhost:3000', assign });
  return assign;
}

/** Lets a chain of already-settled promises run to its end (under fake timers too). */
const drain = () =>
  act(async () => {
    for (let i = 0; i < 30; i += 1) await Promise.resolve();
  });

function persistedEvent(type: 'pageshow' | 'pagehide', persisted: boolean) {
  const event = new Event(type);
  Object.defineProperty(event, 'persisted', { value: persisted });
  return event;
}

describe('a request in flight while props change', () => {
  it('after subNav changes mid-flight, the next click mints for the new section and only its link is followed', async () => {
    const { fetchLink, calls } = manualFetchLink();
    const navigate = vi.fn();
    const provider = { fetchLink, allowedPortalOrigins: [TEST_DOMAIN], navigate };
    const view = render(<Harness provider={provider} button={{ subNav: 'profile' }} />);
    fireEvent.click(button());
    await waitFor(() => expect(calls).toHaveLength(1));
    view.rerender(<Harness provider={provider} button={{ subNav: 'plan_details' }} />);
    expect(state()).toBe('idle');
    expect(calls[0]!.signal.aborted).toBe(true);

    fireEvent.click(button());
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.subNav).toBe('plan_details');
    // The old section's answer arrives first: it must not navigate nor end the new request.
    await act(async () => {
      calls[0]!.resolve(link('stale'));
      await flush();
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(state()).toBe('pending');
    await act(async () => {
      calls[1]!.resolve(link('fresh'));
      await flush();
    });
    expect(navigate.mock.calls).toEqual([[link('fresh')]]);
  });

  it('a prefetched link is not followed when the click itself changes the section (abort in the same task)', async () => {
    // The prefetched link is already there, so the click's operation resumes one
    // microtask later; the consumer's onClick re-renders the button with another
    // section before that. Only the stale-operation check stands in the way.
    let n = 0;
    const fetchLink = vi.fn(async ({ subNav }: { subNav: string }) => link(`${subNav}-${++n}`));
    const navigate = vi.fn();
    function Menu() {
      const [section, setSection] = useState<'profile' | 'plan_details'>('profile');
      return (
        <PortalProvider getAccessToken={async () => TOKEN} fetchLink={fetchLink} allowedPortalOrigins={[TEST_DOMAIN]} navigate={navigate}>
          <SelfServePortalButton subNav={section} prefetch="intent" onClick={() => setSection('plan_details')}>
            Profile
          </SelfServePortalButton>
        </PortalProvider>
      );
    }
    render(<Menu />);
    await act(flush);
    fireEvent.pointerEnter(button());
    await waitFor(() => expect(fetchLink).toHaveBeenCalledTimes(1));
    await act(flush);
    fireEvent.click(button());
    await act(flush);
    expect(navigate).not.toHaveBeenCalledWith(link('profile-1'));
    expect(navigate).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('a late answer for the old returnUrl never navigates and never sets state', async () => {
    const { fetchLink, calls } = manualFetchLink();
    const navigate = vi.fn();
    const onError = vi.fn();
    const provider = { fetchLink, allowedPortalOrigins: [TEST_DOMAIN], navigate };
    const view = render(<Harness provider={provider} button={{ returnUrl: '/a', onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.returnUrl).toBe('http://localhost:3000/a');
    view.rerender(<Harness provider={provider} button={{ returnUrl: '/b', onError }} />);
    expect(state()).toBe('idle');
    await act(async () => {
      calls[0]!.resolve('https://evil.test/not-even-checked');
      await flush();
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('the same returnUrl given as a new URL object is not a change', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const view = render(<Harness provider={{ navigate }} button={{ returnUrl: new URL('http://localhost:3000/a') }} />);
    fireEvent.click(button());
    view.rerender(<Harness provider={{ navigate }} button={{ returnUrl: new URL('http://localhost:3000/a') }} />);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it('an org switch mid-flight drops the late answer of a fetchLink that ignores its signal; the next click works', async () => {
    const { fetchLink, calls } = manualFetchLink();
    const navigate = vi.fn();
    const onError = vi.fn();
    const provider = { fetchLink, allowedPortalOrigins: [TEST_DOMAIN], navigate };
    const view = render(<Harness provider={{ ...provider, access: ACME }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(calls).toHaveLength(1));
    view.rerender(<Harness provider={{ ...provider, access: GLOBEX }} button={{ onError }} />);
    expect(state()).toBe('idle');
    await act(async () => {
      calls[0]!.resolve(link('acme'));
      await flush();
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();

    fireEvent.click(button());
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => {
      calls[1]!.resolve(link('globex'));
      await flush();
    });
    expect(navigate.mock.calls).toEqual([[link('globex')]]);
  });

  it('a click made while access is loading is not aborted when access arrives', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const view = render(<Harness provider={{ navigate, access: { status: 'loading' } }} />);
    fireEvent.click(button());
    view.rerender(<Harness provider={{ navigate, access: ACME }} />);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it('…but once access arrived, a switch to another org still aborts that click', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const view = render(<Harness provider={{ navigate, access: { status: 'loading' } }} />);
    fireEvent.click(button());
    view.rerender(<Harness provider={{ navigate, access: ACME }} />);
    view.rerender(<Harness provider={{ navigate, access: GLOBEX }} />);
    await wait(60);
    expect(navigate).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('without an access prop, the token the click itself obtains is the org it is for, not a switch away from it', async () => {
    // The provider learned org_acme from its first token; since then the user's
    // session moved to org_globex. The click mints with the new token, for the
    // new org: that is not a stale answer, and the click must not silently do nothing.
    let token = createTestAccessToken({ orgCode: 'org_acme' });
    const navigate = vi.fn();
    const onError = vi.fn();
    render(<Harness provider={{ navigate, getAccessToken: async () => token }} button={{ onError }} />);
    await act(flush);
    token = createTestAccessToken({ orgCode: 'org_globex' });
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${token}`]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a token getter that resolves after unmount causes no request', async () => {
    let release!: (token: string) => void;
    let calls = 0;
    const getAccessToken = () => {
      calls += 1;
      return calls === 1 ? Promise.resolve(TOKEN) : new Promise<string>((resolve) => (release = resolve));
    };
    const navigate = vi.fn();
    const view = render(<Harness provider={{ navigate, getAccessToken }} />);
    await act(flush); // the provider's own probe took the first call
    fireEvent.click(button());
    await waitFor(() => expect(calls).toBe(2));
    view.unmount();
    release(TOKEN);
    await wait(30);
    expect(requests).toHaveLength(0);
    expect(navigate).not.toHaveBeenCalled();
    expect(unhandled).toEqual([]);
  });

  it('a refresh that resolves after unmount sends no retry', async () => {
    server.use(portal.status(401));
    let release!: (token: string) => void;
    const refreshAccessToken = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const onError = vi.fn();
    const view = render(<Harness provider={{ navigate: vi.fn(), refreshAccessToken }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(refreshAccessToken).toHaveBeenCalledTimes(1));
    view.unmount();
    release(createTestAccessToken({ sub: 'kp_refreshed' }));
    await wait(30);
    expect(requests).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(unhandled).toEqual([]);
  });

  it('a fetchLink that ignores its signal and answers after the timeout: one timeout report, no navigation', async () => {
    const { fetchLink, calls } = manualFetchLink();
    const navigate = vi.fn();
    const onError = vi.fn<(e: PortalError) => void>();
    render(<Harness provider={{ fetchLink, allowedPortalOrigins: [TEST_DOMAIN], navigate, timeoutMs: 40 }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(onError.mock.calls[0]![0].code).toBe('timeout');
    expect(calls[0]!.signal.aborted).toBe(true);
    await act(async () => {
      calls[0]!.resolve(link('late'));
      await flush();
    });
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(state()).toBe('error');
  });

  it('getUrl() in flight at unmount rejects with an AbortError and reports nothing', async () => {
    server.use(portal.pending());
    const onError = vi.fn();
    const { result, unmount } = renderHook(() => usePortalLink({ onError }), {
      wrapper: ({ children }) => <PortalProvider getAccessToken={async () => TOKEN}>{children}</PortalProvider>,
    });
    let outcome!: Promise<unknown>;
    act(() => {
      outcome = result.current.getUrl().then(
        () => 'resolved',
        (error: unknown) => error,
      );
    });
    await waitFor(() => expect(requests).toHaveLength(1));
    unmount();
    expect(await outcome).toMatchObject({ name: 'AbortError' });
    expect(onError).not.toHaveBeenCalled();
  });

  it('a prefetched link taken by the click never navigates when a cancel lands before the click resumes', async () => {
    const navigate = vi.fn();
    const store = createPortalStore({ fetchLink: async () => `${TEST_DOMAIN}/p`, allowedPortalOrigins: [TEST_DOMAIN], navigate }, undefined, undefined);
    const options = { subNav: 'profile', prefetch: 'intent' } as const;
    const controller = createLinkController(store, options);
    controller.prefetch();
    await flush(); // the prefetched link is ready
    const done = controller.open(); // takes it; resumes a few microtasks later
    queueMicrotask(() => controller.setOptions({ ...options, subNav: 'organization_members' })); // cancels in between
    await done;
    await flush();
    expect(navigate).not.toHaveBeenCalled();
    expect(controller.getState().status).toBe('idle');
  });
});

describe('leaving the page and coming back', () => {
  it('pagehide mid-flight closes the placeholder tab, silently', async () => {
    server.use(portal.pending());
    const tab = fakeTab();
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const onError = vi.fn();
    render(<Harness button={{ target: '_blank', onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => void window.dispatchEvent(persistedEvent('pagehide', false)));
    expect(tab.close).toHaveBeenCalledTimes(1);
    expect(tab.location.href).toBe('about:blank');
    await wait(20);
    expect(onError).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('a pageshow that is not a bfcache restore (a normal load) does not abort', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    render(<Harness provider={{ navigate }} />);
    fireEvent.click(button());
    act(() => void window.dispatchEvent(persistedEvent('pageshow', false)));
    expect(state()).toBe('pending');
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it('switching to another tab (visibilitychange) does not abort', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    render(<Harness provider={{ navigate }} />);
    fireEvent.click(button());
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it('a page put in the bfcache mid-flight and restored is idle, and its next click mints afresh', async () => {
    server.use(portal.pending());
    const navigate = vi.fn();
    const onError = vi.fn();
    render(<Harness provider={{ navigate }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => void window.dispatchEvent(persistedEvent('pagehide', true)));
    act(() => void window.dispatchEvent(persistedEvent('pageshow', true)));
    expect(state()).toBe('idle');
    server.resetHandlers();
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a link prefetched before the page was hidden is not used after it is restored', async () => {
    let n = 0;
    const fetchLink = vi.fn(async () => link(String(++n)));
    const navigate = vi.fn();
    render(<Harness provider={{ navigate, fetchLink, allowedPortalOrigins: [TEST_DOMAIN] }} button={{ prefetch: 'intent' }} />);
    await act(flush); // access known first, so the prefetch would be usable if it were kept
    fireEvent.pointerEnter(button());
    await waitFor(() => expect(fetchLink).toHaveBeenCalledTimes(1));
    await act(flush);
    act(() => void window.dispatchEvent(persistedEvent('pagehide', true)));
    act(() => void window.dispatchEvent(persistedEvent('pageshow', true)));
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(fetchLink).toHaveBeenCalledTimes(2);
    expect(navigate.mock.calls[0]).toEqual([link('2')]);
  });
});

describe('a same-tab navigation that never happens', () => {
  it(`stays busy, ignores clicks, and is usable again after ${REDIRECT_RECOVERY_MS} ms; the next click mints a new link`, async () => {
    const assign = stubLocation();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let n = 0;
    const fetchLink = vi.fn(async () => link(String(++n)));
    render(<Harness provider={{ fetchLink, allowedPortalOrigins: [TEST_DOMAIN] }} />);
    fireEvent.click(button());
    await drain();
    expect(assign.mock.calls).toEqual([[link('1')]]);
    expect(state()).toBe('redirecting');
    expect(button().getAttribute('aria-busy')).toBe('true');

    fireEvent.click(button());
    fireEvent.click(button());
    await drain();
    expect(fetchLink).toHaveBeenCalledTimes(1);
    expect(assign).toHaveBeenCalledTimes(1);

    await act(() => vi.advanceTimersByTimeAsync(REDIRECT_RECOVERY_MS - 1));
    expect(state()).toBe('redirecting');
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(state()).toBe('idle');
    expect(button().getAttribute('aria-busy')).toBeNull();

    fireEvent.click(button());
    await drain();
    expect(fetchLink).toHaveBeenCalledTimes(2);
    expect(assign.mock.calls[1]).toEqual([link('2')]);
  });

  it('the recovery timer of an operation ended early never cuts a later one short', async () => {
    const assign = stubLocation();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fetchLink = vi.fn(async () => link('x'));
    render(<Harness provider={{ fetchLink, allowedPortalOrigins: [TEST_DOMAIN] }} />);
    fireEvent.click(button());
    await drain();
    await act(() => vi.advanceTimersByTimeAsync(REDIRECT_RECOVERY_MS / 2));
    act(() => void window.dispatchEvent(persistedEvent('pageshow', true)));
    expect(state()).toBe('idle');
    fireEvent.click(button());
    await drain();
    expect(assign).toHaveBeenCalledTimes(2);
    await act(() => vi.advanceTimersByTimeAsync(REDIRECT_RECOVERY_MS / 2 + 1));
    expect(state()).toBe('redirecting');
    await act(() => vi.advanceTimersByTimeAsync(REDIRECT_RECOVERY_MS / 2));
    expect(state()).toBe('idle');
  });

  it.each([
    ['unmount', (view: { unmount: () => void }) => view.unmount()],
    ['pagehide', () => act(() => void window.dispatchEvent(persistedEvent('pagehide', false)))],
  ])('%s while redirecting clears the recovery timer', async (_name, leave) => {
    stubLocation();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fetchLink = vi.fn(async () => link('x'));
    const view = render(<Harness provider={{ fetchLink, allowedPortalOrigins: [TEST_DOMAIN] }} />);
    fireEvent.click(button());
    await drain();
    expect(vi.getTimerCount()).toBe(1);
    leave(view);
    await drain();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('target="_blank"', () => {
  it('the user closed the placeholder before the link arrived: silently idle, nothing navigates, nothing escapes', async () => {
    // A closed tab's browsing context is gone; pointing it somewhere may throw.
    const tab = fakeTab({
      closed: true,
      location: {
        set href(_url: string) {
          throw new TypeError("Cannot set properties of null (setting 'href')");
        },
      },
    });
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const navigate = vi.fn();
    const onError = vi.fn();
    render(<Harness provider={{ navigate }} button={{ target: '_blank', onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    await wait(30);
    expect(unhandled).toEqual([]);
    expect(navigate).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('a placeholder that refuses the link is reported once as popup_blocked and closed; the next click works', async () => {
    const refusing = fakeTab({
      location: {
        set href(_url: string) {
          throw new DOMException('Blocked by the browser', 'SecurityError');
        },
      },
    });
    const open = vi.spyOn(window, 'open').mockReturnValue(refusing as unknown as Window);
    const onError = vi.fn<(e: PortalError) => void>();
    render(<Harness button={{ target: '_blank', onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    await wait(20);
    expect(unhandled).toEqual([]);
    expect(onError.mock.calls[0]![0].code).toBe('popup_blocked');
    expect(refusing.close).toHaveBeenCalledTimes(1);
    expect(state()).toBe('error');

    const working = fakeTab();
    open.mockReturnValue(working as unknown as Window);
    fireEvent.click(button());
    await waitFor(() => expect(working.location.href).toMatch(`${TEST_DOMAIN}/portal?subnav=profile`));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['unmount', (view: { unmount: () => void }) => view.unmount()],
    ['an org switch', (view: { rerender: (ui: ReactNode) => void }) => view.rerender(<Harness provider={{ access: GLOBEX }} button={{ target: '_blank' }} />)],
  ])('%s mid-flight closes the placeholder', async (_name, interrupt) => {
    server.use(portal.pending());
    const tab = fakeTab();
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const view = render(<Harness provider={{ access: ACME }} button={{ target: '_blank' }} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    interrupt(view as never);
    expect(tab.close).toHaveBeenCalledTimes(1);
    expect(tab.location.href).toBe('about:blank');
  });
});

describe('callbacks that misbehave', () => {
  it('clicking while redirecting does nothing more: one request, one navigation, the same promise', async () => {
    const navigate = vi.fn(() => new Promise<void>(() => {}));
    const { result } = renderHook(() => usePortalLink(), {
      wrapper: ({ children }) => (
        <PortalProvider getAccessToken={async () => TOKEN} navigate={navigate}>
          {children}
        </PortalProvider>
      ),
    });
    let first!: Promise<void>;
    act(() => void (first = result.current.open()));
    await waitFor(() => expect(result.current.status).toBe('redirecting'));
    let again!: Promise<void>;
    act(() => void (again = result.current.open()));
    expect(again).toBe(first);
    await flush();
    expect(requests).toHaveLength(1);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('router exploded');
      },
    ],
    ['rejects', async () => Promise.reject(new Error('router exploded'))],
  ])('a navigate that %s is reported once, and the button works again', async (_name, broken) => {
    const onError = vi.fn<(e: PortalError) => void>();
    const navigate = vi.fn(broken as (url: string) => void);
    const view = render(<Harness provider={{ navigate }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: 'network' });
    expect(state()).toBe('error');
    const working = vi.fn();
    view.rerender(<Harness provider={{ navigate: working }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(working).toHaveBeenCalledTimes(1));
    await wait(10);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(unhandled).toEqual([]);
  });

  it('an onError that throws leaves the button usable; the throw surfaces once, as an uncaught error, not a rejection', async () => {
    server.use(portal.status(500));
    const bug = new Error('bug in the app’s onError');
    const onError = vi.fn(() => {
      throw bug;
    });
    const navigate = vi.fn();
    render(<Harness provider={{ navigate }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    await wait(20);
    expect(state()).toBe('error');
    expect(uncaught).toEqual([bug]);
    expect(unhandled).toEqual([]);
    server.resetHandlers();
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });
});

describe('StrictMode', () => {
  it('unmount mid-flight aborts silently', async () => {
    server.use(portal.pending());
    const onError = vi.fn();
    const navigate = vi.fn();
    const view = render(<Harness strict provider={{ navigate }} button={{ onError }} />);
    fireEvent.click(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    view.unmount();
    await wait(20);
    expect(onError).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('an org switch mid-flight aborts', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const view = render(<Harness strict provider={{ navigate, access: ACME }} />);
    fireEvent.click(button());
    view.rerender(<Harness strict provider={{ navigate, access: GLOBEX }} />);
    await wait(60);
    expect(navigate).not.toHaveBeenCalled();
    expect(state()).toBe('idle');
  });

  it('the double mount leaves no page listener behind after unmount', () => {
    const added = vi.spyOn(window, 'addEventListener');
    const removed = vi.spyOn(window, 'removeEventListener');
    const view = render(<Harness strict />);
    view.unmount();
    for (const type of ['pagehide', 'pageshow']) {
      const adds = added.mock.calls.filter(([t]) => t === type).map(([, fn]) => fn);
      const removes = removed.mock.calls.filter(([t]) => t === type).map(([, fn]) => fn);
      expect(adds.length).toBeGreaterThan(0);
      expect(new Set(removes)).toEqual(new Set(adds));
    }
  });

  it('prefetch on hover sends one request, and the click uses it', async () => {
    const navigate = vi.fn();
    render(<Harness strict provider={{ navigate }} button={{ prefetch: 'intent' }} />);
    await act(flush);
    fireEvent.pointerEnter(button());
    await waitFor(() => expect(requests).toHaveLength(1));
    await act(flush);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(1);
  });

  it('hydrating server HTML sends no request; the first click after it sends one', async () => {
    const navigate = vi.fn();
    const ui = <Harness strict provider={{ navigate, access: ACME }} />;
    // Rendering "on the server" inside jsdom makes React 18 warn that layout effects
    // don't run there; a real server has no document and uses plain effects.
    const serverLog = vi.spyOn(console, 'error').mockImplementation(() => {});
    const html = renderToString(ui);
    const serverErrors = serverLog.mock.calls.filter(([message]) => !String(message).includes('useLayoutEffect does nothing on the server'));
    serverLog.mockRestore();
    expect(serverErrors).toEqual([]);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    const recoverable = vi.fn();
    const clientLog = vi.spyOn(console, 'error');
    let root!: ReturnType<typeof hydrateRoot>;
    await act(async () => {
      root = hydrateRoot(container, ui, { onRecoverableError: recoverable });
      await flush();
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(clientLog).not.toHaveBeenCalled();
    expect(requests).toHaveLength(0);
    fireEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(1);
    act(() => root.unmount());
    container.remove();
  });
});
