/**
 * In-memory state. Expiry is checked lazily on read, so no interval timers keep
 * the process (or a test run) alive.
 */

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
}

/** A validated /oauth2/auth request waiting for the user to pick an account. */
export interface AuthRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  scopes: string[];
  audiences: string[];
  orgCode: string | null;
  prompt: string | null;
}

export interface PendingAuth extends AuthRequest {
  expiresAt: number;
}

export interface AuthCode extends AuthRequest {
  userId: string;
  /** The org the tokens are for (requested or the user's first). */
  tokenOrgCode: string;
  sessionId: string;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  orgCode: string;
  scopes: string[];
  audiences: string[];
  sessionId: string;
  expiresAt: number;
}

export interface PortalKey {
  subnav: string;
  returnUrl: string | null;
  userId: string;
  orgCode: string | null;
  expiresAt: number;
  usedAt: number | null;
}

export class ExpiringMap<V extends { expiresAt: number }> {
  private readonly map = new Map<string, V>();
  set(key: string, value: V): void {
    this.map.set(key, value);
  }
  /** The live value, or undefined (expired entries are dropped). */
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value && value.expiresAt <= Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    return value;
  }
  /** Reads and removes: for single-use values. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.map.delete(key);
    return value;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, value] of this.map) if (test(value)) this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
}

export class Store {
  readonly sessions = new Map<string, Session>();
  readonly pending = new ExpiringMap<PendingAuth>();
  readonly codes = new ExpiringMap<AuthCode>();
  readonly refreshTokens = new ExpiringMap<RefreshGrant>();
  /**
   * Portal keys stay after use or expiry (kept as records, not ExpiringMap) so a
   * second visit can say "already used" (410) rather than "unknown" (404).
   */
  readonly portalKeys = new Map<string, PortalKey>();

  /** Signs a session out everywhere: its record and every refresh token issued under it. */
  endSession(sessionId: string): void {
    this.sessions.delete(sessionId);
    this.refreshTokens.deleteWhere((g) => g.sessionId === sessionId);
    this.codes.deleteWhere((c) => c.sessionId === sessionId);
  }

  clear(): void {
    this.sessions.clear();
    this.pending.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.portalKeys.clear();
  }
}
