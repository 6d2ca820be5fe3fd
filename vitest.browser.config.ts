import { defineConfig } from 'vitest/config';

// Real Chromium against the real emulator and demo: one file at a time (2 cores),
// generous timeouts for cold Vite starts.
export default defineConfig({
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test/browser/**/*.test.ts', 'test/emulator/sdk-smoke.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
