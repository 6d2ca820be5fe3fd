import { accessFromToken } from '../core/decodeAccessClaims';
import type { FetchLink, TokenGetter } from '../core/mintPortalLink';
import { DEFAULT_SECTION_PERMISSIONS, type SectionPermissions } from '../core/PermissionRule';
import { accessJson, normalizeAccess, type PortalAccess } from '../core/PortalAccess';

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
  /** When the app passes `access`, tokens no longer drive it. */
  controlled: boolean;
  /** The section rules, defaults merged with the provider's. */
  sections: SectionPermissions;
  getAccess(): PortalAccess;
  /** What the server renders and hydration starts from: always loading (see below). */
  getServerAccess(): PortalAccess;
  subscribe(listener: () => void): () => void;
  /** Takes a new access without notifying; `flush()` notifies later. */
  stageAccess(access: PortalAccess): void;
  stageSections(sections: SectionPermissions | undefined): void;
  /** Marks a config change that subscribers must see at the next `flush()`. */
  stageChange(): void;
  /** Notifies subscribers if anything was staged. */
  flush(): void;
  /** Learns the signed-in state once, from the token getter, when access isn't passed. */
  probeAccess(): void;
  /** Every token obtained while minting updates the access gates see (unless `access` is passed). */
  learnToken(token: string): void;
}

const LOADING: PortalAccess = { status: 'loading' };

// Minting lives in the link controller, not here: a page that only renders gates
// must not bundle the Account API client.

/**
 * The provider's state outside React, so hooks can subscribe with
 * useSyncExternalStore and components re-render only when what they read changes.
 * Changes are compared as JSON of what the UI reads, so a new-but-equal `access` or
 * section map from a re-render notifies no one.
 */
export function createPortalStore(config: PortalStoreConfig, initialAccess: PortalAccess | undefined, sections: SectionPermissions | undefined): PortalStore {
  const listeners = new Set<() => void>();
  let access = LOADING;
  let accessKey = '';
  let sectionsJson = '';
  let staged = false;
  let probed = false;

  // What tokens say, unless the app passes `access` itself.
  const learn = (next: PortalAccess) => {
    if (!store.controlled) {
      store.stageAccess(next);
      store.flush();
    }
  };

  const store: PortalStore = {
    config,
    controlled: initialAccess !== undefined,
    sections: DEFAULT_SECTION_PERMISSIONS,
    getAccess: () => access,
    // The server can't know what the browser's token says, and hydration must
    // reproduce the server's HTML exactly: both render gates as loading, and the
    // client switches to the real answer right after hydrating.
    getServerAccess: () => LOADING,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stageAccess(next) {
      // Compared by content, not identity: an app may change its access object in place.
      const normalized = normalizeAccess(next);
      const key = accessJson(normalized);
      if (key !== accessKey) {
        access = normalized;
        accessKey = key;
        staged = true;
      }
    },
    stageSections(next) {
      const json = JSON.stringify(next ?? null);
      if (json !== sectionsJson) {
        store.sections = { ...DEFAULT_SECTION_PERMISSIONS, ...next };
        sectionsJson = json;
        staged = true;
      }
    },
    stageChange() {
      staged = true;
    },
    flush() {
      if (staged) {
        staged = false;
        listeners.forEach((listener) => listener());
      }
    },
    probeAccess() {
      // Once per store, not per effect run: StrictMode's double mount must not ask twice.
      const getter = store.config.getAccessToken;
      if (probed || store.controlled || !getter) return;
      probed = true;
      Promise.resolve()
        .then(getter)
        .then(
          (token) => learn(typeof token === 'string' && token ? accessFromToken(token) : { status: 'signed-out' }),
          // A getter that throws can't vouch for anyone: gates fail closed.
          () => learn({ status: 'signed-out' }),
        );
    },
    learnToken: (token) => learn(accessFromToken(token)),
  };
  // Without a token source or an access prop (a fetchLink backend authenticates by
  // cookie) the UI can only assume a signed-in user with no known permissions.
  store.stageAccess(initialAccess ?? (config.getAccessToken ? LOADING : { status: 'ready', orgCode: null, permissions: [] }));
  store.stageSections(sections);
  staged = false;
  return store;
}
