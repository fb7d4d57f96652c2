/**
 * Connection behaviour that needs a server of its own: a backend that goes away, a broken
 * kubeconfig, and the demo clock (which would disturb the shared server's timeline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe } from './serve';
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
    await expect(page.getByTestId('source-picker')).toHaveValue('demo:lab');
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');
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
