import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { findMembership, users } from "../../emulator/seed.js";
import { signIn } from "./helpers.js";

let emu: Emulator;
let jwks: ReturnType<typeof createRemoteJWKSet>;
beforeAll(async () => {
  emu = await startEmulator();
  jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
});
afterAll(() => emu.close());

describe("discovery", () => {
  it("publishes the issuer and endpoints", async () => {
    const doc = await (await fetch(`${emu.url}/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      issuer: emu.url,
      authorization_endpoint: `${emu.url}/oauth2/auth`,
      token_endpoint: `${emu.url}/oauth2/token`,
      jwks_uri: `${emu.url}/.well-known/jwks.json`,
      end_session_endpoint: `${emu.url}/logout`,
      code_challenge_methods_supported: ["S256"],
    });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves an RS256 public key, without private parts", async () => {
    const { keys } = await (await fetch(`${emu.url}/.well-known/jwks.json`)).json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0].d).toBeUndefined();
  });
});

describe("access tokens", () => {
  const cases = users.flatMap((u) => u.memberships.map((m) => ({ user: u, orgCode: m.orgCode })));

  it.each(cases.map((c) => [c.user.email, c.orgCode, c] as const))("%s in %s verifies against JWKS with the seeded claims", async (_e, _o, { user, orgCode }) => {
    const { tokens } = await signIn(emu.url, { user: user.id, orgCode });
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: emu.url, algorithms: ["RS256"] });
    expect(protectedHeader.kid).toBeTruthy();
    const membership = findMembership(user, orgCode)!;
    expect(payload).toMatchObject({
      iss: emu.url,
      sub: user.id,
      aud: [],
      azp: "demo-client",
      org_code: orgCode,
      permissions: [...membership.permissions],
      scp: ["openid", "profile", "email", "offline"],
      org_codes: user.memberships.map((m) => m.orgCode),
      roles: membership.roles.map((r) => ({ ...r })),
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(typeof payload.jti).toBe("string");
  });

  it("puts requested audiences in aud", async () => {
    const { tokens } = await signIn(emu.url, { audience: "https://api.example" });
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: emu.url, audience: "https://api.example" });
    expect(payload.aud).toEqual(["https://api.example"]);
  });

  it("honours accessTokenTtlSeconds", async () => {
    const short = await startEmulator({ accessTokenTtlSeconds: 20 });
    try {
      const { tokens, claims } = await signIn(short.url);
      expect(tokens.expires_in).toBe(20);
      expect(claims.exp! - claims.iat!).toBe(20);
    } finally {
      await short.close();
    }
  });

  it("uses a fresh key per emulator: another instance's tokens do not verify", async () => {
    const other = await startEmulator();
    try {
      const token = await other.mintAccessToken({ user: "alice@acme.test" });
      await expect(jwtVerify(token, jwks)).rejects.toThrow();
      expect(decodeProtectedHeader(token).kid).not.toBe(decodeProtectedHeader(await emu.mintAccessToken({ user: "kp_alice" })).kid);
    } finally {
      await other.close();
    }
  });
});

describe("id tokens", () => {
  it("carry what the SDK reads for the user profile and org list", async () => {
    const { tokens } = await signIn(emu.url, { user: "kp_carol", nonce: "nonce-123" });
    const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: emu.url, audience: "demo-client" });
    expect(payload).toMatchObject({
      sub: "kp_carol",
      aud: ["demo-client"],
      nonce: "nonce-123",
      email: "carol@acme.test",
      given_name: "Carol",
      family_name: "Chen",
      org_codes: ["org_acme"],
      organizations: [{ id: "org_acme", name: "Acme Corp" }],
    });
    expect(typeof payload.at_hash).toBe("string");
  });
});
