/** OIDC discovery and JWKS. The SDK itself fetches neither; they are for servers verifying tokens. */
import type { Handler } from "../context.js";
import { sendJson } from "../http.js";

export const openidConfiguration: Handler = (_rq, res, ctx) => {
  const o = ctx.origin;
  sendJson(res, 200, {
    issuer: o,
    authorization_endpoint: `${o}/oauth2/auth`,
    token_endpoint: `${o}/oauth2/token`,
    revocation_endpoint: `${o}/oauth2/revoke`,
    end_session_endpoint: `${o}/logout`,
    jwks_uri: `${o}/.well-known/jwks.json`,
    response_types_supported: ["code"],
    grant_types_supported: ["authorization_code", "refresh_token", "client_credentials"],
    code_challenge_methods_supported: ["S256"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "profile", "email", "offline"],
    token_endpoint_auth_methods_supported: ["none", "client_secret_post", "client_secret_basic"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "email", "given_name", "family_name", "name", "org_codes"],
  });
};

export const jwks: Handler = (_rq, res, ctx) => {
  sendJson(res, 200, ctx.signer.jwks);
};
