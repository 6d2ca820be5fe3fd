// Benchmarks only, without the root config's test projects:
// `npx vitest bench --run --config test/bench/vitest.config.ts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    environment: 'node',
    include: [],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
