/**
 * The unmodified @kinde-oss/kinde-auth-react SDK against the emulator, in Chromium:
 * sign-in, refresh (explicit, on reload via the `_kbrte` cookie, and by the SDK's own
 * timer), switchOrg, the SDK's own generatePortalUrl, logout, and the localStorage mode.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/sdk-app/", import.meta.url));
const STEP_TIMEOUT = 30_000;

interface AppConfig {
  domain: string;
  clientId: string;
  insecure: boolean;
}

interface StaticApp {
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/** Serves the built app; every path but /app.js is the SPA page with the config inlined. */
async function serveApp(dir: string, config: AppConfig): Promise<StaticApp> {
  const [indexHtml, bundle] = await Promise.all([readFile(join(FIXTURE, "index.html"), "utf8"), readFile(join(dir, "app.js"))]);
  const app = { config } as StaticApp;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else if (path === "/favicon.ico") {
      res.writeHead(204).end();
    } else {
      // `<` escaped so the JSON can never close the script element.
      const json = JSON.stringify(app.config).replace(/</g, "\\u003c");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(indexHtml.replace("__SMOKE_CONFIG__", json));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  app.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return app;
}

let tmp: string;
let emu: Emulator;
let app: StaticApp;
let browser: Browser;
const logs: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "kinde-sdk-smoke-"));
  await build({
    entryPoints: [join(FIXTURE, "main.tsx")],
    outfile: join(tmp, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  emu = await startEmulator();
  app = await serveApp(tmp, { domain: emu.url, clientId: "demo-client", insecure: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await emu?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

afterEach(({ task }) => {
  // Browser console output only helps when something failed (or SMOKE_LOGS=1 asks for it).
  if (task.result?.state === "fail" || process.env.SMOKE_LOGS) console.log(`--- ${task.name}\n${logs.join("\n")}`);
  logs.length = 0;
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => logs.push(`[console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`[pageerror] ${e.message}`));
  return { context, page };
}

async function status(page: Page, text: "Signed in" | "Signed out") {
  await page.getByTestId("status").filter({ hasText: text }).waitFor({ timeout: 15_000 });
}

/** Waits until the app shows access-token claims that satisfy `accept`, and returns them. */
async function claims(page: Page, accept: (c: Record<string, unknown>) => boolean = () => true): Promise<Record<string, any>> {
  const end = Date.now() + 15_000;
  let last: unknown = null;
  while (Date.now() < end) {
    const text = await page.getByTestId("claims").textContent().catch(() => null);
    last = text ? JSON.parse(text) : null;
    if (last && accept(last as Record<string, unknown>)) return last as Record<string, any>;
    await page.waitForTimeout(50);
  }
  throw new Error(`claims never matched; last: ${JSON.stringify(last)}`);
}

const json = async (page: Page, testId: string) => JSON.parse((await page.getByTestId(testId).textContent()) ?? "null");

describe("KindeProvider (cookie refresh, the SDK's default on non-kinde.com domains)", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await newPage());
  });
  afterAll(() => context?.close());

  it("Login → emulator sign-in page → Alice → signed in with org_acme and her permissions", async () => {
    await page.goto(app.url);
    await status(page, "Signed out");
    await page.getByRole("button", { name: "Login", exact: true }).click();
    await page.waitForURL((u) => u.href.startsWith(`${emu.url}/oauth2/auth`));
    const authorizeUrl = new URL(page.url());
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      client_id: "demo-client",
      redirect_uri: app.url,
      response_type: "code",
      code_challenge_method: "S256",
      scope: "email profile openid offline",
    });
    await page.getByRole("button", { name: "Sign in as Alice (alice@acme.test)" }).click();

    await status(page, "Signed in");
    expect(await page.getByTestId("user").textContent()).toBe("alice@acme.test");
    expect(await page.getByTestId("name").textContent()).toBe("Alice");
    const c = await claims(page);
    expect(c).toMatchObject({ iss: emu.url, sub: "kp_alice", org_code: "org_acme", permissions: ["org:read:billing", "org:write:billing", "org:write:members"] });
    // What the SDK itself derives from the tokens.
    expect(await json(page, "sdk-permissions")).toEqual({ orgCode: "org_acme", permissions: ["org:read:billing", "org:write:billing", "org:write:members"] });
    expect(await json(page, "sdk-orgs")).toEqual(["org_acme", "org_globex"]);
    // The SDK strips ?code&state after the exchange.
    expect(page.url()).toBe(`${app.url}/`);
    expect(emu.stats().grants.authorization_code).toBe(1);
  }, STEP_TIMEOUT);

  it("refreshToken() rotates through the refresh_token grant and yields a new access token", async () => {
    const before = await claims(page);
    const grantsBefore = emu.stats().grants.refresh_token ?? 0;
    await page.getByRole("button", { name: "Refresh token" }).click();
    await page.getByTestId("message").filter({ hasText: "refresh ok" }).waitFor();
    const after = await claims(page, (c) => c.jti !== before.jti);
    expect(after).toMatchObject({ sub: "kp_alice", org_code: "org_acme" });
    expect(emu.stats().grants.refresh_token).toBe(grantsBefore + 1);
  }, STEP_TIMEOUT);

  it("a reload stays signed in: the SDK sees _kbrte and refreshes from the HttpOnly cookie", async () => {
    const grantsBefore = emu.stats().grants.refresh_token ?? 0;
    await page.reload();
    await status(page, "Signed in");
    expect(await claims(page)).toMatchObject({ sub: "kp_alice", org_code: "org_acme" });
    expect(emu.stats().grants.refresh_token).toBe(grantsBefore + 1);
    // Custom-domain mode: the refresh token never lands in localStorage.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("refreshToken")))).toEqual([]);
    const cookies = await context.cookies(emu.url);
    expect(cookies.find((c) => c.name === "_kbrte")?.httpOnly).toBe(false);
    expect(cookies.find((c) => c.name.startsWith("kinde_emu_refresh_"))?.httpOnly).toBe(true);
  }, STEP_TIMEOUT);

  it("switchOrg('org_globex') returns without the picker and shows Globex's permissions", async () => {
    const authorizeBefore = emu.stats().routes.authorize ?? 0;
    await page.getByRole("button", { name: "Switch to Globex" }).click();
    const c = await claims(page, (x) => x.org_code === "org_globex");
    expect(c).toMatchObject({ sub: "kp_alice", permissions: ["org:read:billing"] });
    expect(await json(page, "sdk-permissions")).toEqual({ orgCode: "org_globex", permissions: ["org:read:billing"] });
    // One GET /oauth2/auth (prompt=none); a picker would have added the form POST.
    expect(emu.stats().routes.authorize).toBe(authorizeBefore + 1);
  }, STEP_TIMEOUT);

  it("the SDK's generatePortalUrl opens the one-time portal; Return comes back signed in", async () => {
    await page.getByRole("button", { name: "Open members portal" }).click();
    await page.waitForURL((u) => u.href.startsWith(`${emu.url}/portal?key=`));
    expect(await page.title()).toBe("Kinde portal — organization_members");
    expect(await page.getByTestId("portal-org").textContent()).toBe("Globex (org_globex)");
    expect(emu.stats().links.at(-1)).toMatchObject({ via: "account_api", subnav: "organization_members", subnavParam: "subnav", orgCode: "org_globex", returnUrl: `${app.url}/` });

    const portalUrl = page.url();
    await page.getByRole("link", { name: "Return", exact: true }).click();
    await status(page, "Signed in");
    expect(await claims(page)).toMatchObject({ org_code: "org_globex" });

    const again = await page.goto(portalUrl);
    expect(again?.status()).toBe(410);
    await page.goBack();
    await status(page, "Signed in");
  }, STEP_TIMEOUT);

  it("logout ends the emulator session; a later login with orgCode shows the picker and honours the org", async () => {
    await page.getByRole("button", { name: "Logout" }).click();
    await status(page, "Signed out");
    expect((await context.cookies(emu.url)).some((c) => c.name === "_kbrte")).toBe(false);

    // Bob is not in Globex: Kinde-style error redirect, still signed out, no session kept.
    await page.getByRole("button", { name: "Login to Globex" }).click();
    await page.getByRole("button", { name: "Sign in as Bob (bob@acme.test)" }).click();
    await page.waitForURL((u) => u.searchParams.get("error") === "access_denied");
    await status(page, "Signed out");

    await page.getByRole("button", { name: "Login to Globex" }).click();
    await page.getByRole("button", { name: "Sign in as Alice (alice@acme.test)" }).click();
    await status(page, "Signed in");
    expect(await claims(page)).toMatchObject({ sub: "kp_alice", org_code: "org_globex", permissions: ["org:read:billing"] });
  }, STEP_TIMEOUT);
});

describe("KindeProvider with useInsecureForRefreshToken", () => {
  it("keeps the refresh token in localStorage and refreshes from it after a reload", async () => {
    const { context, page } = await newPage();
    app.config = { ...app.config, insecure: true };
    try {
      await page.goto(app.url);
      await page.getByRole("button", { name: "Login", exact: true }).click();
      await page.getByRole("button", { name: "Sign in as Carol (carol@acme.test)" }).click();
      await status(page, "Signed in");
      expect(await claims(page)).toMatchObject({ sub: "kp_carol", org_code: "org_acme", permissions: ["org:read:billing", "org:write:billing"] });
      expect(await page.evaluate(() => localStorage.getItem("refreshToken0"))).toBeTruthy();

      // Without the cookie path (cleared), the reload must use the stored token.
      await context.clearCookies({ name: "_kbrte" });
      const before = emu.stats().grants.refresh_token ?? 0;
      await page.reload();
      await status(page, "Signed in");
      expect(await claims(page)).toMatchObject({ sub: "kp_carol" });
      expect(emu.stats().grants.refresh_token).toBe(before + 1);
    } finally {
      app.config = { ...app.config, insecure: false };
      await context.close();
    }
  }, STEP_TIMEOUT);
});

describe("short-lived access tokens", () => {
  it("the SDK's own timer refreshes 10 s before expiry and the app gets a new token", async () => {
    const short = await startEmulator({ accessTokenTtlSeconds: 12 });
    const { context, page } = await newPage();
    app.config = { ...app.config, domain: short.url };
    try {
      await page.goto(app.url);
      await page.getByRole("button", { name: "Login", exact: true }).click();
      await page.getByRole("button", { name: "Sign in as Bob (bob@acme.test)" }).click();
      await status(page, "Signed in");
      const first = await claims(page);
      expect(first).toMatchObject({ sub: "kp_bob", org_code: "org_acme", permissions: [] });
      expect(first.exp - first.iat).toBe(12);

      // No user action: the timer fires ~2 s after sign-in.
      const end = Date.now() + 10_000;
      while ((short.stats().grants.refresh_token ?? 0) < 1 && Date.now() < end) await page.waitForTimeout(100);
      expect(short.stats().grants.refresh_token).toBeGreaterThanOrEqual(1);
      await page.getByRole("button", { name: "Read token" }).click();
      const next = await claims(page, (c) => c.jti !== first.jti);
      expect(next.exp).toBeGreaterThan(first.exp);
    } finally {
      app.config = { ...app.config, domain: emu.url };
      await context.close();
      await short.close();
    }
  }, STEP_TIMEOUT);
});
