import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../demo/startDemo';
import { browserAvailable, launchChromium } from './chromium';

let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function signIn(name: 'Alice' | 'Bob' | 'Carol'): Promise<void> {
  await page.goto(demo.url);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click();
  await page.waitForURL(`${demo.url}/**`);
  await page.getByRole('navigation', { name: 'Account menu' }).waitFor();
  await page.getByTestId('access').filter({ hasText: 'Organization' }).waitFor();
}

const menu = () => page.getByRole('navigation', { name: 'Account menu' });
const entry = (name: string) => menu().getByRole('button', { name, exact: true });

describe.runIf(browserAvailable)('demo app on the real Kinde SDK, against the emulator, in Chromium', () => {
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });
  beforeEach(async () => {
    demo.emulator.reset();
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
  });

  it('a user with billing and member permissions sees those entries', async () => {
    await signIn('Alice');
    for (const name of ['Profile', 'Organization details', 'Members', 'Organization billing', 'Organization plan', 'Change organization plan']) {
      await expect(entry(name).isVisible()).resolves.toBe(true);
    }
  });

  it('a user without them does not', async () => {
    await signIn('Bob');
    await expect(entry('Profile').isVisible()).resolves.toBe(true);
    await expect(entry('Organization details').isVisible()).resolves.toBe(true);
    for (const name of ['Members', 'Organization billing', 'Organization plan', 'Change organization plan', 'My payment details']) {
      await expect(entry(name).count()).resolves.toBe(0);
    }
  });

  it('"Members" lands on the portal page for organization_members and "Return" comes back', async () => {
    await signIn('Alice');
    const menuUrl = page.url();
    await entry('Members').click();
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    await expect(page.textContent('body')).resolves.toContain('organization_members');
    const minted = demo.emulator.stats().links;
    expect(minted).toHaveLength(1);
    expect(minted[0]).toMatchObject({ subnav: 'organization_members', returnUrl: menuUrl, via: 'account_api' });
    await page.getByRole('link', { name: 'Return' }).click();
    await page.waitForURL(menuUrl);
    await menu().waitFor();
  });

  it('a double click mints one link', async () => {
    await signIn('Alice');
    demo.emulator.setFault({ route: 'portal_link', latencyMs: 300 });
    await entry('Organization details').dblclick();
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    expect(demo.emulator.stats().links).toHaveLength(1);
  });

  it('an emulator error shows in the UI and the button works again afterwards', async () => {
    await signIn('Alice');
    // Not `times: 1`: the entries prefetch on hover, and a failed prefetch is
    // silently retried by the click, which is the behaviour we want in production.
    demo.emulator.setFault({ route: 'portal_link', status: 500 });
    await entry('Organization details').click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('http 500');
    await expect(entry('Organization details').getAttribute('aria-busy')).resolves.toBeNull();
    demo.emulator.clearFaults();
    await entry('Organization details').click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    expect(demo.emulator.stats().links).toHaveLength(1);
  });

  it('the server-minted entry goes through the demo backend and the M2M API', async () => {
    await signIn('Alice');
    await entry('Profile (server-minted)').click();
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    const minted = demo.emulator.stats().links;
    expect(minted).toHaveLength(1);
    expect(minted[0]).toMatchObject({ via: 'm2m', subnav: 'profile' });
  });

  it('a 401 from the Account API refreshes through the Kinde SDK and retries once', async () => {
    await signIn('Alice');
    const refreshes = () => demo.emulator.stats().grants.refresh_token ?? 0;
    const before = refreshes();
    // Both the hover prefetch and the click may meet the fault; the click's retry must win.
    demo.emulator.setFault({ route: 'portal_link', status: 401, times: 1 });
    await entry('Organization details').click();
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    expect(refreshes()).toBe(before + 1);
    expect(demo.emulator.stats().links).toHaveLength(1);
  });

  it('keyboard only: Enter, then held Enter and Space while pending, mint one link; the entry stays focused, busy and named', async () => {
    await signIn('Alice');
    demo.emulator.reset();
    demo.emulator.setFault({ route: 'portal_link', latencyMs: 800 });
    await entry('Members').focus(); // starts a prefetch; the Enter below joins it
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    // Located by its exact accessible name: the pending ellipsis is aria-hidden.
    const focused = await entry('Members').evaluate((el) => ({
      focused: el === document.activeElement,
      busy: el.getAttribute('aria-busy'),
      disabled: el.getAttribute('aria-disabled'),
      state: (el as HTMLElement).dataset.state,
    }));
    expect(focused).toEqual({ focused: true, busy: 'true', disabled: 'true', state: 'pending' });
    for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
    await page.keyboard.press(' ');
    await page.waitForURL(`${demo.emulator.url}/portal**`);
    expect(demo.emulator.stats().links).toHaveLength(1);
  });

  it('keyboard only: a failure is announced in role=alert while focus stays on the entry', async () => {
    await signIn('Alice');
    demo.emulator.setFault({ route: 'portal_link', status: 429, headers: { 'Retry-After': '30' } });
    await entry('Profile').focus();
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('rate_limited 429');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Profile');
  });

  it('switching organization re-gates the menu', async () => {
    await signIn('Alice');
    await expect(entry('Members').isVisible()).resolves.toBe(true);
    await page.getByRole('combobox', { name: 'Organization' }).selectOption('org_globex');
    await page.getByTestId('access').filter({ hasText: 'org_globex' }).waitFor();
    await expect(entry('Members').count()).resolves.toBe(0);
    await expect(entry('Organization plan').isVisible()).resolves.toBe(true);
  });
});
