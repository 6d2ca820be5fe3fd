import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { version } from 'react';
import { expect, it, vi } from 'vitest';
import { PortalProvider, SelfServePortalButton } from '../../src';
import { createTestAccessToken, TEST_DOMAIN } from '../../src/testing';
import { requests } from '../setup/mswServer';

it('navigates ' + version, async () => {
  const navigate = vi.fn();
  render(
    <PortalProvider getAccessToken={async () => createTestAccessToken()} navigate={navigate}>
      <SelfServePortalButton subNav="organization_members">Members</SelfServePortalButton>
    </PortalProvider>,
  );
  await userEvent.click(screen.getByRole('button', { name: 'Members' }));
  await vi.waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  expect(navigate.mock.calls[0]![0]).toMatch(`${TEST_DOMAIN}/portal?subnav=organization_members`);
  expect(requests).toHaveLength(1);
});
