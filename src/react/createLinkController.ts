import { abortError, isAbortError, raceAbort } from '../core/abort';
import { mintPortalLink } from '../core/mintPortalLink';
import { accessKey } from '../core/PortalAccess';
import { isPortalError, PortalError } from '../core/PortalError';
import { resolveReturnUrl } from '../core/resolveReturnUrl';
import type { PortalStore } from './createPortalStore';

export type PortalLinkStatus = 'idle' | 'pending' | 'redirecting' | 'error';

export interface PortalLinkState {
  status: PortalLinkStatus;
  error: PortalError | null;
}

export interface LinkOptions {
  subNav: string;
  returnUrl: string | URL | undefined;
  target: '_self' | '_blank';
  prefetch: 'none' | 'intent';
  maxAgeMs: number;
  onError: ((error: PortalError) => void) | undefined;
}

export const IDLE: PortalLinkState = Object.freeze({ status: 'idle', error: null });

/** If a same-tab navigation hasn't taken the page away by then, the button is usable again. */
export const REDIRECT_RECOVERY_MS = 10_000;

interface Operation {
  controller: AbortController;
  /** "ready:<org>" captured at the click; a change aborts (an org switch). */
  orgKey: string;
  placeholder: Window | null;
  /** Settles when this operation is over, however it ended. Never rejects. */
  done: Promise<void>;
  finish: () => void;
  unsubscribe: () => void;
  recoveryTimer?: ReturnType<typeof setTimeout>;
}

interface Prefetch {
  key: string;
  controller: AbortController;
  promise: Promise<URL>;
}

function returnUrlKey(value: string | URL | undefined): string {
  return value === undefined ? '' : String(value);
}

function openPlaceholder(): Window | null {
  // Opened inside the click so popup blockers allow it; pointed at the link later.
  const tab = window.open('', '_blank');
  if (!tab) return null;
  try {
    tab.opener = null; // the portal must not be able to script this page
    tab.document.title = 'Opening portal…';
  } catch {
    // Cross-origin or locked-down placeholder: the handle still works for navigation.
  }
  return tab;
}

/**
 * One button's link lifecycle, outside React: one request per click burst, abort on
 * key change / org switch / unmount, stale results dropped, prefetch on intent.
 *
 * Timeline of the race it guards (abort + identity check, because a custom fetchLink
 * or token getter may ignore its signal):
 *   click ─ op1 pending ─ subNav changes → op1 aborted, this.op = null, idle
 *                       └ op1's response arrives later → op1 !== this.op → dropped
 */
export class LinkController {
  private state: PortalLinkState = IDLE;
  private listeners = new Set<() => void>();
  private op: Operation | null = null;
  private prefetching: Prefetch | null = null;
  private prefetched: { key: string; url: URL; at: number } | null = null;
  private connected = false;
  private removeWindowListeners: (() => void) | null = null;

  constructor(
    private readonly store: PortalStore,
    private options: LinkOptions,
  ) {}

  getState = (): PortalLinkState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(next: PortalLinkState): void {
    if (next.status === this.state.status && next.error === this.state.error) return;
    this.state = next;
    this.listeners.forEach((listener) => listener());
  }

  setOptions(next: LinkOptions): void {
    const previous = this.options;
    this.options = next;
    if (previous.subNav !== next.subNav || returnUrlKey(previous.returnUrl) !== returnUrlKey(next.returnUrl)) {
      this.abort();
      this.discardPrefetch();
    }
  }

