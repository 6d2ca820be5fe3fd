import { useMemo, type ReactNode } from 'react';
import type { PortalAccess } from '../core/PortalAccess';
import { PortalProvider, type PortalProviderProps } from '../react/PortalProvider';
import { createTestAccessToken, TEST_DOMAIN } from './createTestAccessToken';

export interface TestPortalProviderProps extends Omit<PortalProviderProps, 'access'> {
  /** Fixed access for gates; default: ready, `org_test`, the given `permissions`. */
  access?: PortalAccess;
  /** Shorthand for a ready access with these permissions. */
  permissions?: readonly string[];
  orgCode?: string | null;
}

/**
 * A `PortalProvider` with fixed access and a test token, for testing your own gated
 * menus. Pair it with `portalLinkHandlers()` on `TEST_DOMAIN`.
 *
 * @example
 * render(<TestPortalProvider permissions={['org:write:billing']} navigate={spy}><Menu /></TestPortalProvider>)
 */
export function TestPortalProvider({ access, permissions = [], orgCode = 'org_test', ...props }: TestPortalProviderProps): ReactNode {
  const key = JSON.stringify([access, permissions, orgCode]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by value so inline arrays don't churn
  const fixed = useMemo<PortalAccess>(() => access ?? { status: 'ready', orgCode, permissions }, [key]);
  const getAccessToken = useMemo(() => {
    const token = fixed.status === 'ready' ? createTestAccessToken({ orgCode: fixed.orgCode, permissions: fixed.permissions }) : null;
    return async () => token;
  }, [fixed]);
  return <PortalProvider domain={TEST_DOMAIN} getAccessToken={getAccessToken} {...props} access={fixed} />;
}
