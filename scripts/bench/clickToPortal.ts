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

/** One run: click → the emulator's arrival time of the portal page request, in ms. */
async function once(session: BrowserSession, clock: ClickClock, variant: Variant): Promise<number> {
  const { page, demo } = session;
  const emulator = demo.emulator;
  emulator.configure({ latencyMs: 0 }); // reloading the signed-in page is not what we measure
  await session.openComparePage();
  const [x, y] = await centreOf(page, BUTTONS[variant]);
  await page.evaluate(() => {
    const w = window as unknown as { __benchClickAt(at: number): void };
    // Capture phase, first listener: the timestamp precedes every handler of the click.
    window.addEventListener('click', () => w.__benchClickAt(performance.timeOrigin + performance.now()), { capture: true, once: true });
  });
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
  // `at` is stamped after the emulator's injected latency: subtract it to get the arrival.
  return visit.at - LATENCY_MS - clickAt;
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
  try {
    // Run 0 warms Vite's module cache and the browser; it is not counted. Variants
    // interleave, rotating their order, so drift in machine load hits all three alike.
    for (let run = 0; run <= RUNS; run++) {
      for (let i = 0; i < VARIANTS.length; i++) {
        const variant = VARIANTS[(run + i) % VARIANTS.length]!;
        const elapsed = await once(session, clock, variant);
        if (run > 0) samples[variant].push(elapsed);
      }
    }
  } finally {
    session.demo.emulator.configure({ latencyMs: 0 });
  }
  const m = { kinde: median(samples.kinde), ours: median(samples.ours), oursIntent: median(samples.oursIntent) };
  const spread = (v: Variant) => `median ${ms(m[v])} (min ${ms(Math.min(...samples[v]))}, max ${ms(Math.max(...samples[v]))}, n=${samples[v].length})`;
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
  ];
}

runAsScript(import.meta.url, () => withBrowserSession(measureClickToPortal));
