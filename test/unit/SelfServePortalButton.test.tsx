import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { SelfServePortalButton, type PortalError } from '../../src';
import { TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { portal, requests, server } from '../setup/mswServer';
import { flush, renderPortal } from './renderPortal';

const button = (name = 'Members') => screen.getByRole('button', { name });

describe('SelfServePortalButton', () => {
  it('renders a plain button, mints nothing on render, and passes no portal props to the DOM', async () => {
    const ref = createRef<HTMLButtonElement>();
    renderPortal(
      <SelfServePortalButton ref={ref} subNav="organization_members" returnUrl="/back" prefetch="none" target="_self" className="menu" data-x="1">
        Members
      </SelfServePortalButton>,
    );
    await flush();
    const el = button();
    expect(el.tagName).toBe('BUTTON');
    expect(el).toHaveProperty('type', 'button');
    expect(ref.current).toBe(el);
    expect(el.className).toBe('menu');
    expect(el.getAttribute('data-x')).toBe('1');
    for (const leaked of ['subnav', 'subNav', 'returnurl', 'returnUrl', 'prefetch', 'target']) {
      expect(el.hasAttribute(leaked)).toBe(false);
    }
    expect(requests).toHaveLength(0);
  });

  it('one click: one request, then navigates to the link with the current page as return URL', async () => {
    const { navigate } = renderPortal(<SelfServePortalButton subNav="organization_members">Members</SelfServePortalButton>);
    await userEvent.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(navigate.mock.calls[0]![0]).toMatch(new RegExp(`^${TEST_DOMAIN}/portal\\?subnav=organization_members&key=\\d+$`));
    expect(requests).toHaveLength(1);
    const query = new URL(requests[0]!.url).searchParams;
    expect(query.get('subnav')).toBe('organization_members');
    expect(query.get('return_url')).toBe(window.location.href);
  });

  it('a burst of clicks, Enter and Space while pending sends one request', async () => {
    server.use(portal.success({ delayMs: 50 }));
    const { navigate } = renderPortal(<SelfServePortalButton subNav="organization_members">Members</SelfServePortalButton>);
    const user = userEvent.setup();
    await user.dblClick(button());
    button().focus();
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    await user.click(button());
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 80));
    expect(requests).toHaveLength(1);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('while pending it is busy but keeps focus and its name', async () => {
    server.use(portal.pending());
    renderPortal(<SelfServePortalButton subNav="organization_members">Members</SelfServePortalButton>);
    const el = button();
    expect(el.getAttribute('aria-busy')).toBeNull();
    el.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(el.getAttribute('aria-busy')).toBe('true'));
    expect(el.getAttribute('aria-disabled')).toBe('true');
    expect(el.getAttribute('data-state')).toBe('pending');
    expect(el).toHaveProperty('disabled', false);
    expect(document.activeElement).toBe(el);
    expect(button('Members')).toBe(el);
  });

  it("runs the consumer's onClick first; preventDefault there cancels", async () => {
    const order: string[] = [];
    const { navigate } = renderPortal(
      <SelfServePortalButton
        subNav="profile"
        onClick={(event) => {
          order.push('consumer');
          event.preventDefault();
        }}
      >
        Profile
      </SelfServePortalButton>,
    );
    await userEvent.click(button('Profile'));
    await flush();
    expect(order).toEqual(['consumer']);
    expect(requests).toHaveLength(0);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('reports a failure once to onError, shows it, and works again afterwards', async () => {
    server.use(portal.status(503));
    const onError = vi.fn<(e: PortalError) => void>();
    const { navigate } = renderPortal(
      <SelfServePortalButton subNav="profile" onError={onError}>
        {({ status, error }) => (status === 'error' ? `Retry (${error?.code} ${error?.status})` : 'Profile')}
      </SelfServePortalButton>,
    );
    await userEvent.click(button('Profile'));
    await screen.findByRole('button', { name: 'Retry (http 503)' });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0].retryable).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
    server.resetHandlers();
    await userEvent.click(button('Retry (http 503)'));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests).toHaveLength(2);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('asChild renders the link itself, composes handlers and never follows its href', async () => {
    const childClick = vi.fn();
    const { navigate } = renderPortal(
      <SelfServePortalButton asChild subNav="plan_details" className="slot">
        <a href="/fallback" className="child" onClick={childClick}>
          Plan
        </a>
      </SelfServePortalButton>,
    );
    const link = screen.getByRole('link', { name: 'Plan' });
    expect(link.className).toBe('slot child');
    expect(link.hasAttribute('type')).toBe(false);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    act(() => {
      link.dispatchEvent(click);
    });
    expect(click.defaultPrevented).toBe(true);
    expect(childClick).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });

  it('asChild: a child that prevents default on hover or focus stops the prefetch', async () => {
    renderPortal(
      <SelfServePortalButton asChild prefetch="intent">
        <a href="/x" onPointerEnter={(e) => e.preventDefault()} onFocus={(e) => e.preventDefault()}>
          Profile
        </a>
      </SelfServePortalButton>,
    );
    await act(flush);
    fireEvent.pointerEnter(screen.getByRole('link'));
    fireEvent.focus(screen.getByRole('link'));
    await act(flush);
    await act(flush);
    expect(requests).toHaveLength(0);
  });

  it('asChild with anything but one element is a clear developer error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      renderPortal(
        <SelfServePortalButton asChild>
          text
        </SelfServePortalButton>,
      ),
    ).toThrow(/asChild needs exactly one element child/);
  });

  describe('target="_blank"', () => {
    it('opens a placeholder inside the click and points it at the link', async () => {
      const tab = { opener: {}, document: { title: '' }, location: { href: 'about:blank' }, close: vi.fn() };
      const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
      const { navigate } = renderPortal(<SelfServePortalButton target="_blank">Profile</SelfServePortalButton>);
      fireEvent.click(button('Profile'));
      expect(open).toHaveBeenCalledTimes(1); // synchronously, inside the click
      expect(tab.opener).toBeNull();
      await waitFor(() => expect(tab.location.href).toMatch(`${TEST_DOMAIN}/portal?subnav=profile`));
      expect(navigate).not.toHaveBeenCalled();
      expect(tab.close).not.toHaveBeenCalled();
      await waitFor(() => expect(button('Profile').getAttribute('data-state')).toBe('idle'));
    });

    it('closes the placeholder when the link fails', async () => {
      server.use(portal.status(500));
      const tab = { opener: {}, document: { title: '' }, location: { href: 'about:blank' }, close: vi.fn() };
      vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
      renderPortal(<SelfServePortalButton target="_blank">Profile</SelfServePortalButton>);
      fireEvent.click(button('Profile'));
      await waitFor(() => expect(tab.close).toHaveBeenCalledTimes(1));
      expect(tab.location.href).toBe('about:blank');
    });

    it('reports popup_blocked, with no request, when the browser refuses the tab', async () => {
      vi.spyOn(window, 'open').mockReturnValue(null);
      const onError = vi.fn();
      renderPortal(
        <SelfServePortalButton target="_blank" onError={onError}>
          Profile
        </SelfServePortalButton>,
      );
      fireEvent.click(button('Profile'));
      await flush();
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'popup_blocked' }));
      expect(requests).toHaveLength(0);
    });
  });

  describe('prefetch="intent"', () => {
    it('mints on hover so the click goes at once, without a second request', async () => {
      const { navigate } = renderPortal(<SelfServePortalButton prefetch="intent">Profile</SelfServePortalButton>);
      await userEvent.hover(button('Profile'));
      await waitFor(() => expect(requests).toHaveLength(1));
      await flush();
      await userEvent.click(button('Profile'));
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
      expect(requests).toHaveLength(1);
    });

    it('never reuses a used link, and discards one older than maxAgeMs', async () => {
      const { navigate } = renderPortal(
        <SelfServePortalButton prefetch="intent" maxAgeMs={20}>
          Profile
        </SelfServePortalButton>,
      );
      await userEvent.hover(button('Profile'));
      await waitFor(() => expect(requests).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 40)); // the prefetched link is now too old
      await userEvent.click(button('Profile'));
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
      expect(requests).toHaveLength(2);
      await userEvent.click(button('Profile'));
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(2));
      expect(requests).toHaveLength(3);
      expect(navigate.mock.calls[1]![0]).not.toBe(navigate.mock.calls[0]![0]);
    });

    it('a failed prefetch is silent and the click mints afresh', async () => {
      server.use(portal.status(500));
      const onError = vi.fn();
      const { navigate } = renderPortal(
        <SelfServePortalButton prefetch="intent" onError={onError}>
          Profile
        </SelfServePortalButton>,
      );
      await userEvent.hover(button('Profile'));
      await waitFor(() => expect(requests).toHaveLength(1));
      await flush();
      expect(onError).not.toHaveBeenCalled();
      expect(button('Profile').getAttribute('data-state')).toBe('idle');
      server.resetHandlers();
      await userEvent.click(button('Profile'));
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
      expect(requests).toHaveLength(2);
    });

    it('a click during the prefetch joins it instead of sending another request', async () => {
      server.use(portal.success({ delayMs: 40 }));
      const { navigate } = renderPortal(<SelfServePortalButton prefetch="intent">Profile</SelfServePortalButton>);
      fireEvent.pointerEnter(button('Profile'));
      fireEvent.click(button('Profile'));
      await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
      expect(requests).toHaveLength(1);
    });

    it('autoFocus prefetches on the initial focus, before the mount effect has run', async () => {
      renderPortal(
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the case under test
        <SelfServePortalButton prefetch="intent" autoFocus>
          Profile
        </SelfServePortalButton>,
      );
      expect(document.activeElement).toBe(button('Profile'));
      await waitFor(() => expect(requests).toHaveLength(1));
    });

    it('without prefetch, hover and focus mint nothing', async () => {
      renderPortal(<SelfServePortalButton>Profile</SelfServePortalButton>);
      await userEvent.hover(button('Profile'));
      button('Profile').focus();
      await flush();
      expect(requests).toHaveLength(0);
    });
  });
});
