/**
 * A drill walked through the real UI as an operator would, on a `region` demo serve of its own
 * (drills inject faults, which would disturb the shared server; the scenarios are written for
 * the region preset).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startServe } from './serve';
import type { RunningServe } from './serve';

let serve: RunningServe;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  serve = await startServe(['--demo', '--preset', 'region']);
});
test.afterAll(async () => {
  await serve?.stop();
});

async function openDrills(page: Page): Promise<void> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${serve.url}#/drills`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('drill-scenarios')).toBeVisible();
  expect(errors).toEqual([]);
}

test('gpu-off-the-bus: find the lost GPU, cordon its node, see the stages complete and read the debrief', async ({ page }) => {
  test.setTimeout(120_000);
  await openDrills(page);
  const card = page.locator('[data-scenario="gpu-off-the-bus"]');
  await expect(card).toContainText('GPU fell off the bus');
  await expect(card).toContainText('Easy');
  await page.getByTestId('drill-start-gpu-off-the-bus').click();

  // The guide stays beside the normal screens while the drill runs.
  const guide = page.getByTestId('drill-guide');
  await expect(guide).toBeVisible();
  await expect(guide).toContainText('Briefing');
  await expect(guide.locator('[data-stage="detect"]')).toHaveAttribute('aria-current', 'step');
  await expect(guide.locator('[data-stage="detect"] [data-explain="xid-errors"]')).toBeVisible();

  // Detect: the Overview's attention list points at the lost GPU; open it.
  await page.getByRole('link', { name: /Overview/ }).first().click();
  await expect(guide).toBeVisible();
  const attention = page.getByTestId('attention-list');
  await expect(attention).toContainText('GPU fell off the bus');
  await attention.getByRole('link').first().click();
  const gpuDetail = page.getByTestId('gpu-detail');
  await expect(gpuDetail).toContainText('Lost');
  await expect(guide.locator('[data-stage="detect"]')).toHaveAttribute('data-done', 'true');

  // Mitigate: from the GPU to its node, and cordon it through the action dialog.
  await gpuDetail.locator('a[href^="#/nodes/"]').first().click();
  const cordon = page.locator('[data-testid="node-actions"] button[data-action="cordon"]');
  await expect(cordon).toBeEnabled();
  await cordon.click();
  await expect(page.getByTestId('ad-run')).toBeEnabled();
  await page.getByTestId('ad-run').click();
  await expect(page.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
  await page.getByTestId('ad-cancel').click();

  // The job comes back elsewhere and trains again; speed up the cluster clock to get there.
  await page.getByTestId('clock-speed-100').click();
  await expect(guide.locator('[data-stage="mitigate"]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('drill-finished')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('drill-finished')).toContainText('Solved');
  await page.getByTestId('clock-speed-1').click();

  // Debrief: score, timings against RTO and RPO, the timeline chart and list.
  await page.getByRole('button', { name: 'Open debrief' }).click();
  await expect(page.getByTestId('drill-debrief')).toBeVisible();
  const score = Number(await page.getByTestId('drill-score').innerText());
  expect(score).toBeGreaterThanOrEqual(85);
  await expect(page.getByTestId('drill-ttd')).not.toContainText('not reached');
  await expect(page.getByTestId('drill-ttr')).toContainText('RTO');
  await expect(page.getByTestId('drill-work-lost')).toContainText('RPO');
  await expect(page.getByTestId('drill-timeline-chart').locator('svg')).toBeVisible();
  const timeline = page.getByTestId('drill-timeline');
  await expect(timeline).toContainText('XID 79');
  await expect(timeline).toContainText(/cordon gpu-/);
  await expect(timeline).toContainText('Stage done: Confirm training resumed');

  // The scenario list remembers the attempt; closing the debrief removes the guide.
  await expect(page.locator('[data-scenario="gpu-off-the-bus"] [data-testid="drill-best"]')).toHaveText(String(score));
  await page.getByTestId('drill-close-debrief').click();
  await expect(guide).toHaveCount(0);
});

test('a hint shows in the guide; the guide folds away; abort ends the drill with a debrief that scores 0', async ({ page }) => {
  await openDrills(page);
  await page.getByTestId('drill-start-thermal-straggler').click();
  const guide = page.getByTestId('drill-guide');
  await expect(guide).toBeVisible();
  await page.getByTestId('drill-hint').click();
  await expect(page.getByTestId('drill-hints').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('drill-hint')).toContainText('2 left');

  // The guide can be folded away and brought back without losing the drill.
  await page.getByTestId('drill-guide-collapse').click();
  await expect(page.getByTestId('drill-stages')).toHaveCount(0);
  await page.getByTestId('drill-guide-expand').click();
  await expect(page.getByTestId('drill-stages')).toBeVisible();

  // Abort asks for a second click.
  await page.getByTestId('drill-abort').click();
  await expect(page.getByTestId('drill-abort')).toContainText('Click again');
  await page.getByTestId('drill-abort').click();
  await expect(page.getByTestId('drill-finished')).toContainText('Aborted');
  await expect(page.getByTestId('drill-debrief')).toBeVisible();
  await expect(page.getByTestId('drill-score')).toHaveText('0');

  // Switching the UI to Chinese translates the guide and the debrief.
  await page.getByTestId('language-switch').selectOption('zh-CN');
  await expect(page.getByTestId('drill-finished')).toContainText('已中止');
  await expect(page.getByTestId('drill-timeline')).toContainText('演练已中止');
  await page.getByTestId('language-switch').selectOption('en');
  await page.getByTestId('drill-close-debrief').click();
  await expect(guide).toHaveCount(0);
});

test('on the lab preset a drill card says it is written for region and switches the demo there in one click', async ({ page }) => {
  await openDrills(page);
  const picker = page.getByTestId('source-picker');
  await picker.selectOption('demo:lab');
  await expect(picker).toHaveValue('demo:lab');
  await expect(page.getByTestId('drill-unavailable-stray-taint')).toHaveText('Written for the region demo preset (now lab): switch to it to start this drill.');
  await expect(page.getByTestId('drill-start-stray-taint')).toHaveCount(0);
  await page.getByTestId('drill-switch-stray-taint').click();
  await expect(picker).toHaveValue('demo:region');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('drill-start-stray-taint')).toBeEnabled();
  await expect(page.getByTestId('drill-unavailable-stray-taint')).toHaveCount(0);
});
