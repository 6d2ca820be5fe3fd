/**
 * The route table. `name` is what stats count and faults target; a function
 * names routes that depend on the body (the token endpoint serves users and M2M).
 */
import type { Handler, Request } from "../context.js";
import { permissions, portalLink, roles } from "./accountApi.js";
import { authorize, chooseAccount } from "./authorize.js";
import { addFault, clearFaults, getStats, listFaults, reset } from "./control.js";
import { jwks, openidConfiguration } from "./discovery.js";
import { generateUrl } from "./generateUrl.js";
import { logout } from "./logout.js";
import { portal } from "./portal.js";
import { revoke, token, tokenRouteName } from "./token.js";

export interface Route {
  method: "GET" | "POST" | "DELETE";
  path: string;
  name: string | ((rq: Request) => string);
  handler: Handler;
  /** Control routes: not counted, not delayed, not faulted. */
  control?: boolean;
}

export const routes: Route[] = [
  { method: "GET", path: "/.well-known/openid-configuration", name: "discovery", handler: openidConfiguration },
  { method: "GET", path: "/.well-known/jwks.json", name: "jwks", handler: jwks },
  { method: "GET", path: "/oauth2/auth", name: "authorize", handler: authorize },
  { method: "POST", path: "/oauth2/auth", name: "authorize", handler: chooseAccount },
  { method: "POST", path: "/oauth2/token", name: tokenRouteName, handler: token },
  { method: "POST", path: "/oauth2/revoke", name: "revoke", handler: revoke },
  { method: "GET", path: "/logout", name: "logout", handler: logout },
  { method: "GET", path: "/account_api/v1/portal_link", name: "portal_link", handler: portalLink },
  { method: "GET", path: "/account_api/v1/permissions", name: "permissions", handler: permissions },
  { method: "GET", path: "/account_api/v1/roles", name: "roles", handler: roles },
  { method: "POST", path: "/api/v1/portal/generate_url", name: "generate_url", handler: generateUrl },
  { method: "GET", path: "/portal", name: "portal", handler: portal },
  // Browsers ask for it on every emulator page; an empty answer keeps their consoles clean.
  { method: "GET", path: "/favicon.ico", name: "favicon", handler: (_rq, res) => void res.writeHead(204).end(), control: true },
  { method: "GET", path: "/__emulator/stats", name: "control", handler: getStats, control: true },
  { method: "GET", path: "/__emulator/faults", name: "control", handler: listFaults, control: true },
  { method: "POST", path: "/__emulator/faults", name: "control", handler: addFault, control: true },
  { method: "DELETE", path: "/__emulator/faults", name: "control", handler: clearFaults, control: true },
  { method: "POST", path: "/__emulator/reset", name: "control", handler: reset, control: true },
];
