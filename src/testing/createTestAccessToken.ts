export interface TestAccessTokenClaims {
  /** Default `TEST_DOMAIN`. */
  iss?: string;
  orgCode?: string | null;
  permissions?: readonly string[];
  azp?: string;
  /** Seconds since the epoch; default one hour from now. */
  exp?: number;
  sub?: string;
}

/** The Kinde domain the test handlers answer for. */
export const TEST_DOMAIN = 'https://acme.kinde.test';

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * An unsigned access token with Kinde's claim names, for tests and stories only:
 * the UI decodes claims without verifying, the test handlers only check its presence.
 *
 * @example
 * const token = createTestAccessToken({ orgCode: 'org_acme', permissions: ['org:write:billing'] })
 */
export function createTestAccessToken(claims: TestAccessTokenClaims = {}): string {
  const payload = {
    iss: claims.iss ?? TEST_DOMAIN,
    sub: claims.sub ?? 'kp_test_user',
    azp: claims.azp ?? 'test-client',
    org_code: claims.orgCode === undefined ? 'org_test' : claims.orgCode,
    permissions: claims.permissions ?? [],
    exp: claims.exp ?? Math.floor(Date.now() / 1000) + 3600,
  };
  return `${base64Url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64Url(JSON.stringify(payload))}.test-signature`;
}
