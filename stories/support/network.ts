import { portalLinkHandlers } from '../../src/testing';

/**
 * The Account API requests the current story made, as URLs (never headers: no
 * tokens). Cleared before every story by the preview.
 */
export const accountApiRequests: URL[] = [];

/**
 * The one set of Account API handlers every story uses: the same
 * `portalLinkHandlers()` the unit tests and apps use, recording what the network saw.
 */
export const portal = portalLinkHandlers({
  onRequest: (request) => {
    accountApiRequests.push(new URL(request.url));
  },
});
