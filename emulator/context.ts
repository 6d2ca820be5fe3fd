/** The state every route handler shares, and the request view they receive. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "./faults.js";
import type { Signer } from "./jwt.js";
import type { Stats } from "./stats.js";
import type { Store } from "./store.js";

export interface EmulatorConfig {
  accessTokenTtlSeconds: number;
  /** Added to every request except /__emulator/* and CORS preflights. */
  latencyMs: number;
  clientIds: string[];
  refreshTokenTtlSeconds: number;
  portalKeyTtlSeconds: number;
  authCodeTtlSeconds: number;
}

export interface Context {
  /** `http://127.0.0.1:PORT`, also the `iss` of every token. */
  readonly origin: string;
  readonly config: EmulatorConfig;
  readonly signer: Signer;
  readonly store: Store;
  readonly faults: Faults;
  readonly stats: Stats;
  readonly cookies: CookieNames;
  /** A delay that ends early when the emulator closes, so close() never waits on it. */
  sleep(ms: number): Promise<void>;
}

export interface CookieNames {
  /** Emulator sign-in session (HttpOnly). Named per port: cookies are shared across loopback ports. */
  session: string;
  /** The refresh token for cookie-based refresh (HttpOnly). */
  refresh: string;
  /** Readable flag the SDK looks for in document.cookie before trying a cookie refresh. */
  refreshFlag: "_kbrte";
}

export interface Request {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly path: string;
  /** Raw body for POST/DELETE, else "". */
  readonly body: string;
  readonly cookies: Record<string, string>;
}

export type Handler = (rq: Request, res: ServerResponse, ctx: Context) => Promise<void> | void;
