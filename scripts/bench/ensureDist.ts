import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

const builtEntries = ['dist/index.js', 'dist/kinde/index.js', 'dist/core/index.js'];

/** Builds dist/ with tsup (the `build` script) when it is missing or older than its sources. */
export function ensureDist(): { rebuilt: boolean } {
  const paths = builtEntries.map((p) => join(root, p));
  const missing = paths.some((p) => !existsSync(p));
  const sourceTime = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'tsup.config.ts')), newestMtime(join(root, 'package.json')));
  const stale = missing || Math.min(...paths.map((p) => statSync(p).mtimeMs)) < sourceTime;
  if (!stale) return { rebuilt: false };
  console.error(`[bench] dist/ is ${missing ? 'missing' : 'older than src/'}: running tsup…`);
  execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return { rebuilt: true };
}
