/**
 * Standalone emulator: `tsx emulator/cli.ts [--port 4010] [--ttl 3600] [--latency 0] [--client-id demo-client]... [--quiet]`
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index.js";
import { formatSeed } from "./seed.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    ttl: { type: "string" },
    latency: { type: "string" },
    "client-id": { type: "string", multiple: true },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log("Usage: tsx emulator/cli.ts [--port 4010] [--ttl seconds] [--latency ms] [--client-id id]... [--quiet]");
  process.exit(0);
}

const number = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number`);
    process.exit(2);
  }
  return n;
};

const emulator = await startEmulator({
  port: number("port", values.port),
  accessTokenTtlSeconds: number("ttl", values.ttl),
  latencyMs: number("latency", values.latency),
  clientIds: values["client-id"],
  log: !values.quiet,
});

console.log(`Kinde emulator listening on ${emulator.url}`);
console.log(`  KindeProvider domain=${emulator.url} clientId=${(values["client-id"] ?? ["demo-client"]).join("|")}`);
console.log(formatSeed());

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Kinde emulator`);
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
