/** Every way getting a portal link can fail. */
export type PortalErrorCode =
  | 'unauthenticated'
  | 'token_unavailable'
  | 'forbidden'
  | 'rate_limited'
  | 'http'
  | 'network'
  | 'timeout'
  | 'invalid_return_url'
  | 'invalid_response'
  | 'popup_blocked';

export interface PortalErrorOptions {
  status?: number;
  retryAfter?: number;
  cause?: unknown;
  /** Overrides the default derived from `code` and `status`. */
  retryable?: boolean;
}

// A registry symbol, not `instanceof`: two copies of this package (a monorepo, a
// CJS and an ESM build side by side) still recognise each other's errors.
const BRAND = Symbol.for('react-self-serve-portal.PortalError');

const RETRYABLE_CODES: ReadonlySet<PortalErrorCode> = new Set(['rate_limited', 'network', 'timeout']);

/**
 * The one error type this library reports. Messages never contain tokens.
 *
 * @example
 * if (isPortalError(err) && err.retryable) showRetry(err.retryAfter)
 */
export class PortalError extends Error {
  readonly code: PortalErrorCode;
  readonly status?: number;
  /** True where trying again later may work: throttling, network, timeout, 5xx and 408. */
  readonly retryable: boolean;
  /** Seconds to wait, from a `Retry-After` header, for `rate_limited`. */
  readonly retryAfter?: number;

  constructor(code: PortalErrorCode, message: string, options: PortalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PortalError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
    const status = options.status;
    this.retryable =
      options.retryable ?? (RETRYABLE_CODES.has(code) || (code === 'http' && status !== undefined && (status >= 500 || status === 408)));
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for a `PortalError`, including one thrown by another copy of this package.
 *
 * @example
 * catch (e) { if (isPortalError(e) && e.code === 'forbidden') hideBilling() }
 */
export function isPortalError(value: unknown): value is PortalError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
