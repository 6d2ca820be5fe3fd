import { act, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { PortalGate, PortalProvider, SelfServePortalButton, type PortalAccess } from '../../src';
import { flush } from './renderPortal';

function App({ access }: { access: PortalAccess }) {
  return (
    <PortalProvider access={access} getAccessToken={async () => null}>
      <nav>
        <PortalGate permission="org:write:billing" loading={<span>Checking…</span>} fallback={<span>No billing</span>}>
          <SelfServePortalButton subNav="organization_payment_details">Billing</SelfServePortalButton>
        </PortalGate>
        <SelfServePortalButton subNav="profile">Profile</SelfServePortalButton>
      </nav>
    </PortalProvider>
  );
}

describe('server rendering', () => {
  it('renders loading gates and an idle button on the server, then hydrates without a warning', async () => {
    const html = renderToString(<App access={{ status: 'loading' }} />);
    expect(html).toContain('Checking…');
    expect(html).not.toContain('Billing');
    expect(html).toContain('data-state="idle"');

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    const errors = vi.spyOn(console, 'error');
    const recoverable = vi.fn();
    let root!: ReturnType<typeof hydrateRoot>;
    await act(async () => {
      root = hydrateRoot(container, <App access={{ status: 'ready', orgCode: 'org_acme', permissions: ['org:write:billing'] }} />, {
        onRecoverableError: recoverable,
      });
      await flush();
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Billing' })).toBeTruthy();
    expect(screen.queryByText('Checking…')).toBeNull();
    act(() => root.unmount());
    container.remove();
  });

  it('renders on a server without window and without making requests', async () => {
    const getAccessToken = vi.fn(async () => 'token');
    const savedWindow = globalThis.window;
    // @ts-expect-error simulating a server: no window during render
    delete globalThis.window;
    try {
      const html = renderToString(
        <PortalProvider getAccessToken={getAccessToken}>
          <SelfServePortalButton>Profile</SelfServePortalButton>
        </PortalProvider>,
      );
      expect(html).toContain('Profile');
    } finally {
      globalThis.window = savedWindow;
    }
    expect(getAccessToken).not.toHaveBeenCalled();
  });
});
