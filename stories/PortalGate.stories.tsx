import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { PERMISSIONS, PortalGate, SelfServePortalButton } from '../src';
import { PortalStoryFrame } from './support/PortalStoryFrame';
import { portal } from './support/network';

const billing = (
  <SelfServePortalButton subNav="organization_payment_details">Billing</SelfServePortalButton>
);

const meta = {
  title: 'Components/PortalGate',
  component: PortalGate,
  parameters: {
    msw: { handlers: [portal.success()] },
    portal: { orgCode: 'org_acme', permissions: [PERMISSIONS.writeBilling] },
    docs: {
      description: {
        component: [
          'Shows its children only when the signed-in user\'s organization permissions allow.',
          'Rules (`permission`, `anyOf`, `allOf`, `section`, `when`) combine with AND; a trailing `*` segment matches a prefix.',
          'Three states: `loading` while access is unknown (never `fallback`, never children), denied shows `fallback`,',
          'allowed shows children. A UI convenience: the portal and your API still enforce permissions.',
        ].join(' '),
      },
    },
  },
  args: {
    permission: PERMISSIONS.writeBilling,
    loading: <p>Checking your permissions…</p>,
    fallback: <p>Billing is managed by your organization’s admins.</p>,
    children: billing,
  },
  argTypes: {
    permission: { control: 'text' },
    loading: { control: false },
    fallback: { control: false },
    children: { control: false },
  },
} satisfies Meta<typeof PortalGate>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Access not known yet (the auth SDK is still loading): only `loading` shows. */
export const Loading: Story = {
  parameters: { portal: { access: { status: 'loading' } } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Checking your permissions…')).toBeVisible();
    await expect(canvas.queryByText(/managed by your organization/)).toBeNull();
    await expect(canvas.queryByRole('button', { name: 'Billing' })).toBeNull();
  },
};

/** The user holds `org:write:billing`: the entry shows. */
export const Allowed: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Billing' })).toBeVisible();
    await expect(canvas.queryByText(/managed by your organization/)).toBeNull();
  },
};

/** Without the permission the `fallback` shows instead. */
export const DeniedWithFallback: Story = {
  parameters: { portal: { permissions: [PERMISSIONS.readBilling] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Billing is managed by your organization’s admins.')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Billing' })).toBeNull();
  },
};

/** `org:write:*` matches any `org:write:…` permission (here `org:write:members`), never `org:write` itself. */
export const WildcardRule: Story = {
  parameters: { portal: { permissions: [PERMISSIONS.writeMembers, 'org:read'] } },
  render: () => (
    <>
      <PortalGate permission="org:write:*" fallback={<p>No write access.</p>}>
        <SelfServePortalButton subNav="organization_details">Organization settings</SelfServePortalButton>
      </PortalGate>
      <PortalGate permission="org:read:*" fallback={<p>No read access.</p>}>
        <SelfServePortalButton subNav="organization_plan_details">Plan details</SelfServePortalButton>
      </PortalGate>
    </>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Organization settings' })).toBeVisible();
    // `org:read` alone does not satisfy `org:read:*`.
    await expect(canvas.getByText('No read access.')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Plan details' })).toBeNull();
  },
};

/**
 * `section` uses the provider's section map (`DEFAULT_SECTION_PERMISSIONS` unless overridden):
 * with only `org:read:billing`, plan details (any billing permission) show, payment details
 * (`org:write:billing`) do not.
 */
export const SectionRule: Story = {
  parameters: { portal: { permissions: [PERMISSIONS.readBilling] } },
  render: () => (
    <>
      <PortalGate section="organization_plan_details">
        <SelfServePortalButton subNav="organization_plan_details">Plan details</SelfServePortalButton>
      </PortalGate>
      <PortalGate section="organization_payment_details" fallback={<p>Payment details need billing write access.</p>}>
        <SelfServePortalButton subNav="organization_payment_details">Payment details</SelfServePortalButton>
      </PortalGate>
    </>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Plan details' })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Payment details' })).toBeNull();
    await expect(canvas.getByText('Payment details need billing write access.')).toBeVisible();
  },
};

/** Children as a function receive the access they were admitted with. */
export const RenderFunctionChild: Story = {
  args: {
    permission: undefined,
    children: (access) => (
      <p>
        Signed in to <strong>{access.orgCode}</strong> with {access.permissions.length} permission(s).
      </p>
    ),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/Signed in to/)).toHaveTextContent('Signed in to org_acme with 1 permission(s).');
  },
};

const ORGS = {
  org_acme: { name: 'Acme', permissions: [PERMISSIONS.writeBilling] },
  org_beta: { name: 'Beta', permissions: [] },
} as const;

function OrgSwitcher({ children }: { children: ReactNode }): ReactNode {
  const [orgCode, setOrgCode] = useState<keyof typeof ORGS>('org_acme');
  const other = orgCode === 'org_acme' ? 'org_beta' : 'org_acme';
  return (
    <PortalStoryFrame orgCode={orgCode} permissions={ORGS[orgCode].permissions}>
      <p>
        Organization: <strong>{ORGS[orgCode].name}</strong>
      </p>
      <button type="button" onClick={() => setOrgCode(other)}>
        Switch to {ORGS[other].name}
      </button>
      {children}
    </PortalStoryFrame>
  );
}

/**
 * The app passes a new `access` when the user switches organization: the first render after
 * the switch already answers for the new organization (Beta has no billing permission).
 */
export const AfterOrgSwitch: Story = {
  parameters: { portal: false },
  render: (args) => (
    <OrgSwitcher>
      <PortalGate {...args} />
    </OrgSwitcher>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Billing' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Switch to Beta' }));
    // No waiting: the stale "allowed" must not survive the commit that switched.
    await expect(canvas.queryByRole('button', { name: 'Billing' })).toBeNull();
    await expect(canvas.getByText('Billing is managed by your organization’s admins.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Switch to Acme' }));
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Billing' })).toBeVisible());
  },
};
