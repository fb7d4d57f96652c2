/**
 * Every reason the model writes (workload `reason`, node and GPU `healthReason`) carries its
 * code (`reasonCode` / `healthReasonCode`), and the code says the same thing: rendered with the
 * English templates and the model's own number/duration style it gives back the English text,
 * character for character. Checked over the model-test scenarios, the demo under every fault
 * kind, and a synthetic cluster with hot, throttled and XID GPUs.
 */
import { describe, expect, it } from 'vitest';
import type { V1Node, V1Pod } from '../../electron/core/k8s/objects';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { durationText } from '../../electron/core/model/kubeValues';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';
import type { FaultSpec } from '../../electron/core/sources/demo/faults';
import type { ReasonView } from '../../shared/views';
import { formatReason } from '../../renderer/i18n/reasonFormat';
import { englishReasons } from './reasonEnglish';
import {
  T0, batchJob, deployment, inferenceService, node, pod, pytorchJob, replicaPod, rng, sample, syntheticCluster, workerPod, type JobOpts,
} from './modelFixtures';

/** English templates with the model's formatting ("47 min", "91 °C", no digit grouping). */
const modelEnglish = englishReasons(durationText);

const MIN = 60_000;
let checked = 0;

function expectCoded(what: string, text: string | undefined, code: ReasonView | undefined): void {
  if (text === undefined) {
    expect(code, `${what}: a code without a reason`).toBeUndefined();
    return;
  }
  expect(code, `${what}: "${text}" has no code`).toBeDefined();
  expect(formatReason(code, modelEnglish), `${what}: ${JSON.stringify(code)}`).toBe(text);
  checked++;
}

function expectAllCoded(m: ClusterModel): void {
  for (const w of m.workloads()) expectCoded(w.key, w.reason, w.reasonCode);
  for (const n of m.nodes()) {
    expectCoded(n.name, n.healthReason, n.healthReasonCode);
    for (const g of m.gpusOfNode(n.name)) expectCoded(g.id, g.healthReason, g.healthReasonCode);
  }
}

function clock(start = T0) {
  let now = start;
  return { now: () => now, set: (t: number) => { now = t; } };
}

function trainingModel(job: JobOpts, pods?: V1Pod[], nodes: V1Node[] = [node('n1'), node('n2')]) {
  const c = clock();
  const m = new ClusterModel({ now: c.now });
  m.onSync('Node', nodes);
  m.onSync('PyTorchJob', [pytorchJob('llama', { workers: 4, ...job })]);
  m.onSync('Pod', pods ?? [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: i < 2 ? 'n1' : 'n2', gpus: 4 })));
  return { m, c };
}

const ckpt = (ageMin: number, intervalSec = 600): Record<string, string> => ({
  'bulwark.io/checkpoint-time': new Date(T0 - ageMin * MIN).toISOString(),
  'bulwark.io/checkpoint-interval-seconds': String(intervalSec),
});

