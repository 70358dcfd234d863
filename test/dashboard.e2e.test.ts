// The dashboard end to end: the real bundle (scripts/build-web.mjs) served by the real server in
// front of the real live demo (simulated OCPP stations over WebSocket, DSMR telegrams through the
// decoder), in headless Chromium (Debian `chromium`, driven by playwright-core). On a phone and on
// a desktop: the page loads with the site's phases and devices, live values move, a mode change
// made in the page reaches the controller and the timeline. Screenshots go to artifacts/dashboard/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb } from '../scripts/build-web.mjs';
import { startLiveDemo } from '../src/sim/live/demo.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/dashboard/', import.meta.url));
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DEMO_DEVICES = ['heatpump', 'car1', 'car2'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 1000 };

type Demo = Awaited<ReturnType<typeof startLiveDemo>>;

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: response.status, body: (await response.json()) as T };
}

/** A page that records what the browser complains about: console errors and uncaught exceptions. */
async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

async function cycleOf(page: Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=cycle]', 'data-cycle'));
}

describe('dashboard in headless Chromium against the live demo', { timeout: 180_000 }, () => {
  let dataDir = '';
  let demo: Demo | undefined;
  let url = '';
  let browser: Browser | undefined;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: the dashboard test needs Debian's Chromium (apt-get install chromium)`,
      );
    }
    dataDir = mkdtempSync(join(tmpdir(), 'ampshare-dashboard-data-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    // The page as it is in the sources now, built into the test's own folder.
    const webDir = join(dataDir, 'web');
    await buildWeb({ outDir: webDir, minify: true });
    demo = await startLiveDemo({ httpPort: 0, dataDir, webDir });
    assert.ok(demo.url, 'the live demo serves the dashboard');
    url = demo.url;
    // The page should meet a running controller: cycles begin once the meter and stations are up.
    await eventually('the first control cycle', async () =>
      (await fetch(new URL('/api/state', url))).status === 200 ? true : undefined,
    );
    // launch() gives every browser a fresh temporary profile (user-data dir) of its own.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('on a phone: the phases, the devices, and live values that move', async () => {
    const { context, page, problems } = await openPage(browser!, PHONE, 'light');
    try {
      await page.goto(url);
      await page.locator('[data-testid=connection][data-state=open]').waitFor();
      const bars = page.locator('[data-testid=circuit-main] [data-testid^=phase-bar-]');
      await bars.first().waitFor();
      assert.equal(await bars.count(), 3, 'three phase bars for the 3-phase demo connection');
      for (const id of DEMO_DEVICES) await page.locator(`[data-testid=device-${id}]`).waitFor();
      assert.match((await page.textContent('[data-testid=phase-current-L1]')) ?? '', /-?\d+\.\d A/);

      // Live: the cycle counter moves with every telegram (one a second in the demo).
      const first = await cycleOf(page);
      // (Strings, not functions: this file is type-checked without the DOM's types.)
      await page.waitForFunction(
        `Number(document.querySelector('[data-testid=cycle]')?.getAttribute('data-cycle')) > ${first}`,
      );
      assert.ok((await cycleOf(page)) > first);

      // Nothing wider than the phone.
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
      await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("on a desktop: car2's mode changed in the page reaches the API and the timeline", async () => {
    const { context, page, problems } = await openPage(browser!, DESKTOP, 'dark');
    try {
      await page.goto(url);
      const select = page.locator('[data-testid=mode-car2]');
      await select.waitFor();
      const before = await getJson<{ mode: string }>(new URL('/api/devices/car2', url).toString());
      assert.equal(before.status, 200);
      assert.notEqual(before.body.mode, 'now', 'the demo starts car2 on solar');

      await select.selectOption('now');
      await eventually('GET /api/devices/car2 to say mode now', async () => {
        const answer = await getJson<{ mode: string }>(new URL('/api/devices/car2', url).toString());
        return answer.body.mode === 'now' ? true : undefined;
      });
      const change = page.locator('[data-testid=event][data-type="settings.changed"]', { hasText: 'car2' });
      await change.first().waitFor();
      assert.match((await change.first().textContent()) ?? '', /now/);
      // The live state (the card's data-mode) has it from the next cycle, and the select shows it.
      await page.locator('[data-testid=device-car2][data-mode=now]').waitFor();
      assert.equal(await select.inputValue(), 'now');

      await page.screenshot({ path: join(ARTIFACTS, 'desktop.png'), fullPage: true });
      await page.locator('[data-testid=history-tab-day]').click();
      const answer = page.locator(
        '[data-testid=history-charts], [data-testid=history-empty], [data-testid=history-error]',
      );
      await answer.first().waitFor();
      assert.equal(
        await page.locator('[data-testid=history-error]').count(),
        0,
        (await answer.first().textContent()) ?? '',
      );

      // Zoom: a drag across the power chart narrows both charts' time range; a double-click
      // brings back the whole day.
      const power = page.locator('[data-testid=chart-power]');
      const span = async (testid: string) => {
        const el = page.locator(`[data-testid=${testid}]`);
        return Number(await el.getAttribute('data-x-max')) - Number(await el.getAttribute('data-x-min'));
      };
      // The chart sets its range once the day's data is in (on a loaded machine, a moment later).
      const daySpanS = await eventually('the day view to span a day', async () => {
        const s = await span('chart-power');
        return Math.abs(s - 86_400) < 120 ? s : undefined;
      });
      const over = await power.locator('.u-over').boundingBox();
      assert.ok(over, 'the power chart has a plotting area');
      const y = over.y + over.height / 2;
      await page.mouse.move(over.x + over.width * 0.3, y);
      await page.mouse.down();
      await page.mouse.move(over.x + over.width * 0.6, y, { steps: 8 });
      await page.mouse.up();
      const zoomedS = await span('chart-power');
      assert.ok(zoomedS < daySpanS * 0.5, `zoomed to ${zoomedS} s of ${daySpanS} s`);
      assert.equal(await span('chart-current'), zoomedS, 'the current chart zooms with the power chart');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(ARTIFACTS, 'desktop-history-zoomed.png'), fullPage: true });
      await power.locator('.u-over').dblclick();
      assert.ok(Math.abs((await span('chart-power')) - daySpanS) < 120, 'a double-click shows the whole day');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(ARTIFACTS, 'desktop-history-day.png'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
