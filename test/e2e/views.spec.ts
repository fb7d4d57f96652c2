import { metricsFor } from '../../renderer/store/selectors/gpuMapLayout';
import { expect, test } from './fixtures';

test('Overview KPIs show the 32 GPUs of the lab preset, with charts and the attention list', async ({ app }) => {
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(app.getByTestId('kpi-gpus-total')).toHaveText('32');
  await expect(app.getByTestId('kpi-nodes')).toContainText('/ 4');
  await expect(app.getByTestId('chart-util-history').locator('svg')).toBeVisible();
  await expect(app.getByTestId('chart-by-namespace').locator('svg')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
});

test('the GPU map draws every GPU, and a click on a cell opens that GPU\'s detail', async ({ app }) => {
  await app.getByRole('link', { name: /GPU map/ }).click();
  const canvas = app.getByTestId('gpu-canvas');
  await expect(canvas).toHaveAttribute('data-drawn', 'true');
  await expect(canvas).toHaveAttribute('data-gpu-count', '32');
  await expect(canvas).toHaveAccessibleName(/32 GPUs/);
  await expect(app.getByTestId('gpu-map-summary')).toContainText('32 GPUs');
  expect(await app.evaluate(() => performance.getEntriesByName('gpu-map-drawn').length)).toBeGreaterThan(0);
  // The first cell of the first node, from the same geometry the map uses.
  const m = metricsFor(32);
  await canvas.hover({ position: { x: m.margin + m.pad + m.cell / 2, y: m.margin + m.zoneHeader + m.label + m.pad + m.cell / 2 } });
  await expect(app.getByTestId('gpu-tooltip')).toContainText('/0');
  await canvas.click({ position: { x: m.margin + m.pad + m.cell / 2, y: m.margin + m.zoneHeader + m.label + m.pad + m.cell / 2 } });
  const detail = app.getByTestId('gpu-detail');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(/\/0$/);
  await expect(app).toHaveURL(/#\/gpus\?select=.+%2F0|#\/gpus\?select=.+\/0/);
  await expect(detail.getByTestId('gpu-chart-util').locator('svg')).toBeVisible();
  // Colour by utilization: the legend follows.
  await app.getByRole('group', { name: 'Map controls' }).getByText('Utilization').click();
  await expect(app.getByTestId('color-utilization')).toBeChecked();
  await expect(app.getByTestId('gpu-legend')).toContainText('No metrics');
});

test('the GPU map is usable from the keyboard: arrows move, Enter opens', async ({ app }) => {
  await app.goto(app.url().replace(/#.*$/, '#/gpus'));
  const canvas = app.getByTestId('gpu-canvas');
  await expect(canvas).toHaveAttribute('data-drawn', 'true');
  await canvas.focus();
  await app.keyboard.press('Home');
  await app.keyboard.press('ArrowRight');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('gpu-detail').getByRole('heading', { level: 2 })).toHaveText(/\/1$/);
});

test('the Nodes table sorts by a column and filters by text', async ({ app }) => {
  await app.getByRole('link', { name: /Nodes/ }).click();
  const table = app.getByTestId('nodes-table');
  await expect(table).toHaveAttribute('data-row-count', '4');
  const names = () => table.locator('[role=row] [role=cell]:first-child').allInnerTexts();
  const asc = await names();
  expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  await table.getByRole('button', { name: 'Name' }).click();
  await expect(table.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(names).toEqual([...asc].reverse());
  await app.getByTestId('nodes-search').fill(asc[1]);
  await expect(table).toHaveAttribute('data-row-count', '1');
  await expect(app.getByTestId('nodes-count')).toContainText('1 of 4');
});

test('a node detail opens from its row, with GPUs, conditions and a deep link', async ({ app }) => {
  await app.getByRole('link', { name: /Nodes/ }).click();
  const first = app.getByTestId('nodes-table').locator('[role=row] a.row-link').first();
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(app).toHaveURL(new RegExp(`#/nodes/${name}$`));
  const detail = app.getByTestId('node-detail');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(detail.getByTestId('node-gpus').locator('tbody tr')).toHaveCount(8);
  await expect(detail.getByRole('heading', { name: 'Conditions' })).toBeVisible();
  // The deep link opens the same pane on a fresh load.
  await app.reload();
  await expect(app.getByTestId('node-detail').getByRole('heading', { level: 2 })).toHaveText(name);
  await app.keyboard.press('Escape');
});

test('Workloads lists a PyTorchJob with its checkpoint age, and its detail shows resilience and placement', async ({ app }) => {
  await app.getByRole('link', { name: /Workloads/ }).click();
  const table = app.getByTestId('workloads-table');
  const row = table.locator('[role=row]', { hasText: 'PyTorchJob' }).first();
  await expect(row).toBeVisible();
  await expect(row.locator('.checkpoint-cell')).toContainText('/');
  await row.locator('a.row-link').click();
  await expect(app).toHaveURL(/#\/workloads\/PyTorchJob\/[^/]+\/[^/]+$/);
  const detail = app.getByTestId('workload-detail');
  await expect(detail.getByRole('heading', { name: 'Resilience' })).toBeVisible();
  await expect(detail.getByTestId('workload-placement')).toBeVisible();
});

test('Explain search finds cordon in English and in Chinese', async ({ app }) => {
  await app.getByRole('link', { name: /Explain/ }).click();
  await app.getByTestId('explain-search').fill('cordon');
  await expect(app.getByTestId('explain-results').locator('[data-explainer="cordon"]')).toBeVisible();
  await expect(app.getByTestId('explain-entry')).toHaveAttribute('data-explainer', 'cordon');
  await app.getByTestId('language-switch').selectOption('zh-CN');
  await app.getByTestId('explain-search').fill('封锁');
  await expect(app.getByTestId('explain-results').locator('[data-explainer="cordon"]')).toBeVisible();
  await expect(app.getByTestId('explain-entry').getByRole('heading', { level: 3 }).first()).toHaveText('为什么重要');
  await app.getByTestId('language-switch').selectOption('en');
});

test('a "?" beside a concept opens its explainer in a popover, and Escape closes it', async ({ app }) => {
  await app.getByRole('link', { name: /Nodes/ }).click();
  const button = app.locator('button[data-explain="cordon"]').first();
  await button.click();
  const pop = app.getByTestId('explain-popover');
  await expect(pop).toBeVisible();
  await expect(pop.getByRole('heading', { level: 2 })).toHaveText(/cordon/i);
  await expect(pop.getByRole('link', { name: /Explain library/ })).toHaveAttribute('href', '#/explain/cordon');
  await app.keyboard.press('Escape');
  await expect(pop).toBeHidden();
  await expect(button).toBeFocused();
});
