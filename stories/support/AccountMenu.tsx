import type { ReactNode } from 'react';
import { PortalGate, type PortalPage } from '../../src';
import { ButtonWithErrorMessage } from './ButtonWithErrorMessage';

const ENTRIES: readonly { subNav: PortalPage; label: string }[] = [
  { subNav: 'profile', label: 'Profile' },
  { subNav: 'organization_details', label: 'Organization details' },
  { subNav: 'organization_members', label: 'Members' },
  { subNav: 'organization_plan_details', label: 'Plan' },
  { subNav: 'organization_plan_selection', label: 'Change plan' },
  { subNav: 'organization_payment_details', label: 'Billing' },
];

/**
 * An app's account menu: one gate per entry, each gated by its portal section, so
 * members only see what their organization lets them manage.
 */
export function AccountMenu(): ReactNode {
  return (
    <nav aria-label="Account menu" className="account-menu">
      <h2>Account</h2>
      <PortalGate loading={<p>Loading your account…</p>} fallback={<p>Sign in to manage your account.</p>}>
        <ul>
          {ENTRIES.map(({ subNav, label }) => (
            <PortalGate key={subNav} section={subNav}>
              <li>
                <ButtonWithErrorMessage subNav={subNav} prefetch="intent">
                  {label}
                </ButtonWithErrorMessage>
              </li>
            </PortalGate>
          ))}
        </ul>
      </PortalGate>
    </nav>
  );
}
