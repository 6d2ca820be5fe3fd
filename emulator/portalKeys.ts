/** Minting one-time portal links (shared by the Account API and the M2M endpoint). */
import type { Context } from "./context.js";
import { isAbsoluteHttpUrl } from "./http.js";
import { randomId } from "./jwt.js";
import type { SeedUser } from "./seed.js";
import type { MintedLink } from "./stats.js";

/** Page names look like Kinde's (`organization_members`); unknown future ones are accepted. */
export function isValidSubnav(value: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(value);
}

/** Absent is fine for callers that allow it; present must be an absolute http(s) URL. */
export function isValidReturnUrl(value: string): boolean {
  return isAbsoluteHttpUrl(value);
}

export interface MintRequest {
  subnav: string;
  subnavParam: MintedLink["subnavParam"];
  returnUrl: string | null;
  via: MintedLink["via"];
  user: SeedUser;
  orgCode: string | null;
  clientId: string | null;
}

export function mintPortalLink(ctx: Context, m: MintRequest): string {
  const key = randomId(24);
  const now = Date.now();
  const expiresAt = now + ctx.config.portalKeyTtlSeconds * 1000;
  ctx.store.portalKeys.set(key, {
    subnav: m.subnav,
    returnUrl: m.returnUrl,
    userId: m.user.id,
    orgCode: m.orgCode,
    expiresAt,
    usedAt: null,
  });
  const url = `${ctx.origin}/portal?key=${key}`;
  ctx.stats.link({
    key,
    url,
    subnav: m.subnav,
    subnavParam: m.subnavParam,
    returnUrl: m.returnUrl,
    via: m.via,
    userId: m.user.id,
    userEmail: m.user.email,
    orgCode: m.orgCode,
    clientId: m.clientId,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return url;
}
