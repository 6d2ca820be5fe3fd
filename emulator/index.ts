/**
 * A local Kinde emulator: enough of Kinde for the unmodified @kinde-oss/kinde-auth-react
 * SDK (sign-in, refresh, org switch) plus the portal-link APIs. Loopback only.
 * See emulator/README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, EmulatorConfig } from "./context.js";
import { Faults, type FaultSpec } from "./faults.js";
import { createSigner } from "./jwt.js";
import { createRequestHandler } from "./router.js";
import { resetState } from "./routes/control.js";
import { defaultClientIds, findM2MClient, findMembership, findUser, m2mClients } from "./seed.js";
import { Stats, type StatsSnapshot } from "./stats.js";
import { Store } from "./store.js";
import { issueM2MToken, m2mAudience, userAccessClaims } from "./tokens.js";

export type { FaultRoute, FaultSpec } from "./faults.js";
export type { MintedLink, PortalVisit, StatsSnapshot } from "./stats.js";
export * as seed from "./seed.js";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number | undefined;
  /** Lifetime of user and M2M access tokens (default 3600). The SDK refreshes 10 s before expiry, so keep it ≥ 15 in browsers. */
  accessTokenTtlSeconds?: number | undefined;
  /** Latency added to every request except /__emulator/* and CORS preflights (default 0). */
  latencyMs?: number | undefined;
  /** Public client ids accepted at /oauth2/auth and /oauth2/token (default ["demo-client"]). */
  clientIds?: string[] | undefined;
  /** Portal link lifetime (default 300). */
  portalKeyTtlSeconds?: number | undefined;
  /** Refresh token lifetime (default 86400). */
  refreshTokenTtlSeconds?: number | undefined;
  /** true logs one line per request (method, path, status, ms) to stdout; a function receives the lines. Default false. */
  log?: boolean | ((line: string) => void) | undefined;
}

export type EmulatorSettings = Pick<EmulatorConfig, "accessTokenTtlSeconds" | "latencyMs" | "portalKeyTtlSeconds" | "refreshTokenTtlSeconds">;

export interface Emulator {
  /** `http://127.0.0.1:PORT`: the Kinde "domain" and every token's `iss`. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Same shape as the body of POST /__emulator/faults; throws on an invalid fault. */
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  stats(): StatsSnapshot;
  /** Clears stats, faults, sessions, codes, refresh tokens and portal keys. */
  reset(): void;
  /** Changes settings of the running emulator (e.g. short token lifetimes for one test). */
  configure(settings: Partial<EmulatorSettings>): void;
  /** A user access token as /oauth2/token would issue it, for tests. `ttlSeconds` ≤ 0 gives an expired one. */
  mintAccessToken(opts: { user: string; orgCode?: string | undefined; clientId?: string | undefined; ttlSeconds?: number | undefined }): Promise<string>;
  /** An M2M token for the seeded client; `audience` defaults to `{url}/api`. */
  mintM2MToken(opts?: { clientId?: string | undefined; audience?: string | undefined; ttlSeconds?: number | undefined }): Promise<string>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const config: EmulatorConfig = {
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3600,
    latencyMs: opts.latencyMs ?? 0,
    clientIds: [...(opts.clientIds ?? defaultClientIds)],
    portalKeyTtlSeconds: opts.portalKeyTtlSeconds ?? 300,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds ?? 86_400,
    authCodeTtlSeconds: 300,
  };
  const log = typeof opts.log === "function" ? opts.log : opts.log ? (line: string) => console.log(line) : () => {};

  // Requests that arrive before the context exists (fixed port) wait for it.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let whenReady!: () => void;
  const ready = new Promise<void>((resolve) => (whenReady = resolve));
  const server = createServer((req, res) => {
    void ready.then(() => handle!(req, res));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: opts.port ?? 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const sleeps = new Map<NodeJS.Timeout, () => void>();
  const ctx: Context = {
    origin,
    config,
    signer: await createSigner(origin),
    store: new Store(),
    faults: new Faults(),
    stats: new Stats(),
    cookies: { session: `kinde_emu_session_${port}`, refresh: `kinde_emu_refresh_${port}`, refreshFlag: "_kbrte" },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          sleeps.delete(timer);
          resolve();
        }, ms);
        sleeps.set(timer, resolve);
      }),
  };
  handle = createRequestHandler(ctx, log);
  whenReady();

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const [timer, wake] of sleeps) {
          clearTimeout(timer);
          wake();
        }
        sleeps.clear();
        server.close(() => resolve());
        // Keep-alive and in-flight connections would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
    setFault: (fault) => void ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    stats: () => ctx.stats.snapshot(),
    reset: () => resetState(ctx),
    configure(settings) {
      for (const [key, value] of Object.entries(settings)) {
        if (value !== undefined) (config as unknown as Record<string, number>)[key] = value;
      }
    },
    async mintAccessToken({ user: who, orgCode, clientId, ttlSeconds }) {
      const user = findUser(who);
      if (!user) throw new Error(`unknown seeded user ${who}`);
      const org = orgCode ?? user.memberships[0]!.orgCode;
      if (!findMembership(user, org)) throw new Error(`${user.email} is not in ${org}`);
      const claims = userAccessClaims(user, org, clientId ?? config.clientIds[0] ?? "demo-client", ["openid", "profile", "email", "offline"], []);
      return ctx.signer.sign(claims, ttlSeconds ?? config.accessTokenTtlSeconds);
    },
    async mintM2MToken({ clientId, audience, ttlSeconds } = {}) {
      const client = findM2MClient(clientId ?? m2mClients[0]!.clientId);
      if (!client) throw new Error(`unknown M2M client ${clientId}`);
      return issueM2MToken(ctx, client.clientId, audience ?? m2mAudience(ctx), ttlSeconds);
    },
  };
}
