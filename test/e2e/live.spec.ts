/**
 * The console on a live cluster — a real kube-apiserver, scheduler and controller manager with
 * kwok GPU nodes (test/cluster/controlPlane.ts), started once for this file — and the bad
 * inputs an operator meets there: a token the API server rejects, a server that does not
 * answer, Prometheus down. Each test starts its own serve on a real kubeconfig and stops it in
 * `finally`; nothing stands in for the cluster.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import {
  ADMIN_CONTEXT,
  VIEWER_CONTEXT,
  adminKubeconfigAt,
  closedPort,
  startApiRelay,
  startLiveServe,
  useLivePlane,
  wrongTokenKubeconfig,
} from './liveCluster';
import { callBackend, startServe } from './serve';
import type { RunningServe } from './serve';
import { createTrainingCrdWorkloads } from '../cluster/trainingCrdWorkloads';

const GPU_NODES = 4;
const GPUS_PER_NODE = 8;
const plane = useLivePlane({ gpuNodes: GPU_NODES, gpusPerNode: GPUS_PER_NODE });

/** Screenshots of the states an operator must be able to read, for a human to look at. */
const SHOTS = process.env.BULWARK_LIVE_SHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Switches the UI language through the header's language control. */
async function useLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('language-switch').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Console errors and uncaught exceptions: a bad input must not crash the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

function gpuDeployment(name: string, replicas: number, gpus: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{
            name: 'server',
            image: 'registry.example/inference:1.0',
            resources: { limits: { 'nvidia.com/gpu': String(gpus) }, requests: { cpu: '1', memory: '1Gi' } },
          }],
        },
      },
    },
  });
}

