/**
 * Seeded organizations, users and clients of the Kinde emulator.
 * Tests and the demo's start banner import these so that they never hard-code
 * the same facts twice.
 */

export interface SeedOrg {
  readonly code: string;
  readonly name: string;
}

export interface SeedRole {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

export interface SeedMembership {
  readonly orgCode: string;
  readonly permissions: readonly string[];
  readonly roles: readonly SeedRole[];
}

export interface SeedUser {
  /** Kinde user id (`sub` claim, `user_id` of the M2M link endpoint). */
  readonly id: string;
  readonly email: string;
  readonly givenName: string;
  readonly familyName: string;
  /** A human description shown on the sign-in page and in the banner. */
  readonly title: string;
  /** The first membership is the default org at sign-in. */
  readonly memberships: readonly SeedMembership[];
}

export interface SeedM2MClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name: string;
}

export const orgs: readonly SeedOrg[] = [
  { code: "org_acme", name: "Acme Corp" },
  { code: "org_globex", name: "Globex" },
];

const roles = {
  owner: { id: "role_owner", key: "owner", name: "Owner" },
  member: { id: "role_member", key: "member", name: "Member" },
  billingAdmin: { id: "role_billing_admin", key: "billing-admin", name: "Billing admin" },
} as const satisfies Record<string, SeedRole>;

export const users: readonly SeedUser[] = [
  {
    id: "kp_alice",
    email: "alice@acme.test",
    givenName: "Alice",
    familyName: "Anders",
    title: "owner",
    memberships: [
      {
        orgCode: "org_acme",
        permissions: ["org:read:billing", "org:write:billing", "org:write:members"],
        roles: [roles.owner],
      },
      { orgCode: "org_globex", permissions: ["org:read:billing"], roles: [roles.member] },
    ],
  },
  {
    id: "kp_bob",
    email: "bob@acme.test",
    givenName: "Bob",
    familyName: "Baker",
    title: "member",
    memberships: [{ orgCode: "org_acme", permissions: [], roles: [roles.member] }],
  },
  {
    id: "kp_carol",
    email: "carol@acme.test",
    givenName: "Carol",
    familyName: "Chen",
    title: "billing admin",
    memberships: [
      {
        orgCode: "org_acme",
        permissions: ["org:read:billing", "org:write:billing"],
        roles: [roles.billingAdmin],
      },
    ],
  },
];

/** Public (browser, PKCE) clients accepted unless `clientIds` is passed to startEmulator. */
export const defaultClientIds: readonly string[] = ["demo-client"];

export const m2mClients: readonly SeedM2MClient[] = [
  { clientId: "m2m-client", clientSecret: "m2m-secret", name: "Demo backend" },
];

/** Permission keys → display names, for the Account API's `{id, name, key}` objects. */
export const permissionNames: Readonly<Record<string, string>> = {
  "org:read:billing": "Read billing",
  "org:write:billing": "Manage billing",
  "org:write:members": "Manage members",
  "read:org:authentication": "Read organization authentication",
  "write:org:authentication": "Manage organization authentication",
};

export function findUser(idOrEmail: string): SeedUser | undefined {
  const needle = idOrEmail.toLowerCase();
  return users.find((u) => u.id === idOrEmail || u.email === needle);
}

export function findOrg(code: string): SeedOrg | undefined {
  return orgs.find((o) => o.code === code);
}

export function findMembership(user: SeedUser, orgCode: string): SeedMembership | undefined {
  return user.memberships.find((m) => m.orgCode === orgCode);
}

export function findM2MClient(clientId: string): SeedM2MClient | undefined {
  return m2mClients.find((c) => c.clientId === clientId);
}

/** Plain-text summary for banners (`npm start`, the CLI). Contains no secrets beyond the seeded demo ones. */
export function formatSeed(): string {
  const lines = ["Seeded users (sign in by clicking their button):"];
  for (const u of users) {
    lines.push(`  ${u.givenName} <${u.email}> (${u.title}, id ${u.id})`);
    for (const m of u.memberships) {
      const org = findOrg(m.orgCode);
      const perms = m.permissions.length ? m.permissions.join(", ") : "no permissions";
      lines.push(`    ${m.orgCode} (${org?.name ?? "?"}): ${perms}`);
    }
  }
  lines.push(`Public client ids: ${defaultClientIds.join(", ")}`);
  for (const c of m2mClients) {
    lines.push(`M2M client: ${c.clientId} / ${c.clientSecret} (audience {domain}/api)`);
  }
  return lines.join("\n");
}
