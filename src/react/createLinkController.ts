import { abortError, isAbortError, raceAbort } from '../core/abort';
import { mintPortalLink } from '../core/mintPortalLink';
import { accessFromToken } from '../core/decodeAccessClaims';
import { accessKey } from '../core/PortalAccess';
import { isPortalError, PortalError } from '../core/PortalError';
import { resolveReturnUrl } from '../core/resolveReturnUrl';
import type { PortalStore } from './createPortalStore';
import { openPlaceholder } from './openPlaceholder';
import { IDLE, type LinkController, type LinkOptions, type PortalLinkStatus } from './PortalLinkState';

/** If a same-tab navigation hasn't taken the page away by then, the button is usable again. */
export const REDIRECT_RECOVERY_MS = 10_000;

interface Operation {
  controller: AbortController;
  /** "ready:<org>" captured at the click; a change aborts (an org switch). */
  orgKey: string;
  /** The placeholder tab of a `target="_blank"` click. */
  tab: Window | null;
  /** `open()` navigates; `getUrl()` only hands the link back. */
  navigates: boolean;
  /** Settles when this operation is over, however it ended. Never rejects. */
  done: Promise<void>;
  end: () => void;
}

interface Prefetched {
  key: string;
  controller: AbortController;
  promise: Promise<URL>;
  /** When the prefetch succeeded; unset while it is in flight. */
  at?: number;
}

const PAGE_EVENTS = ['pagehide', 'pageshow'] as const;

/**
 * One trigger's link lifecycle, outside React: one request per click burst, abort
 * on key change / org switch / unmount / page hide, stale results dropped,
 * prefetch on intent.
 *
 * Timeline of the race it guards (abort + identity check, because a custom
 * fetchLink or token getter may ignore its signal):
 *   click ─ op1 pending ─ subNav changes → op1 aborted, current = null, idle
 *                       └ op1's answer arrives later → op1 !== current → dropped
 */
