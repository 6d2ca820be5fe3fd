import type { PortalPage } from 'react-self-serve-portal';

/** One account-menu entry per portal section; each is gated by its section's default rule. */
export const MENU_ENTRIES: { page: PortalPage; label: string }[] = [
  { page: 'profile', label: 'Profile' },
  { page: 'organization_details', label: 'Organization details' },
  { page: 'organization_members', label: 'Members' },
  { page: 'organization_plan_details', label: 'Organization plan' },
  { page: 'organization_payment_details', label: 'Organization billing' },
  { page: 'organization_plan_selection', label: 'Change organization plan' },
  { page: 'plan_details', label: 'My plan' },
  { page: 'payment_details', label: 'My payment details' },
  { page: 'plan_selection', label: 'Change my plan' },
];
