/**
 * Behaviour that needs a server of its own: a backend that goes away, a broken kubeconfig, the
 * demo clock, and an injected fault (which would disturb the shared server's timeline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { callBackend, startServe } from './serve';
import type { RunningServe } from './serve';

let serve: RunningServe | undefined;
test.afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

test('when the backend goes away the header says Disconnected and the banner shows the data age', async ({ page }) => {
  serve = await startServe(['--demo', '--preset', 'lab']);
  await page.goto(`${serve.url}#/overview`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');
  await serve.stop();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('connection-state')).toHaveText(/Disconnected/);
  await expect(page.getByTestId('offline-banner')).toContainText('Reconnecting');
  await expect(page.getByTestId('data-age')).toContainText(/data \d+s old/);
  // The last picture stays on screen rather than going blank.
  await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');
});

test('a broken kubeconfig shows its error beside the source picker, and the demo still works', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-kubeconfig-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, 'apiVersion: v1\nclusters: [ this is: not yaml\n');
  try {
    serve = await startServe(['--demo', '--preset', 'lab', '--kubeconfig', file]);
    await page.goto(`${serve.url}#/overview`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('kubeconfig-error')).toBeVisible();
    await expect(page.getByTestId('kubeconfig-error')).toContainText(`Kubeconfig ${file} is not valid YAML`);
    await expect(page.getByTestId('source-picker')).toHaveValue('demo:lab');
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');
    // In Chinese the kubeconfig's problem reads in Chinese too; the YAML parser's words stay as written.
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByTestId('kubeconfig-error')).toContainText(`kubeconfig ${file} 不是有效的 YAML`);
    await expect(page.getByTestId('kubeconfig-error')).not.toContainText('is not valid YAML');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo clock runs at 10× and pauses, and the header says so', async ({ page }) => {
  serve = await startServe(['--demo', '--preset', 'lab']);
  await page.goto(`${serve.url}#/overview`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await page.getByTestId('clock-speed-10').click();
  await expect(page.getByTestId('clock-speed-10')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('clock-speed-1')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('clock-pause').click();
  await expect(page.getByTestId('clock-pause')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('connection-state')).toHaveText(/Paused/);
  await page.getByTestId('clock-pause').click();
  await expect(page.getByTestId('connection-state')).toHaveText(/Live/);
});

test('a GPU that falls off the bus shows up as Warning events, in the attention list and on the map', async ({ page }) => {
  serve = await startServe(['--demo', '--preset', 'region']);
  await page.goto(`${serve.url}#/events`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // The drill injects XID 79 under a running training job (the demo's fault injection).
  await callBackend(serve, 'startDrill', { id: 'gpu-off-the-bus' });
  const table = page.getByTestId('events-table');
  await page.getByTestId('events-type-Warning').check({ force: true });
  await expect.poll(async () => Number(await table.getAttribute('data-row-count'))).toBeGreaterThan(0);
  const types = await table.locator('[role=row] [role=cell]:nth-child(2)').allInnerTexts();
  expect(types.length).toBeGreaterThan(0);
  expect(types.every((t) => t.includes('Warning'))).toBe(true);
  await expect(table).toContainText('GPUXidError');
  await page.getByTestId('events-search').fill('GPUXidError');
  await expect(table.locator('[role=row]', { hasText: 'GPUXidError' }).first()).toBeVisible();
  await page.getByTestId('events-search').fill('zzz-no-such-event');
  await expect(table).toHaveAttribute('data-row-count', '0');

  await page.getByRole('link', { name: /Overview/ }).first().click();
  const attention = page.getByTestId('attention-list');
  await expect(attention).toContainText('GPU fell off the bus');
  await attention.getByRole('link').first().click();
  await expect(page).toHaveURL(/#\/gpus\?select=/);
  await expect(page.getByTestId('gpu-detail')).toContainText('Lost');
});