  connect(): void {
    this.connected = true;
    if (typeof window === 'undefined' || this.removeWindowListeners) return;
    // The page is being left (a link elsewhere, a reload): the browser cancels our
    // fetch, and reporting that "network error" on a page in its last frame would
    // flash an error and send a false report to onError.
    const onPageHide = () => {
      this.abort();
      this.discardPrefetch();
    };
    // Back from the portal through the back-forward cache: the page is restored as
    // it was left, mid-"redirecting". Start fresh.
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) this.abort();
    };
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    this.removeWindowListeners = () => {
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    };
  }

  disconnect(): void {
    this.connected = false;
    this.abort();
    this.discardPrefetch();
    this.removeWindowListeners?.();
    this.removeWindowListeners = null;
  }

  reset = (): void => {
    if (this.state.status === 'error') this.setState(IDLE);
  };

  /** Aborts the operation in flight, silently: an abort is never an error. */
  abort(): void {
    const op = this.op;
    if (!op) return;
    this.op = null;
    op.controller.abort();
    op.placeholder?.close();
    this.endOperation(op);
    this.setState(IDLE);
  }

  private endOperation(op: Operation): void {
    op.unsubscribe();
    if (op.recoveryTimer !== undefined) clearTimeout(op.recoveryTimer);
    op.finish();
  }

  private discardPrefetch(): void {
    this.prefetching?.controller.abort();
    this.prefetching = null;
    this.prefetched = null;
  }

  private resolveReturn(): string {
    const config = this.store.config;
    const base = typeof window === 'undefined' ? undefined : window.location.href;
    const input = this.options.returnUrl ?? config.returnUrl ?? base ?? '';
    const allowed = config.allowedReturnOrigins ?? (typeof window === 'undefined' ? [] : [window.location.origin]);
    return resolveReturnUrl(input, { ...(base === undefined ? {} : { base }), allowedOrigins: allowed });
  }

  private mint(returnUrl: string, signal: AbortSignal): Promise<URL> {
    const config = this.store.config;
    return mintPortalLink(
      {
        getAccessToken: config.getAccessToken,
        refreshAccessToken: config.refreshAccessToken,
        domain: config.domain,
        allowedPortalOrigins: config.allowedPortalOrigins,
        fetchLink: config.fetchLink,
        timeoutMs: config.timeoutMs,
        fetch: config.fetch,
        onAccessToken: this.store.learnToken,
      },
      { subNav: this.options.subNav, returnUrl, signal },
    );
  }

  private linkKey(returnUrl: string): string {
    return JSON.stringify([this.options.subNav, returnUrl, accessKey(this.store.getAccess())]);
  }

  private fail(error: unknown): PortalError {
    const portalError = isPortalError(error)
      ? error
      : new PortalError('network', 'Getting the portal link failed unexpectedly.', { cause: error });
    this.setState({ status: 'error', error: portalError });
    // A throwing onError is the app's bug; it must not leave this button stuck.
    try {
      this.options.onError?.(portalError);
    } catch (callbackError) {
      queueMicrotask(() => {
        throw callbackError;
      });
    }
    return portalError;
  }

  private begin(placeholder: Window | null): Operation {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const op: Operation = {
      controller: new AbortController(),
      orgKey: accessKey(this.store.getAccess()),
      placeholder,
      done,
      finish,
      unsubscribe: () => {},
    };
    op.unsubscribe = this.store.subscribe(() => {
      const key = accessKey(this.store.getAccess());
      if (op.orgKey.startsWith('ready:')) {
        if (key !== op.orgKey) this.abort();
      } else {
        // Clicked before access was known: the first answer becomes the baseline.
        op.orgKey = key;
      }
    });
    this.op = op;
    this.setState({ status: 'pending', error: null });
    return op;
  }

  /** A fresh prefetched link, the prefetch in flight, or a new request. */
  private async obtain(op: Operation, returnUrl: string): Promise<URL> {
    const key = this.linkKey(returnUrl);
    const prefetched = this.prefetched;
    this.prefetched = null; // taken or stale: either way never used twice
    if (prefetched && prefetched.key === key && Date.now() - prefetched.at <= this.options.maxAgeMs) {
      return prefetched.url;
    }
    const inflight = this.prefetching;
    if (inflight && inflight.key === key) {
      this.prefetching = null;
      op.controller.signal.addEventListener('abort', () => inflight.controller.abort(), { once: true });
      try {
        return await raceAbort(inflight.promise, op.controller.signal);
      } catch (error) {
        if (op.controller.signal.aborted) throw error;
        // A failed prefetch stays silent; the click mints afresh below.
      }
    } else {
      this.discardPrefetch();
    }
    return this.mint(returnUrl, op.controller.signal);
  }

  open = (): Promise<void> => {
    if (this.op) return this.op.done;
    let returnUrl: string;
    try {
      returnUrl = this.resolveReturn();
    } catch (error) {
      this.fail(error);
      return Promise.resolve();
    }
    let placeholder: Window | null = null;
    if (this.options.target === '_blank') {
      placeholder = openPlaceholder();
      if (!placeholder) {
        this.fail(new PortalError('popup_blocked', 'The browser blocked the new tab for the portal.'));
        return Promise.resolve();
      }
    }
    const op = this.begin(placeholder);
    void this.run(op, returnUrl);
    return op.done;
  };

  private async run(op: Operation, returnUrl: string): Promise<void> {
    let url: URL;
    try {
      url = await this.obtain(op, returnUrl);
    } catch (error) {
      if (op !== this.op || isAbortError(error)) return; // aborted: abort() already cleaned up
      this.op = null;
      op.placeholder?.close();
      this.endOperation(op);
      this.fail(error);
      return;
    }
    if (op !== this.op) return; // stale: never navigate
    this.setState({ status: 'redirecting', error: null });
    if (op.placeholder) {
      op.placeholder.location.href = url.href;
      this.complete(op);
      return;
    }
    const navigate = this.store.config.navigate;
    if (!navigate) {
      window.location.assign(url.href);
      // Still here after a while (navigation stopped, a download, a 204): usable again.
      op.recoveryTimer = setTimeout(() => this.complete(op), REDIRECT_RECOVERY_MS);
      return;
    }
    try {
      await navigate(url.href);
    } catch (error) {
      if (op !== this.op) return;
      this.op = null;
      this.endOperation(op);
      this.fail(new PortalError('network', 'navigate() failed to open the portal link.', { cause: error }));
      return;
    }
    this.complete(op);
  }

  private complete(op: Operation): void {
    if (op !== this.op) return;
    this.op = null;
    this.endOperation(op);
    this.setState(IDLE);
  }

  getUrl = async (): Promise<URL> => {
    // One operation at a time: wait for the current one, then mint our own link.
    while (this.op) await this.op.done;
    const returnUrl = (() => {
      try {
        return this.resolveReturn();
      } catch (error) {
        throw this.fail(error);
      }
    })();
    const op = this.begin(null);
    try {
      const url = await this.obtain(op, returnUrl);
      if (op !== this.op) throw abortError();
      this.complete(op);
      return url;
    } catch (error) {
      if (op !== this.op || isAbortError(error)) throw isAbortError(error) ? error : abortError();
      this.op = null;
      this.endOperation(op);
      throw this.fail(error);
    }
  };

  /** Mints ahead on hover/focus when `prefetch="intent"`; failures are silent. */
  prefetch = (): void => {
    if (this.options.prefetch !== 'intent' || !this.connected || this.op || this.prefetching) return;
    let returnUrl: string;
    try {
      returnUrl = this.resolveReturn();
    } catch {
      return; // the click will report it
    }
    const key = this.linkKey(returnUrl);
    const cached = this.prefetched;
    if (cached && cached.key === key && Date.now() - cached.at <= this.options.maxAgeMs) return;
    this.prefetched = null;
    const controller = new AbortController();
    const promise = this.mint(returnUrl, controller.signal);
    const entry: Prefetch = { key, controller, promise };
    this.prefetching = entry;
    promise.then(
      (url) => {
        if (this.prefetching !== entry) return; // claimed by a click, or discarded
        this.prefetching = null;
        this.prefetched = { key, url, at: Date.now() };
      },
      () => {
        if (this.prefetching === entry) this.prefetching = null;
      },
    );
  };
}
