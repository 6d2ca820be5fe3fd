import { useContext } from 'react';
import { PortalContext } from './PortalContext';
import type { PortalStore } from './createPortalStore';

export function usePortalStore(hookName: string): PortalStore {
  const store = useContext(PortalContext);
  if (!store) {
    throw new Error(`${hookName} must be used inside <PortalProvider> (or <KindePortalProvider>).`);
  }
  return store;
}
