import type { PortalError } from '../core/PortalError';

/** Shapes shared by the link controller and the hook that binds it to React. */

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

export interface LinkController {
  getState(): PortalLinkState;
  subscribe(listener: () => void): () => void;
  setOptions(options: LinkOptions): void;
  connect(): void;
  disconnect(): void;
  open(): Promise<void>;
  getUrl(): Promise<URL>;
  reset(): void;
  prefetch(): void;
}

export const IDLE: PortalLinkState = /* @__PURE__ */ Object.freeze({ status: 'idle', error: null });
