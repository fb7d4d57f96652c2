/**
 * Operator actions end to end: from a node's or workload's detail pane (or the palette) through
 * the action dialog — preview, blast radius, permission, dry run, typed confirmation, progress,
 * result, undo — to the change showing in the tables. These tests change the cluster (cordon,
 * drain, failover, read-only mode), so they run on a serve of their own rather than the shared one.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startServe } from './serve';
import type { RunningServe } from './serve';

test.describe.configure({ mode: 'serial' });

let serve: RunningServe;
test.beforeAll(async () => { serve = await startServe(['--demo', '--preset', 'lab']); });
test.afterAll(async () => { await serve?.stop(); });

let errors: string[] = [];
test.beforeEach(async ({ page }) => {
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/favicon/.test(m.text())) errors.push(m.text()); });
});
test.afterEach(() => { expect(errors, 'console errors').toEqual([]); });

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${serve.url}${hash}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /live|paused/);
}

const dialog = (page: Page) => page.getByTestId('action-dialog');

/** The node that runs the most pods of the inference Deployment: a drain there meets its PDB. */
async function inferenceNode(page: Page): Promise<string> {
  await open(page, '#/workloads/Deployment/inference-prod/chat-8b-primary');
  const rows = page.getByTestId('workload-placement').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  let best = { node: '', pods: -1 };
  for (const row of await rows.all()) {
    const node = (await row.getByRole('link').innerText()).trim();
    const pods = Number((await row.locator('td').last().innerText()).trim());
    if (pods > best.pods) best = { node, pods };
  }
  return best.node;
}

