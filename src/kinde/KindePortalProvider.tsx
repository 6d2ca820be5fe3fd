import { useKindeAuth } from '@kinde-oss/kinde-auth-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { accessFromToken, decodeAccessClaims } from '../core/decodeAccessClaims';
import { sameAccess, type PortalAccess } from '../core/PortalAccess';
import { PortalProvider, type PortalProviderProps } from '../react/PortalProvider';

export interface KindePortalProviderProps extends Omit<PortalProviderProps, 'getAccessToken' | 'refreshAccessToken' | 'access'> {
  /** The Kinde application's client id, for refreshing after a 401; default: the token's `azp` claim. */
  clientId?: string;
}

/**
 * `PortalProvider` wired to `@kinde-oss/kinde-auth-react`: tokens, refresh, loading
 * and signed-in state, and the current token's organization and permissions.
 * Place it inside Kinde's `KindeProvider`.
 *
 * @example
 * <KindeProvider domain={domain} clientId={clientId} redirectUri={origin}>
 *   <KindePortalProvider><AccountMenu /></KindePortalProvider>
 * </KindeProvider>
 */
export function KindePortalProvider({ clientId, ...props }: KindePortalProviderProps): ReactNode {
  const kinde = useKindeAuth();
  const { isLoading, isAuthenticated } = kinde;
  // The latest SDK functions, without making our callbacks change identity each render.
  const kindeRef = useRef(kinde);
  kindeRef.current = kinde;
  const [tokenAccess, setTokenAccess] = useState<PortalAccess>({ status: 'loading' });

  const learn = useCallback((token: string | undefined | null) => {
    const next: PortalAccess = token ? accessFromToken(token) : { status: 'signed-out' };
    setTokenAccess((previous) => (sameAccess(previous, next) ? previous : next));
  }, []);

  // Every token we hand out also updates the access the gates see: a refresh that
  // lands in another organization switches the menu with it.
  const getAccessToken = useCallback(async () => {
    const token = await kindeRef.current.getAccessToken();
    learn(token);
    return token;
  }, [learn]);

  const refreshAccessToken = useCallback(async () => {
    const current = await kindeRef.current.getAccessToken();
    const claims = current ? decodeAccessClaims(current) : null;
    const domain = props.domain ?? claims?.iss;
    const resolvedClientId = clientId ?? claims?.azp;
    if (!domain || !resolvedClientId) throw new Error('Cannot refresh: no Kinde domain or client id is known.');
    const result = await kindeRef.current.refreshToken({ domain, clientId: resolvedClientId });
    if (!result.success) throw new Error('Kinde could not refresh the session.');
    const token = result.accessToken ?? (await kindeRef.current.getAccessToken());
    learn(token);
    return token;
  }, [clientId, learn, props.domain]);

  useEffect(() => {
    if (isLoading) return;
    if (!isAuthenticated) {
      learn(null);
      return;
    }
    let live = true;
    kindeRef.current.getAccessToken().then(
      (token) => live && learn(token),
      () => live && learn(null),
    );
    return () => {
      live = false;
    };
  }, [isLoading, isAuthenticated, kinde.user, learn]);

  const access = useMemo<PortalAccess>(() => {
    if (isLoading) return { status: 'loading' };
    if (!isAuthenticated) return { status: 'signed-out' };
    return tokenAccess;
  }, [isLoading, isAuthenticated, tokenAccess]);

  return <PortalProvider {...props} getAccessToken={getAccessToken} refreshAccessToken={refreshAccessToken} access={access} />;
}

