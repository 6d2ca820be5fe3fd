import { useMemo, useSyncExternalStore } from 'react';
import { matchesRule, type PermissionRule } from '../core/PermissionRule';
import type { PortalAccess } from '../core/PortalAccess';
import { usePortalStore } from './usePortalStore';

export interface UsePortalAccessResult {
  status: PortalAccess['status'];
  orgCode: string | null;
  permissions: readonly string[];
  /** False unless access is ready and the rule holds. */
  can: (rule: PermissionRule) => boolean;
}

const NO_PERMISSIONS: readonly string[] = /* @__PURE__ */ Object.freeze([]);

/**
 * The signed-in user's organization and permissions, as the UI knows them.
 *
 * @example
 * const { can } = usePortalAccess()
 * if (can('org:write:billing')) items.push(billing)
 */
export function usePortalAccess(): UsePortalAccessResult {
  const store = usePortalStore('usePortalAccess');
  const access = useSyncExternalStore(store.subscribe, store.getAccess, store.getServerAccess);
  return useMemo(() => {
    const ready = access.status === 'ready';
    return {
      status: access.status,
      orgCode: ready ? access.orgCode : null,
      permissions: ready ? access.permissions : NO_PERMISSIONS,
      can(rule: PermissionRule) {
        try {
          return ready && matchesRule(access.permissions, rule);
        } catch {
          return false; // a malformed rule denies
        }
      },
    };
  }, [access]);
}
