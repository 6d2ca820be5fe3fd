// Time from the click to the portal page request, in Chromium against the emulator
// with 150 ms of latency on every route: Kinde's PortalLink, our button, and our
// button with prefetch="intent" after a 300 ms hover.
import { BUTTONS, centreOf, waitFor, withBrowserSession, type BrowserSession } from './browserSession';
import { runAsScript } from './runAsScript';
import { median, ms, ratio, type Row } from './table';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LATENCY_MS = 150;
const HOVER_MS = 300;
const CMD = 'npx tsx scripts/bench/clickToPortal.ts';

type Variant = 'kinde' | 'ours' | 'oursIntent';
const VARIANTS: Variant[] = ['kinde', 'ours', 'oursIntent'];

interface ClickClock {
  /** Resolves with the in-page click time (epoch ms) of the next click. */
  next(): Promise<number>;
}

async function installClickClock(session: BrowserSession): Promise<ClickClock> {
  let deliver: ((at: number) => void) | undefined;
  await session.context.exposeBinding('__benchClickAt', (_source, at: number) => deliver?.(at));
  return {
    next: () => new Promise<number>((resolve) => (deliver = resolve)),
  };
}

interface Sample {
  /** Click → the emulator's arrival time of the portal page request. */
  toRequest: number;
  /** Click → `beforeunload` in the page: the component's own part, before the browser's navigation. */
  toUnload: number;
}

const UNLOAD_KEY = '__benchUnload';

/** One run: click → portal page request at the emulator, and click → navigation start in the page, in ms. */
async function once(session: BrowserSession, clock: ClickClock, variant: Variant): Promise<Sample> {
  const { page, demo } = session;
  const emulator = demo.emulator;
  emulator.configure({ latencyMs: 0 }); // reloading the signed-in page is not what we measure
  await session.openComparePage();
  const [x, y] = await centreOf(page, BUTTONS[variant]);
  await page.evaluate((key) => {
    const w = window as unknown as { __benchClickAt(at: number): void };
    let clickedAt = 0;
    sessionStorage.removeItem(key);
    // Capture phase, first listener: the timestamp precedes every handler of the click.
    window.addEventListener(
      'click',
      () => {
        clickedAt = performance.now();
        w.__benchClickAt(performance.timeOrigin + clickedAt);
      },
      { capture: true, once: true },
    );
    // Kept in sessionStorage across the navigation; read back when the page is reopened.
    window.addEventListener('beforeunload', () => sessionStorage.setItem(key, String(performance.now() - clickedAt)), { once: true });
  }, UNLOAD_KEY);
  emulator.configure({ latencyMs: LATENCY_MS });
  const visitsBefore = emulator.stats().portalVisits.length;
  const clicked = clock.next();
  if (variant === 'oursIntent') {
    await page.mouse.move(x, y);
    await page.waitForTimeout(HOVER_MS);
  }
  await page.mouse.click(x, y);
  const clickAt = await Promise.race([
    clicked,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the click timestamp never arrived')), 10_000)),
  ]);
  const visit = await waitFor(() => emulator.stats().portalVisits[visitsBefore], 'the portal page request', 15_000);
  if (visit.outcome !== 'ok') throw new Error(`portal visit answered ${visit.status} (${visit.outcome})`);
  await page.waitForURL(`${emulator.url}/portal**`, { timeout: 15_000 });
  emulator.configure({ latencyMs: 0 });
  await session.openComparePage();
  const toUnload = Number(await page.evaluate((key) => sessionStorage.getItem(key), UNLOAD_KEY));
  // `at` is stamped after the emulator's injected latency: subtract it to get the arrival.
  return { toRequest: visit.at - LATENCY_MS - clickAt, toUnload };
}

/** Page clock (timeOrigin + now) minus Node's Date.now(), from the midpoint of a round trip. */
async function clockSkew(session: BrowserSession): Promise<{ skewMs: number; boundMs: number }> {
  let best = { skewMs: 0, boundMs: Infinity };
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    const inPage = await session.page.evaluate(() => performance.timeOrigin + performance.now());
    const after = Date.now();
    if ((after - before) / 2 < best.boundMs) best = { skewMs: inPage - (before + after) / 2, boundMs: (after - before) / 2 };
  }
  return best;
}

export async function measureClickToPortal(session: BrowserSession): Promise<Row[]> {
  const clock = await installClickClock(session);
  await session.openComparePage();
  const skew = await clockSkew(session);
  const samples: Record<Variant, number[]> = { kinde: [], ours: [], oursIntent: [] };
  const unloads: Record<Variant, number[]> = { kinde: [], ours: [], oursIntent: [] };
  try {
    // Run 0 warms Vite's module cache and the browser; it is not counted. Variants
    // interleave, rotating their order, so drift in machine load hits all three alike.
    for (let run = 0; run <= RUNS; run++) {
      for (let i = 0; i < VARIANTS.length; i++) {
        const variant = VARIANTS[(run + i) % VARIANTS.length]!;
        const { toRequest, toUnload } = await once(session, clock, variant);
        if (run > 0) {
          samples[variant].push(toRequest);
          unloads[variant].push(toUnload);
        }
      }
    }
  } finally {
    session.demo.emulator.configure({ latencyMs: 0 });
  }
  const m = { kinde: median(samples.kinde), ours: median(samples.ours), oursIntent: median(samples.oursIntent) };
  const spread = (v: Variant, from = samples) =>
    `median ${ms(median(from[v]))} (min ${ms(Math.min(...from[v]))}, max ${ms(Math.max(...from[v]))}, n=${from[v].length})`;
  const skewNote = Math.abs(skew.skewMs) > 2 ? ` — WARNING: page and Node clocks differ by ${skew.skewMs.toFixed(1)} ms` : '';
  const label = `Click → portal page request reaches the emulator, ${LATENCY_MS} ms latency on every route, median of ${RUNS} runs${skewNote}`;
  return [
    { measure: `${label}: \`SelfServePortalButton\` vs \`PortalLink\``, ours: spread('ours'), kinde: spread('kinde'), ratio: ratio(m.ours, m.kinde), command: CMD },
    {
      measure: `${label}: \`SelfServePortalButton prefetch="intent"\` after a ${HOVER_MS} ms hover vs \`PortalLink\` (target ≤ 0.1×)`,
      ours: spread('oursIntent'),
      kinde: spread('kinde'),
      ratio: ratio(m.oursIntent, m.kinde),
      command: CMD,
    },
    {
      measure: `Click → the page starts leaving for the portal (\`beforeunload\`, in-page clock), same runs: \`prefetch="intent"\` after a ${HOVER_MS} ms hover vs \`PortalLink\` — the components' own share of the row above; the rest is the browser's navigation`,
      ours: spread('oursIntent', unloads),
      kinde: spread('kinde', unloads),
      ratio: ratio(median(unloads.oursIntent), median(unloads.kinde)),
      command: CMD,
    },
  ];
}

runAsScript(import.meta.url, () => withBrowserSession(measureClickToPortal));