describe('reason codes on the model-test scenarios', () => {
  const training: { name: string; job: JobOpts; pods?: V1Pod[]; code: string }[] = [
    { name: 'healthy', job: {}, code: 'job.workersRunning' },
    { name: 'healthy with steps', job: { annotations: { 'bulwark.io/progress-step': '100', 'bulwark.io/total-steps': '1000' } }, code: 'job.workersRunningStepOf' },
    { name: 'healthy with a step', job: { annotations: { 'bulwark.io/progress-step': '100' } }, code: 'job.workersRunningStep' },
    { name: 'failed with a message', job: { conditions: [{ type: 'Failed', message: 'worker-2 exited with code 137' }] }, code: 'job.failedWith' },
    { name: 'failed without a message', job: { conditions: [{ type: 'Failed' }] }, code: 'job.failed' },
    { name: 'succeeded', job: { conditions: [{ type: 'Succeeded' }] }, code: 'job.completed' },
    { name: 'restarting with a message', job: { conditions: [{ type: 'Restarting', message: 'worker-1 restarting after NCCL error' }] }, code: 'job.restartingWith' },
    { name: 'restarting without a message', job: { conditions: [{ type: 'Restarting' }] }, code: 'job.restarting' },
    { name: 'suspended', job: { conditions: [{ type: 'Suspended' }] }, code: 'job.suspended' },
    { name: 'pending pods', job: { conditions: [{ type: 'Created' }] }, pods: [0, 1, 2, 3].map((i) => workerPod('llama', i, { gpus: 4 })), code: 'job.workersPending' },
    { name: 'running pods, job not started', job: { conditions: [{ type: 'Created' }] }, code: 'job.workersStarting' },
    { name: 'no pods', job: { conditions: [{ type: 'Created' }] }, pods: [], code: 'job.waitingForWorkers' },
    { name: 'partially ready', job: {}, pods: [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: 'n1', gpus: 2, ready: i !== 3 })), code: 'job.workersReady' },
    { name: 'stale checkpoint', job: { annotations: ckpt(47) }, code: 'checkpoint.stale' },
    { name: 'no checkpoint for too long', job: { annotations: { 'bulwark.io/checkpoint-interval-seconds': '600' } }, code: 'checkpoint.missing' },
    {
      name: 'several reasons at once', job: { annotations: ckpt(47) },
      pods: [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: 'n1', gpus: 2, ready: i !== 3 })), code: 'list',
    },
  ];
  it.each(training)('training: $name → $code', ({ job, pods, code }) => {
    const { m } = trainingModel(job, pods);
    expect(m.workload('PyTorchJob/research/llama')!.reasonCode?.code).toBe(code);
    expectAllCoded(m);
  });

  it('training: a stall, GPU trouble and stragglers', () => {
    const { m, c } = trainingModel({ annotations: { 'bulwark.io/progress-step': '100' } });
    c.set(T0 + 6 * MIN);
    m.tick(T0 + 6 * MIN);
    expect(m.workload('PyTorchJob/research/llama')!.reasonCode?.code).toBe('job.stalled');
    expectAllCoded(m);
    const codes = (): string[] => {
      const r = m.workload('PyTorchJob/research/llama')!.reasonCode!;
      return r.code === 'list' ? r.parts!.map((p) => p.code) : [r.code];
    };
    const scrape = (f: (n: string, g: number) => Parameters<typeof sample>[2]) => {
      const s = [];
      for (const n of ['n1', 'n2']) for (let g = 0; g < 8; g++) s.push(sample(n, g, f(n, g)));
      m.onMetrics(s, c.now());
    };
    scrape((n, g) => ({ sm: n === 'n2' && g === 5 ? 1100 : 1980 }));
    expect(codes()).toContain('job.straggler');
    expectAllCoded(m);
    scrape((n, g) => ({ sm: n === 'n2' && g < 3 ? 1100 : 1980 }));
    expect(codes()).toContain('job.stragglerAndMore');
    expectAllCoded(m);
    scrape(() => ({ temp: 91 }));
    expect(codes()).toContain('job.allGpusDegraded');
    expectAllCoded(m);
    scrape((n, g) => ({ xid: n === 'n1' && g === 2 ? 79 : 0 }));
    expect(codes()).toContain('job.gpuLost');
    expectAllCoded(m);
    scrape((n, g) => ({ xid: n === 'n1' && g === 2 ? 48 : 0 }));
    expect(codes()).toContain('job.gpuUnhealthy');
    expectAllCoded(m);
  });

  it('batch Jobs', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    m.onSync('Job', [batchJob('eval-a'), batchJob('eval-b', { complete: true, active: 0 }), batchJob('eval-c', { failed: true, active: 0 }), batchJob('eval-d', { active: 0 })]);
    expectAllCoded(m);
    expect([...m.workloads()].map((w) => w.reasonCode!.code).sort()).toEqual(['job.completed', 'job.failedWith', 'job.waitingForPods', 'job.waitingForPods']);
    m.onSync('Pod', [pod('eval-a-x1', { namespace: 'batch', node: 'n1', owner: { kind: 'Job', name: 'eval-a' } })]);
    expect(m.workload('Job/batch/eval-a')!.reasonCode!.code).toBe('job.podsRunning');
    expectAllCoded(m);
  });

  function servingModel(active: 'primary' | 'standby', primaryReady: number, standbyReady: number, o: { annotations?: Record<string, string>; replicas?: number; pair?: boolean } = {}) {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('a1', { zone: 'zone-a' }), node('b1', { zone: 'zone-b' })]);
    m.onSync('Deployment', [
      deployment('chat-primary', { role: 'primary', replicas: o.replicas ?? 2, annotations: { 'bulwark.io/latency-p99-ms': '180', ...o.annotations } }),
      deployment('chat-standby', { role: 'standby', replicas: 2 }),
    ]);
    if (o.pair !== false) m.onSync('Service', [inferenceService('chat', 'chat-primary', 'chat-standby', active)]);
    m.onSync('Pod', [
      replicaPod('chat-primary', 0, { node: 'a1', ready: primaryReady > 0 }),
      replicaPod('chat-primary', 1, { node: 'a1', ready: primaryReady > 1 }),
      replicaPod('chat-standby', 0, { node: 'b1', ready: standbyReady > 0, hash: '5c6d7e8f9' }),
      replicaPod('chat-standby', 1, { node: 'b1', ready: standbyReady > 1, hash: '5c6d7e8f9' }),
    ]);
    return m;
  }
  type Serving = { name: string; active?: 'primary' | 'standby'; p: number; s: number; o?: Parameters<typeof servingModel>[3]; code: string };
  it.each<Serving>([
    { name: 'healthy pair', p: 2, s: 2, code: 'pair.replicasReady' },
    { name: 'failed, fail over', p: 0, s: 2, code: 'pair.noneReadyFailOver' },
    { name: 'failed, nothing to fail over to', p: 0, s: 0, code: 'pair.noneReady' },
    { name: 'partially ready', p: 1, s: 2, code: 'pair.replicasReady' },
    { name: 'after failover', active: 'standby', p: 0, s: 2, code: 'pair.otherNotReady' },
    { name: 'latency above the SLO', p: 2, s: 2, o: { annotations: { 'bulwark.io/latency-slo-p99-ms': '150' } }, code: 'inference.latencyAboveSlo' },
    { name: 'scaled to 0', p: 0, s: 2, o: { replicas: 0 }, code: 'pair.scaledToZero' },
    { name: 'not a pair', p: 1, s: 1, o: { pair: false }, code: 'inference.replicasReady' },
    { name: 'not a pair, none ready', p: 0, s: 0, o: { pair: false }, code: 'inference.noneReady' },
  ])('inference: $name → $code', ({ active, p, s, o, code }) => {
    const m = servingModel(active ?? 'primary', p, s, o);
    const codes = (r: ReasonView | undefined): string[] => (r ? [r.code, ...(r.parts ?? []).flatMap(codes)] : []);
    expect([...m.workloads()].flatMap((w) => codes(w.reasonCode))).toContain(code);
    expectAllCoded(m);
  });

  it('nodes and GPUs', () => {
    const m = new ClusterModel({ now: () => T0 });
    const notReadyBare = node('n-bare', { ready: false });
    notReadyBare.status!.conditions = notReadyBare.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, message: undefined } : c));
    const noReady = node('n-none');
    noReady.status!.conditions = noReady.status!.conditions!.filter((c) => c.type !== 'Ready');
    const netDown = node('n-net');
    netDown.status!.conditions!.push({ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated' });
    m.onSync('Node', [
      node('n-ok'), node('n-down', { ready: false }), notReadyBare, noReady, netDown, node('n-mem', { pressure: 'MemoryPressure' }),
      node('n-withdrawn', { allocatable: 6 }), node('n-xid', { allocatable: 7 }), node('n-remap', { allocatable: 7 }), node('n-hot'), node('n-absent', { allocatable: 7 }),
    ]);
    m.onMetrics([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((g) => sample('n-withdrawn', g)),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((g) => sample('n-xid', g, { xid: g === 1 ? 63 : g === 2 ? 79 : g === 3 ? 48 : g === 4 ? 92 : g === 5 ? 4242 : 0 })),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((g) => sample('n-remap', g, { xid: g === 1 ? 63 : 0 })),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((g) => sample('n-hot', g, { temp: g < 3 ? 91 : 60, sm: g === 5 ? 1000 : 1980 })),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((g) => sample('n-absent', g)),
    ], T0);
    m.onMetrics([0, 1, 2, 3, 4, 5, 6].map((g) => sample('n-absent', g)), T0 + 30_000);
    const codes = new Set<string>();
    const walk = (r: ReasonView | undefined): void => {
      if (!r) return;
      codes.add(r.code);
      for (const p of r.parts ?? []) walk(p);
      for (const n of Object.values(r.nested ?? {})) walk(n);
    };
    for (const n of m.nodes()) {
      walk(n.healthReasonCode);
      for (const g of m.gpusOfNode(n.name)) walk(g.healthReasonCode);
    }
    expect([...codes].sort()).toEqual([
      'gpu.absentWithdrawn', 'gpu.hot', 'gpu.throttled', 'gpu.withdrawn', 'gpu.xid', 'gpu.xidUnknown', 'list',
      'node.condition', 'node.gpuDegraded', 'node.gpuLost', 'node.gpuUnhealthy', 'node.moreGpus', 'node.noReadyCondition', 'node.notReady', 'node.notReadyWith',
    ].sort());
    expectAllCoded(m);
  });
});

