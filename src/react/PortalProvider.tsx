import { useEffect, useState, type ReactNode } from 'react';
import type { FetchLink, TokenGetter } from '../core/mintPortalLink';
import type { SectionPermissions } from '../core/PermissionRule';
import type { PortalAccess } from '../core/PortalAccess';
import { createPortalStore } from './createPortalStore';
import { PortalContext } from './PortalContext';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface PortalProviderProps {
  /** The user's access token; `null`/`undefined` means signed out. Required unless `fetchLink` is given. */
  getAccessToken?: TokenGetter;
  /** Called once after a 401; the retry uses the token it returns. */
  refreshAccessToken?: TokenGetter;
  /** The Kinde domain; default: the token's `iss`. */
  domain?: string;
  /** What gates see; default: decoded from each access token the provider obtains. */
  access?: PortalAccess;
  /** Where the portal sends the user back; default: the current page at click time. */
  returnUrl?: string | URL;
  /** Default: the current origin. */
  allowedReturnOrigins?: readonly (string | URL)[];
  /** Default: the origin of `domain` (or of the token's `iss`). */
  allowedPortalOrigins?: readonly (string | URL)[];
  /** Get the link from your own backend instead of the Account API. */
  fetchLink?: FetchLink;
  /** Merged over `DEFAULT_SECTION_PERMISSIONS`. */
  sectionPermissions?: SectionPermissions;
  /** Default 15 000. */
  timeoutMs?: number;
  /** Replaces same-tab navigation (default `location.assign`); a returned promise keeps the button `redirecting` until it settles. */
  navigate?: (url: string) => void | Promise<void>;
  /** For tests and unusual runtimes; default: the global `fetch`. */
  fetch?: typeof fetch;
  children?: ReactNode;
}


/**
 * Supplies tokens, access and link settings to the portal buttons and gates below it.
 *
 * @example
 * <PortalProvider getAccessToken={getToken} domain="https://acme.kinde.com">
 *   <AccountMenu />
 * </PortalProvider>
 */
export function PortalProvider(props: PortalProviderProps): ReactNode {
  // Everything but these three is link configuration, read at click time.
  const { access, sectionPermissions, children, ...config } = props;
  const [store] = useState(() => createPortalStore(config, access, sectionPermissions));

  // A new `access` is staged during render, without notifying anyone, so every
  // gate rendering in this pass already reads it: none can render (and commit) the
  // previous organization's answer. Gates that skipped this render are notified
  // in the layout effect, before the browser paints.
  if (access) store.stageAccess(access);

  useIsomorphicLayoutEffect(() => {
    const returnChanged = String(store.config.returnUrl) !== String(config.returnUrl);
    store.config = config;
    store.controlled = access !== undefined;
    // A changed return URL must reach links in flight (they abort), like an org switch.
    if (returnChanged) store.stageChange();
    store.stageSections(sectionPermissions);
    store.flush();
  });

  useEffect(() => {
    store.probeAccess();
  }, [store]);

  return <PortalContext.Provider value={store}>{children}</PortalContext.Provider>;
}
