/**
 * Drills on a live cluster, through the console's own backend (ConsoleBackend: settings,
 * DrillEngine, ActionEngine, KubeSource) against a real control plane: refused until the
 * operator opts the context in, refused for scenarios that need the simulator and for a
 * read-only context, and when opted in the `stray-taint` drill writes its taint, scores the
 * operator's fix, and an abort takes its own taint away — kubectl, as the independent client,
 * sees each step.
 *
 * No training-operator runs on this plane, so the test plays its part: it keeps the job's two
 * worker pods in existence (recreating an evicted one, as the operator would), and the job
 * reports its throughput in the `bulwark.io/samples-per-second` annotation (the convention the
 * console reads on every cluster).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleBackend } from '../../electron/core/backend/consoleBackend';
import { STRAY_TAINT_KEY } from '../../electron/core/drills/scenarios/strayTaint';
import { readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import type { ConnectionStatus } from '../../shared/views';
import type { DrillState } from '../../shared/drills';
import type { ActionResult } from '../../shared/actions';
import { ANNOTATIONS, LABELS } from '../../shared/conventions';
import { startControlPlane, type ControlPlane } from './controlPlane';
import { PYTORCHJOB_CRD } from './conformanceFixtures';

const NS = 'drill';
const JOB = 'llama-drill';
const JOB_KEY = `PyTorchJob/${NS}/${JOB}`;
const WORKERS = 2;

let plane: ControlPlane;
let context: string;
let backend: ConsoleBackend;
let dataDir: string;
let operator: ReturnType<typeof setInterval> | undefined;
let workerSeq = 0;

async function kubectlOk(args: string[], input?: string): Promise<string> {
  const r = await plane.kubectl(args, input === undefined ? undefined : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const call = <T>(method: string, params: unknown = {}) => backend.handle(method, params) as Promise<T>;

/** Node names carrying the drill's taint, as kubectl sees them. */
async function taintedNodes(): Promise<string[]> {
  const out = JSON.parse(await kubectlOk(['get', 'nodes', '-o', 'json'])) as { items: { metadata: { name: string }; spec?: { taints?: { key: string }[] } }[] };
  return out.items.filter((n) => (n.spec?.taints ?? []).some((t) => t.key === STRAY_TAINT_KEY)).map((n) => n.metadata.name);
}

