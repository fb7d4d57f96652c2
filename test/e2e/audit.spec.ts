/**
 * The Audit view: actions just taken appear with their start and end, newest first; filters
 * narrow the list; a run started elsewhere shows up without a reload; export downloads the log
 * as JSON Lines. On a serve of its own, so the log holds exactly what these tests did.
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { startServe } from './serve';
import type { RunningServe } from './serve';

test.describe.configure({ mode: 'serial' });

let serve: RunningServe;
test.beforeAll(async () => { serve = await startServe(['--demo', '--preset', 'lab']); });
test.afterAll(async () => { await serve?.stop(); });

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${serve.url}${hash}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /live|paused/);
}

/** Runs an action as another client would (a second console, a script), over the serve's WebSocket. */
async function runElsewhere(request: unknown, confirmation?: string): Promise<{ ok: boolean }> {
  const ws = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(serve.token)}`);
  try {
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; ok?: boolean; result?: { ok: boolean }; error?: { message: string } };
        if (msg.id !== 1) return;
        if (msg.ok && msg.result) resolve(msg.result);
        else reject(new Error(msg.error?.message ?? 'failed'));
      });
      ws.send(JSON.stringify({ id: 1, method: 'runAction', params: { request, confirmation } }));
    });
  } finally {
    ws.close();
  }
}

const rows = (page: Page) => page.getByTestId('audit-table').locator('[role=rowgroup]').nth(1).locator('[role=row]');

test('the Audit view lists the actions just taken, newest first, each with its start and end', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await open(page, '#/nodes/gpu-h100-a-0004');
  const actions = page.getByTestId('node-actions');
  await actions.getByRole('button', { name: 'Cordon…' }).click();
  const d = page.getByTestId('action-dialog');
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
  await d.getByTestId('ad-undo').click();
  await expect(d).toHaveAttribute('data-phase', 'preview');
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
  await d.getByRole('link', { name: 'Open the audit log' }).click();

  await expect(page).toHaveURL(/#\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Audit log');
  const table = page.getByTestId('audit-table');
  await expect(table).toHaveAttribute('data-row-count', '2');
  await expect(rows(page).nth(0)).toContainText('Uncordon');
  await expect(rows(page).nth(1)).toContainText('Cordon');
  for (const i of [0, 1]) {
    const row = rows(page).nth(i);
    await expect(row).toContainText('gpu-h100-a-0004');
    await expect(row).toContainText('demo:lab');
    await expect(row.getByTestId('audit-result')).toHaveAttribute('data-outcome', 'ok');
    await expect(row.locator('[data-phase=start]')).toHaveAttribute('data-present', 'true');
    await expect(row.locator('[data-phase=end]')).toHaveAttribute('data-present', 'true');
  }
  await expect(page.getByTestId('audit-count')).toHaveText('2 of 2 actions');

  // Filters: by action, by result, by text.
  await page.getByTestId('audit-filter-action').selectOption('uncordon');
  await expect(table).toHaveAttribute('data-row-count', '1');
  await page.getByTestId('audit-filter-action').selectOption('');
  await page.getByTestId('audit-outcome-error').check();
  await expect(table).toHaveAttribute('data-row-count', '0');
  await expect(table).toContainText('No actions match the filters.');
  await page.getByTestId('audit-outcome-all').check();
  await page.getByTestId('audit-search').fill('uncordoned');
  await expect(table).toHaveAttribute('data-row-count', '1');
  await page.getByTestId('audit-search').fill('');

  // A row opens its details: id, parameters.
  await rows(page).nth(0).click();
  await expect(page.getByTestId('audit-detail')).toContainText('{"node":"gpu-h100-a-0004"}');
  expect(errors).toEqual([]);
});

test('an action run by another client appears without a reload (refreshed on its done event)', async ({ page }) => {
  await open(page, '#/audit');
  const table = page.getByTestId('audit-table');
  await expect(table).toHaveAttribute('data-row-count', '2');
  const result = await runElsewhere({ kind: 'taint', node: 'gpu-h100-a-0003', key: 'bulwark.io/isolated', effect: 'NoSchedule' });
  expect(result.ok).toBe(true);
  await expect(table).toHaveAttribute('data-row-count', '3');
  await expect(rows(page).nth(0)).toContainText('Taint');
  await expect(rows(page).nth(0).getByTestId('audit-result')).toHaveAttribute('data-outcome', 'ok');
});

test('export downloads the audit log as a .jsonl file with every start and end entry', async ({ page }) => {
  await open(page, '#/audit');
  await expect(page.getByTestId('audit-table')).toHaveAttribute('data-row-count', '3');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^bulwark-audit-\d{8}-\d{6}\.jsonl$/);
  await expect(page.getByTestId('audit-exported')).toContainText(download.suggestedFilename());
  const file = await download.path();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; phase: string; action: string });
  expect(lines).toHaveLength(6);
  // Oldest first in the file: cordon start, cordon end, uncordon start, …
  expect(lines.map((l) => `${l.action}:${l.phase}`)).toEqual(['cordon:start', 'cordon:end', 'uncordon:start', 'uncordon:end', 'taint:start', 'taint:end']);
  expect(new Set(lines.map((l) => l.id)).size).toBe(3);
});

test('the Audit view speaks Chinese too, with times in the locale', async ({ page }) => {
  await open(page, '#/audit');
  await page.evaluate(() => {
    const raw = localStorage.getItem('bulwark.prefs');
    localStorage.setItem('bulwark.prefs', JSON.stringify({ ...(raw ? JSON.parse(raw) : {}), locale: 'zh-CN' }));
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('审计日志');
  await expect(page.getByTestId('audit-table').getByRole('columnheader', { name: '开始 → 结束' })).toBeVisible();
  await expect(rows(page).nth(0).getByTestId('audit-result')).toContainText('成功');
  await expect(rows(page).nth(0).locator('time')).toHaveText(/\d+月\d+日/);
});
