// React Profiler counts in jsdom: which parts of the tree re-render for a click cycle
// and for provider updates. Run it alone: `npx tsx scripts/bench/renders.tsx`
// (`--json` prints rows as JSON, for scripts/bench.ts).
import './jsdomGlobals';
import { KindeContext } from '@kinde-oss/kinde-auth-react';
import { PortalLink } from '@kinde-oss/kinde-auth-react/components';
import { act, Profiler, type ReactElement, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
// By package name, as an app imports it (tsx maps it to src/ through tsconfig paths).
import { PortalGate, PortalProvider, SelfServePortalButton, type PortalAccess } from 'react-self-serve-portal';
import { markdownTable, ratio, type Row } from './table';

const PORTAL_URL = 'https://acme.kinde.com/portal?key=one-time';
const CMD = 'npx tsx scripts/bench/renders.tsx';
const ENTRIES = 50;

const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function mount(element: ReactElement): { root: Root; render: (next: ReactElement) => Promise<void>; unmount: () => Promise<void> } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  return {
    root,
    render: async (next) => {
      await act(async () => root.render(next));
    },
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

async function click(button: Element, settled: Promise<unknown>): Promise<void> {
  await act(async () => {
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
  await act(async () => {
    await settled;
    await tick(10);
  });
}

/** One click of our button, navigate replaced by a promise that never settles (a page being left). */
async function ourClickCycle(): Promise<{ commits: number; states: string[] }> {
  let navigated!: () => void;
  const navigation = new Promise<void>((resolve) => (navigated = resolve));
  const states: string[] = [];
  let counting = false;
  const onRender = () => {
    if (counting) states.push(document.querySelector('[data-bench="ours"]')?.getAttribute('data-state') ?? '?');
  };
  const fakeFetch = (async () => {
    await tick(5);
    return new Response(JSON.stringify({ url: PORTAL_URL }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const view = mount(
    <PortalProvider
      getAccessToken={async () => 'header.payload.signature'}
      domain="https://acme.kinde.com"
      access={{ status: 'ready', orgCode: 'org_acme', permissions: [] }}
      fetch={fakeFetch}
      navigate={() => {
        navigated();
        return new Promise<void>(() => {});
      }}
    >
      <Profiler id="ours" onRender={onRender}>
        <SelfServePortalButton data-bench="ours" subNav="profile">
          Profile
        </SelfServePortalButton>
      </Profiler>
    </PortalProvider>,
  );
  await act(async () => tick(10));
  counting = true;
  await click(document.querySelector('[data-bench="ours"]')!, navigation);
  counting = false;
  await view.unmount();
  return { commits: states.length, states };
}

/** One click of Kinde's PortalLink inside a mocked KindeProvider context (generatePortalUrl answers after 5 ms). */
async function kindeClickCycle(): Promise<number> {
  let answered!: () => void;
  const answer = new Promise<void>((resolve) => (answered = resolve));
  let commits = 0;
  let counting = false;
  const kinde = {
    generatePortalUrl: async () => {
      await tick(5);
      answered();
      return { url: new URL(PORTAL_URL) };
    },
  };
  const view = mount(
    <KindeContext.Provider value={kinde as never}>
      <Profiler id="kinde" onRender={() => counting && commits++}>
        <PortalLink data-bench="kinde" subNav={'profile' as never}>
          Profile
        </PortalLink>
      </Profiler>
    </KindeContext.Provider>,
  );
  counting = true;
  await click(document.querySelector('[data-bench="kinde"]')!, answer);
  counting = false;
  await view.unmount();
  return commits;
}

interface MenuCounts {
  /** Entries (gate + its children) whose subtree rendered. */
  gates: number;
  /** Entries whose children (the `<li>` with the button) rendered. */
  children: number;
}

/** An account menu of 50 gated buttons; each scenario re-renders the provider with the same children element. */
async function menuScenarios(): Promise<Record<'grantOne' | 'revokeOne' | 'timeoutMs' | 'equalAccess' | 'newChildren', MenuCounts>> {
  const permissions = Array.from({ length: ENTRIES }, (_, i) => `menu:entry:${i}`);
  const gates = new Set<string>();
  const children = new Set<string>();
  const buildMenu = (): ReactNode => (
    <ul>
      {permissions.map((permission, i) => (
        <Profiler key={permission} id={`gate:${i}`} onRender={(id) => gates.add(id)}>
          <PortalGate permission={permission}>
            <Profiler id={`child:${i}`} onRender={(id) => children.add(id)}>
              <li>
                <SelfServePortalButton subNav="profile">Entry {i}</SelfServePortalButton>
              </li>
            </Profiler>
          </PortalGate>
        </Profiler>
      ))}
    </ul>
  );
  const ready = (granted: string[]): PortalAccess => ({ status: 'ready', orgCode: 'org_acme', permissions: granted });
  const allButOne = ready(permissions.filter((_, i) => i !== 7));
  const menu = buildMenu();
  const provider = (access: PortalAccess, timeoutMs = 15_000, children = menu) => (
    <PortalProvider access={access} getAccessToken={async () => null} timeoutMs={timeoutMs}>
      {children}
    </PortalProvider>
  );

  const view = mount(provider(allButOne));
  await act(async () => tick(10));
  const measure = async (element: ReactElement): Promise<MenuCounts> => {
    gates.clear();
    children.clear();
    await view.render(element);
    await act(async () => tick(10));
    return { gates: gates.size, children: children.size };
  };
  const all = ready([...permissions]);
  const grantOne = await measure(provider(all));
  const revokeOne = await measure(provider(allButOne));
  const timeoutMs = await measure(provider(allButOne, 20_000));
  const equalAccess = await measure(provider(ready(permissions.filter((_, i) => i !== 7)), 20_000));
  // Control: the counters do see re-renders when the app hands over a new menu element.
  const newChildren = await measure(provider(allButOne, 20_000, buildMenu()));
  await view.unmount();
  return { grantOne, revokeOne, timeoutMs, equalAccess, newChildren };
}

export async function measureRenders(): Promise<Row[]> {
  const ours = await ourClickCycle();
  const kinde = await kindeClickCycle();
  const menu = await menuScenarios();
  const noGate = "— (Kinde's SDK has no gate component: apps await `getPermission()`/`hasPermissions()` themselves)";
  const entries = (c: MenuCounts) => `${c.gates} of ${ENTRIES} gates re-rendered, ${c.children} of ${ENTRIES} children rendered`;
  return [
    {
      measure: 'Renders, one click cycle (idle → pending → redirecting; navigation replaced, never settles as a real page unload). Kinde renders nothing: it has no pending state, so no `aria-busy` and nothing stops a second click',
      ours: `${ours.commits} commits (${ours.states.join(' → ') || 'none'})`,
      kinde: `${kinde} commits`,
      ratio: kinde === 0 ? '— (Kinde: 0)' : ratio(ours.commits, kinde),
      command: CMD,
    },
    { measure: 'Renders, menu of 50 gated buttons: a permission granted that admits 1 of 50 entries', ours: entries(menu.grantOne), kinde: noGate, ratio: '—', command: CMD },
    { measure: 'Renders, menu of 50 gated buttons: a permission revoked that hides 1 of 50 entries', ours: entries(menu.revokeOne), kinde: noGate, ratio: '—', command: CMD },
    { measure: 'Renders, menu of 50 gated buttons: unrelated provider update (`timeoutMs` changed, same children element)', ours: entries(menu.timeoutMs), kinde: noGate, ratio: '—', command: CMD },
    { measure: 'Renders, menu of 50 gated buttons: provider re-rendered with a new but equal `access` object', ours: entries(menu.equalAccess), kinde: noGate, ratio: '—', command: CMD },
    { measure: "Renders, control: the app re-creates the menu element, 49 of 50 entries admitted (React re-renders every child; shows the counters work)", ours: entries(menu.newChildren), kinde: noGate, ratio: '—', command: CMD },
  ];
}

measureRenders().then(
  (rows) => {
    console.log(process.argv.includes('--json') ? JSON.stringify(rows) : markdownTable(rows));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
