import { abortError, isAbortError, raceAbort } from '../core/abort';
import { mintPortalLink } from '../core/mintPortalLink';
import { accessFromToken } from '../core/decodeAccessClaims';
import { accessKey } from '../core/PortalAccess';
import { isPortalError, PortalError } from '../core/PortalError';
import { resolveReturnUrl } from '../core/resolveReturnUrl';
import type { PortalStore } from './createPortalStore';
import { openPlaceholder } from './openPlaceholder';
import { IDLE, type LinkController, type LinkOptions, type PortalLinkState } from './PortalLinkState';

/** If a same-tab navigation hasn't taken the page away by then, the button is usable again. */
export const REDIRECT_RECOVERY_MS = 10_000;

interface Operation {
  controller: AbortController;
  /** "ready:<org>" captured at the click; a change aborts (an org switch). */
  orgKey: string;
  placeholder: Window | null;
  /** `open()` navigates; `getUrl()` only hands the link back. */
  navigates: boolean;
  /** The return URL setting at the click; a changed provider `returnUrl` aborts. */
  returnSetting: string;
  /** Settles when this operation is over, however it ended. Never rejects. */
  done: Promise<void>;
  end: () => void;
}

interface Prefetched {
  key: string;
  at: number;
  controller: AbortController;
  /** Settled value once the prefetch succeeded. */
  url?: URL;
  promise: Promise<URL>;
}

