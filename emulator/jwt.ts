import { createHash, randomBytes } from "node:crypto";
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from "jose";

export type VerifyResult =
  | { ok: true; payload: JWTPayload & Record<string, unknown> }
  | { ok: false; reason: "expired" | "invalid" };

export interface Signer {
  readonly kid: string;
  readonly jwks: { keys: JWK[] };
  /** Signs `claims` with iss/iat/exp/jti filled in. A ttl ≤ 0 yields an already expired token (for tests). */
  sign(claims: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  /** Checks signature, algorithm, issuer and expiry. Audience and token kind are the caller's business. */
  verify(token: string): Promise<VerifyResult>;
}

/** A fresh RS256 key pair per emulator start: tokens from an earlier run must not verify. */
export async function createSigner(issuer: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomId(8);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };

  return {
    kid,
    jwks: { keys: [jwk] },
    async sign(claims, ttlSeconds) {
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
        .setIssuer(issuer)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds)
        .setJti(randomId(16))
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, algorithms: ["RS256"] });
        return { ok: true, payload: payload as JWTPayload & Record<string, unknown> };
      } catch (err) {
        // Expired is the one failure a client can fix by refreshing, so it gets its own status.
        return { ok: false, reason: err instanceof errors.JWTExpired ? "expired" : "invalid" };
      }
    },
  };
}

/** OIDC `at_hash`: left half of SHA-256 of the access token, base64url. */
export function atHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

export function randomId(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** PKCE S256: base64url(SHA-256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
