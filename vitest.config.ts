import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const r18 = (p: string) => fileURLToPath(new URL(`./test/react18/node_modules/${p}`, import.meta.url));

// Component tests run twice: on the root's React 19 and on React 18 held by the
// test/react18 workspace. Aliases only reach inlined code, so Testing Library is inlined.
const componentTests = ['test/unit/**/*.test.{ts,tsx}', 'test/stories/**/*.test.{ts,tsx}'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'react19',
          environment: 'jsdom',
          include: componentTests,
          setupFiles: ['test/setup/jsdom.ts'],
        },
      },
      {
        // Testing Library's CJS `main` would require() the root's React 19, past the aliases.
        resolve: {
          mainFields: ['module', 'jsnext:main', 'jsnext'],
          alias: [
            { find: /^react$/, replacement: r18('react/index.js') },
            { find: /^react\/jsx-runtime$/, replacement: r18('react/jsx-runtime.js') },
            { find: /^react\/jsx-dev-runtime$/, replacement: r18('react/jsx-dev-runtime.js') },
            { find: /^react-dom$/, replacement: r18('react-dom/index.js') },
            { find: /^react-dom\/client$/, replacement: r18('react-dom/client.js') },
            { find: /^react-dom\/server$/, replacement: r18('react-dom/server.node.js') },
            { find: /^react-dom\/test-utils$/, replacement: r18('react-dom/test-utils.js') },
          ],
        },
        test: {
          name: 'react18',
          environment: 'jsdom',
          include: componentTests,
          setupFiles: ['test/setup/jsdom.ts'],
          server: { deps: { inline: [/@testing-library\/react/, /@storybook\//] } },
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/emulator/**/*.test.ts'],
          exclude: ['test/emulator/sdk-smoke.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // Runs against dist/ after `npm run build` (see the test:package script).
        test: { name: 'package', environment: 'node', include: ['test/package/**/*.test.ts'], testTimeout: 30_000 },
      },
    ],
  },
});
