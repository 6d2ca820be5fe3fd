import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { SelfServePortalButton, type PortalErrorCode } from '../src';
import { ButtonWithErrorMessage } from './support/ButtonWithErrorMessage';
import { stubWindowOpen } from './support/fakeTabs';
import { accountApiRequests, portal } from './support/network';

const meta = {
  title: 'Components/SelfServePortalButton/Errors',
  component: SelfServePortalButton,
  render: (args) => <ButtonWithErrorMessage {...args} />,
  parameters: {
    msw: { handlers: [portal.success()] },
    docs: {
      description: {
        component: [
          'Every way getting the link can fail, each a `PortalError` with a `code` that reaches `onError`',
          '(and the render-function child) exactly once. Nothing navigates, the button is usable again,',
          'and the app decides what to say: these stories show an alert region fed from `onError`.',
        ].join(' '),
      },
    },
  },
  args: { subNav: 'organization_members', children: 'Members', onError: fn() },
} satisfies Meta<typeof SelfServePortalButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Click, then the user sees the message, the button is idle-but-failed, and nothing navigated. */
function failsWith(code: PortalErrorCode, message: string | RegExp, { requests }: { requests: number }): NonNullable<Story['play']> {
  return async ({ canvas, args }) => {
    const button = canvas.getByRole('button', { name: 'Members' });
    await userEvent.click(button);
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent(message));
    await expect(alert).toHaveTextContent(`(${code}`);
    await expect(button).toHaveAttribute('data-state', 'error');
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(button).not.toHaveAttribute('aria-disabled');
    await expect(args.onError).toHaveBeenCalledTimes(1);
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code }));
    await expect(accountApiRequests).toHaveLength(requests);
    await expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent('No navigation yet.');
  };
}

/** `getAccessToken()` resolved `null`: signed out. No request is made. */
export const Unauthenticated: Story = {
  parameters: { portal: { getAccessToken: async () => null } },
  play: failsWith('unauthenticated', 'You are signed out.', { requests: 0 }),
};

/** `getAccessToken()` threw (storage blocked, refresh failed…). No request is made. */
export const TokenUnavailable: Story = {
  parameters: {
    portal: {
      getAccessToken: async () => {
        throw new Error('Session storage is not available');
      },
    },
  },
  play: failsWith('token_unavailable', 'We could not confirm your session.', { requests: 0 }),
};

/** The Account API answered 403: the token is not allowed a portal link. */
export const Forbidden: Story = {
  parameters: { msw: { handlers: [portal.status(403)] } },
  play: failsWith('forbidden', 'not allowed to open this page', { requests: 1 }),
};

/** 429 with `Retry-After: 30`: `retryable`, and `retryAfter` is 30 seconds. */
export const RateLimited: Story = {
  parameters: { msw: { handlers: [portal.status(429, { retryAfter: '30' })] } },
  play: async (context) => {
    await failsWith('rate_limited', 'Try again in 30 seconds.', { requests: 1 })(context);
    await expect(context.args.onError).toHaveBeenCalledWith(expect.objectContaining({ retryAfter: 30, retryable: true }));
  },
};

/** A 500 from the Account API: `http` with its status, retryable. */
export const ServerError: Story = {
  parameters: { msw: { handlers: [portal.status(500)] } },
  play: failsWith('http', 'The account service failed (HTTP 500).', { requests: 1 }),
};

/** The request never reached the service (offline, DNS, CORS). */
export const NetworkError: Story = {
  parameters: { msw: { handlers: [portal.networkError()] } },
  play: failsWith('network', 'No connection to the account service.', { requests: 1 }),
};

/** No answer within the provider's `timeoutMs` (300 ms here, 15 s by default). */
export const Timeout: Story = {
  parameters: { msw: { handlers: [portal.pending()] }, portal: { timeoutMs: 300 } },
  play: failsWith('timeout', 'took too long to answer', { requests: 1 }),
};

/** A `returnUrl` outside `allowedReturnOrigins` (here `//evil.example/back`) is refused before any request. */
export const InvalidReturnUrl: Story = {
  args: { returnUrl: '//evil.example/back' },
  play: failsWith('invalid_return_url', 'cannot be used as the return address', { requests: 0 }),
};

/** A 200 whose link points outside `allowedPortalOrigins` is never followed. */
export const InvalidResponse: Story = {
  parameters: { msw: { handlers: [portal.url('https://phish.example/portal?key=1')] } },
  play: failsWith('invalid_response', 'an answer we do not trust', { requests: 1 }),
};

/** `target="_blank"` and the browser refused the new tab: reported before any request. */
export const PopupBlocked: Story = {
  args: { target: '_blank' },
  beforeEach: () => stubWindowOpen('block'),
  play: failsWith('popup_blocked', 'Your browser blocked the new tab.', { requests: 0 }),
};
