/**
 * `npm run screenshots -- --out DIR`: starts the headless serve on the `region` demo and writes
 * a PNG of every view (and the main detail panes, the palette and an explainer popover) in
 * English and Simplified Chinese, light and dark, into DIR (`--url URL` uses a running serve,
 * `--only NAME` limits the views). Plain Node + the Playwright library API (the
 * build bundles this file to dist/test/screenshots.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, repoRoot, startServe } from './e2e/serve';

type Shot = { name: string; hash: string; ready(page: Page): Promise<void>; before?(page: Page): Promise<void> };

const live = async (page: Page) => {
  await page.waitForSelector('[data-testid="connection"][data-state="live"], [data-testid="connection"][data-state="paused"]', { timeout: 60_000 });
};
const visible = (sel: string) => async (page: Page) => { await page.waitForSelector(sel, { state: 'visible', timeout: 30_000 }); };

async function firstHref(page: Page, selector: string): Promise<string | undefined> {
  return (await page.locator(selector).first().getAttribute('href').catch(() => null)) ?? undefined;
}

const SHOTS: Shot[] = [
  { name: 'overview', hash: '#/overview', ready: visible('[data-testid="chart-util-history"] svg') },
  { name: 'gpus', hash: '#/gpus', ready: visible('canvas[data-drawn="true"]') },
  { name: 'gpus-detail', hash: '#/gpus', ready: visible('[data-testid="gpu-detail"] [data-testid="gpu-chart-util"] svg'), before: async (page) => {
    await page.waitForSelector('canvas[data-drawn="true"]');
    const canvas = page.getByTestId('gpu-canvas');
    await canvas.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
  } },
  { name: 'gpus-utilization', hash: '#/gpus', ready: visible('canvas[data-drawn="true"]'), before: async (page) => {
    await page.locator('[data-testid="color-utilization"]').check({ force: true });
  } },
  { name: 'nodes', hash: '#/nodes', ready: visible('[data-testid="nodes-table"] [role=row] a.row-link') },
  { name: 'nodes-detail', hash: '#/nodes', ready: visible('[data-testid="node-detail"] [data-testid="node-gpus"]'), before: async (page) => {
    await page.waitForSelector('[data-testid="nodes-table"] a.row-link');
    const href = await firstHref(page, '[data-testid="nodes-table"] a.row-link');
    if (href) await page.evaluate((h) => { location.hash = h; }, href);
  } },
  { name: 'workloads', hash: '#/workloads', ready: visible('[data-testid="workloads-table"] [role=row] a.row-link') },
  { name: 'workloads-detail', hash: '#/workloads', ready: visible('[data-testid="workload-detail"] [data-testid="workload-placement"]'), before: async (page) => {
    await page.waitForSelector('[data-testid="workloads-table"] a.row-link');
    const href = await firstHref(page, '[data-testid="workloads-table"] [role=row]:has-text("PyTorchJob") a.row-link');
    if (href) await page.evaluate((h) => { location.hash = h; }, href);
  } },
  { name: 'events', hash: '#/events', ready: visible('[data-testid="events-table"]') },
  { name: 'drills', hash: '#/drills', ready: visible('main h1') },
  { name: 'explain', hash: '#/explain/cordon', ready: visible('[data-testid="explain-entry"]') },
  { name: 'audit', hash: '#/audit', ready: visible('main h1') },
  { name: 'settings', hash: '#/settings', ready: visible('[data-testid="settings-read-only"]') },
  { name: 'palette', hash: '#/overview', ready: visible('[data-testid="palette-input"]'), before: async (page) => {
    await page.keyboard.press('Control+k');
  } },
  { name: 'popover', hash: '#/nodes', ready: visible('[data-testid="explain-popover"]'), before: async (page) => {
    await page.locator('button[data-explain="cordon"]').first().click();
  } },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' }, preset: { type: 'string' }, url: { type: 'string' } }, strict: true });
  const out = path.resolve(values.out ?? 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  const root = repoRoot(path.dirname(new URL(import.meta.url).pathname));
  // --url: photograph an already running console (e.g. on a jump host) instead of starting one.
  const serve = values.url
    ? { url: values.url, stop: async () => undefined }
    : await startServe(['--demo', '--preset', values.preset ?? 'region'], { root });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const written: string[] = [];
  try {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale });
        await context.addInitScript(({ l, t }) => {
          localStorage.setItem('bulwark.prefs', JSON.stringify({ locale: l, theme: t }));
        }, { l: locale, t: theme });
        const page = await context.newPage();
        page.on('pageerror', (e) => process.stderr.write(`[${locale}/${theme}] page error: ${e.message}\n`));
        await page.goto(`${serve.url}#/overview`);
        await live(page);
        for (const shot of SHOTS) {
          if (values.only && !shot.name.includes(values.only)) continue;
          await page.evaluate((h) => { location.hash = h; }, shot.hash);
          await page.keyboard.press('Escape').catch(() => undefined);
          try {
            await shot.before?.(page);
            await shot.ready(page);
            await page.waitForTimeout(300); // let ResizeObserver-driven charts settle
          } catch (err) {
            process.stderr.write(`[${locale}/${theme}] ${shot.name}: not ready (${(err as Error).message.split('\n')[0]}); capturing anyway\n`);
          }
          const file = path.join(out, `${shot.name}-${locale}-${theme}.png`);
          await page.screenshot({ path: file });
          written.push(file);
          await page.keyboard.press('Escape').catch(() => undefined);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await serve.stop();
  }
  process.stdout.write(`${written.length} screenshots in ${out}\n`);
}

main().catch((err) => {
  process.stderr.write(`screenshots failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
