import { useKindeAuth } from '@kinde-oss/kinde-auth-react';
import { useState } from 'react';
import { PortalGate, SelfServePortalButton, usePortalAccess, type PortalError } from 'react-self-serve-portal';
import { KindePortalProvider } from 'react-self-serve-portal/kinde';
import { ComparePanel } from './ComparePanel';
import { MENU_ENTRIES } from './menuEntries';
import { OrgSwitcher } from './OrgSwitcher';
import { ServerMintedEntry } from './ServerMintedEntry';

export function App() {
  const { isLoading, isAuthenticated, login, logout, user } = useKindeAuth();
  if (isLoading) return <p>Loading…</p>;
  if (!isAuthenticated) {
    return (
      <main>
        <h1>Portal demo</h1>
        <p>Sign in with the local Kinde emulator to see your account menu.</p>
        <button type="button" onClick={() => void login()}>
          Sign in
        </button>
      </main>
    );
  }
  return (
    <KindePortalProvider>
      <main>
        <header>
          <h1>Portal demo</h1>
          <p>
            Signed in as <strong data-testid="user">{user?.email ?? user?.givenName}</strong>{' '}
            <button type="button" onClick={() => void logout()}>
              Sign out
            </button>
          </p>
          <OrgSwitcher />
        </header>
        <AccountMenu />
        {new URLSearchParams(window.location.search).has('compare') ? <ComparePanel /> : null}
      </main>
    </KindePortalProvider>
  );
}

function AccountMenu() {
  const [error, setError] = useState<PortalError | null>(null);
  const { status, orgCode, permissions } = usePortalAccess();
  return (
    <section aria-labelledby="menu-title">
      <h2 id="menu-title">Account</h2>
      <p data-testid="access">
        {status === 'ready' ? `Organization ${orgCode ?? '—'}: ${permissions.join(', ') || 'no permissions'}` : status}
      </p>
      <nav aria-label="Account menu">
        <ul>
          {MENU_ENTRIES.map(({ page, label }) => (
            <PortalGate key={page} section={page} loading={<li aria-hidden="true">…</li>}>
              <li>
                <SelfServePortalButton subNav={page} prefetch="intent" onClick={() => setError(null)} onError={setError}>
                  {({ status: linkStatus }) => (
                    <>
                      {label}
                      {linkStatus === 'pending' ? <span aria-hidden="true"> …</span> : null}
                    </>
                  )}
                </SelfServePortalButton>
              </li>
            </PortalGate>
          ))}
          <ServerMintedEntry onError={setError} onStart={() => setError(null)} />
        </ul>
      </nav>
      {error ? (
        <p role="alert" data-testid="portal-error">
          Could not open the portal ({error.code}
          {error.status ? ` ${error.status}` : ''}). Please try again.
        </p>
      ) : null}
    </section>
  );
}
