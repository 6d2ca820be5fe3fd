/**
 * /oauth2/token — authorization_code (+PKCE S256), refresh_token (rotating) and
 * client_credentials (M2M), and /oauth2/revoke.
 *
 * Cookie refresh: the SDK treats any domain that is not *.kinde.com as a "custom
 * domain" (127.0.0.1 included). There it keeps the refresh token only in memory,
 * sends token requests with `credentials: "include"`, and after a page reload it
 * refreshes with no refresh_token in the body *if* it can read a `_kbrte` cookie in
 * document.cookie. So every response that issues a refresh token also sets an
 * HttpOnly refresh-token cookie and the readable `_kbrte` flag. Cookies ignore
 * ports, so an app on 127.0.0.1:any sees the flag set by the emulator's origin.
 */
import type { ServerResponse } from "node:http";
import type { Context, Handler, Request } from "../context.js";
import { appendSetCookie, cookie, parseParams, sendJson } from "../http.js";
import { pkceChallenge } from "../jwt.js";
import { findM2MClient, findMembership, findUser } from "../seed.js";
import { issueM2MToken, issueUserTokens, m2mAudience, type UserTokenSet } from "../tokens.js";

export function tokenRouteName(rq: Request): "token" | "m2m_token" {
  const params = parseParams(rq.body, rq.req.headers["content-type"]);
  return params.grant_type === "client_credentials" ? "m2m_token" : "token";
}

export const token: Handler = async (rq, res, ctx) => {
  const p = parseParams(rq.body, rq.req.headers["content-type"]);
  ctx.stats.grant(p.grant_type || "(none)");
  switch (p.grant_type) {
    case "authorization_code":
      return authorizationCode(p, res, ctx);
    case "refresh_token":
      return refreshToken(rq, p, res, ctx);
    case "client_credentials":
      return clientCredentials(rq, p, res, ctx);
    default:
      return oauthError(res, 400, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials");
  }
};

async function authorizationCode(p: Record<string, string>, res: ServerResponse, ctx: Context) {
  // take(): a code is consumed by its first redemption attempt, successful or not.
  const grant = ctx.store.codes.take(p.code ?? "");
  if (!grant) return oauthError(res, 400, "invalid_grant", "authorization code is unknown, expired or already used");
  if (p.client_id !== grant.clientId) return oauthError(res, 400, "invalid_grant", "client_id does not match the authorization request");
  // The SDK strips a trailing slash from redirect_uri on /oauth2/auth but not on the exchange.
  if (p.redirect_uri !== undefined && trimSlash(p.redirect_uri) !== trimSlash(grant.redirectUri)) {
    return oauthError(res, 400, "invalid_grant", "redirect_uri does not match the authorization request");
  }
  if (!p.code_verifier || pkceChallenge(p.code_verifier) !== grant.codeChallenge) {
    return oauthError(res, 400, "invalid_grant", "PKCE verification failed");
  }
  const tokens = await issueUserTokens(ctx, {
    userId: grant.userId,
    orgCode: grant.tokenOrgCode,
    clientId: grant.clientId,
    scopes: grant.scopes,
    audiences: grant.audiences,
    sessionId: grant.sessionId,
    nonce: grant.nonce,
  });
  sendTokens(res, ctx, tokens);
}

async function refreshToken(rq: Request, p: Record<string, string>, res: ServerResponse, ctx: Context) {
  const fromCookie = !p.refresh_token;
  const presented = p.refresh_token || rq.cookies[ctx.cookies.refresh];
  if (!presented) return oauthError(res, 400, "invalid_request", "refresh_token is required");
  // Rotation: a refresh token works once; the response carries its successor.
  const grant = ctx.store.refreshTokens.take(presented);
  const user = grant && findUser(grant.userId);
  if (!grant || !user || !findMembership(user, grant.orgCode) || !ctx.store.sessions.has(grant.sessionId)) {
    // A dead cookie would make the SDK retry on every load; clear it with the flag.
    if (fromCookie) clearRefreshCookies(res, ctx);
    return oauthError(res, 400, "invalid_grant", "refresh token is unknown, expired, revoked or already used");
  }
  if (p.client_id && p.client_id !== grant.clientId) return oauthError(res, 400, "invalid_grant", "client_id does not match the refresh token");
  const tokens = await issueUserTokens(ctx, { ...grant, nonce: null });
  sendTokens(res, ctx, tokens);
}

async function clientCredentials(rq: Request, p: Record<string, string>, res: ServerResponse, ctx: Context) {
  const basic = parseBasic(rq.req.headers.authorization);
  const clientId = basic?.id ?? p.client_id ?? "";
  const secret = basic?.secret ?? p.client_secret ?? "";
  const client = findM2MClient(clientId);
  if (!client || client.clientSecret !== secret) {
    return oauthError(res, 401, "invalid_client", "client authentication failed", { "WWW-Authenticate": 'Basic realm="kinde-emulator"' });
  }
  const audience = m2mAudience(ctx);
  if (p.audience !== audience) return oauthError(res, 400, "invalid_request", `audience must be ${audience}`);
  const accessToken = await issueM2MToken(ctx, client.clientId, audience);
  sendJson(res, 200, { access_token: accessToken, token_type: "bearer", expires_in: ctx.config.accessTokenTtlSeconds });
}

/** RFC 7009: always 200, whether or not the token was known. */
export const revoke: Handler = (rq, res, ctx) => {
  const p = parseParams(rq.body, rq.req.headers["content-type"]);
  if (p.token) ctx.store.refreshTokens.delete(p.token);
  sendJson(res, 200, {});
};

function sendTokens(res: ServerResponse, ctx: Context, tokens: UserTokenSet) {
  if (tokens.refresh_token) {
    const maxAge = ctx.config.refreshTokenTtlSeconds;
    appendSetCookie(res, [
      cookie(ctx.cookies.refresh, tokens.refresh_token, { httpOnly: true, maxAge }),
      cookie(ctx.cookies.refreshFlag, "1", { maxAge }),
    ]);
  }
  sendJson(res, 200, tokens, { Pragma: "no-cache" });
}

export function clearRefreshCookies(res: ServerResponse, ctx: Context) {
  appendSetCookie(res, [
    cookie(ctx.cookies.refresh, "", { httpOnly: true, maxAge: 0 }),
    cookie(ctx.cookies.refreshFlag, "", { maxAge: 0 }),
  ]);
}

function oauthError(res: ServerResponse, status: number, error: string, description: string, headers: Record<string, string> = {}) {
  sendJson(res, status, { error, error_description: description }, headers);
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const match = header && /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { id: safeDecode(decoded.slice(0, colon)), secret: safeDecode(decoded.slice(colon + 1)) };
}

/** RFC 6749 form-encodes Basic credentials; tolerate clients that don't. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, "");
}