test('on a live cluster the console shows its GPUs, nodes and allocations, lists every context, and says Live', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(p.kubeconfigPath, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/overview`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('connection-state')).toHaveText(/Live/);
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(String(GPU_NODES * GPUS_PER_NODE));

    // The header names the context the console looks at.
    const picker = page.getByTestId('source-picker');
    await expect(picker).toHaveValue(`kube:${ADMIN_CONTEXT}`);
    await expect(picker.locator('option:checked')).toHaveText(`${ADMIN_CONTEXT} (bulwark-test)`);
    // The picker lists the demo presets and every context of the kubeconfig.
    const values = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values).toEqual(expect.arrayContaining(['demo:lab', 'demo:region', 'demo:large', `kube:${ADMIN_CONTEXT}`, `kube:${VIEWER_CONTEXT}`]));

    // kubectl (a second client) schedules 3 × 2 GPUs; the allocation reaches 6 in the UI.
    const apply = await p.kubectl(['apply', '-f', '-'], { input: gpuDeployment('e2e-infer', 3, 2) });
    expect(apply.code, apply.stderr).toBe(0);
    await expect(page.getByTestId('kpi-allocated').locator('.kpi-value')).toHaveText('6', { timeout: 30_000 });
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(String(GPU_NODES * GPUS_PER_NODE));
    await shot(page, 'live-overview-en');

    // The Nodes view lists the kwok nodes.
    await page.getByRole('link', { name: /Nodes/ }).first().click();
    const table = page.getByTestId('nodes-table');
    for (const name of p.nodeNames) await expect(table.getByRole('link', { name, exact: true })).toBeVisible();
    await expect(page.getByTestId('nodes-count')).toContainText(String(GPU_NODES));
    await expect(page.getByTestId('connection-state')).toHaveText(/Live/);
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    await p.kubectl(['delete', 'deployment', 'e2e-infer', '--ignore-not-found', '--wait=false']);
  }
});

test('a token the API server rejects says the credentials were rejected (401), the header says Error, and nothing crashes', async ({ page }) => {
  const errors = watchErrors(page);
  const file = wrongTokenKubeconfig(plane());
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(file, VIEWER_CONTEXT);
    await page.goto(`${serve.url}#/overview`);
    const banner = page.getByTestId('source-banner');
    await expect(banner).toContainText(`Credentials for context ${VIEWER_CONTEXT} were rejected (401 Unauthorized)`);
    await expect(banner).toContainText('refresh your kubeconfig');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'error');
    await expect(page.getByTestId('connection-state')).toHaveText(/^Error/);
    // The way out stays open: the picker still offers the demo and the other contexts.
    await expect(page.getByTestId('source-picker')).toBeEnabled();
    await expect(page.getByTestId('source-picker')).toHaveValue(`kube:${VIEWER_CONTEXT}`);
    await shot(page, 'wrong-token-en');
    await useLanguage(page, 'zh-CN');
    await expect(banner).toContainText('无法加载集群');
    // The source's own sentence in Chinese too, not only the banner around it.
    await expect(banner).toContainText(`上下文 ${VIEWER_CONTEXT} 的凭据被拒绝（401 Unauthorized）：令牌可能已过期——请刷新 kubeconfig`);
    await expect(page.getByTestId('connection-state')).toHaveText(/^出错/);
    await shot(page, 'wrong-token-zh');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('a server that does not answer says Cannot reach it and the header says Reconnecting, with no data yet', async ({ page }) => {
  const errors = watchErrors(page);
  const port = await closedPort();
  const file = adminKubeconfigAt(plane(), port);
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(file, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/overview`);
    const banner = page.getByTestId('source-banner');
    await expect(banner).toContainText(`Reconnecting to the cluster: Cannot reach https://127.0.0.1:${port} (ECONNREFUSED)`);
    await expect(banner).toContainText('No data from the cluster yet.');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'reconnecting');
    await expect(page.getByTestId('connection-state')).toHaveText(/^Reconnecting/);
    await expect(page.getByTestId('data-age')).toHaveText('no data yet');
    await shot(page, 'unreachable-en');
    await useLanguage(page, 'zh-CN');
    await expect(banner).toContainText(`正在重新连接集群：无法连接 https://127.0.0.1:${port}（ECONNREFUSED）`);
    await shot(page, 'unreachable-zh');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('when the API server drops away mid-session the console keeps the last picture, shows its age, and recovers', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  const relay = await startApiRelay(p.server);
  const file = adminKubeconfigAt(p, relay.port);
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(file, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/overview`);
    const total = String(GPU_NODES * GPUS_PER_NODE);
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(total);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live');

    await relay.cut();
    const banner = page.getByTestId('source-banner');
    await expect(banner).toContainText(`Cannot reach https://127.0.0.1:${relay.port}`);
    await expect(page.getByTestId('connection-state')).toHaveText(/^Reconnecting/);
    await expect(page.getByTestId('data-age')).toHaveText(/^data \d+s old$/);
    await expect(banner).toContainText(/Data \d+s old\./);
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(total); // nothing lost
    await shot(page, 'api-lost-en');

    await relay.restore();
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live', { timeout: 45_000 });
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(total);
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    await relay.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('with Prometheus down a banner says GPU metrics are unavailable and why, while nodes and GPUs still show', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  const port = await closedPort();
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(p.kubeconfigPath, ADMIN_CONTEXT, ['--prometheus', `http://127.0.0.1:${port}`]);
    await page.goto(`${serve.url}#/overview`);
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(String(GPU_NODES * GPUS_PER_NODE));
    await expect(page.getByTestId('metrics-down')).toHaveText('Metrics unavailable');
    const banner = page.getByTestId('metrics-banner');
    await expect(banner).toContainText(`GPU metrics unavailable: Cannot reach Prometheus at http://127.0.0.1:${port} (ECONNREFUSED).`);
    await expect(banner).toContainText('still come from the Kubernetes API');
    // The Kubernetes part is unaffected: the source is live and the Nodes view lists the nodes.
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live');
    await expect(page.getByTestId('source-banner')).toHaveCount(0);
    await shot(page, 'prometheus-down-en');
    await page.getByRole('link', { name: /Nodes/ }).first().click();
    await expect(page.getByTestId('nodes-table').getByRole('link', { name: p.nodeNames[0], exact: true })).toBeVisible();
    await useLanguage(page, 'zh-CN');
    await expect(banner).toContainText(`GPU 指标不可用：无法连接位于 http://127.0.0.1:${port} 的 Prometheus（ECONNREFUSED）`);
    await expect(page.getByTestId('metrics-down')).toHaveText('指标不可用');
    await shot(page, 'prometheus-down-zh');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
  }
});

test('a quiet live cluster stays Live while every watch is open', async ({ page }) => {
  // While every watch is open the kube source keeps lastSyncAt current (a heartbeat), so a
  // cluster where nothing changes is still "Live", never "Stale".
  test.setTimeout(60_000);
  const p = plane();
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(p.kubeconfigPath, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/overview`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live');
    // Two history steps: long enough to see a gap between deltas if the header shows one.
    const states = new Set<string>();
    for (const end = Date.now() + 30_000; Date.now() < end && !states.has('stale');) {
      states.add(String(await page.getByTestId('connection').getAttribute('data-state')));
      await page.waitForTimeout(500);
    }
    expect([...states]).toEqual(['live']);
  } finally {
    await serve?.stop();
  }
});

test('the source picker switches from the demo to the live context and back without a restart', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  let serve: RunningServe | undefined;
  try {
    serve = await startServe(['--demo', '--preset', 'lab', '--kubeconfig', p.kubeconfigPath]);
    await page.goto(`${serve.url}#/overview`);
    const picker = page.getByTestId('source-picker');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(picker).toHaveValue('demo:lab');
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');

    await picker.selectOption(`kube:${ADMIN_CONTEXT}`);
    await expect(picker).toHaveValue(`kube:${ADMIN_CONTEXT}`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText(String(GPU_NODES * GPUS_PER_NODE));
    await page.getByRole('link', { name: /Nodes/ }).first().click();
    await expect(page.getByTestId('nodes-table').getByRole('link', { name: p.nodeNames[0], exact: true })).toBeVisible();

    await picker.selectOption('demo:lab');
    await expect(picker).toHaveValue('demo:lab');
    await expect(page.getByTestId('nodes-table').getByRole('link', { name: p.nodeNames[0], exact: true })).toHaveCount(0);
    await page.getByRole('link', { name: /Overview/ }).first().click();
    await expect(page.getByTestId('kpi-gpus-total')).toHaveText('32');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
  }
});

test('a node cordoned from the console on the live cluster is unschedulable for kubectl too', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  const node = p.nodeNames[GPU_NODES - 1];
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(p.kubeconfigPath, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/nodes/${node}`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await page.getByTestId('node-actions').getByRole('button', { name: 'Cordon…' }).click();
    const d = page.getByTestId('action-dialog');
    await expect(page.getByRole('dialog', { name: `Cordon node ${node}` })).toBeVisible();
    await expect(d.getByTestId('ad-dry-run')).toContainText(/Accepted/);
    await d.getByTestId('ad-run').click();
    await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
    await expect.poll(async () => (await p.kubectl(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).stdout.trim()).toBe('true');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    await p.kubectl(['uncordon', node]);
  }
});

test('a read-only user sees cordon, drain, taint and scale disabled with the missing permission, is refused and audited, and the admin context may act', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const p = plane();
  const node = p.nodeNames[0];
  const unschedulable = async () => (await p.kubectl(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}'])).stdout.trim();
  let serve: RunningServe | undefined;
  try {
    const apply = await p.kubectl(['apply', '-f', '-'], { input: gpuDeployment('e2e-rbac', 1, 1) });
    expect(apply.code, apply.stderr).toBe(0);
    // The admin kubeconfig holds both contexts: start on the viewer's (RBAC: get/list/watch only).
    serve = await startLiveServe(p.kubeconfigPath, VIEWER_CONTEXT);
    await page.goto(`${serve.url}#/nodes/${node}`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live');
    await expect(page.getByTestId('source-picker')).toHaveValue(`kube:${VIEWER_CONTEXT}`);

    // Every node action needs `patch nodes`: each button is disabled with that reason beside it.
    const nodeActions = page.getByTestId('node-actions');
    for (const name of ['Cordon…', 'Drain…', 'Taint to isolate…']) {
      const button = nodeActions.getByRole('button', { name });
      await expect(button).toBeDisabled();
      const reason = nodeActions.locator('li', { has: page.getByRole('button', { name }) }).getByTestId('action-reason');
      await expect(reason).toHaveText('Not permitted: you may not patch nodes (cluster-wide).');
      await expect(button).toHaveAccessibleDescription('Not permitted: you may not patch nodes (cluster-wide).');
    }
    await shot(page, 'rbac-viewer-node-en');

    // A workload: scaling needs `patch deployments.apps/scale` in its namespace.
    await page.goto(`${serve.url}#/workloads/Deployment/default/e2e-rbac`);
    const workloadActions = page.getByTestId('workload-actions');
    const scale = workloadActions.getByRole('button', { name: 'Scale replicas…' });
    await expect(scale).toBeDisabled({ timeout: 30_000 });
    await expect(workloadActions.locator('li', { has: page.getByRole('button', { name: 'Scale replicas…' }) }).getByTestId('action-reason'))
      .toHaveText('Not permitted: you may not patch deployments.apps/scale in namespace default.');

    await useLanguage(page, 'zh-CN');
    await expect(workloadActions.locator('li', { has: page.getByRole('button', { name: '调整副本数…' }) }).getByTestId('action-reason'))
      .toHaveText('无权限：你不能在命名空间 default 中对 deployments.apps/scale 执行 patch。');
    await shot(page, 'rbac-viewer-workload-zh');
    await useLanguage(page, 'en');

    // A client that skips the UI (a script on the same serve) is refused by the engine with the
    // same reason, nothing changes on the cluster, and the attempt is in the audit log.
    const refused = await callBackend(serve, 'runAction', { request: { kind: 'cordon', node } }) as { ok: boolean; message: string };
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/^Permission denied: .*patch.*nodes/);
    expect(await unschedulable()).toBe('');
    await page.goto(`${serve.url}#/audit`);
    const row = page.getByTestId('audit-table').locator('[role=rowgroup]').nth(1).locator('[role=row]').nth(0);
    await expect(row.getByTestId('audit-result')).toHaveAttribute('data-outcome', 'refused');
    await expect(row.getByTestId('audit-result')).toHaveAttribute('data-refusal', 'forbidden');
    await expect(row).toContainText('bulwark-viewer');
    await expect(row).toContainText(node);
    await expect(row).toContainText(`kube:${VIEWER_CONTEXT}`);
    await shot(page, 'rbac-viewer-audit-en');

    // Same page, the admin context picked in the header: the buttons are enabled well within
    // the minute the renderer caches RBAC answers (they are cached per source), and the cordon
    // happens. A hash change, not a reload, so the renderer's cache is the one that saw the viewer.
    await page.evaluate((hash) => { location.hash = hash; }, `#/nodes/${node}`);
    const cordon = page.getByTestId('node-actions').getByRole('button', { name: 'Cordon…' });
    await expect(cordon).toBeDisabled();
    await page.getByTestId('source-picker').selectOption(`kube:${ADMIN_CONTEXT}`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-source-state', 'live');
    await expect(cordon).toBeEnabled({ timeout: 15_000 });
    await expect(page.getByTestId('node-actions').getByTestId('action-reason')).toHaveCount(0);
    await cordon.click();
    const d = page.getByTestId('action-dialog');
    await expect(d.getByTestId('ad-dry-run')).toContainText(/Accepted/);
    await d.getByTestId('ad-run').click();
    await expect(d.getByTestId('ad-result')).toHaveAttribute('data-ok', 'true');
    await expect.poll(unschedulable).toBe('true');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
    await p.kubectl(['uncordon', node]);
    await p.kubectl(['delete', 'deployment', 'e2e-rbac', '--ignore-not-found', '--wait=false']);
  }
});

// Last in the file: it installs CRDs and jobs the earlier tests do not expect.
test('training CRDs installed on the cluster: JobSet, Volcano Job and RayJob show in Workloads with their kind, the kind filter works, Settings lists the CRDs', async ({ page }) => {
  const errors = watchErrors(page);
  const p = plane();
  await createTrainingCrdWorkloads(p, 'training');
  let serve: RunningServe | undefined;
  try {
    serve = await startLiveServe(p.kubeconfigPath, ADMIN_CONTEXT);
    await page.goto(`${serve.url}#/workloads`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    const table = page.getByTestId('workloads-table');
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row('llm-pretrain')).toContainText('JobSet · training');
    await expect(row('llm-pretrain')).toContainText('4/4 pods running');
    await expect(row('mpi-bert')).toContainText('Job (batch.volcano.sh) · training');
    await expect(row('rl-tune')).toContainText('RayJob · training');
    // The child Jobs of the JobSet are not rows of their own.
    await expect(table.getByRole('link', { name: 'llm-pretrain-workers-0', exact: true })).toHaveCount(0);

    await page.getByTestId('workloads-kind').selectOption('JobSet');
    await expect(table.getByRole('link', { name: 'llm-pretrain', exact: true })).toBeVisible();
    await expect(table.getByRole('link', { name: 'mpi-bert', exact: true })).toHaveCount(0);
    await shot(page, 'training-crds-workloads-en');

    await table.getByRole('link', { name: 'llm-pretrain', exact: true }).click();
    const detail = page.getByTestId('workload-detail');
    await expect(detail.getByTestId('workload-queue')).toContainText('gpu-cluster-queue');
    await expect(detail.getByTestId('workload-queue')).toContainText('Admitted');
    // No action Bulwark cannot honestly do on a JobSet.
    await expect(detail.getByTestId('workload-no-actions')).toBeVisible();
    await expect(detail.locator('.actions-area').getByRole('button')).toHaveCount(0);
    await shot(page, 'training-crds-detail-en');

    await useLanguage(page, 'zh-CN');
    await expect(detail.getByTestId('workload-queue')).toContainText('已准入');
    await expect(row('llm-pretrain')).toContainText('4/4 个 Pod 运行中');
    await shot(page, 'training-crds-detail-zh-CN');

    await page.goto(`${serve.url}#/settings`);
    const crds = page.getByTestId('settings-training-crds');
    await expect(crds).toContainText('JobSet');
    await expect(crds).toContainText('jobset.x-k8s.io/v1alpha2');
    await expect(crds).toContainText('ray.io/v1');
    await expect(crds).toContainText('kueue.x-k8s.io/v1beta1');
    await shot(page, 'training-crds-settings-zh-CN');
    await useLanguage(page, 'en');
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await serve?.stop();
  }
});
