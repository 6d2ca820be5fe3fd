// A browser-like global scope for rendering React in a plain Node script (what
// global-jsdom does). Import it before react-dom: react-dom checks for `window`
// when it loads. Only the renders child process imports this.
import { createRequire } from 'node:module';

// jsdom ships no types (and @types/jsdom is not a dependency): the little used here.
interface JsdomModule {
  JSDOM: new (html: string, options: { url: string; pretendToBeVisual: boolean; virtualConsole: object }) => { window: Window };
  VirtualConsole: new () => object;
}
const { JSDOM, VirtualConsole } = createRequire(import.meta.url)('jsdom') as JsdomModule;

// Silent console: PortalLink sets `location.href`, which jsdom reports as "not implemented".
const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://app.test/account',
  pretendToBeVisual: true,
  virtualConsole: new VirtualConsole(),
});

const domGlobals = dom.window as unknown as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(dom.window)) {
  if (key in globalThis) continue;
  Object.defineProperty(globalThis, key, { configurable: true, get: () => domGlobals[key] });
}
(globalThis as unknown as { IS_REACT_ACT_ENVIRONMENT: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
