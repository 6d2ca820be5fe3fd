import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { PORTAL_PAGES, SelfServePortalButton } from '../src';
import { TEST_DOMAIN } from '../src/testing';
import { stubWindowOpen } from './support/fakeTabs';
import { accountApiRequests, portal } from './support/network';

/** A one-time link the test handlers mint for this section. */
const linkPattern = (subNav: string) => new RegExp(`${TEST_DOMAIN.replace(/\./g, '\\.')}/portal\\?subnav=${subNav}&key=\\d+`);

const meta = {
  title: 'Components/SelfServePortalButton',
  component: SelfServePortalButton,
  parameters: {
    msw: { handlers: [portal.success()] },
    docs: {
      description: {
        component: [
          'A `<button type="button">` that takes the signed-in user to a section of their Kinde self-serve portal.',
          'Nothing is requested on render: the click asks the Account API for a one-time link, then the browser goes there.',
          'While it waits the button is busy (`aria-busy`, `aria-disabled`, `data-state="pending"`), keeps focus and its name,',
          'and ignores further clicks, Enter and Space. Every failure reaches `onError` and the render-function child.',
          '',
          'In these stories the Account API is msw (`portalLinkHandlers()` from `react-self-serve-portal/testing`) and',
          'navigation is shown in the "Would go to …" line instead of performed.',
        ].join('\n'),
      },
    },
  },
  argTypes: {
    subNav: { control: 'select', options: PORTAL_PAGES },
    target: { control: 'inline-radio', options: ['_self', '_blank'] },
    prefetch: { control: 'inline-radio', options: ['none', 'intent'] },
    asChild: { control: false },
    children: { control: 'text' },
  },
  args: {
    subNav: 'organization_members',
    children: 'Members',
    onError: fn(),
    onClick: fn(),
  },
} satisfies Meta<typeof SelfServePortalButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** At rest: a plain button, and no request until it is clicked. */
export const Idle: Story = {
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Members' });
    await expect(button).toHaveAttribute('type', 'button');
    await expect(button).toHaveAttribute('data-state', 'idle');
    await expect(button).not.toHaveAttribute('aria-busy');
    await expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent('No navigation yet.');
    await expect(accountApiRequests).toHaveLength(0);
  },
};

/** The Account API never answers: busy, focused, same name, and more clicks send nothing. */
export const Pending: Story = {
  parameters: { msw: { handlers: [portal.pending()] } },
  play: async ({ canvas, args }) => {
    const button = canvas.getByRole('button', { name: 'Members' });
    await userEvent.click(button);
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'true'));
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAttribute('data-state', 'pending');
    await expect(button).toHaveFocus();
    await expect(canvas.getByRole('button', { name: 'Members' })).toBe(button);
    await userEvent.click(button);
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard(' ');
    await expect(args.onClick).toHaveBeenCalled();
    await waitFor(() => expect(accountApiRequests).toHaveLength(1));
  },
};

/** The link arrived and the browser is on its way: still busy until the page goes. */
export const Redirecting: Story = {
  play: async ({ canvas, args }) => {
    const button = canvas.getByRole('button', { name: 'Members' });
    await userEvent.click(button);
    const navigation = canvas.getByRole('status', { name: 'Navigation' });
    await waitFor(() => expect(navigation).toHaveTextContent(linkPattern('organization_members')));
    await expect(button).toHaveAttribute('data-state', 'redirecting');
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(accountApiRequests).toHaveLength(1);
    const query = accountApiRequests[0]!.searchParams;
    await expect(query.get('subnav')).toBe('organization_members');
    await expect(query.get('return_url')).toBe(window.location.href);
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

/**
 * `target="_blank"`: a placeholder tab opens inside the click (so popup blockers allow it)
 * and is pointed at the link when it arrives. Here `window.open` is faked and the tabs are listed.
 */
export const NewTab: Story = {
  args: { target: '_blank', subNav: 'organization_plan_details', children: 'Plan details' },
  beforeEach: () => stubWindowOpen('allow'),
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Plan details' });
    await userEvent.click(button);
    const tabs = canvas.getByRole('list', { name: 'New tabs' });
    await waitFor(() => expect(tabs).toHaveTextContent(linkPattern('organization_plan_details')));
    // This page stays put and the button is usable again.
    await expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent('No navigation yet.');
    await waitFor(() => expect(button).toHaveAttribute('data-state', 'idle'));
  },
};

/** `asChild` makes the link itself the trigger; its own `href` is never followed. */
export const AsChildLink: Story = {
  args: { subNav: 'profile' },
  render: (args) => (
    <SelfServePortalButton {...args} asChild>
      <a href="#profile-fallback">Your profile</a>
    </SelfServePortalButton>
  ),
  play: async ({ canvas }) => {
    const link = canvas.getByRole('link', { name: 'Your profile' });
    await userEvent.click(link);
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent(linkPattern('profile')));
    await expect(link).toHaveAttribute('aria-busy', 'true');
    await expect(window.location.hash).not.toBe('#profile-fallback');
  },
};

/** Children as a function of `{status, error}`: a spinner while busy, a retry label after a failure. */
export const RenderFunctionChild: Story = {
  parameters: { msw: { handlers: [portal.status(503)] } },
  args: { subNav: 'organization_details' },
  render: (args) => (
    <SelfServePortalButton {...args}>
      {({ status }) => (
        <>
          {status === 'error' ? 'Retry organization details' : 'Organization details'}
          {status === 'pending' || status === 'redirecting' ? <span className="story-spinner" aria-hidden="true" /> : null}
        </>
      )}
    </SelfServePortalButton>
  ),
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Organization details' }));
    const retry = await canvas.findByRole('button', { name: 'Retry organization details' });
    await expect(retry).toHaveAttribute('data-state', 'error');
    await expect(args.onError).toHaveBeenCalledTimes(1);
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'http', status: 503, retryable: true }));
  },
};

/** `prefetch="intent"`: hovering mints the link, so the click can go at once. */
export const PrefetchOnIntent: Story = {
  args: { prefetch: 'intent', subNav: 'organization_details', children: 'Organization details' },
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Organization details' });
    // Retried: a hover that lands before usePortalLink's mount effect has run is ignored,
    // and in a browser the play function can start that early. Hovering again while the
    // prefetch is in flight mints nothing more, so the count stays exact.
    await waitFor(async () => {
      await userEvent.unhover(button);
      await userEvent.hover(button);
      await expect(accountApiRequests).toHaveLength(1);
    });
    await userEvent.click(button);
    await waitFor(() => expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent(linkPattern('organization_details')));
    // The prefetched link was used, not a second one.
    await expect(accountApiRequests).toHaveLength(1);
  },
};
