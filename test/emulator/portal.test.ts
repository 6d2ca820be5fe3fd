import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { APP, m2mToken, portalLink, signIn } from "./helpers.js";

let emu: Emulator;
let aliceToken: string;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.reset();
  aliceToken = (await signIn(emu.url)).tokens.access_token;
});

const RETURN = `${APP}/settings?tab=team`;

describe("GET /account_api/v1/portal_link", () => {
  it("mints a one-time link on the emulator origin and records it", async () => {
    const res = await portalLink(emu.url, aliceToken, { subnav: "organization_members", return_url: RETURN });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["url"]);
    expect(body.url).toMatch(new RegExp(`^${emu.url}/portal\\?key=[\\w-]{20,}$`));

    const [link] = emu.stats().links;
    expect(link).toMatchObject({
      url: body.url,
      subnav: "organization_members",
      subnavParam: "subnav",
      returnUrl: RETURN,
      via: "account_api",
      userId: "kp_alice",
      userEmail: "alice@acme.test",
      orgCode: "org_acme",
      clientId: "demo-client",
      usedAt: null,
    });
    expect(link!.createdAt).toBeGreaterThan(Date.now() - 5000);
    expect(link!.expiresAt - link!.createdAt).toBe(300_000);
  });

  it("defaults the page to profile and still accepts the older sub_nav spelling", async () => {
    await portalLink(emu.url, aliceToken, { return_url: RETURN });
    await portalLink(emu.url, aliceToken, { sub_nav: "organization_plan_details", return_url: RETURN });
    expect(emu.stats().links.map((l) => [l.subnav, l.subnavParam])).toEqual([
      ["profile", null],
      ["organization_plan_details", "sub_nav"],
    ]);
  });

  it("answers an expired token with 401", async () => {
    const expired = await emu.mintAccessToken({ user: "kp_alice", ttlSeconds: -5 });
    const res = await portalLink(emu.url, expired, { subnav: "profile", return_url: RETURN });
    expect(res.status).toBe(401);
    expect(emu.stats().links).toHaveLength(0);
  });

  it("answers missing, malformed, forged and M2M tokens with 403 invalid credentials", async () => {
    const forged = aliceToken.slice(0, -4) + (aliceToken.endsWith("AAAA") ? "BBBB" : "AAAA");
    const other = await startEmulator();
    const foreign = await other.mintAccessToken({ user: "kp_alice" });
    await other.close();
    for (const token of [null, "not-a-jwt", forged, foreign, await m2mToken(emu.url)]) {
      const res = await portalLink(emu.url, token, { subnav: "profile", return_url: RETURN });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ errors: [{ code: "INVALID_CREDENTIALS", message: "Invalid credentials used to access API" }] });
    }
    expect(emu.stats().links).toHaveLength(0);
  });

  it("answers a missing or non-absolute return_url with 400", async () => {
    for (const return_url of [undefined, "/settings", "app.test/x", "javascript:alert(1)", "ftp://x.test/"]) {
      const res = await portalLink(emu.url, aliceToken, { subnav: "profile", ...(return_url === undefined ? {} : { return_url }) });
      expect(res.status, String(return_url)).toBe(400);
    }
    expect(emu.stats().links).toHaveLength(0);
  });

  it("allows CORS preflights with Authorization from loopback origins", async () => {
    const pre = await fetch(`${emu.url}/account_api/v1/portal_link`, {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(APP);
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    const res = await portalLink(emu.url, aliceToken, { subnav: "profile", return_url: RETURN }, { origin: APP });
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("GET /portal?key=", () => {
  async function mint(subnav = "organization_members") {
    return ((await (await portalLink(emu.url, aliceToken, { subnav, return_url: RETURN })).json()) as { url: string }).url;
  }

  it("shows the section, user and org with a Return link, once; a second visit is 410", async () => {
    const url = await mint();
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("<title>Kinde portal — organization_members</title>");
    expect(html).toContain("alice@acme.test");
    expect(html).toContain("Acme Corp (org_acme)");
    expect(html).toContain(`<a href="${RETURN.replace("&", "&amp;")}">Return</a>`);

    const second = await fetch(url);
    expect(second.status).toBe(410);
    expect(await second.text()).toContain("This portal link has already been used");

    const stats = emu.stats();
    expect(stats.portalVisits.map((v) => [v.status, v.outcome])).toEqual([
      [200, "ok"],
      [410, "used"],
    ]);
    expect(stats.links[0]!.usedAt).toBe(stats.portalVisits[0]!.at);
  });

  it("expires unused keys", async () => {
    emu.configure({ portalKeyTtlSeconds: 0 });
    try {
      const res = await fetch(await mint());
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("This portal link has expired");
    } finally {
      emu.configure({ portalKeyTtlSeconds: 300 });
    }
  });

  it("answers unknown keys with 404", async () => {
    expect((await fetch(`${emu.url}/portal?key=nope`)).status).toBe(404);
    expect((await fetch(`${emu.url}/portal`)).status).toBe(404);
  });

  it("escapes what it echoes", async () => {
    const res = await portalLink(emu.url, aliceToken, { subnav: "profile", return_url: `${APP}/?q="><script>x</script>` });
    const html = await (await fetch(((await res.json()) as { url: string }).url)).text();
    expect(html).not.toContain("<script>x");
  });
});

describe("GET /account_api/v1/permissions", () => {
  it("returns the token's org and permissions in the shape js-utils parses", async () => {
    const bob = (await signIn(emu.url, { user: "kp_bob" })).tokens.access_token;
    const globex = (await signIn(emu.url, { orgCode: "org_globex" })).tokens.access_token;
    const get = async (t: string) => (await fetch(`${emu.url}/account_api/v1/permissions`, { headers: { authorization: `Bearer ${t}` } })).json();

    const alice = await get(aliceToken);
    expect(alice.data.org_code).toBe("org_acme");
    expect(alice.data.permissions.map((p: { key: string }) => p.key)).toEqual(["org:read:billing", "org:write:billing", "org:write:members"]);
    expect(alice.data.permissions[0]).toMatchObject({ id: expect.any(String), name: "Read billing", key: "org:read:billing" });
    expect(alice.metadata).toEqual({ has_more: false, next_page_starting_after: null });
    expect((await get(bob)).data).toEqual({ org_code: "org_acme", permissions: [] });
    expect((await get(globex)).data.permissions.map((p: { key: string }) => p.key)).toEqual(["org:read:billing"]);
  });

  it("checks the token like portal_link does", async () => {
    const expired = await emu.mintAccessToken({ user: "kp_alice", ttlSeconds: 0 });
    expect((await fetch(`${emu.url}/account_api/v1/permissions`, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);
    expect((await fetch(`${emu.url}/account_api/v1/permissions`)).status).toBe(403);
  });
});
