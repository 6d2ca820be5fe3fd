import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer, type ViteDevServer } from 'vite';
import { startEmulator } from '../emulator/index';
import { createPortalLinkRoute } from './portalLinkRoute';

export interface DemoOptions {
  /** The app's port; 0 (default) picks a free one. */
  port?: number;
  emulatorPort?: number;
  /** Emulator latency for every request, in ms. */
  latencyMs?: number;
  accessTokenTtlSeconds?: number;
}

export interface RunningDemo {
  url: string;
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const root = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/** Starts the Kinde emulator and the demo app (Vite), both on 127.0.0.1. */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    ...(options.accessTokenTtlSeconds === undefined ? {} : { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
  });
  const port = options.port || (await freePort());
  const appOrigin = `http://127.0.0.1:${port}`;
  let vite: ViteDevServer | undefined;
  try {
    const route = createPortalLinkRoute({ domain: emulator.url, appOrigin: () => appOrigin, clientId: 'm2m-client', clientSecret: 'm2m-secret' });
    vite = await createServer({
      configFile: false,
      root,
      logLevel: 'warn',
      clearScreen: false,
      plugins: [
        react(),
        {
          name: 'demo-portal-link-route',
          configureServer(server) {
            server.middlewares.use((req, res, next) => {
              route(req, res, next).catch((error: unknown) => {
                res.statusCode = 500;
                res.end(JSON.stringify({ error: 'internal' }));
                console.error('[demo] portal-link route failed:', error instanceof Error ? error.message : 'unknown error');
              });
            });
          },
        },
      ],
      define: {
        'import.meta.env.VITE_KINDE_DOMAIN': JSON.stringify(emulator.url),
        'import.meta.env.VITE_KINDE_CLIENT_ID': JSON.stringify('demo-client'),
      },
      resolve: {
        alias: [
          { find: /^react-self-serve-portal$/, replacement: src('index.ts') },
          { find: /^react-self-serve-portal\/kinde$/, replacement: src('kinde/index.ts') },
        ],
      },
      // Listed up front so the dev server never re-optimizes (and reloads) mid-session.
      optimizeDeps: {
        include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', '@kinde-oss/kinde-auth-react', '@kinde-oss/kinde-auth-react/components'],
      },
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    });
    await vite.listen();
  } catch (error) {
    await vite?.close();
    await emulator.close();
    throw error;
  }
  const server = vite;
  return {
    url: appOrigin,
    emulator,
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}
