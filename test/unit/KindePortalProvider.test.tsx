import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PortalGate, SelfServePortalButton } from '../../src';
import { KindePortalProvider } from '../../src/kinde';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { requests, server } from '../setup/mswServer';
import { flush } from './renderPortal';

type KindeState = {
  isLoading: boolean;
  isAuthenticated: boolean;
  user: unknown;
  getAccessToken: () => Promise<string | undefined>;
  refreshToken: (options: { domain: string; clientId: string }) => Promise<{ success: boolean; accessToken?: string }>;
};
let kinde: KindeState;

vi.mock('@kinde-oss/kinde-auth-react', () => ({ useKindeAuth: () => kinde }));

const acme = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'], azp: 'spa-client' });

function Menu() {
  return (
    <KindePortalProvider navigate={navigate}>
      <PortalGate permission="org:write:billing" loading="loading" fallback="no billing">
        <SelfServePortalButton subNav="organization_payment_details">Billing</SelfServePortalButton>
      </PortalGate>
    </KindePortalProvider>
  );
}
const navigate = vi.fn();

beforeEach(() => {
  navigate.mockReset();
  kinde = {
    isLoading: false,
    isAuthenticated: true,
    user: { id: 'kp_1' },
    getAccessToken: vi.fn(async () => acme),
    refreshToken: vi.fn(async () => ({ success: true, accessToken: acme })),
  };
});

describe('KindePortalProvider', () => {
  it('shows loading while Kinde loads, then the token’s permissions', async () => {
    kinde.isLoading = true;
    const { rerender } = render(<Menu />);
    expect(document.body.textContent).toBe('loading');
    kinde = { ...kinde, isLoading: false };
    rerender(<Menu />);
    await act(flush);
    expect(screen.getByRole('button', { name: 'Billing' })).toBeTruthy();
  });

  it('signed out: gates closed, no token requested for access', async () => {
    kinde.isAuthenticated = false;
    render(<Menu />);
    await act(flush);
    expect(document.body.textContent).toBe('no billing');
  });

  it('mints with the Kinde token on the token’s issuer', async () => {
    render(<Menu />);
    await userEvent.click(await screen.findByRole('button', { name: 'Billing' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${acme}`);
    expect(requests[0]!.url.startsWith(`${TEST_DOMAIN}/account_api/v1/portal_link?`)).toBe(true);
  });

  it('after a 401 refreshes through Kinde with the token’s azp as client id', async () => {
    const fresh = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'], sub: 'fresh' });
    kinde.refreshToken = vi.fn(async () => ({ success: true, accessToken: fresh }));
    server.use(
      http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, ({ request }) =>
        request.headers.get('authorization') === `Bearer ${fresh}`
          ? HttpResponse.json({ url: `${TEST_DOMAIN}/portal?key=2` })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    render(<Menu />);
    await userEvent.click(await screen.findByRole('button', { name: 'Billing' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(`${TEST_DOMAIN}/portal?key=2`));
    expect(kinde.refreshToken).toHaveBeenCalledWith({ domain: TEST_DOMAIN, clientId: 'spa-client' });
  });

  it('a failed Kinde refresh is token_unavailable', async () => {
    kinde.refreshToken = vi.fn(async () => ({ success: false }));
    server.use(http.get(`${TEST_DOMAIN}/account_api/v1/portal_link`, () => new HttpResponse(null, { status: 401 })));
    const onError = vi.fn();
    render(
      <KindePortalProvider navigate={navigate}>
        <SelfServePortalButton onError={onError}>Profile</SelfServePortalButton>
      </KindePortalProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Profile' }));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'token_unavailable' })));
    expect(navigate).not.toHaveBeenCalled();
  });

  it('a token from another organization switches the gates', async () => {
    render(<Menu />);
    await screen.findByRole('button', { name: 'Billing' });
    const globex = createTestAccessToken({ orgCode: 'org_globex', permissions: [] });
    kinde.getAccessToken = vi.fn(async () => globex);
    kinde = { ...kinde, user: { id: 'kp_1', org: 'globex' } };
    render(<Menu />, { container: document.body.firstElementChild as HTMLElement });
    await act(flush);
    expect(document.body.textContent).toBe('no billing');
  });
});
