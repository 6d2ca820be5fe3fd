/** What tests assert on: request counts per route, every minted portal link, every portal visit. */

export interface MintedLink {
  key: string;
  url: string;
  subnav: string;
  /** Which query parameter carried the page: `subnav`, `sub_nav`, or null (defaulted). */
  subnavParam: "subnav" | "sub_nav" | null;
  returnUrl: string | null;
  via: "account_api" | "m2m";
  userId: string;
  userEmail: string;
  orgCode: string | null;
  /** The client that asked: `azp` of the user token, or the M2M client id. */
  clientId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface PortalVisit {
  key: string | null;
  at: number;
  status: number;
  outcome: "ok" | "used" | "expired" | "unknown";
}

export interface StatsSnapshot {
  /** Requests per route name (faulted ones included; CORS preflights and /__emulator excluded). */
  routes: Record<string, number>;
  /** CORS preflights per route name. */
  preflights: Record<string, number>;
  /** Token endpoint requests per grant_type (as sent). */
  grants: Record<string, number>;
  /** Requests answered by an injected fault status, per route name. */
  faulted: Record<string, number>;
  links: MintedLink[];
  portalVisits: PortalVisit[];
}

export class Stats {
  private data: StatsSnapshot = empty();

  count(route: string): void {
    bump(this.data.routes, route);
  }
  preflight(route: string): void {
    bump(this.data.preflights, route);
  }
  grant(grantType: string): void {
    bump(this.data.grants, grantType);
  }
  faulted(route: string): void {
    bump(this.data.faulted, route);
  }
  link(link: MintedLink): void {
    this.data.links.push(link);
  }
  visit(visit: PortalVisit): void {
    this.data.portalVisits.push(visit);
    if (visit.outcome === "ok") {
      const link = this.data.links.find((l) => l.key === visit.key);
      if (link) link.usedAt = visit.at;
    }
  }
  snapshot(): StatsSnapshot {
    return structuredClone(this.data);
  }
  clear(): void {
    this.data = empty();
  }
}

function empty(): StatsSnapshot {
  return { routes: {}, preflights: {}, grants: {}, faulted: {}, links: [], portalVisits: [] };
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
