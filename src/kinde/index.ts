'use client';
export { KindePortalProvider } from './KindePortalProvider';
export type { KindePortalProviderProps } from './KindePortalProvider';
