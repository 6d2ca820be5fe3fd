/**
 * Injected faults: a status/body to answer instead of the real handler, and/or latency.
 * Route names are the ones counted in stats (see routes/index.ts).
 */

export const faultRoutes = [
  "*",
  "portal_link",
  "generate_url",
  "token",
  "m2m_token",
  "permissions",
  "authorize",
  "portal",
  "jwks",
  "logout",
] as const;

export type FaultRoute = (typeof faultRoutes)[number];

export interface FaultSpec {
  route: FaultRoute;
  /** Absent: the request only gets `latencyMs`, then the real handler answers. */
  status?: number | undefined;
  /** Raw body; default `{"error":"emulated_fault","status":N}` as JSON. */
  body?: string | undefined;
  /** Default `application/json` without `body`, `text/plain; charset=utf-8` with one. */
  contentType?: string | undefined;
  /** Extra response headers, e.g. `{"Retry-After": "3"}` with a 429. */
  headers?: Record<string, string> | undefined;
  latencyMs?: number | undefined;
  /** How many requests the fault applies to; default unlimited. */
  times?: number | undefined;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultError extends Error {}

export class Faults {
  private list: ActiveFault[] = [];

  /** Validates and adds a fault. Later faults are consulted after earlier ones (first match wins). */
  add(input: unknown): FaultSpec {
    const spec = parseFault(input);
    this.list.push({ ...spec, remaining: spec.times ?? Infinity });
    return spec;
  }

  clear(): void {
    this.list = [];
  }

  /** The fault applying to one request on `route`, counted against its `times`. */
  take(route: string): FaultSpec | undefined {
    const index = this.list.findIndex((f) => f.route === "*" || f.route === route);
    if (index < 0) return undefined;
    const fault = this.list[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.list.splice(index, 1);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }

  snapshot(): Array<FaultSpec & { remaining: number | null }> {
    return this.list.map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }
}

/** Validates a fault description (from JSON or code); throws FaultError with a readable message. */
export function parseFault(input: unknown): FaultSpec {
  if (typeof input !== "object" || input === null) throw new FaultError("fault must be an object");
  const f = input as Record<string, unknown>;
  if (!faultRoutes.includes(f.route as FaultRoute)) {
    throw new FaultError(`route must be one of ${faultRoutes.join(", ")}`);
  }
  const spec: FaultSpec = { route: f.route as FaultRoute };
  if (f.status !== undefined) {
    if (!Number.isInteger(f.status) || (f.status as number) < 200 || (f.status as number) > 599) {
      throw new FaultError("status must be an integer 200-599");
    }
    spec.status = f.status as number;
  }
  if (f.body !== undefined) {
    if (typeof f.body !== "string") throw new FaultError("body must be a string");
    spec.body = f.body;
  }
  if (f.contentType !== undefined) {
    if (typeof f.contentType !== "string") throw new FaultError("contentType must be a string");
    spec.contentType = f.contentType;
  }
  if (f.headers !== undefined) {
    const h = f.headers;
    if (typeof h !== "object" || h === null || Object.values(h).some((v) => typeof v !== "string")) {
      throw new FaultError("headers must map names to strings");
    }
    spec.headers = { ...(h as Record<string, string>) };
  }
  if (f.latencyMs !== undefined) {
    if (typeof f.latencyMs !== "number" || !(f.latencyMs >= 0) || f.latencyMs > 120_000) {
      throw new FaultError("latencyMs must be a number 0-120000");
    }
    spec.latencyMs = f.latencyMs;
  }
  if (f.times !== undefined && f.times !== null) {
    if (!Number.isInteger(f.times) || (f.times as number) < 1) throw new FaultError("times must be a positive integer");
    spec.times = f.times as number;
  }
  if (spec.status === undefined && spec.latencyMs === undefined) {
    throw new FaultError("a fault needs a status, a latencyMs, or both");
  }
  return spec;
}
