/**
 * GET /logout?redirect=… — ends the emulator session (and its refresh tokens) and
 * clears the cookies, so the SDK's next page load finds no `_kbrte` flag and stays
 * signed out. The SDK sends `redirect=` empty when no logoutUri is configured.
 */
import type { Handler } from "../context.js";
import { errorPage } from "../html.js";
import { appendSetCookie, cookie, isLoopbackUrl, redirect, sendHtml } from "../http.js";
import { clearRefreshCookies } from "./token.js";

export const logout: Handler = (rq, res, ctx) => {
  const target = rq.url.searchParams.get("redirect") ?? "";
  if (target && !isLoopbackUrl(target)) {
    return sendHtml(res, 400, errorPage("Invalid redirect", "redirect must be an http(s) URL on a loopback host."));
  }
  const sessionId = rq.cookies[ctx.cookies.session];
  if (sessionId) ctx.store.endSession(sessionId);
  appendSetCookie(res, [cookie(ctx.cookies.session, "", { httpOnly: true, maxAge: 0 })]);
  clearRefreshCookies(res, ctx);
  if (target) return redirect(res, target);
  sendHtml(res, 200, errorPage("Signed out", "You are signed out of the Kinde emulator."));
};
