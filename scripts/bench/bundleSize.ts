// Bundle size as an app pays it: esbuild bundle of one import, minified, gzip level 9,
// with React external. Ours is built from dist/ (what npm ships), Kinde's from its package.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ensureDist, root } from './ensureDist';
import { runAsScript } from './runAsScript';
import { kB, ratio, type Row } from './table';

const REACT = ['react', 'react-dom', 'react/jsx-runtime', 'react/jsx-dev-runtime'];
const KINDE_SDK = '@kinde-oss/kinde-auth-react';
const dist = (file: string) => JSON.stringify(join(root, 'dist', file));

/** Minified + gzip -9 bytes of a bundle of `source` (an ES module importing by path). */
export async function gzippedBytes(source: string, external: readonly string[] = REACT): Promise<number> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: 'bench-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external: [...external],
    // dist keeps "use client" at the top of entries; esbuild drops it with a warning.
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

const CMD = 'npx tsx scripts/bench/bundleSize.ts';

export async function measureBundleSize(): Promise<Row[]> {
  ensureDist();
  const main = `export * from ${dist('index.js')};`;
  const alone = (name: string) => `export { ${name} } from ${dist('index.js')};`;
  const withKinde = [...REACT, KINDE_SDK];

  const [all, gate, button, access, provider, mainPlusKinde, kindeButton, ownSetup, portalLink, kindeSdk, kindeSetup] = await Promise.all([
    gzippedBytes(main),
    gzippedBytes(alone('PortalGate')),
    gzippedBytes(alone('SelfServePortalButton')),
    gzippedBytes(alone('usePortalAccess')),
    gzippedBytes(alone('PortalProvider')),
    gzippedBytes(`${main}\nexport { KindePortalProvider } from ${dist('kinde/index.js')};`, withKinde),
    gzippedBytes(`export { SelfServePortalButton } from ${dist('index.js')};\nexport { KindePortalProvider } from ${dist('kinde/index.js')};`, withKinde),
    gzippedBytes(`export { SelfServePortalButton, PortalProvider } from ${dist('index.js')};`),
    gzippedBytes(`export { PortalLink } from '${KINDE_SDK}/components';`),
    gzippedBytes(`export * from '${KINDE_SDK}';`),
    gzippedBytes(`export { PortalLink } from '${KINDE_SDK}/components';\nexport { KindeProvider } from '${KINDE_SDK}';`),
  ]);

  const row = (measure: string, ours: number | null, kinde: number | null): Row => ({
    measure,
    ours: ours === null ? '—' : kB(ours),
    kinde: kinde === null ? '—' : kB(kinde),
    ratio: ratio(ours, kinde),
    command: CMD,
  });
  return [
    row('Bundle, gzip: main entry, everything (`export *`)', all, null),
    row('Bundle, gzip: `PortalGate` alone', gate, null),
    row('Bundle, gzip: `usePortalAccess` alone', access, null),
    row('Bundle, gzip: `PortalProvider` alone', provider, null),
    row('Bundle, gzip: the button alone — `SelfServePortalButton` vs `PortalLink` (Kinde: only the component + its context hook; it cannot run without `KindeProvider`)', button, portalLink),
    row('Bundle, gzip: a Kinde app adds a portal button, SDK external — `SelfServePortalButton` + `KindePortalProvider` vs `PortalLink`', kindeButton, portalLink),
    row('Bundle, gzip: main entry + `/kinde` (`KindePortalProvider`), SDK external', mainPlusKinde, portalLink),
    row('Bundle, gzip: smallest setup that works — `PortalProvider` + `SelfServePortalButton` (no SDK needed) vs `PortalLink` + `KindeProvider` (the SDK with js-utils)', ownSetup, kindeSetup),
    row("Bundle, gzip: Kinde's whole SDK entry (`export *`), for context", null, kindeSdk),
  ];
}

runAsScript(import.meta.url, measureBundleSize);