/** The training-operator's part: two live worker pods, owned by the job, always. */
async function keepWorkers(uid: string): Promise<void> {
  const out = JSON.parse(await kubectlOk(['get', 'pods', '-n', NS, '-o', 'json'])) as { items: { metadata: { deletionTimestamp?: string } }[] };
  const alive = out.items.filter((p) => !p.metadata.deletionTimestamp).length;
  for (let i = alive; i < WORKERS; i++) {
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `${JOB}-worker-${workerSeq++}`, namespace: NS,
        labels: { [LABELS.trainingJobName]: JOB, 'training.kubeflow.org/replica-type': 'worker' },
        ownerReferences: [{ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', name: JOB, uid, controller: true }],
      },
      spec: { containers: [{ name: 'pytorch', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': '2' } } }] },
    };
    await kubectlOk(['create', '-f', '-'], JSON.stringify(pod));
  }
}

beforeAll(async () => {
  plane = await startControlPlane({ gpuNodes: 3, gpusPerNode: 8, zones: ['zone-a', 'zone-b'] });
  context = readKubeconfig(plane.kubeconfigPath).currentContext!;
  await kubectlOk(['apply', '-f', '-'], JSON.stringify(PYTORCHJOB_CRD));
  await kubectlOk(['wait', '--for=condition=Established', 'crd/pytorchjobs.kubeflow.org', '--timeout=60s']);
  await kubectlOk(['create', 'namespace', NS]);
  const job = {
    apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob',
    metadata: { name: JOB, namespace: NS, annotations: { [ANNOTATIONS.samplesPerSecond]: '1800', [ANNOTATIONS.progressStep]: '5000' } },
    spec: { pytorchReplicaSpecs: { Worker: { replicas: WORKERS, restartPolicy: 'OnFailure', template: { spec: { containers: [{ name: 'pytorch', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': '2' } } }] } } } } },
  };
  await kubectlOk(['create', '-f', '-'], JSON.stringify(job));
  const now = new Date().toISOString();
  const status = { conditions: [
    { type: 'Created', status: 'True', reason: 'PyTorchJobCreated', lastTransitionTime: now },
    { type: 'Running', status: 'True', reason: 'PyTorchJobRunning', lastTransitionTime: now },
  ] };
  const patched = await plane.request('PATCH', `/apis/kubeflow.org/v1/namespaces/${NS}/pytorchjobs/${JOB}/status`, { status });
  if (patched.status >= 300) throw new Error(`PyTorchJob status: HTTP ${patched.status} ${patched.body.slice(0, 200)}`);
  const uid = (await kubectlOk(['get', 'pytorchjob', '-n', NS, JOB, '-o', 'jsonpath={.metadata.uid}'])).trim();
  await keepWorkers(uid);
  let busy = false;
  operator = setInterval(() => {
    if (busy) return;
    busy = true;
    keepWorkers(uid).catch(() => {}).finally(() => { busy = false; });
  }, 1000);

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-live-drill-'));
  backend = new ConsoleBackend({ dataDir, kubeconfig: plane.kubeconfigPath, initialSource: { kind: 'kube', context }, user: 'drill-tester' });
  await backend.start();
  await until('the console to see the job training with both workers ready', () => {
    const w = backend.currentModel().workload(JOB_KEY);
    return w?.health === 'healthy' && w.replicas.ready === WORKERS && (w.progress?.samplesPerSec ?? 0) > 0;
  });
});

afterAll(async () => {
  if (operator) clearInterval(operator);
  await backend?.stop();
  await plane?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('drills on a live cluster', () => {
  it('are refused until the operator allows them on this context, and nothing is written', async () => {
    expect((await call<ConnectionStatus>('getStatus')).drillsAllowed).toBe(false);
    await expect(call('startDrill', { id: 'stray-taint' })).rejects.toThrow(/allow drills on this context in Settings/);
    expect(await taintedNodes()).toEqual([]);
  });

  it('opted in, refuse scenarios that need the simulator, and a read-only context refuses them all', async () => {
    await call('setSettings', { liveDrillContexts: [context] });
    expect((await call<ConnectionStatus>('getStatus')).drillsAllowed).toBe(true);
    await expect(call('startDrill', { id: 'gpu-off-the-bus' })).rejects.toThrow(/reversible/);
    await call('setSettings', { productionContexts: [context] });
    expect((await call<ConnectionStatus>('getStatus')).drillsAllowed).toBe(false);
    await expect(call('startDrill', { id: 'stray-taint' })).rejects.toThrow(/Live drills are off/);
    await call('setSettings', { productionContexts: [] });
    expect(await taintedNodes()).toEqual([]);
  });

  it('stray-taint: the drill taints a node for real, the operator finds and removes it, the job trains again, and the debrief scores it', async () => {
    const started = await call<DrillState>('startDrill', { id: 'stray-taint' });
    expect(started.running).toBe(true);
    const [node] = await until('kubectl to see the drill\'s taint', async () => { const n = await taintedNodes(); return n.length === 1 ? n : undefined; });
    // The taint-eviction controller evicts the worker there; the "operator" recreates it elsewhere.
    await until('the worker on the tainted node to be evicted', async () => {
      const pods = JSON.parse(await kubectlOk(['get', 'pods', '-n', NS, '--field-selector', `spec.nodeName=${node}`, '-o', 'json'])) as { items: unknown[] };
      return pods.items.length === 0;
    });
    await call('noteViewed', { kind: 'node', id: node });
    const fix = await call<ActionResult>('runAction', { request: { kind: 'untaint', node, key: STRAY_TAINT_KEY, effect: 'NoExecute' } });
    expect(fix.ok).toBe(true);
    expect(await taintedNodes()).toEqual([]);
    // The verify stage holds for 60 s of cluster (here: wall) time.
    const ended = await until('the drill to end', async () => {
      const s = await call<DrillState | null>('getDrillState');
      return s && !s.running && s.debrief ? s : undefined;
    }, 150_000);
    expect(ended.debrief!.outcome).toBe('solved');
    expect(ended.debrief!.timeToDetectSec).toBeGreaterThanOrEqual(0);
    expect(ended.debrief!.harmfulActions).toEqual([]);
    expect(ended.debrief!.score).toBeGreaterThan(0);
    expect(await taintedNodes()).toEqual([]);
  }, 240_000);

  it('an abort removes the drill\'s own taint from the live cluster', async () => {
    await call('startDrill', { id: 'stray-taint' });
    await until('kubectl to see the drill\'s taint', async () => (await taintedNodes()).length === 1);
    await call('abortDrill');
    await until('kubectl to see the taint removed', async () => (await taintedNodes()).length === 0, 30_000);
    const s = await call<DrillState | null>('getDrillState');
    expect(s?.running).toBe(false);
  }, 120_000);
});
