import { setupServer } from 'msw/node';
import { portalLinkHandlers } from '../../src/testing/portalLinkHandlers';

/** Every Account API request the tests made, in order. */
export const requests: Request[] = [];

export const portal = portalLinkHandlers({ onRequest: (request) => requests.push(request.clone()) });

// Default: the happy path. Each test adds its failure or delay with server.use().
export const server = setupServer(portal.success());
