/**
 * POST /api/v1/portal/generate_url — the Management API's portal link, for backends
 * holding an M2M token. Not-found user/org → 404; a user outside the named org → 400
 * (a bad request, not bad credentials: 403 is kept for "invalid credentials" so a
 * client can tell the two apart).
 */
import type { Handler } from "../context.js";
import { apiError, authenticateM2M, type ApiError } from "../bearer.js";
import { sendJson } from "../http.js";
import { isValidReturnUrl, isValidSubnav, mintPortalLink } from "../portalKeys.js";
import { findMembership, findOrg, findUser } from "../seed.js";

export const generateUrl: Handler = async (rq, res, ctx) => {
  const fail = (e: ApiError) => sendJson(res, e.status, e.body);
  const auth = await authenticateM2M(rq, ctx);
  if (!auth.ok) return fail(auth.error);

  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(rq.body || "{}");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    body = parsed as Record<string, unknown>;
  } catch {
    return fail(apiError(400, "INVALID_JSON", "body must be a JSON object"));
  }

  const str = (key: string) => (typeof body[key] === "string" && body[key] !== "" ? (body[key] as string) : null);
  const userId = str("user_id");
  if (!userId) return fail(apiError(400, "USER_ID_REQUIRED", "user_id is required"));
  const user = findUser(userId);
  if (!user) return fail(apiError(404, "USER_NOT_FOUND", `no user with id ${userId}`));

  const requestedOrg = str("organization_code");
  if (requestedOrg && !findOrg(requestedOrg)) return fail(apiError(404, "ORGANIZATION_NOT_FOUND", `no organization ${requestedOrg}`));
  if (requestedOrg && !findMembership(user, requestedOrg)) {
    return fail(apiError(400, "USER_NOT_IN_ORGANIZATION", `${userId} is not a member of ${requestedOrg}`));
  }
  // Without an org the link is for the user's default (first) org, as at sign-in.
  const orgCode = requestedOrg ?? user.memberships[0]?.orgCode ?? null;

  const returnUrl = str("return_url");
  if (body.return_url !== undefined && (returnUrl === null || !isValidReturnUrl(returnUrl))) {
    return fail(apiError(400, "INVALID_RETURN_URL", "return_url must be an absolute http(s) URL"));
  }
  const subnavParam = "sub_nav" in body ? "sub_nav" : "subnav" in body ? "subnav" : null;
  const subnav = (subnavParam && str(subnavParam)) || "profile";
  if (!isValidSubnav(subnav)) return fail(apiError(400, "INVALID_SUBNAV", "sub_nav must be a portal page name"));

  const url = mintPortalLink(ctx, { subnav, subnavParam, returnUrl, via: "m2m", user, orgCode, clientId: auth.clientId });
  sendJson(res, 200, { url });
};
