import { useEffect, useState, useSyncExternalStore } from 'react';
import type { PortalError } from '../core/PortalError';
import type { PortalPage } from '../core/portalPages';
import { createLinkController } from './createLinkController';
import { IDLE, type PortalLinkIntentProps, type PortalLinkState, type PortalLinkStatus } from './PortalLinkState';

export type { PortalLinkIntentProps } from './PortalLinkState';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';
import { usePortalStore } from './usePortalStore';

export interface UsePortalLinkOptions {
  /** The portal section; default `'profile'`. */
  subNav?: PortalPage | undefined;
  /** Overrides the provider's `returnUrl` for this link. */
  returnUrl?: string | URL | undefined;
  /** `'_blank'` opens a tab inside the click and points it at the link when it arrives. */
  target?: '_self' | '_blank' | undefined;
  /** `'intent'` mints on hover or focus, so the click can go at once. */
  prefetch?: 'none' | 'intent' | undefined;
  /** How long a prefetched link stays usable; default 30 000 ms. */
  maxAgeMs?: number | undefined;
  /** Called once for every failure. */
  onError?: ((error: PortalError) => void) | undefined;
}

export interface UsePortalLinkResult {
  /** Gets a link and goes there. Never rejects; a second call while busy returns the same promise. */
  open: () => Promise<void>;
  /** Gets a checked link without navigating; rejects with the `PortalError` also stored in `error`. */
  getUrl: () => Promise<URL>;
  status: PortalLinkStatus;
  error: PortalError | null;
  /** Clears an error back to idle. */
  reset: () => void;
  /** Spread onto the trigger for `prefetch="intent"`. */
  intentProps: PortalLinkIntentProps;
}

const serverState = (): PortalLinkState => IDLE;

/**
 * The portal-link state machine for one trigger: `idle → pending → redirecting`, or `error`.
 *
 * @example
 * const { open, status } = usePortalLink({ subNav: 'organization_members' })
 * return <button onClick={open} aria-busy={status === 'pending'}>Members</button>
 */
export function usePortalLink(options: UsePortalLinkOptions = {}): UsePortalLinkResult {
  const store = usePortalStore('usePortalLink');
  // An empty section is no section: Kinde's own utilities send `profile` then too.
  const linkOptions = { ...options, subNav: options.subNav || 'profile' };
  const [controller] = useState(() => createLinkController(store, linkOptions));

  // Before paint, so a click right after a prop change already sees the new key.
  useIsomorphicLayoutEffect(() => {
    controller.setOptions(linkOptions);
  });

  useEffect(controller.connect, [controller]);

  const { status, error } = useSyncExternalStore(controller.subscribe, controller.getState, serverState);
  const { open, getUrl, reset, intentProps } = controller;
  return { open, getUrl, reset, status, error, intentProps };
}
