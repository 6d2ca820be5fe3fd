import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { APP, generateUrl, m2mToken, postForm, signIn } from "./helpers.js";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe("client_credentials", () => {
  it("issues an M2M token for the API audience", async () => {
    const res = await postForm(`${emu.url}/oauth2/token`, {
      grant_type: "client_credentials",
      client_id: "m2m-client",
      client_secret: "m2m-secret",
      audience: `${emu.url}/api`,
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`)), {
      issuer: emu.url,
      audience: `${emu.url}/api`,
    });
    expect(payload).toMatchObject({ azp: "m2m-client", gty: ["client_credentials"] });
    expect(emu.stats().routes).toMatchObject({ m2m_token: 1 });
    expect(emu.stats().routes.token).toBeUndefined();
  });

  it("accepts HTTP Basic client authentication", async () => {
    const basic = Buffer.from("m2m-client:m2m-secret").toString("base64");
    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "client_credentials", audience: `${emu.url}/api` }, { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
  });

  it("answers a wrong secret or unknown client with 401 invalid_client", async () => {
    for (const [client_id, client_secret] of [["m2m-client", "wrong"], ["nobody", "m2m-secret"]] as const) {
      const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "client_credentials", client_id, client_secret, audience: `${emu.url}/api` });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: "invalid_client" });
    }
  });

  it("answers a wrong audience with 400", async () => {
    const res = await postForm(`${emu.url}/oauth2/token`, { grant_type: "client_credentials", client_id: "m2m-client", client_secret: "m2m-secret", audience: "https://other.example/api" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request" });
  });
});

describe("POST /api/v1/portal/generate_url", () => {
  it("mints a one-time link for the named user and org, recorded as via m2m", async () => {
    const token = await m2mToken(emu.url);
    const res = await generateUrl(emu.url, token, { user_id: "kp_alice", organization_code: "org_globex", return_url: `${APP}/back`, sub_nav: "organization_plan_details" });
    expect(res.status).toBe(200);
    const { url } = await res.json();
    expect(url).toMatch(new RegExp(`^${emu.url}/portal\\?key=`));
    expect(emu.stats().links[0]).toMatchObject({ via: "m2m", userId: "kp_alice", orgCode: "org_globex", subnav: "organization_plan_details", subnavParam: "sub_nav", returnUrl: `${APP}/back`, clientId: "m2m-client" });

    const page = await (await fetch(url)).text();
    expect(page).toContain("<title>Kinde portal — organization_plan_details</title>");
    expect(page).toContain("Globex (org_globex)");
  });

  it("defaults to the user's first org and the profile page; return_url is optional", async () => {
    const res = await generateUrl(emu.url, await m2mToken(emu.url), { user_id: "kp_carol" });
    expect(res.status).toBe(200);
    expect(emu.stats().links[0]).toMatchObject({ orgCode: "org_acme", subnav: "profile", returnUrl: null });
  });

  it("answers an unknown user with 404 and a user outside the org with 400", async () => {
    const token = await m2mToken(emu.url);
    const unknown = await generateUrl(emu.url, token, { user_id: "kp_nobody" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ errors: [{ code: "USER_NOT_FOUND", message: "no user with id kp_nobody" }] });
    const outside = await generateUrl(emu.url, token, { user_id: "kp_bob", organization_code: "org_globex" });
    expect(outside.status).toBe(400);
    expect((await outside.json()).errors[0].code).toBe("USER_NOT_IN_ORGANIZATION");
    expect((await generateUrl(emu.url, token, { user_id: "kp_bob", organization_code: "org_nope" })).status).toBe(404);
    expect(emu.stats().links).toHaveLength(0);
  });

  it("validates the body", async () => {
    const token = await m2mToken(emu.url);
    expect((await generateUrl(emu.url, token, "{not json")).status).toBe(400);
    expect((await generateUrl(emu.url, token, {})).status).toBe(400);
    expect((await generateUrl(emu.url, token, { user_id: "kp_alice", return_url: "/relative" })).status).toBe(400);
  });

  it("answers an expired M2M token with 401", async () => {
    const expired = await emu.mintM2MToken({ ttlSeconds: -1 });
    expect((await generateUrl(emu.url, expired, { user_id: "kp_alice" })).status).toBe(401);
  });

  it("answers a wrong-audience, user or garbage token with 403", async () => {
    const wrongAudience = await emu.mintM2MToken({ audience: "https://other.example/api" });
    const userToken = (await signIn(emu.url, { audience: `${emu.url}/api` })).tokens.access_token;
    for (const token of [wrongAudience, userToken, "garbage"]) {
      const res = await generateUrl(emu.url, token, { user_id: "kp_alice" });
      expect(res.status).toBe(403);
      expect((await res.json()).errors[0].code).toBe("INVALID_CREDENTIALS");
    }
  });
});
