import { accessFromToken } from '../core/decodeAccessClaims';
import type { FetchLink, TokenGetter } from '../core/mintPortalLink';
import { DEFAULT_SECTION_PERMISSIONS, type SectionPermissions } from '../core/PermissionRule';
import { normalizeAccess, sameAccess, type PortalAccess } from '../core/PortalAccess';

/** What the provider's props configure; read at click time, so always the latest. */
export interface PortalStoreConfig {
  getAccessToken?: TokenGetter | undefined;
  refreshAccessToken?: TokenGetter | undefined;
  domain?: string | undefined;
  returnUrl?: string | URL | undefined;
  allowedReturnOrigins?: readonly (string | URL)[] | undefined;
  allowedPortalOrigins?: readonly (string | URL)[] | undefined;
  fetchLink?: FetchLink | undefined;
  timeoutMs?: number | undefined;
  navigate?: ((url: string) => void | Promise<void>) | undefined;
  fetch?: typeof fetch | undefined;
}

export interface PortalStore {
  config: PortalStoreConfig;
  getAccess(): PortalAccess;
  /** What the server renders and hydration starts from: always loading (see below). */
  getServerAccess(): PortalAccess;
  getSections(): SectionPermissions;
  subscribe(listener: () => void): () => void;
  setAccess(access: PortalAccess): void;
  /** Takes a new access without notifying; `flush()` notifies later. */
  stageAccess(access: PortalAccess): void;
  /** Notifies subscribers if anything was staged. */
  flush(): void;
  /** Marks a config change that subscribers must see at the next `flush()`. */
  stageChange(): void;
  setSections(sections: SectionPermissions | undefined): void;
  /** When the app passes `access`, tokens no longer drive it. */
  controlled: boolean;
  /** Learns the signed-in state once, from the token getter, when access isn't passed. */
  probeAccess(): void;
  /** Every token obtained while minting updates the access gates see (unless `access` is passed). */
  learnToken(token: string): void;
}

const SERVER_ACCESS: PortalAccess = /* @__PURE__ */ Object.freeze({ status: 'loading' });

function mergeSections(sections: SectionPermissions | undefined): SectionPermissions {
  return sections ? { ...DEFAULT_SECTION_PERMISSIONS, ...sections } : DEFAULT_SECTION_PERMISSIONS;
}

// Minting lives in the link controller, not here: a page that only renders gates
// must not bundle the Account API client.

/**
 * The provider's state outside React, so hooks can subscribe with
 * useSyncExternalStore and components re-render only when what they read changes.
 */
export function createPortalStore(config: PortalStoreConfig, initialAccess: PortalAccess | undefined, sections: SectionPermissions | undefined): PortalStore {
  const listeners = new Set<() => void>();
  // Without a token source or an access prop (a fetchLink backend authenticates
  // by cookie) the UI can only assume a signed-in user with no known permissions.
  const fallbackAccess: PortalAccess = config.getAccessToken
    ? { status: 'loading' }
    : { status: 'ready', orgCode: null, permissions: [] };
  let access = initialAccess ? normalizeAccess(initialAccess) : fallbackAccess;
  let mergedSections = mergeSections(sections);
  let sectionsKey = JSON.stringify(sections ?? null);
  let probed = false;
  let staged = false;

  const notify = () => {
    staged = false;
    listeners.forEach((listener) => listener());
  };

  const store: PortalStore = {
    config,
    controlled: initialAccess !== undefined,
    getAccess: () => access,
    // The server can't know what the browser's token says, and hydration must
    // reproduce the server's HTML exactly: both render gates as loading, and the
    // client switches to the real answer right after hydrating.
    getServerAccess: () => SERVER_ACCESS,
    getSections: () => mergedSections,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setAccess(next) {
      next = normalizeAccess(next);
      if (sameAccess(access, next)) return;
      access = next;
      notify();
    },
    stageAccess(next) {
      next = normalizeAccess(next);
      if (sameAccess(access, next)) return;
      access = next;
      staged = true;
    },
    flush() {
      if (staged) notify();
    },
    stageChange() {
      staged = true;
    },
    setSections(next) {
      const key = JSON.stringify(next ?? null);
      if (key === sectionsKey) return;
      sectionsKey = key;
      mergedSections = mergeSections(next);
      notify();
    },
    probeAccess() {
      // Once per store, not per effect run: StrictMode's double mount must not ask twice.
      if (probed || store.controlled) return;
      probed = true;
      const getter = store.config.getAccessToken;
      if (!getter) return;
      Promise.resolve()
        .then(getter)
        .then(
          (token) => {
            if (store.controlled) return;
            store.setAccess(typeof token === 'string' && token ? accessFromToken(token) : { status: 'signed-out' });
          },
          // A getter that throws can't vouch for anyone: gates fail closed.
          () => {
            if (!store.controlled) store.setAccess({ status: 'signed-out' });
          },
        );
    },
    learnToken(token) {
      if (!store.controlled) store.setAccess(accessFromToken(token));
    },
  };
  return store;
}
