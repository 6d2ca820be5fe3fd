import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { APP, authorize, exchangeCode, postForm, REDIRECT_URI, signIn } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe("authorization code + PKCE", () => {
  it("shows the sign-in page with one accessible button per seeded user", async () => {
    const res = await fetch(`${emu.url}/oauth2/auth?${new URLSearchParams({
      client_id: "demo-client",
      response_type: "code",
      redirect_uri: REDIRECT_URI,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    })}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const label of ["Sign in as Alice (alice@acme.test)", "Sign in as Bob (bob@acme.test)", "Sign in as Carol (carol@acme.test)"]) {
      expect(html).toMatch(new RegExp(`<button type="submit"[^>]*>${label.replace(/[()]/g, "\\$&")}</button>`));
    }
  });

  it("redirects back with code and state, and exchanges the code with the right verifier", async () => {
    const auth = await authorize(emu.url);
    expect(auth.pickerShown).toBe(true);
    expect(auth.location.origin + auth.location.pathname).toBe(REDIRECT_URI);
    expect(auth.location.searchParams.get("state")).toBe(auth.state);
    expect(auth.code).toMatch(/^[\w-]{20,}$/);

    const res = await exchangeCode(emu.url, auth.code!, auth.verifier);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600, scope: "openid profile email offline" });
    expect(typeof body.access_token).toBe("string");
    expect(typeof body.id_token).toBe("string");
    expect(typeof body.refresh_token).toBe("string");
    expect(decodeJwt(body.access_token).sub).toBe("kp_alice");
  });

  it("rejects a wrong PKCE verifier with 400 invalid_grant", async () => {
    const auth = await authorize(emu.url);
    const res = await exchangeCode(emu.url, auth.code!, "x".repeat(43));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("accepts a code only once", async () => {
    const auth = await authorize(emu.url);
    expect((await exchangeCode(emu.url, auth.code!, auth.verifier)).status).toBe(200);
    const second = await exchangeCode(emu.url, auth.code!, auth.verifier);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a code redeemed with a different redirect_uri, but tolerates the SDK's trailing slash", async () => {
    const a = await authorize(emu.url, { redirectUri: APP });
    expect((await exchangeCode(emu.url, a.code!, a.verifier, `${APP}/`)).status).toBe(200);
    const b = await authorize(emu.url);
    expect((await exchangeCode(emu.url, b.code!, b.verifier, `${APP}/elsewhere`)).status).toBe(400);
  });

  it("answers bad client ids and non-loopback redirect URIs with a page, not a redirect", async () => {
    const bad = (query: Record<string, string>) =>
      fetch(`${emu.url}/oauth2/auth?${new URLSearchParams({ response_type: "code", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256", ...query })}`, { redirect: "manual" });
    const unknownClient = await bad({ client_id: "nope", redirect_uri: REDIRECT_URI });
    expect(unknownClient.status).toBe(400);
    expect(unknownClient.headers.get("location")).toBeNull();
    const foreign = await bad({ client_id: "demo-client", redirect_uri: "https://evil.example/cb" });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get("location")).toBeNull();
  });

  it("Cancel on the sign-in page redirects with access_denied and starts no session", async () => {
    const page = await (await fetch(`${emu.url}/oauth2/auth?${new URLSearchParams({ client_id: "demo-client", response_type: "code", redirect_uri: REDIRECT_URI, state: "s2", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" })}`)).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(page)![1]!;
    const res = await fetch(`${emu.url}/oauth2/auth`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request_id: requestId, cancel: "1" }),
    });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe("s2");
    expect(res.headers.getSetCookie()).toEqual([]);
    // The request id is single-use.
    const replay = await fetch(`${emu.url}/oauth2/auth`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ request_id: requestId, user: "kp_alice" }) });
    expect(replay.status).toBe(400);
  });

  it("requires S256 PKCE", async () => {
    const res = await fetch(`${emu.url}/oauth2/auth?${new URLSearchParams({ client_id: "demo-client", response_type: "code", redirect_uri: REDIRECT_URI, state: "s1" })}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("invalid_request");
    expect(loc.searchParams.get("state")).toBe("s1");
  });
});

describe("organizations and the emulator session", () => {
  it("signs into the user's first org by default and into org_code when given", async () => {
    expect((await signIn(emu.url)).claims.org_code).toBe("org_acme");
    expect((await signIn(emu.url, { orgCode: "org_globex" })).claims.org_code).toBe("org_globex");
  });

  it("rejects an org the user is not in with an access_denied redirect", async () => {
    const auth = await authorize(emu.url, { user: "kp_bob", orgCode: "org_globex" });
    expect(auth.code).toBeNull();
    expect(auth.location.searchParams.get("error")).toBe("access_denied");
    expect(auth.location.searchParams.get("state")).toBe(auth.state);
    // No session starts, so the browser can go back and pick someone else.
    expect(auth.cookie).toBeUndefined();
  });

  it("skips the picker when signed in (switchOrg uses prompt=none + org_code)", async () => {
    const first = await signIn(emu.url);
    expect(first.cookie).toMatch(/^kinde_emu_session_\d+=/);
    const again = await authorize(emu.url, { cookie: first.cookie!, prompt: "none", orgCode: "org_globex" });
    expect(again.pickerShown).toBe(false);
    const res = await exchangeCode(emu.url, again.code!, again.verifier);
    const claims = decodeJwt(((await res.json()) as { access_token: string }).access_token);
    expect(claims).toMatchObject({ sub: "kp_alice", org_code: "org_globex", permissions: ["org:read:billing"] });
  });

  it("answers prompt=none without a session with login_required", async () => {
    const auth = await authorize(emu.url, { prompt: "none" });
    expect(auth.pickerShown).toBe(false);
    expect(auth.location.searchParams.get("error")).toBe("login_required");
  });

  it("shows the picker again for prompt=login even when signed in", async () => {
    const first = await signIn(emu.url);
    const again = await authorize(emu.url, { cookie: first.cookie!, prompt: "login", user: "kp_bob" });
    expect(again.pickerShown).toBe(true);
    const tokens = (await (await exchangeCode(emu.url, again.code!, again.verifier)).json()) as { access_token: string };
    expect(decodeJwt(tokens.access_token).sub).toBe("kp_bob");
  });

  it("logout clears the session, revokes its refresh tokens and redirects to a loopback URL only", async () => {
    const { cookie, tokens } = await signIn(emu.url);
    const out = await fetch(`${emu.url}/logout?redirect=${encodeURIComponent(APP)}`, { headers: { cookie: cookie! }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(APP);
    expect(out.headers.getSetCookie().some((c) => /^_kbrte=;.*Max-Age=0/.test(c))).toBe(true);
    expect((await authorize(emu.url, { cookie: cookie!, prompt: "none" })).location.searchParams.get("error")).toBe("login_required");
    const refresh = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client", refresh_token: tokens.refresh_token });
    expect(refresh.status).toBe(400);

    const foreign = await fetch(`${emu.url}/logout?redirect=${encodeURIComponent("https://evil.example/")}`, { redirect: "manual" });
    expect(foreign.status).toBe(400);
  });
});

describe("refresh tokens", () => {
  it("rotates: the new refresh token works, the old one is rejected", async () => {
    const { tokens } = await signIn(emu.url, { orgCode: "org_globex" });
    const r1 = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client", refresh_token: tokens.refresh_token });
    expect(r1.status).toBe(200);
    const t1 = (await r1.json()) as { access_token: string; refresh_token: string; id_token: string };
    expect(t1.refresh_token).not.toBe(tokens.refresh_token);
    expect(t1.access_token).not.toBe(tokens.access_token);
    // The org survives the refresh.
    expect(decodeJwt(t1.access_token)).toMatchObject({ sub: "kp_alice", org_code: "org_globex" });

    const reuse = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client", refresh_token: tokens.refresh_token });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: "invalid_grant" });

    const r2 = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client", refresh_token: t1.refresh_token });
    expect(r2.status).toBe(200);
  });

  it("refreshes from the HttpOnly cookie when the body has no refresh_token (the SDK's custom-domain mode)", async () => {
    const { setCookies } = await signIn(emu.url);
    const refreshCookie = setCookies.find((c) => c.startsWith("kinde_emu_refresh_"))!;
    expect(refreshCookie).toMatch(/HttpOnly/);
    // The readable flag the SDK looks for in document.cookie.
    expect(setCookies.some((c) => c.startsWith("_kbrte=1;") && !/HttpOnly/.test(c))).toBe(true);

    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client" }, { cookie: refreshCookie.split(";")[0]! });
    expect(res.status).toBe(200);
    expect(decodeJwt(((await res.json()) as { access_token: string }).access_token).sub).toBe("kp_alice");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("kinde_emu_refresh_") && c !== refreshCookie)).toBe(true);

    // The used cookie is dead now, and a failed cookie refresh clears the flag.
    const stale = await postForm(`${emu.url}/oauth2/token`, { grant_type: "refresh_token", client_id: "demo-client" }, { cookie: refreshCookie.split(";")[0]! });
    expect(stale.status).toBe(400);
    expect(stale.headers.getSetCookie().some((c) => /^_kbrte=;.*Max-Age=0/.test(c))).toBe(true);
  });

  it("issues no refresh token without the offline scope", async () => {
    const auth = await authorize(emu.url, { scope: "openid profile email" });
    const body = await (await exchangeCode(emu.url, auth.code!, auth.verifier)).json();
    expect(body.refresh_token).toBeUndefined();
    expect(typeof body.access_token).toBe("string");
  });

  it("rejects unknown grant types", async () => {
    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "password" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "unsupported_grant_type" });
  });
});

describe("CORS for the SDK's browser calls", () => {
  it("answers the token preflight (Kinde-SDK header) and echoes loopback origins with credentials", async () => {
    const pre = await fetch(`${emu.url}/oauth2/token`, {
      method: "OPTIONS",
      headers: { origin: APP, "access-control-request-method": "POST", "access-control-request-headers": "content-type,kinde-sdk" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(APP);
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    expect(pre.headers.get("access-control-allow-headers")).toContain("kinde-sdk");

    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "password" }, { origin: "http://localhost:3000" });
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
  });

  it("gives no CORS grant to non-loopback origins", async () => {
    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "password" }, { origin: "https://evil.example" });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
