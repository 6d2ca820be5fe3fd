import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownTable, type Row } from './table';

/** True when the module at `moduleUrl` is the file node was asked to run. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Runs one part on its own (`npx tsx scripts/bench/<part>.ts`) and prints its rows. */
export function runAsScript(moduleUrl: string, measure: () => Promise<Row[]>): void {
  if (!isMainModule(moduleUrl)) return;
  measure().then(
    (rows) => {
      console.log(markdownTable(rows));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
