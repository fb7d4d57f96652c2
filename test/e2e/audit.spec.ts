/**
 * The Audit view: actions just taken appear with their start and end, newest first; filters
 * narrow the list; a run started elsewhere shows up without a reload; an attempt the console
 * refused has a row of its own; export downloads the log as JSON Lines; an action whose serve
 * was killed mid-way shows as interrupted in the next serve. On serves of their own, so the log
 * holds exactly what these tests did.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
async function runElsewhere(request: unknown, confirmation?: string): Promise<{ ok: boolean; message: string }> {
  const ws = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(serve.token)}`);
  try {
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; ok?: boolean; result?: { ok: boolean; message: string }; error?: { message: string } };
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

test('an attempt the console refused (wrong typed confirmation) gets a row of its own, and the Refused filter finds it', async ({ page }) => {
  await open(page, '#/audit');
  const table = page.getByTestId('audit-table');
  await expect(table).toHaveAttribute('data-row-count', '3');
  const node = 'gpu-h100-a-0002';
  const result = await runElsewhere({ kind: 'drain', node }, 'gpu-h100-a-000');
  expect(result).toMatchObject({ ok: false, message: `Type ${node} to confirm.` });
  await expect(table).toHaveAttribute('data-row-count', '4');
  const row = rows(page).nth(0);
  await expect(row).toContainText('Drain');
  await expect(row).toContainText(node);
  await expect(row).toContainText(`Type ${node} to confirm.`);
  await expect(row.getByTestId('audit-result')).toHaveAttribute('data-outcome', 'refused');
  await expect(row.getByTestId('audit-result')).toHaveAttribute('data-refusal', 'confirmation');
  await expect(row.getByTestId('audit-result')).toHaveText('Refused');
  await expect(row.locator('[data-phase=refused]')).toHaveText(/^refused \d/);
  await expect(page.getByTestId('audit-count')).toHaveText('4 of 4 actions · 1 refused');
  // Nothing happened to the node: the drain never started.
  await open(page, `#/nodes/${node}`);
  await expect(page.getByTestId('node-actions').getByRole('button', { name: 'Cordon…' })).toBeVisible();
  await open(page, '#/audit');

  await page.getByTestId('audit-outcome-refused').check();
  await expect(table).toHaveAttribute('data-row-count', '1');
  await rows(page).nth(0).click();
  await expect(page.getByTestId('audit-detail-refusal')).toHaveText('Refused: the typed confirmation did not match.');
  await expect(page.getByTestId('audit-detail')).toContainText('"node":"gpu-h100-a-0002"');
  await page.getByTestId('audit-outcome-ok').check();
  await expect(table).toHaveAttribute('data-row-count', '3');
});

test('export downloads the audit log as a .jsonl file with every start, end and refused entry', async ({ page }) => {
  await open(page, '#/audit');
  await expect(page.getByTestId('audit-table')).toHaveAttribute('data-row-count', '4');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^bulwark-audit-\d{8}-\d{6}\.jsonl$/);
  await expect(page.getByTestId('audit-exported')).toContainText(download.suggestedFilename());
  const file = await download.path();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; phase: string; action: string; refusal?: string });
  expect(lines).toHaveLength(7);
  // Oldest first in the file: cordon start, cordon end, uncordon start, …, the refused drain.
  expect(lines.map((l) => `${l.action}:${l.phase}`)).toEqual(['cordon:start', 'cordon:end', 'uncordon:start', 'uncordon:end', 'taint:start', 'taint:end', 'drain:refused']);
  expect(lines[6].refusal).toBe('confirmation');
  expect(new Set(lines.map((l) => l.id)).size).toBe(4);
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
  await expect(rows(page).nth(0).getByTestId('audit-result')).toContainText('已拒绝');
  await expect(rows(page).nth(0).locator('[data-phase=refused]')).toHaveText(/^拒绝于 /);
  await expect(page.getByTestId('audit-count')).toContainText('1 个被拒绝');
  await expect(rows(page).nth(1).getByTestId('audit-result')).toContainText('成功');
  await expect(rows(page).nth(0).locator('time')).toHaveText(/\d+月\d+日/);
  await page.getByTestId('audit-outcome-refused').check();
  await rows(page).nth(0).click();
  await expect(page.getByTestId('audit-detail-refusal')).toHaveText('已拒绝：输入的确认文字不符。');
  // The engine's sentence too: the log keeps the English, the view shows its code in Chinese.
  await expect(page.getByTestId('audit-detail')).toContainText(/请输入 \S+ 以确认。/);
  await expect(page.getByTestId('audit-detail')).not.toContainText('to confirm');
});

test('an action whose serve was killed mid-way shows as interrupted when a new serve opens the same data folder', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-e2e-interrupted-'));
  let first: RunningServe | undefined;
  let second: RunningServe | undefined;
  try {
    first = await startServe(['--demo', '--preset', 'lab'], { dataDir });
    // The node running the most pods of the inference Deployment: its PDB holds a drain there.
    await page.goto(`${first.url}#/workloads/Deployment/inference-prod/chat-8b-primary`);
    const placement = page.getByTestId('workload-placement').locator('tbody tr');
    await expect(placement.first()).toBeVisible();
    let node = '';
    let most = -1;
    for (const row of await placement.all()) {
      const pods = Number((await row.locator('td').last().innerText()).trim());
      if (pods > most) { most = pods; node = (await row.getByRole('link').innerText()).trim(); }
    }
    await page.goto(`${first.url}#/nodes/${node}`);
    await page.getByTestId('node-actions').getByRole('button', { name: 'Drain…' }).click();
    const d = page.getByTestId('action-dialog');
    // The default 5-minute budget: the drain waits on the PDB far longer than this test.
    await d.getByTestId('ad-confirm').fill(node);
    await d.getByTestId('ad-run').click();
    await expect(d.getByTestId('ad-progress')).toContainText('waiting for PDB inference-prod/chat-8b-primary-pdb');

    // The process dies mid-action (an OOM kill, a power cut): no chance to write the end entry.
    const exited = new Promise<void>((resolve) => first!.process.once('exit', () => resolve()));
    first.process.kill('SIGKILL');
    await exited;

    second = await startServe(['--demo', '--preset', 'lab'], { dataDir });
    await page.goto(`${second.url}#/audit`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /live|paused/);
    const table = page.getByTestId('audit-table');
    await expect(table).toHaveAttribute('data-row-count', '1');
    const row = rows(page).nth(0);
    await expect(row).toContainText('Drain');
    await expect(row).toContainText(node);
    await expect(row.getByTestId('audit-result')).toHaveAttribute('data-outcome', 'interrupted');
    await expect(row.getByTestId('audit-result')).toHaveText('Interrupted');
    await expect(row.locator('[data-phase=start]')).toHaveAttribute('data-present', 'true');
    await expect(row.locator('[data-phase=end]')).toHaveAttribute('data-present', 'false');
    await expect(row).toContainText('No end entry: the process stopped in the middle of the action.');
    await expect(page.getByTestId('audit-count')).toHaveText('1 of 1 actions · 1 interrupted');
    await page.getByTestId('audit-outcome-interrupted').check();
    await expect(table).toHaveAttribute('data-row-count', '1');
  } finally {
    if (first && first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
    await second?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
