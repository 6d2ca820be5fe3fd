import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DOMAIN } from '../../src/testing/createTestAccessToken';
import { browserAvailable, launchChromium } from './chromium';

// The built Storybook, served statically and opened story by story in Chromium:
// each story must render, finish its play function, log no console error, throw
// nothing, and have no serious or critical axe-core violation. This is the real
// thing the unit-level story tests (test/stories) can't be: a real browser, msw's
// service worker, real layout and colour contrast.

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'storybook-static');
const STORY_TIMEOUT_MS = 20_000;

/** Newest modification time under these paths (files or directories). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) return;
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules') visit(join(path, name));
    } else newest = Math.max(newest, stats.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Written after a build this test made succeeds; a half-written or foreign build has none. */
const STAMP = join(outDir, '.built-for-tests');

/** Builds storybook-static/ unless this test built it after the last change to its inputs. */
async function ensureBuilt(): Promise<string> {
  const inputs = ['.storybook', 'stories', 'src', 'package.json', 'package-lock.json'].map((p) => join(root, p));
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (!process.env.STORYBOOK_REBUILD && built > newestMtime(inputs)) return 'reused storybook-static/ (up to date)';
  const started = Date.now();
  const bin = join(root, 'node_modules/storybook/dist/bin/dispatcher.js');
  await promisify(execFile)(process.execPath, [bin, 'build', '--quiet', '--disable-telemetry', '-o', outDir], {
    cwd: root,
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: process.env.CI ?? '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  // Dated when the build started: a source saved during the build still counts as newer.
  writeFileSync(STAMP, '');
  utimesSync(STAMP, started / 1000, started / 1000);
  return `built storybook-static/ in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A static file server for the build, on a free loopback port. */
async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      response.writeHead(204).end(); // Chromium asks; the build has only favicon.svg
      return;
    }
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== dir && !file.startsWith(dir + sep)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
}

interface StoryEvent {
  name: string;
  detail: string;
}

/**
 * Runs in the page before Storybook: catches the preview's channel the moment it is
 * created and records the events that say how the story ended.
 */
function recordStorybookEvents(): void {
  const w = window as unknown as Record<string, unknown>;
  const events: { name: string; detail: string }[] = [];
  w.__storyEvents = events;
  const watched = [
    'storyFinished',
    'docsRendered',
    'storyMissing',
    'storyErrored',
    'storyThrewException',
    'playFunctionThrewException',
    'unhandledErrorsWhilePlaying',
  ];
  let channel: unknown;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value: { on(name: string, listener: (payload: unknown) => void): void }) {
      channel = value;
      for (const name of watched) {
        value.on(name, (payload) => {
          let detail: string;
          if (name === 'storyFinished') {
            const { status, reporters } = payload as { status: string; reporters: { type: string; status: string }[] };
            detail = JSON.stringify({ status, reports: reporters.map((r) => `${r.type}:${r.status}`) });
          } else if (payload && typeof payload === 'object' && 'message' in payload) {
            detail = String((payload as { message: unknown }).message);
          } else {
            detail = JSON.stringify(payload)?.slice(0, 500) ?? '';
          }
          events.push({ name, detail });
        });
      }
    },
  });
}

/** One readable line or three: no ANSI colours, no bundle stack traces. */
const tidy = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((line) => !/^\s+at /.test(line)).slice(0, 4).join(' ⏎ ');

interface Outcome {
  id: string;
  ms: number;
  problems: string[];
}

describe.runIf(browserAvailable)('the built Storybook in Chromium', () => {
  let site: { url: string; server: Server };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let entries: IndexEntry[];
  /** Whatever the page logs or throws, and requests that tried to leave loopback. */
  let noise: string[] = [];

  beforeAll(async () => {
    const [how, launched] = await Promise.all([ensureBuilt(), launchChromium()]);
    console.log(`storybook: ${how}`);
    browser = launched;
    site = await serveStatic(outDir);
    entries = Object.values(
      (JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> }).entries,
    );
    context = await browser.newContext({ reducedMotion: 'reduce' });
    // Only the Storybook server itself: the Account API is answered by msw's worker
    // inside the page, and anything else would be a real network call.
    await context.route(
      (url) => !url.href.startsWith(`${site.url}/`),
      (route) => {
        noise.push(`request left loopback: ${route.request().method()} ${route.request().url()}`);
        return route.abort();
      },
    );
    await context.addInitScript(recordStorybookEvents);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every failed fetch; the error stories answer the (mocked) Account
      // API with 403/429/5xx or a network error on purpose, and their play functions
      // check that the user sees it. Any other failed resource still fails the story.
      if (/^Failed to load resource/.test(message.text()) && message.location().url.startsWith(`${TEST_DOMAIN}/account_api/`)) return;
      noise.push(`console.error: ${tidy(message.text())} (${message.location().url})`);
    });
    page.on('pageerror', (error) => noise.push(`page error: ${tidy(error.message)}`));
    page.on('crash', () => noise.push('page crashed'));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
  });

  async function open(entry: IndexEntry, done: string[]): Promise<StoryEvent[]> {
    noise = [];
    await page.goto(`${site.url}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${entry.type}`);
    await page.waitForFunction(
      (names) => ((window as unknown as { __storyEvents?: StoryEvent[] }).__storyEvents ?? []).some((e) => names.includes(e.name)),
      [...done, 'storyMissing', 'storyErrored'],
      { timeout: STORY_TIMEOUT_MS },
    );
    return page.evaluate(() => (window as unknown as { __storyEvents: StoryEvent[] }).__storyEvents);
  }

  async function seriousAxeViolations(): Promise<string[]> {
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run('#storybook-root', { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `axe ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
  }

  it('every story renders, finishes its play function, logs no error and has no serious axe violation', async () => {
    const stories = entries.filter((entry) => entry.type === 'story');
    expect(stories.length).toBeGreaterThan(0);
    const outcomes: Outcome[] = [];
    for (const story of stories) {
      const started = Date.now();
      const problems: string[] = [];
      try {
        const events = await open(story, ['storyFinished']);
        for (const event of events) {
          if (event.name === 'storyFinished') {
            const { status, reports } = JSON.parse(event.detail) as { status: string; reports: string[] };
            // An a11y-only failure is judged below with the serious/critical threshold.
            if (status !== 'success' && !reports.every((r) => r.startsWith('a11y:'))) problems.push(`finished with ${event.detail}`);
          } else {
            problems.push(`${event.name}: ${tidy(event.detail)}`);
          }
        }
        problems.push(...(await seriousAxeViolations()));
      } catch (error) {
        problems.push(`did not finish: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      problems.push(...noise);
      outcomes.push({ id: story.id, ms: Date.now() - started, problems });
    }
    const report = outcomes.map((o) => `${o.problems.length ? '✗' : '✓'} ${o.id} (${o.ms} ms)${o.problems.map((p) => `\n    ${p}`).join('')}`);
    console.log(`${outcomes.length} stories in Chromium:\n${report.join('\n')}`);
    const failed = outcomes.filter((o) => o.problems.length > 0);
    expect(failed.length, `${failed.length} of ${outcomes.length} stories failed:\n${report.filter((line) => line.startsWith('✗')).join('\n')}`).toBe(0);
  }, 300_000);

  it('every docs page renders without errors', async () => {
    const docs = entries.filter((entry) => entry.type === 'docs');
    const failures: string[] = [];
    for (const entry of docs) {
      const problems: string[] = [];
      try {
        const events = await open(entry, ['docsRendered']);
        for (const event of events) if (event.name !== 'docsRendered' && event.name !== 'storyFinished') problems.push(`${event.name}: ${tidy(event.detail)}`);
      } catch (error) {
        problems.push(`did not render: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      problems.push(...noise);
      if (problems.length) failures.push(`✗ ${entry.id}${problems.map((p) => `\n    ${p}`).join('')}`);
    }
    expect(failures.length, `${failures.length} of ${docs.length} docs pages failed:\n${failures.join('\n')}`).toBe(0);
  }, 120_000);
});
