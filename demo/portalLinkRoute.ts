import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createM2MTokenSource, createPortalLinkHandler } from '../src/server/index';

/**
 * The demo's backend route, `POST /api/portal-link`: the user proves who they are
 * with their Kinde access token (verified against the JWKS), and the server mints
 * the link with its own M2M credentials, which never reach the browser.
 */
export function createPortalLinkRoute(options: { domain: string; appOrigin: () => string; clientId: string; clientSecret: string }) {
  const jwks = createRemoteJWKSet(new URL(`${options.domain}/.well-known/jwks.json`));
  const tokenSource = createM2MTokenSource({ domain: options.domain, clientId: options.clientId, clientSecret: options.clientSecret });
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const getHandler = () =>
    (handler ??= createPortalLinkHandler({
      domain: options.domain,
      tokenSource,
      allowedReturnOrigins: [options.appOrigin()],
      allowedSubNavs: ['profile', 'organization_details'],
      authenticate: async (request) => {
        const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
        if (!bearer) return null;
        try {
          const { payload } = await jwtVerify(bearer, jwks, { issuer: options.domain });
          if (typeof payload.sub !== 'string') return null;
          return {
            userId: payload.sub,
            ...(typeof payload.org_code === 'string' ? { organizationCode: payload.org_code } : {}),
          };
        } catch {
          return null;
        }
      },
    }));

  return async function portalLinkMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): Promise<void> {
    if (!req.url || !req.url.startsWith('/api/portal-link')) return next();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const request = new Request(`${options.appOrigin()}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const response = await getHandler()(request);
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
