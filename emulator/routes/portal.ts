/** GET /portal?key=… — the page a one-time link opens. Each key works once, for a limited time. */
import type { Handler } from "../context.js";
import { errorPage, html, page } from "../html.js";
import { sendHtml } from "../http.js";
import { findMembership, findOrg, findUser } from "../seed.js";

export const portal: Handler = (rq, res, ctx) => {
  const key = rq.url.searchParams.get("key");
  const record = key ? ctx.store.portalKeys.get(key) : undefined;
  const now = Date.now();
  const visit = (status: number, outcome: "ok" | "used" | "expired" | "unknown") =>
    ctx.stats.visit({ key, at: now, status, outcome });

  if (!record) {
    visit(404, "unknown");
    return sendHtml(res, 404, errorPage("Unknown portal link", "This portal link is not valid."));
  }
  if (record.usedAt !== null) {
    visit(410, "used");
    return sendHtml(res, 410, errorPage("Portal link used", "This portal link has already been used"));
  }
  if (record.expiresAt <= now) {
    visit(410, "expired");
    return sendHtml(res, 410, errorPage("Portal link expired", "This portal link has expired"));
  }
  record.usedAt = now;
  visit(200, "ok");

  const user = findUser(record.userId);
  const org = record.orgCode ? findOrg(record.orgCode) : undefined;
  const membership = user && record.orgCode ? findMembership(user, record.orgCode) : undefined;
  sendHtml(
    res,
    200,
    page(
      `Kinde portal — ${record.subnav}`,
      html`<main>
<h1>Kinde portal</h1>
<dl>
  <dt>Section</dt><dd data-testid="portal-subnav">${record.subnav}</dd>
  <dt>User</dt><dd data-testid="portal-user">${user ? `${user.givenName} ${user.familyName} (${user.email})` : record.userId}</dd>
  <dt>Organization</dt><dd data-testid="portal-org">${org ? `${org.name} (${org.code})` : "none"}</dd>
  <dt>Permissions</dt><dd data-testid="portal-permissions">${membership?.permissions.join(", ") || "none"}</dd>
</dl>
${record.returnUrl ? html`<p><a href="${record.returnUrl}">Return</a></p>` : html`<p>No return URL was given.</p>`}
</main>`,
    ),
  );
};