describe('reason codes on the demo under every fault kind', () => {
  async function demo() {
    const source = new DemoSource({ preset: 'lab', realtime: false });
    const model = new ClusterModel({ now: () => source.now() });
    await source.start({ onSync: (k, o) => model.onSync(k, o), onEvents: (e) => model.onEvents(e), onMetrics: (s, at) => model.onMetrics(s, at), onStatus: () => {} });
    return { source, model };
  }

  async function faults(): Promise<FaultSpec[]> {
    const { model } = await demo();
    const jobs = [...model.workloads()];
    const training = jobs.find((w) => w.type === 'training' && w.progress && w.checkpoint?.storage)!;
    const gpu = [...model.nodes()].flatMap((n) => model.gpusOfNode(n.name)).find((g) => g.workload === training.key)!;
    const inference = jobs.find((w) => w.inference)!;
    const zone = [...model.nodes()][0].zone;
    return [
      { type: 'xid', gpu: gpu.id, code: 79 },
      { type: 'xid', gpu: gpu.id, code: 48 },
      { type: 'xid', gpu: gpu.id, code: 63 },
      { type: 'nodeNotReady', node: gpu.node },
      { type: 'zoneOutage', zone },
      { type: 'ncclHang', job: `${training.namespace}/${training.name}` },
      { type: 'thermal', gpu: gpu.id },
      { type: 'checkpointStorage', storage: training.checkpoint!.storage!, mode: 'full' },
      { type: 'inferenceZoneDown', zone: inference.inference!.primaryZone ?? zone },
      { type: 'priorityBurst', namespace: training.namespace, gpus: 16, priorityClass: 'training-urgent' },
    ];
  }

  it('every reason, every 30 s for 15 min of each fault, carries its code', async () => {
    const seen = new Set<string>();
    for (const spec of await faults()) {
      const { source, model } = await demo();
      expect(() => source.faults.inject(spec), spec.type).not.toThrow();
      for (let t = 0; t < 30; t++) {
        source.advance(30_000);
        model.tick(source.now());
        expectAllCoded(model);
        for (const w of model.workloads()) if (w.health !== 'healthy') seen.add(`${spec.type}:${w.health}`);
      }
    }
    // The faults did degrade things (the check above is not vacuous).
    expect([...seen].some((s) => s.endsWith(':degraded'))).toBe(true);
    expect([...seen].some((s) => s.endsWith(':failed') || s.endsWith(':recovering'))).toBe(true);
  });
});

describe('reason codes on a synthetic cluster', () => {
  it('hot, throttled and XID GPUs under training and inference workloads', () => {
    const c = syntheticCluster(120, 1500, 3);
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', c.nodes);
    m.onSync('PyTorchJob', c.jobs);
    m.onSync('Deployment', c.deployments);
    m.onSync('Service', c.services);
    m.onSync('Pod', c.pods);
    const r = rng(7);
    const xids = [79, 48, 63, 92, 74, 13, 119];
    const samples = c.nodes.flatMap((n) => [0, 1, 2, 3, 4, 5, 6, 7].map((g) => {
      const x = r();
      return sample(n.metadata!.name!, g, x < 0.02 ? { xid: xids[Math.floor(r() * xids.length)] } : x < 0.04 ? { temp: 88 + Math.floor(r() * 8) } : x < 0.06 ? { sm: 900 + Math.floor(r() * 500) } : {});
    }));
    m.onMetrics(samples, T0);
    const before = checked;
    expectAllCoded(m);
    const troubled = [...m.nodes()].filter((n) => n.health !== 'healthy').length;
    expect(troubled).toBeGreaterThan(10);
    expect(checked - before).toBeGreaterThan(2 * troubled);
  });
});
