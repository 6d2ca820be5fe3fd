import { createContext, type Context } from 'react';
import type { PortalStore } from './createPortalStore';

// One context object per page even when the package is loaded twice (its ESM and
// CJS builds, or two entry points bundled apart): a provider from one copy must
// serve hooks from the other.
const KEY = Symbol.for('react-self-serve-portal.context');
const registry = globalThis as unknown as Record<symbol, Context<PortalStore | null> | undefined>;

export const PortalContext: Context<PortalStore | null> = (registry[KEY] ??= createContext<PortalStore | null>(null));
