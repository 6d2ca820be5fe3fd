/** Drives the emulator's OAuth flow over real HTTP, the way a browser would, for node tests. */
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";

export const APP = "http://127.0.0.1:5999";
export const REDIRECT_URI = `${APP}/callback`;

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

export interface AuthorizeOptions {
  user?: string;
  orgCode?: string;
  prompt?: string;
  scope?: string;
  audience?: string;
  nonce?: string;
  redirectUri?: string;
  clientId?: string;
  /** Emulator session cookie from an earlier sign-in ("name=value"). */
  cookie?: string;
}

export interface AuthorizeResult {
  /** The final redirect to the app. */
  location: URL;
  code: string | null;
  verifier: string;
  state: string;
  /** "name=value" of the session cookie, when one was set. */
  cookie: string | undefined;
  /** Whether the sign-in page was shown. */
  pickerShown: boolean;
}

/** GET /oauth2/auth, and when the picker appears, POST the chosen user (default Alice). */
export async function authorize(base: string, o: AuthorizeOptions = {}): Promise<AuthorizeResult> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(8).toString("hex");
  const params = new URLSearchParams({
    client_id: o.clientId ?? "demo-client",
    response_type: "code",
    redirect_uri: o.redirectUri ?? REDIRECT_URI,
    scope: o.scope ?? "openid profile email offline",
    state,
    nonce: o.nonce ?? "n-0S6_WzA2Mj",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  if (o.orgCode) params.set("org_code", o.orgCode);
  if (o.prompt) params.set("prompt", o.prompt);
  if (o.audience) params.set("audience", o.audience);
  const headers: Record<string, string> = o.cookie ? { cookie: o.cookie } : {};
  const first = await fetch(`${base}/oauth2/auth?${params}`, { redirect: "manual", headers });
  let final = first;
  let pickerShown = false;
  if (first.status === 200) {
    pickerShown = true;
    const page = await first.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1];
    if (!requestId) throw new Error("no request_id on the sign-in page");
    final = await fetch(`${base}/oauth2/auth`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ request_id: requestId, user: o.user ?? "kp_alice" }),
    });
  }
  if (final.status !== 302) throw new Error(`expected a redirect, got ${final.status}: ${await final.text()}`);
  const location = new URL(final.headers.get("location")!);
  const sessionCookie = final.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("kinde_emu_session_"));
  return { location, code: location.searchParams.get("code"), verifier, state, cookie: sessionCookie ?? o.cookie, pickerShown };
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8", ...headers },
    body: new URLSearchParams(form),
  });
}

export async function exchangeCode(base: string, code: string, verifier: string, redirectUri = REDIRECT_URI) {
  return postForm(`${base}/oauth2/token`, {
    grant_type: "authorization_code",
    client_id: "demo-client",
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
}

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** Full sign-in: authorize + code exchange; returns the tokens and the session cookie. */
export async function signIn(base: string, o: AuthorizeOptions = {}) {
  const auth = await authorize(base, o);
  if (!auth.code) throw new Error(`sign-in failed: ${auth.location}`);
  const res = await exchangeCode(base, auth.code, auth.verifier, o.redirectUri ?? REDIRECT_URI);
  if (res.status !== 200) throw new Error(`exchange failed: ${res.status} ${await res.text()}`);
  const tokens = (await res.json()) as TokenSet;
  return { tokens, cookie: auth.cookie, setCookies: res.headers.getSetCookie(), claims: decodeJwt(tokens.access_token) };
}

export async function m2mToken(base: string, secret = "m2m-secret"): Promise<string> {
  const res = await postForm(`${base}/oauth2/token`, {
    grant_type: "client_credentials",
    client_id: "m2m-client",
    client_secret: secret,
    audience: `${base}/api`,
  });
  if (res.status !== 200) throw new Error(`m2m token failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function portalLink(base: string, token: string | null, query: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${base}/account_api/v1/portal_link?${new URLSearchParams(query)}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

export function generateUrl(base: string, token: string, body: unknown) {
  return fetch(`${base}/api/v1/portal/generate_url`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
