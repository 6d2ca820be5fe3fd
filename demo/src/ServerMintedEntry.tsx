import { useKindeAuth } from '@kinde-oss/kinde-auth-react';
import { PortalProvider, PortalError, SelfServePortalButton } from 'react-self-serve-portal';

/**
 * The same button, but the link is minted by the demo's own backend route
 * (createPortalLinkHandler with an M2M token) instead of the Account API.
 */
export function ServerMintedEntry({ onError, onStart }: { onError: (error: PortalError) => void; onStart: () => void }) {
  const { getAccessToken } = useKindeAuth();
  const domain = import.meta.env.VITE_KINDE_DOMAIN as string;
  return (
    <PortalProvider
      allowedPortalOrigins={[domain]}
      access={{ status: 'ready', orgCode: null, permissions: [] }}
      fetchLink={async ({ subNav, returnUrl, signal }) => {
        const token = await getAccessToken();
        const response = await fetch('/api/portal-link', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
          body: JSON.stringify({ subNav, returnUrl }),
          signal,
        });
        const body = (await response.json().catch(() => ({}))) as { url?: string; error?: string };
        if (!response.ok) throw new PortalError('http', `The demo server answered ${response.status} (${body.error ?? 'unknown'}).`, { status: response.status });
        return { url: body.url ?? '' };
      }}
    >
      <li>
        <SelfServePortalButton subNav="profile" onClick={onStart} onError={onError}>
          Profile (server-minted)
        </SelfServePortalButton>
      </li>
    </PortalProvider>
  );
}
