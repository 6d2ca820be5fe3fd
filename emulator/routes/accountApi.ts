/**
 * /account_api/v1/* — called from the browser with the user's access token.
 * Response shapes follow what @kinde/js-utils parses: list endpoints wrap their
 * payload in `{data, metadata: {has_more, next_page_starting_after}}`.
 */
import type { Handler } from "../context.js";
import { apiError, authenticateUser } from "../bearer.js";
import { sendJson } from "../http.js";
import { isValidReturnUrl, isValidSubnav, mintPortalLink } from "../portalKeys.js";
import { permissionNames } from "../seed.js";

export const portalLink: Handler = async (rq, res, ctx) => {
  const auth = await authenticateUser(rq, ctx);
  if (!auth.ok) return sendJson(res, auth.error.status, auth.error.body);
  const q = rq.url.searchParams;
  // js-utils sends `subnav`; older docs say `sub_nav`. Both work; stats record which came.
  const subnavParam = q.has("subnav") ? "subnav" : q.has("sub_nav") ? "sub_nav" : null;
  const subnav = (subnavParam && q.get(subnavParam)) || "profile";
  if (!isValidSubnav(subnav)) {
    const e = apiError(400, "INVALID_SUBNAV", "subnav must be a portal page name such as organization_members");
    return sendJson(res, e.status, e.body);
  }
  const returnUrl = q.get("return_url") ?? "";
  if (!isValidReturnUrl(returnUrl)) {
    const e = apiError(400, "INVALID_RETURN_URL", "return_url must be an absolute http(s) URL");
    return sendJson(res, e.status, e.body);
  }
  const url = mintPortalLink(ctx, {
    subnav,
    subnavParam,
    returnUrl,
    via: "account_api",
    user: auth.user,
    orgCode: auth.orgCode,
    clientId: auth.clientId,
  });
  sendJson(res, 200, { url });
};

/** js-utils `getPermissions({forceApi: true})` reads `data.org_code` and `data.permissions[].key`. */
export const permissions: Handler = async (rq, res, ctx) => {
  const auth = await authenticateUser(rq, ctx);
  if (!auth.ok) return sendJson(res, auth.error.status, auth.error.body);
  sendJson(res, 200, {
    data: {
      org_code: auth.orgCode,
      permissions: auth.membership.permissions.map((key) => ({ id: `perm_${key.replace(/\W/g, "_")}`, name: permissionNames[key] ?? key, key })),
    },
    metadata: { has_more: false, next_page_starting_after: null },
  });
};

/** js-utils `getRoles()` calls this when the token has no `roles` claim (ours always has one). */
export const roles: Handler = async (rq, res, ctx) => {
  const auth = await authenticateUser(rq, ctx);
  if (!auth.ok) return sendJson(res, auth.error.status, auth.error.body);
  sendJson(res, 200, {
    data: { org_code: auth.orgCode, roles: auth.membership.roles.map((r) => ({ ...r })) },
    metadata: { has_more: false, next_page_starting_after: null },
  });
};
