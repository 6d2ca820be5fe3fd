import type { PortalError } from '../core/PortalError';
import type { UsePortalLinkOptions } from './usePortalLink';

/** Shapes shared by the link controller and the hook that binds it to React. */

export type PortalLinkStatus = 'idle' | 'pending' | 'redirecting' | 'error';

export interface PortalLinkState {
  status: PortalLinkStatus;
  error: PortalError | null;
}

/** The hook's options as the controller reads them: only `subNav` has its default applied. */
export type LinkOptions = UsePortalLinkOptions & { subNav: string };

export interface PortalLinkIntentProps {
  onPointerEnter: () => void;
  onFocus: () => void;
}

export interface LinkController {
  getState(): PortalLinkState;
  subscribe(listener: () => void): () => void;
  setOptions(options: LinkOptions): void;
  /** Starts watching page transitions; the returned cleanup stops, and cancels what is in flight. */
  connect(): () => void;
  open(): Promise<void>;
  getUrl(): Promise<URL>;
  reset(): void;
  prefetch(): void;
  /** Prefetch triggers for `prefetch="intent"`, stable for the controller's life. */
  intentProps: PortalLinkIntentProps;
}

export const IDLE: PortalLinkState = /* @__PURE__ */ Object.freeze({ status: 'idle', error: null });
