import { defineConfig } from 'tsup';

// One build for every entry, with code splitting, so the React context and the
// store are shared chunks: a provider from '.' serves a gate from '/kinde'.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'core/index': 'src/core/index.ts',
    'kinde/index': 'src/kinde/index.ts',
    'server/index': 'src/server/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['react', 'react-dom', '@kinde-oss/kinde-auth-react', 'msw'],
  // esbuild drops module-level directives when bundling; the client entries need theirs back.
  async onSuccess() {
    const { readFile, writeFile } = await import('node:fs/promises');
    for (const entry of ['index', 'kinde/index', 'testing/index']) {
      for (const ext of ['js', 'cjs']) {
        const file = `dist/${entry}.${ext}`;
        const code = await readFile(file, 'utf8');
        if (!code.startsWith('"use client"')) await writeFile(file, `"use client";\n${code}`);
      }
    }
  },
});
