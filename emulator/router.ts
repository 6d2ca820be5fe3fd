/**
 * Request dispatch: CORS, preflights, per-route counting, latency and faults,
 * then the route's handler. Logs method, path and status only: never query
 * strings, bodies or headers, which carry codes, keys and tokens.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, Request } from "./context.js";
import { answerPreflight, applyCors, parseCookies, readBody, send, sendJson } from "./http.js";
import { routes, type Route } from "./routes/index.js";

export function createRequestHandler(ctx: Context, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    let path = "/";
    res.once("finish", () => log(`[kinde-emulator] ${req.method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      const url = new URL(req.url ?? "/", ctx.origin);
      // A domain configured with a trailing slash yields `//oauth2/token` in the SDK's exchange.
      path = url.pathname.replace(/\/{2,}/g, "/");
      applyCors(req, res);
      const candidates = routes.filter((r) => r.path === path);
      const method = req.method ?? "GET";

      if (method === "OPTIONS") {
        if (candidates[0] && !candidates[0].control) ctx.stats.preflight(staticName(candidates[0]));
        return answerPreflight(req, res);
      }
      const route = candidates.find((r) => r.method === method || (method === "HEAD" && r.method === "GET"));
      if (!route) {
        if (candidates.length) {
          return sendJson(res, 405, { error: "method_not_allowed" }, { Allow: candidates.map((r) => r.method).join(", ") });
        }
        ctx.stats.count("not_found");
        return sendJson(res, 404, { error: "not_found" });
      }

      const body = method === "POST" || method === "DELETE" ? await readBody(req) : "";
      const rq: Request = { req, url, path, body, cookies: parseCookies(req.headers.cookie) };
      if (!route.control && (await gate(rq, res, ctx, route))) return;
      await route.handler(rq, res, ctx);
    } catch (err) {
      log(`[kinde-emulator] error on ${req.method} ${path}: ${redact(err instanceof Error ? `${err.name}: ${err.message}` : String(err))}`);
      sendJson(res, 500, { error: "server_error" });
    }
  };
}

/** Counts the request, applies latency, and answers with an injected fault if one matches. True when answered. */
async function gate(rq: Request, res: ServerResponse, ctx: Context, route: Route): Promise<boolean> {
  const name = typeof route.name === "function" ? route.name(rq) : route.name;
  ctx.stats.count(name);
  const fault = ctx.faults.take(name);
  const delay = ctx.config.latencyMs + (fault?.latencyMs ?? 0);
  if (delay > 0) await ctx.sleep(delay);
  if (!fault || fault.status === undefined) return false;
  ctx.stats.faulted(name);
  const body = fault.body ?? JSON.stringify({ error: "emulated_fault", status: fault.status });
  const contentType = fault.contentType ?? (fault.body === undefined ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
  send(res, fault.status, body, { "Content-Type": contentType, ...fault.headers });
  return true;
}

function staticName(route: Route): string {
  return typeof route.name === "string" ? route.name : "token";
}

/** Error messages can quote input (JSON.parse does); strip anything token- or key-shaped. */
function redact(message: string): string {
  return message.replace(/[A-Za-z0-9_-]{16,}(\.[A-Za-z0-9_-]+)*/g, "[redacted]");
}
