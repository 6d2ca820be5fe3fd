// Runs test/bench/permissions.bench.ts under `vitest bench` and reads its JSON report.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './ensureDist';
import { runAsScript } from './runAsScript';
import { type Row } from './table';

const CMD = 'npx vitest bench --run --config test/bench/vitest.config.ts';

interface BenchResult {
  name: string;
  hz: number;
  mean: number;
  rme: number;
  sampleCount: number;
}

interface Report {
  files: { groups: { benchmarks: BenchResult[] }[] }[];
}

function runBench(): BenchResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  const out = join(dir, 'permissions.json');
  try {
    execFileSync('npx', ['vitest', 'bench', '--run', '--config', 'test/bench/vitest.config.ts', '--outputJson', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    return report.files.flatMap((f) => f.groups.flatMap((g) => g.benchmarks));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const find = (results: BenchResult[], prefix: string): BenchResult => {
  const hit = results.find((r) => r.name.startsWith(prefix));
  if (!hit) throw new Error(`benchmark "${prefix}…" missing from the vitest report`);
  return hit;
};

const cell = (r: BenchResult) =>
  `${Math.round(r.hz).toLocaleString('en-US')} batches/s (${r.mean < 1 ? r.mean.toFixed(3) : r.mean.toFixed(0)} ms per 1,000; ±${r.rme.toFixed(1)} %)`;

const times = (a: BenchResult, b: BenchResult) => {
  const value = a.hz / b.hz;
  return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)}× the ops/s`;
};

export async function measurePermissions(): Promise<Row[]> {
  const results = runBench();
  const warm = find(results, 'this library: matchesRule (granted');
  const kinde = find(results, '@kinde/js-utils');
  return [
    {
      measure: "Permission checks: 1,000 gate decisions over 500 granted permissions — `matchesRule` vs js-utils' `hasPermissions` (which decodes the stored access token on every call); higher ops/s is faster",
      ours: cell(warm),
      kinde: cell(kinde),
      ratio: times(warm, kinde),
      command: CMD,
    },
  ];
}

runAsScript(import.meta.url, measurePermissions);
