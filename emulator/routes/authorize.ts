/**
 * /oauth2/auth — the sign-in page (GET) and the account choice (POST).
 *
 * The SDK navigates here for login, register (prompt=create) and switchOrg
 * (prompt=none + org_code). An emulator session cookie lets a signed-in browser
 * come straight back with a code, as Kinde's own session does.
 */
import type { ServerResponse } from "node:http";
import type { Context, Handler, Request } from "../context.js";
import { errorPage, html, page } from "../html.js";
import { appendSetCookie, cookie, isLoopbackUrl, parseParams, redirect, sendHtml } from "../http.js";
import { randomId } from "../jwt.js";
import { findMembership, findOrg, findUser, orgs, users } from "../seed.js";
import type { AuthRequest } from "../store.js";

const DEFAULT_SCOPES = ["openid", "profile", "email", "offline"];
const PENDING_TTL_MS = 10 * 60 * 1000;

export const authorize: Handler = (rq, res, ctx) => {
  const q = rq.url.searchParams;
  const clientId = q.get("client_id") ?? "";
  const redirectUri = q.get("redirect_uri") ?? "";
  // Per OAuth, a bad client or redirect_uri is shown to the user, never redirected to.
  if (!ctx.config.clientIds.includes(clientId)) {
    return sendHtml(res, 400, errorPage("Unknown application", `client_id "${clientId}" is not registered with this emulator.`));
  }
  if (!isLoopbackUrl(redirectUri)) {
    return sendHtml(res, 400, errorPage("Invalid redirect_uri", "redirect_uri must be an http(s) URL on 127.0.0.1, localhost or [::1]."));
  }
  const state = q.get("state");
  const fail = (error: string, description: string) => oauthError(res, redirectUri, state, error, description);

  if ((q.get("response_type") ?? "code") !== "code") return fail("unsupported_response_type", "only response_type=code is supported");
  const codeChallenge = q.get("code_challenge") ?? "";
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(codeChallenge)) return fail("invalid_request", "code_challenge (PKCE) is required");
  if ((q.get("code_challenge_method") ?? "plain") !== "S256") return fail("invalid_request", "code_challenge_method must be S256");

  const orgCode = q.get("org_code") || null;
  if (orgCode && !findOrg(orgCode)) return fail("access_denied", `unknown organization ${orgCode}`);

  const request: AuthRequest = {
    clientId,
    redirectUri,
    state,
    nonce: q.get("nonce"),
    codeChallenge,
    scopes: splitList(q.get("scope")) ?? DEFAULT_SCOPES,
    audiences: splitList(q.get("audience")) ?? [],
    orgCode,
    prompt: q.get("prompt"),
  };

  const session = currentSession(rq, ctx);
  const forcePicker = request.prompt === "login" || request.prompt === "create" || request.prompt === "select_account";
  if (session && !forcePicker) return completeSignIn(res, ctx, request, session.userId, session.id);
  if (request.prompt === "none") return fail("login_required", "no emulator session; sign in first");

  const requestId = randomId(16);
  ctx.store.pending.set(requestId, { ...request, expiresAt: Date.now() + PENDING_TTL_MS });
  sendHtml(res, 200, pickerPage(requestId, request));
};

/** The picker's form post: `request_id` plus `user` (a seeded id) or `cancel`. */
export const chooseAccount: Handler = (rq, res, ctx) => {
  const form = parseParams(rq.body, rq.req.headers["content-type"]);
  const request = ctx.store.pending.take(form.request_id ?? "");
  if (!request) {
    return sendHtml(res, 400, errorPage("Sign-in request expired", "Go back to the application and sign in again."));
  }
  if (form.cancel) return oauthError(res, request.redirectUri, request.state, "access_denied", "the user cancelled sign-in");
  const user = findUser(form.user ?? "");
  if (!user) return sendHtml(res, 400, errorPage("Unknown user", "Pick one of the listed users."));

  // Only a sign-in that succeeds starts a session: someone who picked a user outside the
  // requested org can go back and pick another user instead of being stuck as that one.
  const orgCode = request.orgCode ?? user.memberships[0]?.orgCode;
  if (!orgCode || !findMembership(user, orgCode)) return notAMember(res, request, user.email, orgCode);
  const sessionId = randomId(24);
  ctx.store.sessions.set(sessionId, { id: sessionId, userId: user.id, createdAt: Date.now() });
  appendSetCookie(res, [cookie(ctx.cookies.session, sessionId, { httpOnly: true })]);
  completeSignIn(res, ctx, request, user.id, sessionId);
};

function completeSignIn(res: ServerResponse, ctx: Context, request: AuthRequest, userId: string, sessionId: string): void {
  const user = findUser(userId)!;
  const orgCode = request.orgCode ?? user.memberships[0]?.orgCode;
  if (!orgCode || !findMembership(user, orgCode)) return notAMember(res, request, user.email, orgCode);
  const code = randomId(32);
  ctx.store.codes.set(code, {
    ...request,
    userId,
    tokenOrgCode: orgCode,
    sessionId,
    expiresAt: Date.now() + ctx.config.authCodeTtlSeconds * 1000,
  });
  const target = new URL(request.redirectUri);
  target.searchParams.set("code", code);
  if (request.state !== null) target.searchParams.set("state", request.state);
  redirect(res, target.href);
}

function notAMember(res: ServerResponse, request: AuthRequest, email: string, orgCode: string | undefined): void {
  oauthError(res, request.redirectUri, request.state, "access_denied", `${email} is not a member of ${orgCode ?? "any organization"}`);
}

function oauthError(res: ServerResponse, redirectUri: string, state: string | null, error: string, description: string): void {
  const target = new URL(redirectUri);
  target.searchParams.set("error", error);
  target.searchParams.set("error_description", description);
  if (state !== null) target.searchParams.set("state", state);
  redirect(res, target.href);
}

function currentSession(rq: Request, ctx: Context) {
  const id = rq.cookies[ctx.cookies.session];
  const session = id ? ctx.store.sessions.get(id) : undefined;
  return session && findUser(session.userId) ? session : undefined;
}

/** Space-separated list (the SDK joins scope and audience arrays with spaces); null when absent or empty. */
function splitList(value: string | null): string[] | null {
  const items = (value ?? "").split(/\s+/).filter(Boolean);
  return items.length ? items : null;
}

function pickerPage(requestId: string, request: AuthRequest): string {
  const orgName = (code: string) => orgs.find((o) => o.code === code)?.name ?? code;
  const heading = request.prompt === "create" ? "Create an account" : "Sign in";
  const rows = users.map(
    (u) => html`<li>
  <button type="submit" name="user" value="${u.id}" aria-describedby="desc-${u.id}">Sign in as ${u.givenName} (${u.email})</button>
  <div id="desc-${u.id}" class="muted">${u.title} · ${u.memberships.map((m) => orgName(m.orgCode)).join(", ")}</div>
</li>`,
  );
  return page(
    `${heading} — Kinde emulator`,
    html`<main>
<h1>${heading}</h1>
<p>Application <code>${request.clientId}</code> asks you to sign in${request.orgCode ? html` to <strong>${orgName(request.orgCode)}</strong>` : ""}.</p>
<form method="post" action="/oauth2/auth">
  <input type="hidden" name="request_id" value="${requestId}">
  <ul>${rows}</ul>
  <button type="submit" name="cancel" value="1">Cancel</button>
</form>
</main>`,
  );
}
