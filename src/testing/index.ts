'use client';
export { portalLinkHandlers } from './portalLinkHandlers';
export type { PortalLinkHandlers, PortalLinkHandlerOptions } from './portalLinkHandlers';
export { TestPortalProvider } from './TestPortalProvider';
export type { TestPortalProviderProps } from './TestPortalProvider';
export { createTestAccessToken, TEST_DOMAIN } from './createTestAccessToken';
export type { TestAccessTokenClaims } from './createTestAccessToken';
