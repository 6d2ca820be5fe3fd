/** Token minting: the claims the SDK and this library read, shaped like Kinde's. */
import type { Context } from "./context.js";
import { atHash, randomId } from "./jwt.js";
import { findMembership, findOrg, findUser, type SeedUser } from "./seed.js";

export interface UserGrant {
  userId: string;
  orgCode: string;
  clientId: string;
  scopes: string[];
  audiences: string[];
  sessionId: string;
  nonce?: string | null;
}

export interface UserTokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: "bearer";
}

/**
 * Access-token claims. The SDK reads `org_code` and `permissions` (getPermissions,
 * getCurrentOrganization), `roles` (getRoles; without it the SDK calls /account_api/v1/roles),
 * `exp` (isAuthenticated, refresh timer) and `iss` (base URL of its Account API calls).
 */
export function userAccessClaims(user: SeedUser, orgCode: string, clientId: string, scopes: string[], audiences: string[]) {
  const membership = findMembership(user, orgCode);
  return {
    sub: user.id,
    // Kinde puts the requested audiences here, [] when none were asked for.
    aud: audiences,
    azp: clientId,
    scp: scopes,
    org_code: orgCode,
    org_name: findOrg(orgCode)?.name ?? null,
    permissions: [...(membership?.permissions ?? [])],
    roles: (membership?.roles ?? []).map((r) => ({ ...r })),
    org_codes: user.memberships.map((m) => m.orgCode),
    email: user.email,
  };
}

/** The SDK builds its user profile from the id token (sub, given_name, family_name, email, picture) and org list from `org_codes`. */
function idClaims(user: SeedUser, clientId: string, nonce: string | null | undefined, accessToken: string) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    aud: [clientId],
    azp: clientId,
    auth_time: now,
    rat: now,
    at_hash: atHash(accessToken),
    ...(nonce ? { nonce } : {}),
    email: user.email,
    email_verified: true,
    given_name: user.givenName,
    family_name: user.familyName,
    name: `${user.givenName} ${user.familyName}`,
    picture: null,
    updated_at: now,
    org_codes: user.memberships.map((m) => m.orgCode),
    organizations: user.memberships.map((m) => ({ id: m.orgCode, name: findOrg(m.orgCode)?.name ?? m.orgCode })),
  };
}

/** Access + id token, and a fresh (rotated) refresh token when the `offline` scope was granted. */
export async function issueUserTokens(ctx: Context, grant: UserGrant): Promise<UserTokenSet> {
  const user = findUser(grant.userId);
  if (!user) throw new Error(`unknown user ${grant.userId}`);
  const ttl = ctx.config.accessTokenTtlSeconds;
  const access = await ctx.signer.sign(
    userAccessClaims(user, grant.orgCode, grant.clientId, grant.scopes, grant.audiences),
    ttl,
  );
  const id = await ctx.signer.sign(idClaims(user, grant.clientId, grant.nonce, access), ttl);
  const set: UserTokenSet = {
    access_token: access,
    id_token: id,
    expires_in: ttl,
    scope: grant.scopes.join(" "),
    token_type: "bearer",
  };
  // Kinde only issues refresh tokens for the `offline` scope (the SDK always asks for it by default).
  if (grant.scopes.includes("offline")) {
    const refresh = randomId(32);
    ctx.store.refreshTokens.set(refresh, {
      clientId: grant.clientId,
      userId: grant.userId,
      orgCode: grant.orgCode,
      scopes: grant.scopes,
      audiences: grant.audiences,
      sessionId: grant.sessionId,
      expiresAt: Date.now() + ctx.config.refreshTokenTtlSeconds * 1000,
    });
    set.refresh_token = refresh;
  }
  return set;
}

/** Kinde's M2M tokens: no user, `gty: ["client_credentials"]`, the API audience. */
export async function issueM2MToken(ctx: Context, clientId: string, audience: string, ttlSeconds?: number): Promise<string> {
  return ctx.signer.sign(
    { aud: [audience], azp: clientId, gty: ["client_credentials"], scp: [] },
    ttlSeconds ?? ctx.config.accessTokenTtlSeconds,
  );
}

export function m2mAudience(ctx: Context): string {
  return `${ctx.origin}/api`;
}
