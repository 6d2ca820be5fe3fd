import { useSyncExternalStore, type ReactNode } from 'react';
import type { PortalAccess } from '../core/PortalAccess';
import { gateDecision, type GateRules } from './gateDecision';
import { usePortalStore } from './usePortalStore';

type ReadyAccess = Extract<PortalAccess, { status: 'ready' }>;

export interface PortalGateProps extends GateRules {
  /** Shown while access is loading; default nothing. Never `fallback`, never children. */
  loading?: ReactNode;
  /** Shown when denied; default nothing. */
  fallback?: ReactNode;
  children?: ReactNode | ((access: ReadyAccess) => ReactNode);
}

/**
 * Shows its children only when the user's organization permissions allow; a UI
 * convenience — the portal and your API still enforce permissions.
 *
 * @example
 * <PortalGate section="organization_payment_details" fallback={null}>
 *   <SelfServePortalButton subNav="organization_payment_details">Billing</SelfServePortalButton>
 * </PortalGate>
 */
export function PortalGate({ loading = null, fallback = null, children, ...rules }: PortalGateProps): ReactNode {
  const store = usePortalStore('PortalGate');
  // The snapshot is the decision, a string: the gate re-renders only when its
  // answer changes, not on every permission update. Render-function children
  // read the access itself, so they subscribe to it instead.
  const decide = (access: PortalAccess) => gateDecision(access, rules, store.sections);
  const decision = useSyncExternalStore(
    store.subscribe,
    () => decide(store.getAccess()),
    () => decide(store.getServerAccess()),
  );
  const access = useSyncExternalStore(
    store.subscribe,
    typeof children === 'function' ? store.getAccess : noAccess,
    typeof children === 'function' ? store.getServerAccess : noAccess,
  );
  if (decision === 'loading') return loading;
  if (decision === 'denied') return fallback;
  return typeof children === 'function' ? (access ? children(access as ReadyAccess) : null) : children;
}

const noAccess = (): null => null;
