// The /server entry: plain functions over `fetch`, no React, no DOM. Runs on Node 20+,
// Bun, Deno, Cloudflare Workers and anything else with Fetch, so no "use client" here.

/**
 * Gets and caches a Kinde M2M token (client credentials), one request in flight at a time.
 *
 * @example
 * const tokenSource = createM2MTokenSource({ domain, clientId, clientSecret })
 */
export { createM2MTokenSource } from './createM2MTokenSource';
export type { M2MTokenSource, M2MTokenSourceOptions } from './createM2MTokenSource';

/**
 * Mints a one-time portal link for a user with an M2M token.
 *
 * @example
 * const url = await createPortalLink({ domain, tokenSource, userId: 'kp_123', subNav: 'profile' })
 */
export { createPortalLink } from './createPortalLink';
export type { CreatePortalLinkOptions } from './createPortalLink';

/**
 * A `(Request) => Promise<Response>` endpoint that the browser's `fetchLink` can call.
 *
 * @example
 * export const POST = createPortalLinkHandler({ domain, tokenSource, authenticate, allowedReturnOrigins: [appOrigin] })
 */
export { createPortalLinkHandler } from './createPortalLinkHandler';
export type { PortalLinkHandlerOptions, PortalLinkIdentity } from './createPortalLinkHandler';

/**
 * The error type every function here rejects with; `isPortalError` also recognises one
 * from another copy of the package (the browser bundle's, say).
 *
 * @example
 * catch (e) { if (isPortalError(e) && e.code === 'rate_limited') retryLater(e.retryAfter) }
 */
export { PortalError, isPortalError } from '../core/PortalError';
export type { PortalErrorCode } from '../core/PortalError';
export type { PortalPage, KnownPortalPage } from '../core/portalPages';