test('cordon a node from its detail: the Nodes table shows it cordoned, and Undo uncordons it', async ({ page }) => {
  await open(page, '#/nodes');
  const table = page.getByTestId('nodes-table');
  const link = table.locator('[role=row] a.row-link').nth(2);
  const name = (await link.innerText()).trim();
  await link.click();
  const actions = page.getByTestId('node-actions');
  await actions.getByRole('button', { name: 'Cordon…' }).click();

  const d = dialog(page);
  await expect(page.getByRole('dialog', { name: `Cordon node ${name}` })).toBeVisible();
  await expect(d.getByTestId('ad-mechanism')).toContainText('unschedulable');
  await expect(d.getByTestId('ad-permission')).toContainText('patch nodes');
  await expect(d.getByTestId('ad-dry-run')).toContainText('Simulated by the demo cluster');
  await expect(d.getByTestId('ad-confirm')).toHaveCount(0); // not destructive: nothing to type
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
  await expect(d.getByTestId('ad-result-message')).toContainText(`Cordoned ${name}`);

  const row = table.locator('[role=row]', { has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText('Cordoned');

  // Undo opens the uncordon as a new dialog with its own preview.
  await d.getByTestId('ad-undo').click();
  await expect(page.getByRole('dialog', { name: `Uncordon node ${name}` })).toBeVisible();
  await expect(d).toHaveAttribute('data-phase', 'preview');
  await expect(d.getByTestId('ad-dry-run')).toContainText('Accepted');
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result-message')).toContainText(`Uncordoned ${name}`);
  await expect(row).toContainText('Schedulable');
  await d.getByTestId('ad-cancel').click();
  await expect(d).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Cordon…' })).toBeFocused();
});

test('drain shows the blast radius and a PDB-blocked pod, needs the exact node name, and reports the blocked pod when it stops', async ({ page }) => {
  const node = await inferenceNode(page);
  await open(page, `#/nodes/${node}`);
  await page.getByTestId('node-actions').getByRole('button', { name: 'Drain…' }).click();
  const d = dialog(page);
  await expect(page.getByRole('dialog', { name: `Drain node ${node}` })).toBeVisible();
  // Keyboard: focus starts in the first field.
  await expect(d.getByTestId('ad-grace')).toBeFocused();

  // The blast radius: pods, workloads, GPUs, free GPUs before → after, and the pod a PDB protects.
  await expect(d.getByTestId('ad-blast-pods')).toHaveText(/^[1-9]\d*$/);
  await expect(d.getByTestId('ad-blast-workloads')).toHaveText(/^[1-9]\d*$/);
  await expect(d.getByTestId('ad-blast-gpus')).toHaveText('8');
  await expect(d.getByTestId('ad-blast-free')).toHaveText(/^\d+ → \d+$/);
  await expect(d.getByTestId('ad-pdb-blocked')).toContainText('inference-prod/chat-8b-primary-');
  await expect(d.getByTestId('ad-pdb-blocked')).toContainText('by PDB inference-prod/chat-8b-primary-pdb');
  await expect(d.getByTestId('ad-permission')).toContainText('create pods/eviction');

  // Typed confirmation: anything but the exact name keeps Run disabled; Enter never runs.
  const run = d.getByTestId('ad-run');
  const confirm = d.getByTestId('ad-confirm');
  await expect(d.getByTestId('ad-confirm-label')).toHaveText(`Type ${node} to confirm`);
  await expect(run).toBeDisabled();
  for (const wrong of [node.slice(0, -1), node.toUpperCase(), ` ${node}`, `${node} `]) {
    await confirm.fill(wrong);
    await expect(run).toBeDisabled();
    await expect(d.getByTestId('ad-why')).toHaveText('Type the name to enable.');
  }
  await confirm.fill(node);
  await expect(run).toBeEnabled();
  await confirm.press('Enter');
  await expect(d).toHaveAttribute('data-phase', 'preview');

  // A short timeout so the PDB-blocked pod stops the drain quickly; the preview follows the option.
  await d.getByTestId('ad-timeout').fill('5');
  await expect(d.getByTestId('ad-warnings')).toContainText('for up to 5 s');
  await expect(run).toBeEnabled();
  await run.click();

  await expect(d).toHaveAttribute('data-phase', /running|done/);
  await expect(d.getByTestId('ad-progress')).toContainText(/evicted \d+\/\d+ pods/);
  await expect(d.getByTestId('ad-progress')).toContainText('waiting for PDB inference-prod/chat-8b-primary-pdb');
  const result = d.getByTestId('ad-result');
  await expect(result).toHaveAttribute('data-ok', 'false', { timeout: 30_000 });
  await expect(result).toContainText('blocked by a PodDisruptionBudget');
  await expect(d.getByTestId('ad-result-details')).toContainText('still blocked: inference-prod/chat-8b-primary-');

  // The node stays cordoned; Undo uncordons it.
  await d.getByTestId('ad-undo').click();
  await expect(page.getByRole('dialog', { name: `Uncordon node ${node}` })).toBeVisible();
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
  // Esc closes the dialog.
  await page.keyboard.press('Escape');
  await expect(d).toHaveCount(0);
});

/** Words of an English sentence; object names (pods, PDBs, nodes) never consist of them alone. */
const ENGLISH_SENTENCE = /\b(the|is|are|was|were|would|will|and|of|to|for|from|with|now|then|stays?|blocks?|blocked|evicted|evicts|waiting|accepts?|stopped|nothing|retries)\b/i;

async function expectNoEnglish(page: Page, testId: string): Promise<void> {
  const text = await dialog(page).getByTestId(testId).innerText();
  expect(text, `${testId} in Chinese`).not.toMatch(ENGLISH_SENTENCE);
}

test('in 简体中文 the drain preview, progress and result the backend writes read in Chinese', async ({ page }, testInfo) => {
  const node = await inferenceNode(page);
  await open(page, `#/nodes/${node}`);
  await page.getByTestId('language-switch').selectOption('zh-CN');
  await page.getByTestId('node-actions').getByRole('button', { name: '排空…' }).click();
  const d = dialog(page);
  await expect(page.getByRole('dialog', { name: `排空节点 ${node}` })).toBeVisible();

  // Warnings: the evicted serving replicas and the PDB that blocks one of them, with the option's timeout.
  await d.getByTestId('ad-timeout').fill('5');
  const warnings = d.getByTestId('ad-warnings');
  await expect(warnings).toContainText(`排空 ${node} 将驱逐`);
  await expect(warnings).toContainText('PDB inference-prod/chat-8b-primary-pdb 当前阻止驱逐');
  await expect(warnings).toContainText('排空每 5 秒重试一次，最长 5 秒');
  await expect(d.getByTestId('ad-dry-run-message')).toContainText('API 服务器接受此次排空');
  await expect(d.getByTestId('ad-confirm-label')).toHaveText(`输入 ${node} 以确认`);
  await expectNoEnglish(page, 'ad-warnings');
  await expectNoEnglish(page, 'ad-dry-run');
  await d.screenshot({ path: testInfo.outputPath('drain-preview-zh-CN.png') });

  await d.getByTestId('ad-confirm').fill(node);
  await d.getByTestId('ad-run').click();
  // The earlier drain test may have moved the node's other pods away: the PDB-blocked one is always there.
  await expect(d.getByTestId('ad-progress')).toContainText(`已封锁 ${node}`);
  await expect(d.getByTestId('ad-progress')).toContainText('等待 PDB inference-prod/chat-8b-primary-pdb：1 个 Pod 被阻止');
  const result = d.getByTestId('ad-result');
  await expect(result).toHaveAttribute('data-ok', 'false', { timeout: 30_000 });
  await expect(d.getByTestId('ad-result-message')).toContainText(`${node} 的排空已停止`);
  await expect(d.getByTestId('ad-result-message')).toContainText('没有强制删除任何 Pod');
  await expect(d.getByTestId('ad-result-details')).toContainText('仍被阻止：inference-prod/chat-8b-primary-');
  await expectNoEnglish(page, 'ad-progress');
  await expectNoEnglish(page, 'ad-result');
  await d.screenshot({ path: testInfo.outputPath('drain-result-zh-CN.png') });

  // Undo (uncordon) in Chinese too, which leaves the node as the next test expects it.
  await d.getByTestId('ad-undo').click();
  await expect(page.getByRole('dialog', { name: `解除封锁节点 ${node}` })).toBeVisible();
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result-message')).toHaveText(`已解除封锁 ${node}：Pod 可以再次调度到这里。`);
  await page.keyboard.press('Escape');
});

test('fail over an inference service: the standby becomes active; then fail back', async ({ page }) => {
  await open(page, '#/workloads/Deployment/inference-prod/chat-8b-primary');
  // The standby needs its replicas ready before traffic moves: let the demo cluster run fast.
  await page.getByTestId('clock-speed-100').click();
  await expect(page.getByTestId('clock-speed-100')).toHaveAttribute('aria-pressed', 'true');
  const detail = page.getByTestId('workload-detail');
  const activeSide = detail.locator('.kv-row', { hasText: 'Active side' });
  await expect(activeSide).toContainText('Primary');

  const actions = page.getByTestId('workload-actions');
  await actions.getByRole('button', { name: 'Fail over to standby…' }).click();
  const d = dialog(page);
  await expect(page.getByRole('dialog', { name: 'Fail over chat-8b-primary to its standby' })).toBeVisible();
  await expect(d.getByTestId('ad-warnings')).toContainText('to chat-8b-standby');
  await expect(d.getByTestId('ad-permission')).toContainText('patch services');
  await expect(d.getByTestId('ad-confirm')).toBeFocused();
  await d.getByTestId('ad-confirm').fill('chat-8b-primary');
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true', { timeout: 40_000 });
  await expect(d.getByTestId('ad-result-message')).toContainText('routes to chat-8b-standby');
  await d.getByTestId('ad-cancel').click();
  await expect(activeSide).toContainText('Standby');

  await actions.getByRole('button', { name: 'Fail back to primary…' }).click();
  await expect(page.getByRole('dialog', { name: 'Fail back chat-8b-primary to its primary' })).toBeVisible();
  await d.getByTestId('ad-confirm').fill('chat-8b-primary');
  await d.getByTestId('ad-run').click();
  await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true', { timeout: 40_000 });
  await d.getByTestId('ad-cancel').click();
  await expect(activeSide).toContainText('Primary');
  await page.getByTestId('clock-speed-1').click();
});

test('the palette opens the same dialog for a typed node', async ({ page }) => {
  await open(page, '#/overview');
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('palette-input');
  await input.fill('drain gpu-h100-a-0002');
  await expect(page.locator('[data-command="action:drain:gpu-h100-a-0002"]')).toBeVisible();
  await page.locator('[data-command="action:drain:gpu-h100-a-0002"]').click();
  await expect(page).toHaveURL(/#\/nodes\/gpu-h100-a-0002$/);
  await expect(page.getByRole('dialog', { name: 'Drain node gpu-h100-a-0002' })).toBeVisible();
  await expect(dialog(page).getByTestId('ad-blast')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
  // Once taken, the request does not reopen when the pane opens again.
  await page.getByTestId('detail-close').click();
  await page.getByTestId('nodes-table').getByRole('link', { name: 'gpu-h100-a-0002', exact: true }).click();
  await expect(page.getByTestId('node-actions')).toBeVisible();
  await expect(dialog(page)).toHaveCount(0);
});

test('read-only mode (Settings) disables the actions and says why', async ({ page }) => {
  await open(page, '#/settings');
  // The switch is controlled by the backend's answer: click, then wait for the saved state.
  const toggle = page.getByTestId('settings-read-only');
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await expect(toggle).toBeChecked();
  try {
    await open(page, '#/nodes/gpu-h100-a-0001');
    const actions = page.getByTestId('node-actions');
    await expect(actions.getByTestId('actions-read-only')).toHaveText(/Read-only mode is on: actions are disabled for this cluster/);
    for (const b of await actions.getByRole('button', { name: /…$/ }).all()) await expect(b).toBeDisabled();
    await expect(actions.getByRole('button', { name: 'Drain…' })).toHaveAccessibleDescription(/Read-only mode is on/);

    await open(page, '#/workloads/Deployment/inference-prod/chat-8b-primary');
    const wl = page.getByTestId('workload-actions');
    await expect(wl.getByTestId('actions-read-only')).toBeVisible();
    await expect(wl.getByRole('button', { name: 'Fail over to standby…' })).toBeDisabled();

    // The palette still previews (read-only keeps the dry run), but Run stays disabled with the reason.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('fail over chat-8b');
    await page.locator('[data-command="action:failover:Deployment/inference-prod/chat-8b-primary"]').click();
    const d = dialog(page);
    await expect(d.getByTestId('ad-blocked')).toContainText('Read-only mode is on');
    await expect(d.getByTestId('ad-run')).toBeDisabled();
    await expect(d.getByTestId('ad-confirm')).toHaveCount(0);
    await page.keyboard.press('Escape');
  } finally {
    await open(page, '#/settings');
    await expect(page.getByTestId('settings-read-only')).toBeChecked();
    await page.getByTestId('settings-read-only').click();
    await expect(page.getByTestId('settings-read-only')).not.toBeChecked();
  }
});
