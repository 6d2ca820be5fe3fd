/** /__emulator/* — test control over HTTP. Never counted, delayed or faulted. */
import type { Context, Handler } from "../context.js";
import { FaultError, parseFault } from "../faults.js";
import { sendJson } from "../http.js";

export function resetState(ctx: Context): void {
  ctx.stats.clear();
  ctx.faults.clear();
  ctx.store.clear();
}

export const getStats: Handler = (_rq, res, ctx) => {
  sendJson(res, 200, { ...ctx.stats.snapshot(), faults: ctx.faults.snapshot() });
};

export const listFaults: Handler = (_rq, res, ctx) => {
  sendJson(res, 200, { faults: ctx.faults.snapshot() });
};

export const addFault: Handler = (rq, res, ctx) => {
  let input: unknown;
  try {
    input = JSON.parse(rq.body);
  } catch {
    return sendJson(res, 400, { error: "body must be JSON" });
  }
  try {
    // An array adds several faults at once, in order; all are validated before any is added.
    const specs = (Array.isArray(input) ? input : [input]).map(parseFault);
    for (const spec of specs) ctx.faults.add(spec);
  } catch (err) {
    if (err instanceof FaultError) return sendJson(res, 400, { error: err.message });
    throw err;
  }
  sendJson(res, 200, { faults: ctx.faults.snapshot() });
};

export const clearFaults: Handler = (_rq, res, ctx) => {
  ctx.faults.clear();
  sendJson(res, 200, { faults: [] });
};

export const reset: Handler = (_rq, res, ctx) => {
  resetState(ctx);
  sendJson(res, 200, { ok: true });
};