const isWindow = () => typeof window !== 'undefined';


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
  let unlisten: (() => void) | undefined;
  const listeners = new Set<() => void>();

  const setState = (next: PortalLinkState) => {
    if (next.status === state.status && next.error === state.error) return;
    state = next;
    listeners.forEach((listener) => listener());
  };

  const discardPrefetch = () => {
    prefetched?.controller.abort();
    prefetched = null;
  };

  /** Ends the operation; `aborted` ones also cancel their request and tab, silently. */
  const finish = (op: Operation, next: PortalLinkState, aborted?: boolean) => {
    if (op !== current) return false;
    current = null;
    op.end();
    if (aborted) {
      op.controller.abort();
      op.placeholder?.close();
    }
    setState(next);
    return true;
  };

  const abort = () => {
    if (current) finish(current, IDLE, true);
  };

  const fail = (error: unknown): PortalError => {
    const portalError = isPortalError(error) ? error : new PortalError('network', 'Getting the portal link failed.', { cause: error });
    setState({ status: 'error', error: portalError });
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
    const config = store.config;
    const base = isWindow() ? window.location.href : undefined;
    return resolveReturnUrl(options.returnUrl ?? config.returnUrl ?? base ?? '', {
      ...(base && { base }),
      allowedOrigins: config.allowedReturnOrigins ?? (isWindow() ? [window.location.origin] : []),
    });
  };

  const linkKey = (returnUrl: string) => JSON.stringify([options.subNav, returnUrl, accessKey(store.getAccess())]);

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

  const begin = (placeholder: Window | null, navigates: boolean): Operation => {
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const op: Operation = {
      controller: new AbortController(),
      orgKey: accessKey(store.getAccess()),
      placeholder,
      navigates,
      returnSetting: returnSetting(),
      done,
      end: resolveDone,
    };
    const unsubscribe = store.subscribe(() => {
      const key = accessKey(store.getAccess());
      if (returnSetting() !== op.returnSetting) finish(op, IDLE, true);
      // Clicked before access was known: the first answer becomes the baseline.
      else if (!op.orgKey.startsWith('ready:')) op.orgKey = key;
      else if (key !== op.orgKey) finish(op, IDLE, true);
    });
    op.end = () => {
      unsubscribe();
      resolveDone();
    };
    current = op;
    setState({ status: 'pending', error: null });
    return op;
  };

  /** A fresh prefetched link, the prefetch in flight, or a new request. Never the same link twice. */
  const obtain = async (op: Operation, returnUrl: string): Promise<URL> => {
    const taken = prefetched;
    prefetched = null;
    if (taken && taken.key === linkKey(returnUrl)) {
      if (taken.url) {
        if (Date.now() - taken.at <= options.maxAgeMs) return taken.url;
      } else {
        op.controller.signal.addEventListener('abort', () => taken.controller.abort());
        try {
          return await raceAbort(taken.promise, op.controller.signal);
        } catch (error) {
          if (op.controller.signal.aborted) throw error;
          // A failed prefetch stays silent; the click mints afresh below.
        }
      }
    } else {
      taken?.controller.abort();
    }
    return mint(returnUrl, op.controller.signal, op);
  };

  const run = async (op: Operation, returnUrl: string) => {
    let url: URL;
    try {
      url = await obtain(op, returnUrl);
    } catch (error) {
      if (!finish(op, IDLE)) return; // aborted or replaced: already cleaned up
      op.placeholder?.close();
      if (!isAbortError(error)) fail(error);
      return;
    }
    if (op !== current) return; // stale: never navigate
    setState({ status: 'redirecting', error: null });
    if (op.placeholder) {
      // The user closed the new tab while waiting: they changed their mind.
      if (op.placeholder.closed) {
        finish(op, IDLE);
        return;
      }
      try {
        op.placeholder.location.href = url.href;
      } catch (error) {
        // A locked-down or hostile tab refused the link: report it, never hang.
        op.placeholder.close();
        if (finish(op, IDLE)) fail(new PortalError('popup_blocked', 'The new tab refused the portal link.', { cause: error }));
        return;
      }
      finish(op, IDLE);
      return;
    }
    const navigate = store.config.navigate;
    if (!navigate) {
      window.location.assign(url.href);
      // Still here after a while (navigation stopped, a download, a 204): usable again.
      const timer = setTimeout(() => finish(op, IDLE), REDIRECT_RECOVERY_MS);
      void op.done.then(() => clearTimeout(timer));
      return;
    }
    try {
      await navigate(url.href);
      finish(op, IDLE);
    } catch (error) {
      if (finish(op, IDLE)) fail(new PortalError('network', 'navigate() failed.', { cause: error }));
    }
  };

  const api: LinkController = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setOptions(next) {
      const previous = options;
      options = next;
      if (previous.subNav !== next.subNav || String(previous.returnUrl) !== String(next.returnUrl)) {
        abort();
        discardPrefetch();
      }
    },
    connect() {
      disconnected = false;
      if (!isWindow() || unlisten) return;
      // The page is being left: the browser cancels our fetch, and reporting that
      // "network error" in the page's last frame would flash an error and send a
      // false report to onError.
      const onPageHide = () => {
        abort();
        discardPrefetch();
      };
      // Back from the portal through the back-forward cache: the page comes back
      // as it was left, mid-"redirecting". Start fresh.
      const onPageShow = (event: PageTransitionEvent) => event.persisted && abort();
      window.addEventListener('pagehide', onPageHide);
      window.addEventListener('pageshow', onPageShow);
      unlisten = () => {
        window.removeEventListener('pagehide', onPageHide);
        window.removeEventListener('pageshow', onPageShow);
      };
    },
    disconnect() {
      disconnected = true;
      abort();
      discardPrefetch();
      unlisten?.();
      unlisten = undefined;
    },
    reset() {
      if (state.status === 'error') setState(IDLE);
    },
    open(): Promise<void> {
      // A second click while busy joins the operation; a pending getUrl() is not a
      // click, so the click waits for it and then goes.
      if (current) return current.navigates ? current.done : current.done.then(() => api.open());
      let returnUrl: string;
      let placeholder: Window | null = null;
      try {
        returnUrl = resolveReturn();
        if (options.target === '_blank' && !(placeholder = openPlaceholder())) {
          throw new PortalError('popup_blocked', 'The browser blocked the new tab for the portal.');
        }
      } catch (error) {
        fail(error);
        return Promise.resolve();
      }
      const op = begin(placeholder, true);
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
        if (!finish(op, IDLE)) throw abortError();
        return url;
      } catch (error) {
        if (!finish(op, IDLE) || isAbortError(error)) throw abortError();
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
      if (prefetched && prefetched.key === key && (!prefetched.url || Date.now() - prefetched.at <= options.maxAgeMs)) return;
      discardPrefetch();
      const controller = new AbortController();
      const entry: Prefetched = { key, at: Date.now(), controller, promise: mint(returnUrl, controller.signal) };
      prefetched = entry;
      entry.promise.then(
        (url) => {
          entry.url = url;
          entry.at = Date.now();
        },
        () => {
          if (prefetched === entry) prefetched = null;
        },
      );
    },
  };
  return api;
}
