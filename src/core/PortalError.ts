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

/**
 * The one error type this library reports. Messages never contain tokens.
 *
 * @example
 * if (isPortalError(err) && err.retryable) showRetry(err.retryAfter)
 */
export class PortalError extends Error {
  declare readonly code: PortalErrorCode;
  declare readonly status?: number;
  /** True where trying again later may work: throttling, network, timeout, 5xx and 408. */
  declare readonly retryable: boolean;
  /** Seconds to wait, from a `Retry-After` header, for `rate_limited`. */
  declare readonly retryAfter?: number;

  constructor(code: PortalErrorCode, message: string, { status, retryAfter, cause, retryable }: PortalErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PortalError';
    Object.assign(this, { code }, status !== undefined && { status }, retryAfter !== undefined && { retryAfter }, {
      retryable: retryable ?? (/^(rate_limited|network|timeout)$/.test(code) || (code === 'http' && (status! >= 500 || status === 408))),
    });
    // Hidden, so copies of the error (`{...error}`) don't pass for one.
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
  return (value as Record<symbol, unknown> | null)?.[BRAND] === true;
}
