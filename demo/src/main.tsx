import { KindeProvider } from '@kinde-oss/kinde-auth-react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const domain = import.meta.env.VITE_KINDE_DOMAIN as string;
const clientId = (import.meta.env.VITE_KINDE_CLIENT_ID as string | undefined) ?? 'demo-client';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KindeProvider domain={domain} clientId={clientId} redirectUri={window.location.origin} logoutUri={window.location.origin}>
      <App />
    </KindeProvider>
  </StrictMode>,
);
