/**
 * Bearer checks for the Account API (user tokens) and the M2M API (client_credentials tokens).
 * Expired → 401 (a client can refresh and retry); anything else wrong → 403, Kinde's
 * "invalid credentials".
 */
import type { Context, Request } from "./context.js";
import { bearerToken } from "./http.js";
import { findMembership, findUser, type SeedMembership, type SeedUser } from "./seed.js";
import { m2mAudience } from "./tokens.js";

export interface ApiError {
  status: number;
  body: { errors: Array<{ code: string; message: string }> };
}

export function apiError(status: number, code: string, message: string): ApiError {
  return { status, body: { errors: [{ code, message }] } };
}

const invalidCredentials = () => apiError(403, "INVALID_CREDENTIALS", "Invalid credentials used to access API");
const expired = () => apiError(401, "TOKEN_EXPIRED", "The access token has expired");

export type UserAuth =
  | { ok: true; user: SeedUser; orgCode: string; membership: SeedMembership; clientId: string | null }
  | { ok: false; error: ApiError };

export async function authenticateUser(rq: Request, ctx: Context): Promise<UserAuth> {
  const token = bearerToken(rq.req);
  if (!token) return { ok: false, error: invalidCredentials() };
  const result = await ctx.signer.verify(token);
  if (!result.ok) return { ok: false, error: result.reason === "expired" ? expired() : invalidCredentials() };
  const claims = result.payload;
  // M2M tokens have no user; they may not act as one.
  if (Array.isArray(claims.gty) && claims.gty.includes("client_credentials")) return { ok: false, error: invalidCredentials() };
  const user = typeof claims.sub === "string" ? findUser(claims.sub) : undefined;
  const orgCode = typeof claims.org_code === "string" ? claims.org_code : "";
  const membership = user && findMembership(user, orgCode);
  if (!user || !membership) return { ok: false, error: invalidCredentials() };
  return { ok: true, user, orgCode, membership, clientId: typeof claims.azp === "string" ? claims.azp : null };
}

export type M2MAuth = { ok: true; clientId: string } | { ok: false; error: ApiError };

export async function authenticateM2M(rq: Request, ctx: Context): Promise<M2MAuth> {
  const token = bearerToken(rq.req);
  if (!token) return { ok: false, error: invalidCredentials() };
  const result = await ctx.signer.verify(token);
  if (!result.ok) return { ok: false, error: result.reason === "expired" ? expired() : invalidCredentials() };
  const claims = result.payload;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const isM2M = Array.isArray(claims.gty) && claims.gty.includes("client_credentials");
  if (!isM2M || !audiences.includes(m2mAudience(ctx))) return { ok: false, error: invalidCredentials() };
  return { ok: true, clientId: typeof claims.azp === "string" ? claims.azp : "" };
}
