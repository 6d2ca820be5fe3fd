/** Small HTTP helpers over node:http (no framework, so nothing to install). */
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Form bodies (what the SDK sends) and, leniently, JSON bodies, as a flat string map. */
export function parseParams(body: string, contentType: string | undefined): Record<string, string> {
  if (contentType?.toLowerCase().includes("application/json")) {
    try {
      const value: unknown = JSON.parse(body);
      if (typeof value !== "object" || value === null) return {};
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
      return out;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

export interface CookieOptions {
  httpOnly?: boolean;
  /** Seconds; 0 deletes the cookie. Absent: a browser-session cookie. */
  maxAge?: number;
}

/** SameSite=Lax, Path=/: every loopback port is the same site, so the app's credentialed fetches carry it. */
export function cookie(name: string, value: string, opts: CookieOptions = {}): string {
  let out = `${name}=${encodeURIComponent(value)}; Path=/; SameSite=Lax`;
  if (opts.httpOnly) out += "; HttpOnly";
  if (opts.maxAge !== undefined) out += `; Max-Age=${Math.max(0, Math.floor(opts.maxAge))}`;
  return out;
}

export function appendSetCookie(res: ServerResponse, values: string[]): void {
  const existing = res.getHeader("Set-Cookie");
  const list = Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)];
  res.setHeader("Set-Cookie", [...list, ...values]);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), { "Content-Type": "application/json; charset=utf-8", ...headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, {
    "Content-Type": "text/html; charset=utf-8",
    // Pages carry one-time codes and keys in their URLs; keep them out of Referer headers.
    "Referrer-Policy": "no-referrer",
  });
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 302, "", { Location: location, "Referrer-Policy": "no-referrer" });
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader("Cache-Control", "no-store");
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Absolute http(s) URL on a loopback host: the only redirect targets the emulator accepts. */
export function isLoopbackUrl(value: string | null | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname) && !url.username && !url.password;
  } catch {
    return false;
  }
}

export function isLoopbackOrigin(origin: string | undefined): origin is string {
  return !!origin && isLoopbackUrl(origin) && new URL(origin).origin === origin;
}

export function isAbsoluteHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && !!url.host;
  } catch {
    return false;
  }
}

/**
 * CORS for any loopback origin. Credentials are allowed because the SDK sends
 * `credentials: "include"` to the token endpoint whenever the domain is not *.kinde.com
 * (it treats 127.0.0.1 as a custom domain); that forbids `*`, so the origin is echoed.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader("Vary", "Origin");
  if (!isLoopbackOrigin(origin)) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  // Retry-After matters to clients that back off after 429s.
  res.setHeader("Access-Control-Expose-Headers", "Retry-After, WWW-Authenticate");
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  if (isLoopbackOrigin(req.headers.origin)) {
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
    const requested = req.headers["access-control-request-headers"];
    // The SDK adds `Kinde-SDK` on code exchange and `Authorization` on Account API calls.
    res.setHeader("Access-Control-Allow-Headers", requested || "Authorization, Content-Type, Kinde-SDK");
    if (req.headers["access-control-request-private-network"]) {
      res.setHeader("Access-Control-Allow-Private-Network", "true");
    }
    res.setHeader("Access-Control-Max-Age", "600");
  }
  res.statusCode = 204;
  res.end();
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