export function createLinkController(store: PortalStore, initial: LinkOptions): LinkController {
  let options = initial;
  let state = IDLE;
  let current: Operation | null = null;
  let prefetched: Prefetched | null = null;
  // Not "connected": a focus during the first commit (autoFocus) comes before the
  // mount effect, and must still prefetch.
  let disconnected = false;
  const listeners = new Set<() => void>();

  const setState = (status: PortalLinkStatus, error: PortalError | null = null) => {
    if (status === state.status && error === state.error) return;
    state = { status, error };
    listeners.forEach((listener) => listener());
  };

  /** Ends the operation unless it was already replaced; `aborted` ones also cancel their request and tab, silently. */
  const finish = (op: Operation, aborted?: boolean) => {
    if (op !== current) return false;
    current = null;
    op.end();
    if (aborted) {
      op.controller.abort();
      op.tab?.close();
    }
    setState('idle');
    return true;
  };

  /** Drops the operation in flight and any prefetched link. */
  const cancel = () => {
    if (current) finish(current, true);
    prefetched?.controller.abort();
    prefetched = null;
  };

  // The page is being left: the browser cancels our fetch, and reporting that
  // "network error" in the page's last frame would flash an error and send a false
  // report to onError. Back from the portal through the back-forward cache, the
  // page returns mid-"redirecting": start fresh.
  const onPageTransition = (event: PageTransitionEvent) => {
    if (event.type === 'pagehide' || event.persisted) cancel();
  };

  const fail = (error: unknown): PortalError => {
    const portalError = isPortalError(error) ? error : new PortalError('network', 'Getting the portal link failed.', { cause: error });
    setState('error', portalError);
    try {
      options.onError?.(portalError);
    } catch (callbackError) {
      // The app's onError threw: surface it without leaving this button stuck.
      queueMicrotask(() => {
        throw callbackError;
      });
    }
    return portalError;
  };

  const resolveReturn = () => {
    const page = typeof window === 'undefined' ? undefined : window.location;
    return resolveReturnUrl(options.returnUrl ?? store.config.returnUrl ?? page?.href ?? '', {
      base: page?.href,
      allowedOrigins: store.config.allowedReturnOrigins ?? (page ? [page.origin] : []),
    });
  };

  const linkKey = (returnUrl: string) => JSON.stringify([options.subNav, returnUrl, accessKey(store.getAccess())]);

  /** A prefetch for this key that is in flight, or succeeded less than `maxAgeMs` ago. */
  const usable = (entry: Prefetched, key: string) => entry.key === key && (entry.at === undefined || Date.now() - entry.at <= (options.maxAgeMs ?? 30_000));

  const returnSetting = () => String(options.returnUrl ?? store.config.returnUrl);

  const mint = (returnUrl: string, signal: AbortSignal, op?: Operation) =>
    mintPortalLink(
      {
        ...store.config,
        onAccessToken(token) {
          // The click's own token says which organization it is for: that is the
          // baseline, not a switch (otherwise a click could cancel itself).
          if (op) op.orgKey = accessKey(accessFromToken(token));
          store.learnToken(token);
        },
      },
      { subNav: options.subNav, returnUrl, signal },
    );

  const begin = (tab: Window | null, navigates: boolean): Operation => {
    let resolveDone!: () => void;
    const op: Operation = {
      controller: new AbortController(),
      orgKey: accessKey(store.getAccess()),
      tab,
      navigates,
      done: new Promise<void>((resolve) => (resolveDone = resolve)),
      end: () => {
        unsubscribe();
        resolveDone();
      },
    };
    const startReturn = returnSetting();
    const unsubscribe = store.subscribe(() => {
      const key = accessKey(store.getAccess());
      // A changed provider `returnUrl` aborts, like an org switch.
      if (returnSetting() !== startReturn) finish(op, true);
      // Clicked before access was known: the first answer becomes the baseline.
      else if (!op.orgKey.startsWith('ready:')) op.orgKey = key;
      else if (key !== op.orgKey) finish(op, true);
    });
    current = op;
    setState('pending');
    return op;
  };

  /** A fresh prefetched link, the prefetch in flight, or a new request. Never the same link twice. */
  const obtain = async (op: Operation, returnUrl: string): Promise<URL> => {
    const taken = prefetched;
    const { signal } = op.controller;
    prefetched = null;
    if (taken && usable(taken, linkKey(returnUrl))) {
      signal.addEventListener('abort', () => taken.controller.abort());
      try {
        return await raceAbort(taken.promise, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        // A failed prefetch stays silent; the click mints afresh below.
      }
    } else {
      taken?.controller.abort();
    }
    return mint(returnUrl, signal, op);
  };

  const run = async (op: Operation, returnUrl: string) => {
    let url: URL;
    try {
      url = await obtain(op, returnUrl);
    } catch (error) {
      // Aborted or replaced: already cleaned up, and never reported.
      if (finish(op, true) && !isAbortError(error)) fail(error);
      return;
    }
    if (op !== current) return; // stale: never navigate
    setState('redirecting');
    const { tab } = op;
    if (tab) {
      // A tab the user closed while waiting means they changed their mind: no error.
      if (!tab.closed) {
        try {
          tab.location.href = url.href;
        } catch (error) {
          // A locked-down or hostile tab refused the link: report it, never hang.
          if (finish(op, true)) fail(new PortalError('popup_blocked', 'The new tab refused the portal link.', { cause: error }));
          return;
        }
      }
      finish(op);
      return;
    }
    const { navigate } = store.config;
    if (!navigate) {
      window.location.assign(url.href);
      // Still here after a while (navigation stopped, a download, a 204): usable again.
      const timer = setTimeout(() => finish(op), REDIRECT_RECOVERY_MS);
      void op.done.then(() => clearTimeout(timer));
      return;
    }
    try {
      await navigate(url.href);
      finish(op);
    } catch (error) {
      if (finish(op)) fail(new PortalError('network', 'navigate() failed.', { cause: error }));
    }
  };

  const api: LinkController = {
    intentProps: { onPointerEnter: () => api.prefetch(), onFocus: () => api.prefetch() },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOptions(next) {
      const previous = options;
      options = next;
      if (previous.subNav !== next.subNav || String(previous.returnUrl) !== String(next.returnUrl)) cancel();
    },
    connect() {
      disconnected = false;
      // Adding the same listener twice is a no-op, so StrictMode's remount is safe.
      const listen = (method: 'addEventListener' | 'removeEventListener') =>
        typeof window !== 'undefined' && PAGE_EVENTS.forEach((type) => window[method](type, onPageTransition as EventListener));
      listen('addEventListener');
      return () => {
        disconnected = true;
        cancel();
        listen('removeEventListener');
      };
    },
    reset() {
      if (state.status === 'error') setState('idle');
    },
    open(): Promise<void> {
      // A second click while busy joins the operation; a pending getUrl() is not a
      // click, so the click waits for it and then goes.
      if (current) return current.navigates ? current.done : current.done.then(api.open);
      let returnUrl: string;
      let tab: Window | null = null;
      try {
        returnUrl = resolveReturn();
        if (options.target === '_blank' && !(tab = openPlaceholder())) {
          throw new PortalError('popup_blocked', 'The browser blocked the new tab for the portal.');
        }
      } catch (error) {
        fail(error);
        return Promise.resolve();
      }
      const op = begin(tab, true);
      void run(op, returnUrl);
      return op.done;
    },
    async getUrl() {
      // One operation at a time: wait for the current one, then mint our own link.
      while (current) await current.done;
      let returnUrl: string;
      try {
        returnUrl = resolveReturn();
      } catch (error) {
        throw fail(error);
      }
      const op = begin(null, false);
      try {
        const url = await obtain(op, returnUrl);
        if (!finish(op)) throw abortError();
        return url;
      } catch (error) {
        if (!finish(op) || isAbortError(error)) throw abortError();
        throw fail(error);
      }
    },
    prefetch() {
      if (options.prefetch !== 'intent' || disconnected || current) return;
      let returnUrl: string;
      try {
        returnUrl = resolveReturn();
      } catch {
        return; // the click will report it
      }
      const key = linkKey(returnUrl);
      if (prefetched && usable(prefetched, key)) return;
      prefetched?.controller.abort();
      const controller = new AbortController();
      const entry: Prefetched = { key, controller, promise: mint(returnUrl, controller.signal) };
      prefetched = entry;
      entry.promise.then(
        () => (entry.at = Date.now()),
        () => {
          if (prefetched === entry) prefetched = null;
        },
      );
    },
  };
  return api;
}
