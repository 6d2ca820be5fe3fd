import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { PERMISSIONS } from '../src';
import { TEST_DOMAIN } from '../src/testing';
import { AccountMenu } from './support/AccountMenu';
import { PortalStoryFrame } from './support/PortalStoryFrame';
import { accountApiRequests, portal } from './support/network';

interface AccountMenuArgs {
  /** What the signed-in user's access token says. */
  status: 'ready' | 'loading' | 'signed-out';
  /** The organization in the token (`org_code`). */
  orgCode: string;
  /** The token's `permissions` claim. */
  permissions: string[];
}

const ALL = Object.values(PERMISSIONS);

const meta = {
  title: 'Examples/Account menu',
  component: AccountMenu,
  parameters: {
    portal: false,
    msw: { handlers: [portal.success()] },
    docs: {
      story: { iframeHeight: 420 },
      description: {
        component:
          'Gates and buttons together. Change the organization and its permissions in the Controls panel: entries appear and disappear, and a click in flight is cancelled by an organization switch.',
      },
    },
  },
  argTypes: {
    status: {
      description: 'What the auth SDK knows: still loading, signed out, or a signed-in user (`ready`).',
      control: 'inline-radio',
      options: ['ready', 'loading', 'signed-out'],
    },
    orgCode: { description: 'The organization in the access token (`org_code`).', control: 'select', options: ['org_acme', 'org_beta', 'org_gamma'] },
    permissions: { description: 'The token\'s `permissions` claim.', control: 'check', options: ALL },
  },
  args: { status: 'ready', orgCode: 'org_acme', permissions: [...ALL] },
  render: ({ status, orgCode, permissions }) => (
    <PortalStoryFrame access={status === 'ready' ? { status, orgCode, permissions } : { status }}>
      <AccountMenu />
    </PortalStoryFrame>
  ),
} satisfies Meta<AccountMenuArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The entries the user sees, in order. */
const menuButtons = (canvasElement: HTMLElement) =>
  Array.from(canvasElement.querySelectorAll('nav[aria-label="Account menu"] button'), (button) => button.textContent);

/** An admin: every entry; "Members" goes to the members page. */
export const Admin: Story = {
  play: async ({ canvas, canvasElement }) => {
    await expect(menuButtons(canvasElement)).toEqual(['Profile', 'Organization details', 'Members', 'Plan', 'Change plan', 'Billing']);
    await userEvent.click(canvas.getByRole('button', { name: 'Members' }));
    await waitFor(() =>
      expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent(`${TEST_DOMAIN}/portal?subnav=organization_members`),
    );
    await expect(accountApiRequests.at(-1)?.searchParams.get('subnav')).toBe('organization_members');
  },
};

/** A member who can read billing: profile, details and plan, nothing to change. */
export const BillingReader: Story = {
  args: { permissions: [PERMISSIONS.readBilling] },
  play: async ({ canvasElement }) => {
    await expect(menuButtons(canvasElement)).toEqual(['Profile', 'Organization details', 'Plan']);
  },
};

/** A member without permissions. */
export const Member: Story = {
  args: { orgCode: 'org_beta', permissions: [] },
  play: async ({ canvasElement }) => {
    await expect(menuButtons(canvasElement)).toEqual(['Profile', 'Organization details']);
  },
};

/** The auth SDK has not answered yet: no entries, no fallback. */
export const Loading: Story = {
  args: { status: 'loading' },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('Loading your account…')).toBeVisible();
    await expect(menuButtons(canvasElement)).toEqual([]);
  },
};

/** Signed out: the outer gate shows its fallback. */
export const SignedOut: Story = {
  args: { status: 'signed-out' },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('Sign in to manage your account.')).toBeVisible();
    await expect(menuButtons(canvasElement)).toEqual([]);
  },
};

function SwitchableAccountMenu({ permissions }: { permissions: string[] }): ReactNode {
  const [orgCode, setOrgCode] = useState('org_acme');
  return (
    <PortalStoryFrame orgCode={orgCode} permissions={orgCode === 'org_acme' ? permissions : [PERMISSIONS.writeMembers]}>
      <button type="button" onClick={() => setOrgCode(orgCode === 'org_acme' ? 'org_beta' : 'org_acme')}>
        Switch organization
      </button>
      <AccountMenu />
    </PortalStoryFrame>
  );
}

/**
 * The user switches organization while a link is being fetched (the Account API is slow
 * here): the request is abandoned silently, nothing navigates, and the menu shows the new
 * organization's entries.
 */
export const OrgSwitchDuringClick: Story = {
  parameters: { msw: { handlers: [portal.pending()] } },
  render: ({ permissions }) => <SwitchableAccountMenu permissions={permissions} />,
  play: async ({ canvas, canvasElement }) => {
    const billing = canvas.getByRole('button', { name: 'Billing' });
    await userEvent.click(billing);
    await waitFor(() => expect(billing).toHaveAttribute('aria-busy', 'true'));
    await userEvent.click(canvas.getByRole('button', { name: 'Switch organization' }));
    await expect(canvas.queryByRole('button', { name: 'Billing' })).toBeNull();
    await expect(menuButtons(canvasElement)).toEqual(['Profile', 'Organization details', 'Members']);
    for (const alert of canvas.queryAllByRole('alert')) await expect(alert).toBeEmptyDOMElement();
    await expect(canvas.getByRole('status', { name: 'Navigation' })).toHaveTextContent('No navigation yet.');
  },
};
