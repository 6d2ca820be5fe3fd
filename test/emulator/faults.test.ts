import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { APP, m2mToken, portalLink, signIn } from "./helpers.js";

let emu: Emulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.reset();
  token = (await signIn(emu.url)).tokens.access_token;
});

const link = (headers: Record<string, string> = {}) => portalLink(emu.url, token, { subnav: "profile", return_url: `${APP}/` }, headers);
const control = (path: string, method = "GET", body?: unknown) =>
  fetch(`${emu.url}/__emulator/${path}`, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe("programmatic faults", () => {
  it("answers with the fault status for `times` requests, then normally", async () => {
    emu.setFault({ route: "portal_link", status: 429, times: 2, headers: { "Retry-After": "7" } });
    const first = await link();
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(await first.json()).toEqual({ error: "emulated_fault", status: 429 });
    expect((await link()).status).toBe(429);
    expect((await link()).status).toBe(200);
    const stats = emu.stats();
    expect(stats.routes.portal_link).toBe(3);
    expect(stats.faulted.portal_link).toBe(2);
    expect(stats.links).toHaveLength(1);
  });

  it("serves a custom body and content type", async () => {
    emu.setFault({ route: "portal_link", status: 200, body: "<html>login</html>", contentType: "text/html" });
    const res = await link();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(await res.text()).toBe("<html>login</html>");
    expect(emu.stats().links).toHaveLength(0);
  });

  it("adds latency without changing the answer when status is absent", async () => {
    emu.setFault({ route: "portal_link", latencyMs: 400, times: 1 });
    let t = performance.now();
    expect((await link()).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(390);
    t = performance.now();
    await link();
    expect(performance.now() - t).toBeLessThan(300);
  });

  it("targets only its route; '*' targets every non-control route", async () => {
    emu.setFault({ route: "generate_url", status: 500 });
    expect((await link()).status).toBe(200);
    emu.clearFaults();
    emu.setFault({ route: "*", status: 503, times: 2 });
    expect((await link()).status).toBe(503);
    expect((await fetch(`${emu.url}/.well-known/jwks.json`)).status).toBe(503);
    expect((await control("stats")).status).toBe(200);
    expect((await link()).status).toBe(200);
  });

  it("separates the user token route from the M2M token route", async () => {
    emu.setFault({ route: "m2m_token", status: 500 });
    await expect(m2mToken(emu.url)).rejects.toThrow(/500/);
    await expect(signIn(emu.url)).resolves.toBeTruthy();
    emu.clearFaults();
    emu.setFault({ route: "token", status: 502, times: 1 });
    await expect(signIn(emu.url)).rejects.toThrow(/502/);
    await expect(m2mToken(emu.url)).resolves.toBeTruthy();
  });

  it("keeps CORS headers on faulted responses so browsers can read the status", async () => {
    emu.setFault({ route: "portal_link", status: 500 });
    const res = await link({ origin: APP });
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("rejects invalid faults", () => {
    expect(() => emu.setFault({ route: "nope" as "token", status: 500 })).toThrow(/route/);
    expect(() => emu.setFault({ route: "token" })).toThrow(/status/);
    expect(() => emu.setFault({ route: "token", status: 99 })).toThrow(/status/);
  });

  it("applies the global latencyMs option to every counted request", async () => {
    const slow = await startEmulator({ latencyMs: 300 });
    try {
      const t = performance.now();
      await fetch(`${slow.url}/.well-known/jwks.json`);
      expect(performance.now() - t).toBeGreaterThanOrEqual(290);
      const c = performance.now();
      await fetch(`${slow.url}/__emulator/stats`);
      expect(performance.now() - c).toBeLessThan(250);
    } finally {
      await slow.close();
    }
  });
});

describe("HTTP control endpoints", () => {
  it("POST/GET/DELETE /__emulator/faults", async () => {
    const added = await control("faults", "POST", { route: "portal_link", status: 403, times: 1 });
    expect(added.status).toBe(200);
    expect((await added.json()).faults).toEqual([{ route: "portal_link", status: 403, times: 1, remaining: 1 }]);
    expect((await link()).status).toBe(403);
    expect((await link()).status).toBe(200);

    await control("faults", "POST", [{ route: "portal_link", status: 500 }, { route: "generate_url", latencyMs: 5 }]);
    expect((await (await control("faults")).json()).faults).toHaveLength(2);
    expect((await control("faults", "DELETE")).status).toBe(200);
    expect((await link()).status).toBe(200);
  });

  it("rejects a bad fault with 400 and adds nothing", async () => {
    const res = await control("faults", "POST", [{ route: "portal_link", status: 500 }, { route: "bogus", status: 500 }]);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/route/);
    expect((await (await control("faults")).json()).faults).toEqual([]);
    expect((await control("faults", "POST", "not json")).status).toBe(400);
  });

  it("GET /__emulator/stats counts per route, preflights apart, with links and visits", async () => {
    await link();
    await fetch(`${emu.url}/account_api/v1/portal_link`, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET" } });
    const url = emu.stats().links[0]!.url;
    await fetch(url);
    await fetch(url);
    const stats = await (await control("stats")).json();
    expect(stats.routes).toMatchObject({ authorize: 2, token: 1, portal_link: 1, portal: 2 });
    expect(stats.grants).toEqual({ authorization_code: 1 });
    expect(stats.preflights).toEqual({ portal_link: 1 });
    expect(stats.links).toHaveLength(1);
    expect(stats.portalVisits.map((v: { status: number }) => v.status)).toEqual([200, 410]);
    expect(typeof stats.portalVisits[0].at).toBe("number");
    expect(stats.routes.control).toBeUndefined();
  });

  it("POST /__emulator/reset clears stats, faults and sessions", async () => {
    const { cookie } = await signIn(emu.url);
    emu.setFault({ route: "portal_link", status: 500 });
    expect((await control("reset", "POST")).status).toBe(200);
    expect(emu.stats().routes).toEqual({});
    expect((await link()).status).toBe(200);
    const again = await fetch(`${emu.url}/oauth2/auth?${new URLSearchParams({ client_id: "demo-client", response_type: "code", redirect_uri: `${APP}/`, prompt: "none", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" })}`, {
      headers: { cookie: cookie! },
      redirect: "manual",
    });
    expect(new URL(again.headers.get("location")!).searchParams.get("error")).toBe("login_required");
  });

  it("is CORS-open to loopback pages", async () => {
    const res = await fetch(`${emu.url}/__emulator/stats`, { headers: { origin: APP } });
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });
});
