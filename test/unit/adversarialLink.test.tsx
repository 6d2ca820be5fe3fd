import { act, render, renderHook, screen, fireEvent } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PortalProvider, SelfServePortalButton, usePortalLink, type PortalAccess } from '../../src';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';
import { openOnce, portalWrapper } from './renderPortal';

const wrapper = portalWrapper;

describe('found by adversarial review: link controller', () => {
  afterEach(() => vi.restoreAllMocks());

  it('B1 target=_blank: a placeholder whose location assignment throws must not leave the button stuck / reject unhandled', async () => {
    const closed = vi.fn();
    const hostile = {
      opener: {},
      document: { title: '' },
      close: closed,
      get location(): never {
        throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
      },
    };
    vi.spyOn(window, 'open').mockReturnValue(hostile as unknown as Window);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent | unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const onError = vi.fn();
    const { result } = renderHook(() => usePortalLink({ target: '_blank', onError }), { wrapper: wrapper() });
    await act(async () => {
      void result.current.open();
      await delay(50);
    });
    process.off('unhandledRejection', onUnhandled);
    // Expect: an error reported, placeholder closed, not stuck in redirecting.
    expect({ status: result.current.status, onErrorCalls: onError.mock.calls.length, unhandled: unhandled.length }).toEqual({
      status: 'error',
      onErrorCalls: 1,
      unhandled: 0,
    });
  });

  it('B2 open() during getUrl() must not be swallowed (click navigates)', async () => {
    server.use(portal.success({ delayMs: 30 }));
    const navigate = vi.fn();
    const { result } = renderHook(() => usePortalLink(), { wrapper: wrapper({ navigate }) });
    let p!: Promise<URL>;
    await act(async () => {
      p = result.current.getUrl();
      await delay(1);
      await result.current.open(); // a user click while getUrl is pending
      await p;
      await delay(60);
    });
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('B3 Account API answering {url: {url: "https://domain/..."}} (non-string url) must be invalid_response', async () => {
    server.use(portal.url({ url: `${TEST_DOMAIN}/portal?key=1` }));
    const { navigate, onError } = await openOnce();
    expect(navigate).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]?.[0]?.code).toBe('invalid_response');
  });

  it('B4 Account API answering {url: URL-like object with href}', async () => {
    server.use(portal.url([`${TEST_DOMAIN}/portal?key=1`]));
    const { navigate, onError } = await openOnce();
    expect(navigate).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]?.[0]?.code).toBe('invalid_response');
  });
});
