// `npm run bench`: every side-by-side measurement against Kinde's own PortalLink, as one
// markdown table on stdout and in BENCHMARKS.md. Each part also runs alone (see the
// Reproduce column). Absolute numbers depend on the machine; compare the ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { withBrowserSession, chromiumAvailable } from './bench/browserSession';
import { measureBundleSize } from './bench/bundleSize';
import { measureClickToPortal } from './bench/clickToPortal';
import { ensureDist, root } from './bench/ensureDist';
import { benchmarksMarkdown } from './bench/benchmarksMarkdown';
import { measurePermissions } from './bench/permissions';
import { measureRequests } from './bench/requests';
import { markdownTable, type Row } from './bench/table';

const WATCHDOG_MS = 10 * 60_000;

/** The renders part runs in its own process: it installs jsdom globals. */
function measureRenders(): Row[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/renders.tsx', '--json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`renders failed:\n${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Row[];
}

async function main(): Promise<void> {
  const started = performance.now();
  const step = (name: string) => console.error(`[bench] ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const watchdog = setTimeout(() => {
    console.error(`[bench] still running after ${WATCHDOG_MS / 60_000} min: giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  step('dist/');
  const { rebuilt } = ensureDist();
  step('bundle size');
  const bundle = await measureBundleSize();
  step('renders (jsdom)');
  const renders = measureRenders();
  step('permission checks (vitest bench)');
  const permissions = await measurePermissions();

  let requests: Row[] = [];
  let clicks: Row[] = [];
  let browserVersion = 'not run';
  if (chromiumAvailable()) {
    step('Chromium: requests, then click → portal');
    await withBrowserSession(async (session) => {
      browserVersion = `Chromium ${session.browser.version()}`;
      requests = await measureRequests(session);
      clicks = await measureClickToPortal(session);
    });
  } else {
    if (process.env.CI) throw new Error('Chromium not found (set CHROMIUM_PATH or install chromium)');
    const skipped = (measure: string): Row => ({ measure, ours: 'skipped: no Chromium', kinde: '—', ratio: '—', command: 'CHROMIUM_PATH=… npm run bench' });
    requests = [skipped('Requests for a burst of 10 clicks')];
    clicks = [skipped('Click → portal page request')];
  }

  const rows = [...bundle, ...requests, ...renders, ...clicks, ...permissions];
  const wallSeconds = (performance.now() - started) / 1000;
  const table = markdownTable(rows);
  console.log(table);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${platform()} ${release()}, Node ${process.version}, ${browserVersion}`;
  writeFileSync(join(root, 'BENCHMARKS.md'), benchmarksMarkdown({ table, machine, wallSeconds, rebuiltDist: rebuilt }));
  // The README shows the same table, between its markers, so it never drifts from the last run.
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const marked = /(<!-- BENCHMARKS:START -->\n)[\s\S]*?(<!-- BENCHMARKS:END -->)/;
  if (marked.test(readme)) writeFileSync(readmePath, readme.replace(marked, (_m, start: string, end: string) => `${start}${table}\n${end}`));
  console.error(`[bench] wrote BENCHMARKS.md and the README table in ${wallSeconds.toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
