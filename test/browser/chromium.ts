import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: $CHROMIUM_PATH, else the first `chromium`/`chromium-browser` on PATH. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // keep looking
      }
    }
  }
  return null;
}

const executablePath = findChromium();

/**
 * Whether browser tests can run here. Under CI they must: a missing browser fails
 * the run. Elsewhere they are skipped with a loud line saying how to fix it.
 */
export const browserAvailable = (() => {
  if (executablePath) return true;
  const message =
    'Chromium not found (set CHROMIUM_PATH or put `chromium` on PATH; on Debian: apt-get install -y chromium).';
  if (process.env.CI) throw new Error(`Browser tests cannot run under CI: ${message}`);
  console.warn(`\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! SKIPPING BROWSER TESTS: ${message}\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`);
  return false;
})();

export function launchChromium(): Promise<Browser> {
  if (!executablePath) throw new Error('Chromium not found');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
