// One Chromium and one demo (emulator + Vite) for the browser parts, signed in as Alice.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../demo/startDemo';
import { findChromium, launchChromium } from '../../test/browser/chromium';

export interface BrowserSession {
  demo: RunningDemo;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Loads the demo with `?compare` (both buttons side by side) and waits for the signed-in menu. */
  openComparePage(): Promise<void>;
  close(): Promise<void>;
}

export const chromiumAvailable = (): boolean => findChromium() !== null;

export async function openBrowserSession(): Promise<BrowserSession> {
  const [demoResult, browserResult] = await Promise.allSettled([startDemo(), launchChromium()]);
  const demo = demoResult.status === 'fulfilled' ? demoResult.value : undefined;
  const browser = browserResult.status === 'fulfilled' ? browserResult.value : undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await demo?.close().catch(() => {});
  };
  if (!demo || !browser) {
    await close();
    throw demoResult.status === 'rejected' ? demoResult.reason : (browserResult as PromiseRejectedResult).reason;
  }
  try {
    // Tall enough that the compare panel is on screen: raw mouse clicks need it in view.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);

    const signedIn = () => page.getByTestId('access').filter({ hasText: 'Organization' }).waitFor();
    await page.goto(demo.url);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /^Sign in as Alice/ }).click();
    await page.waitForURL(`${demo.url}/**`);
    await signedIn();

    return {
      demo,
      browser,
      context,
      page,
      async openComparePage() {
        // Off the buttons, so a reload never lands the pointer on one (a hover prefetches).
        await page.mouse.move(0, 0);
        await page.goto(`${demo.url}/?compare`);
        await signedIn();
        await page.getByRole('button', { name: 'Kinde PortalLink', exact: true }).waitFor();
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens a session, runs `fn`, and always closes the browser and the demo. */
export async function withBrowserSession<T>(fn: (session: BrowserSession) => Promise<T>): Promise<T> {
  const session = await openBrowserSession();
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** The centre of a compare-panel button, scrolled into view, for raw mouse input. */
export async function centreOf(page: Page, name: string): Promise<[number, number]> {
  const button = page.getByRole('button', { name, exact: true });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`${name} is not rendered`);
  return [box.x + box.width / 2, box.y + box.height / 2];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** The demo's compare panel buttons, by accessible name. */
export const BUTTONS = {
  kinde: 'Kinde PortalLink',
  ours: 'Library button',
  oursIntent: 'Library button (prefetch)',
} as const;
