// Account API `portal_link` requests caused by a burst of 10 clicks: counted at the
// emulator (what the server sees) and as requests the page started (Playwright's
// request events). The emulator holds each portal_link answer for LATENCY_MS, so the
// whole burst lands before the first link arrives; the page then leaves for the
// portal, and is reloaded for the next run.
import type { CDPSession } from 'playwright-core';
import { BUTTONS, centreOf, sleep, withBrowserSession, type BrowserSession } from './browserSession';
import { runAsScript } from './runAsScript';
import { ratio, type Row } from './table';

const CLICKS = 10;
const LATENCY_MS = 300;
const CMD = 'npx tsx scripts/bench/requests.ts';

interface BurstOptions {
  /** Real mouse clicks (each its own input task), or `dispatchEvent` ×10 in one task. */
  mode: 'mouse' | 'dispatch';
  /** Chromium's HTTP cache off (DevTools' "Disable cache"): no cache lock between identical GETs. */
  cacheDisabled: boolean;
}

interface Burst {
  /** portal_link requests the emulator received. */
  atEmulator: number;
  /** portal_link requests the page started. */
  started: number;
  /** How long the burst took; it must be shorter than the emulator's latency. */
  spreadMs: number;
}

async function burst(session: BrowserSession, cdp: CDPSession, name: string, options: BurstOptions): Promise<Burst> {
  const { page, demo } = session;
  const emulator = demo.emulator;
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: options.cacheDisabled });
  await session.openComparePage();
  let started = 0;
  const onRequest = (request: { url(): string }) => {
    if (request.url().startsWith(`${emulator.url}/account_api/v1/portal_link`)) started++;
  };
  page.on('request', onRequest);
  emulator.clearFaults();
  emulator.setFault({ route: 'portal_link', latencyMs: LATENCY_MS });
  try {
    const before = emulator.stats().routes.portal_link ?? 0;
    const startedAt = Date.now();
    if (options.mode === 'mouse') {
      // Raw mouse input: locator.click() would wait for our aria-disabled button to
      // become enabled again, which is the very thing being measured.
      const [x, y] = await centreOf(page, name);
      for (let i = 0; i < CLICKS; i++) await page.mouse.click(x, y);
    } else {
      await page.getByRole('button', { name, exact: true }).evaluate((element, clicks) => {
        for (let i = 0; i < clicks; i++) element.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      }, CLICKS);
    }
    const spreadMs = Date.now() - startedAt;
    // Kinde's PortalLink navigates once per answer and each navigation aborts the
    // one before (Playwright's waitForURL then fails with ERR_ABORTED): poll instead.
    const deadline = Date.now() + 15_000;
    while (!page.url().startsWith(`${emulator.url}/portal`)) {
      if (Date.now() > deadline) throw new Error(`the ${name} burst never reached the portal page`);
      await sleep(50);
    }
    // The emulator counts on arrival, before the latency; give stragglers time anyway.
    await sleep(LATENCY_MS);
    return { atEmulator: (emulator.stats().routes.portal_link ?? 0) - before, started, spreadMs };
  } finally {
    page.off('request', onRequest);
    emulator.clearFaults();
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function measureRequests(session: BrowserSession): Promise<Row[]> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('Network.enable');
  const pair = async (options: BurstOptions) => {
    const kinde = await burst(session, cdp, BUTTONS.kinde, options);
    const ours = await burst(session, cdp, BUTTONS.ours, options);
    const slowest = Math.max(kinde.spreadMs, ours.spreadMs);
    const warning = slowest >= LATENCY_MS ? ` — WARNING: the burst took ${slowest} ms, longer than the latency, so counts may be low` : '';
    return { kinde, ours, warning };
  };
  try {
    const mouse = await pair({ mode: 'mouse', cacheDisabled: false });
    const dispatch = await pair({ mode: 'dispatch', cacheDisabled: false });
    const noCache = await pair({ mode: 'mouse', cacheDisabled: true });
    const setting = `${LATENCY_MS} ms emulator latency on portal_link; Chromium, signed in as Alice`;
    return [
      {
        measure: `Requests: ${CLICKS} real mouse clicks in a row, \`portal_link\` requests the page started (${setting})${mouse.warning}`,
        ours: plural(mouse.ours.started, 'request'),
        kinde: plural(mouse.kinde.started, 'request'),
        ratio: ratio(mouse.ours.started, mouse.kinde.started),
        command: CMD,
      },
      {
        measure: `Requests: the same burst, \`portal_link\` requests that reached the emulator. Chromium's HTTP cache lock queues identical GETs behind the first, and the queued ones are cancelled when the page leaves for the portal`,
        ours: plural(mouse.ours.atEmulator, 'request'),
        kinde: plural(mouse.kinde.atEmulator, 'request'),
        ratio: ratio(mouse.ours.atEmulator, mouse.kinde.atEmulator),
        command: CMD,
      },
      {
        measure: `Requests: ${CLICKS} clicks dispatched in one task (\`dispatchEvent\` ×${CLICKS}), requests that reached the emulator (started: ours ${dispatch.ours.started}, Kinde ${dispatch.kinde.started})${dispatch.warning}`,
        ours: plural(dispatch.ours.atEmulator, 'request'),
        kinde: plural(dispatch.kinde.atEmulator, 'request'),
        ratio: ratio(dispatch.ours.atEmulator, dispatch.kinde.atEmulator),
        command: CMD,
      },
      {
        measure: `Requests: ${CLICKS} real mouse clicks with Chromium's HTTP cache disabled (no cache lock), requests that reached the emulator. Kinde's then varies from run to run: HTTP/1.1 allows 6 connections per host, the rest go out as the first answers free a connection, until the page leaves${noCache.warning}`,
        ours: plural(noCache.ours.atEmulator, 'request'),
        kinde: plural(noCache.kinde.atEmulator, 'request'),
        ratio: ratio(noCache.ours.atEmulator, noCache.kinde.atEmulator),
        command: CMD,
      },
    ];
  } finally {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false }).catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

runAsScript(import.meta.url, () => withBrowserSession(measureRequests));
