import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { V1Pod } from '../../electron/core/k8s/objects';
import type { WorkloadHealth } from '../../shared/views';
import { T0, batchJob, deployment, inferenceService, node, pod, pytorchJob, replicaPod, sample, workerPod, type JobOpts } from './modelFixtures';

const MIN = 60_000;
const JOB = 'PyTorchJob/research/llama';

function clock(start = T0) {
  let now = start;
  return { now: () => now, set: (t: number) => { now = t; } };
}

/** A 4-worker job on two nodes, one worker per two nodes' halves. */
function trainingModel(job: JobOpts, pods?: V1Pod[]) {
  const c = clock();
  const m = new ClusterModel({ now: c.now });
  m.onSync('Node', [node('n1'), node('n2')]);
  m.onSync('PyTorchJob', [pytorchJob('llama', { workers: 4, ...job })]);
  m.onSync('Pod', pods ?? [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: i < 2 ? 'n1' : 'n2', gpus: 4 })));
  return { m, c };
}

const ckpt = (ageMin: number, intervalSec = 600) => ({
  'bulwark.io/checkpoint-time': new Date(T0 - ageMin * MIN).toISOString(),
  'bulwark.io/checkpoint-interval-seconds': String(intervalSec),
  'bulwark.io/checkpoint-step': '1200',
  'bulwark.io/checkpoint-storage': 's3://ckpt/llama',
});

describe('training workload health', () => {
  const cases: { name: string; job: JobOpts; pods?: V1Pod[]; health: WorkloadHealth; reason: RegExp }[] = [
    { name: 'a running job with all workers ready is healthy', job: {}, health: 'healthy', reason: /4\/4 workers running/ },
    {
      name: 'a Failed condition makes the job failed with its message',
      job: { conditions: [{ type: 'Running', status: 'False' }, { type: 'Failed', message: 'worker-2 exited with code 137' }] },
      health: 'failed', reason: /exited with code 137/,
    },
    { name: 'a Succeeded condition makes the job succeeded', job: { conditions: [{ type: 'Succeeded' }] }, health: 'succeeded', reason: /completed/ },
    {
      name: 'a Restarting condition makes the job recovering',
      job: { conditions: [{ type: 'Restarting', reason: 'PyTorchJobRestarting', message: 'worker-1 restarting after NCCL error' }] },
      health: 'recovering', reason: /NCCL error/,
    },
    {
      name: 'pending pods make the job pending',
      job: { conditions: [{ type: 'Created' }] },
      pods: [0, 1, 2, 3].map((i) => workerPod('llama', i, { gpus: 4 })),
      health: 'pending', reason: /4 of 4 workers pending/,
    },
    {
      name: 'a partially ready job is degraded with "3/4 workers ready"',
      job: {},
      pods: [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: 'n1', gpus: 2, ready: i !== 3 })),
      health: 'degraded', reason: /3\/4 workers ready/,
    },
    {
      name: 'a checkpoint older than twice its interval is stale and degrades the job',
      job: { annotations: ckpt(47) },
      health: 'degraded', reason: /checkpoint 47 min old, interval 10 min/,
    },
    { name: 'a fresh checkpoint keeps the job healthy', job: { annotations: ckpt(5) }, health: 'healthy', reason: /running/ },
  ];
  it.each(cases)('$name', ({ job, pods, health, reason }) => {
    const { m } = trainingModel(job, pods);
    const w = m.workload(JOB)!;
    expect(w.health).toBe(health);
    expect(w.reason).toMatch(reason);
    expect(w.reasonCode?.code, 'the reason as a code (see modelReasonCodes.test.ts)').toBeDefined();
  });

  it('no progress-step change for more than 5 minutes while Running reads as a possible NCCL hang', () => {
    const { m, c } = trainingModel({ annotations: { 'bulwark.io/progress-step': '100', 'bulwark.io/total-steps': '1000' } });
    expect(m.workload(JOB)!.health).toBe('healthy');
    expect(m.workload(JOB)!.reason).toMatch(/step 100\/1000/);
    m.takeDelta();
    c.set(T0 + 4 * MIN);
    m.tick(T0 + 4 * MIN);
    expect(m.workload(JOB)!.health).toBe('healthy');
    c.set(T0 + 6 * MIN);
    m.tick(T0 + 6 * MIN);
    const d = m.takeDelta()!;
    const w = d.workloads!.upsert.find((x) => x.key === JOB)!;
    expect(w.health).toBe('degraded');
    expect(w.reason).toMatch(/no progress for 6 min — possible NCCL hang/);
    expect(d.kpis!.workloads.degraded).toBe(1);
    // Progress resumes: healthy again.
    m.onEvents([{ type: 'MODIFIED', kind: 'PyTorchJob', object: pytorchJob('llama', { workers: 4, annotations: { 'bulwark.io/progress-step': '101', 'bulwark.io/total-steps': '1000' } }) }]);
    expect(m.workload(JOB)!.health).toBe('healthy');
  });

  it('one throttled GPU among healthy ones is a straggler that degrades the job', () => {
    const { m } = trainingModel({});
    const samples = [];
    for (const n of ['n1', 'n2']) for (let g = 0; g < 8; g++) samples.push(sample(n, g, { sm: n === 'n2' && g === 5 ? 1100 : 1980 }));
    m.onMetrics(samples, T0);
    const w = m.workload(JOB)!;
    expect(w.health).toBe('degraded');
    expect(w.reason).toMatch(/straggler on n2\/5/);
    expect(w.reason).toMatch(/throttled/);
  });

  it('a lost GPU under a running job degrades it and names the XID', () => {
    const { m } = trainingModel({});
    m.onMetrics([sample('n1', 2, { xid: 79 })], T0);
    const w = m.workload(JOB)!;
    expect(w.health).toBe('degraded');
    expect(w.reason).toMatch(/GPU n1\/2 lost: XID 79/);
  });

  it('the view carries checkpoint, work at risk, lost work, progress, elastic, restarts, RPO/RTO and placement', () => {
    const { m } = trainingModel(
      {
        annotations: {
          ...ckpt(12),
          'bulwark.io/progress-step': '1500', 'bulwark.io/total-steps': '9000', 'bulwark.io/samples-per-second': '812.5',
          'bulwark.io/lost-work-seconds': '3600', 'bulwark.io/rpo-seconds': '1800', 'bulwark.io/rto-seconds': '900',
        },
        elastic: { minReplicas: 2, maxReplicas: 8, maxRestarts: 5 },
        priorityClass: 'training-high',
      },
      [0, 1, 2, 3].map((i) => workerPod('llama', i, { node: i < 2 ? 'n1' : 'n2', gpus: 4, restarts: i === 0 ? 2 : 0 })),
    );
    const w = m.workload(JOB)!;
    expect(w.checkpoint).toEqual({ time: T0 - 12 * MIN, step: 1200, storage: 's3://ckpt/llama', intervalSec: 600, ageSec: 720, stale: false });
    expect(w.workAtRiskSec).toBe(720);
    expect(w.lostWorkSec).toBe(3600);
    expect(w.progress).toEqual({ step: 1500, totalSteps: 9000, samplesPerSec: 812.5 });
    expect(w.elastic).toEqual({ minReplicas: 2, maxReplicas: 8, current: 4, maxRestarts: 5 });
    expect(w.restarts).toBe(2);
    expect(w.rpoSec).toBe(1800);
    expect(w.rtoSec).toBe(900);
    expect(w.priorityClass).toBe('training-high');
    expect(w.replicas).toEqual({ desired: 4, ready: 4 });
    expect(w.placement).toEqual([{ node: 'n1', zone: 'zone-a', gpus: 8, pods: 2 }, { node: 'n2', zone: 'zone-a', gpus: 8, pods: 2 }]);
    expect(m.workloadDetail(JOB)!.throughput).toEqual([{ t: T0, v: 812.5 }]);
  });

  it('a Restarting transition is counted as a restart and shows on the timeline', () => {
    const { m, c } = trainingModel({});
    c.set(T0 + MIN);
    m.onEvents([{ type: 'MODIFIED', kind: 'PyTorchJob', object: pytorchJob('llama', { workers: 4, conditions: [{ type: 'Restarting', message: 'worker-3 failed' }] }) }]);
    expect(m.workload(JOB)!.restarts).toBe(1);
    expect(m.workloadDetail(JOB)!.timeline).toContainEqual({ t: T0 + MIN, kind: 'restart', text: 'worker-3 failed' });
  });

  it('workloads of a batch Job follow its Complete and Failed conditions', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    m.onSync('Job', [batchJob('eval-a'), batchJob('eval-b', { complete: true, active: 0 }), batchJob('eval-c', { failed: true, active: 0 })]);
    m.onSync('Pod', [pod('eval-a-x1', { namespace: 'batch', node: 'n1', owner: { kind: 'Job', name: 'eval-a' } })]);
    expect(m.workload('Job/batch/eval-a')).toMatchObject({ type: 'batch', health: 'healthy', gpus: 1 });
    expect(m.workload('Job/batch/eval-b')!.health).toBe('succeeded');
    expect(m.workload('Job/batch/eval-c')).toMatchObject({ health: 'failed', reason: 'Job has reached the specified backoff limit' });
    expect(m.kpis().workloads).toMatchObject({ healthy: 1, succeeded: 1, failed: 1 });
  });
});

describe('inference workload health', () => {
  function servingModel(active: 'primary' | 'standby', primaryReady: number, standbyReady: number, annotations: Record<string, string> = {}) {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('a1', { zone: 'zone-a' }), node('b1', { zone: 'zone-b' })]);
    m.onSync('Deployment', [
      deployment('chat-primary', { role: 'primary', replicas: 2, annotations: { 'bulwark.io/rps': '420', 'bulwark.io/latency-p50-ms': '35', 'bulwark.io/latency-p99-ms': '180', ...annotations } }),
      deployment('chat-standby', { role: 'standby', replicas: 2, annotations: { 'bulwark.io/rps': '0' } }),
      deployment('cpu-web', { gpus: 0 }),
    ]);
    m.onSync('Service', [inferenceService('chat', 'chat-primary', 'chat-standby', active)]);
    m.onSync('Pod', [
      replicaPod('chat-primary', 0, { node: 'a1', ready: primaryReady > 0 }),
      replicaPod('chat-primary', 1, { node: 'a1', ready: primaryReady > 1 }),
      replicaPod('chat-standby', 0, { node: 'b1', ready: standbyReady > 0, hash: '5c6d7e8f9' }),
      replicaPod('chat-standby', 1, { node: 'b1', ready: standbyReady > 1, hash: '5c6d7e8f9' }),
    ]);
    return m;
  }
  const KEY = 'Deployment/serving/chat-primary';

  it('the standby Deployment is folded into its primary and not listed on its own', () => {
    const m = servingModel('primary', 2, 2);
    const keys = [...m.workloads()].map((w) => w.key);
    expect(keys).toEqual([KEY]);
    const w = m.workload(KEY)!;
    expect(w).toMatchObject({ type: 'inference', health: 'healthy', gpus: 4, replicas: { desired: 2, ready: 2 } });
    expect(w.inference).toEqual({
      primaryDeployment: 'chat-primary', standbyDeployment: 'chat-standby', primaryZone: 'zone-a', standbyZone: 'zone-b',
      activeRole: 'primary', rps: 420, latencyP50Ms: 35, latencyP99Ms: 180,
    });
    expect(m.workload('Deployment/serving/chat-standby')).toBeUndefined();
    const pair = m.inferencePair(KEY)!;
    expect(pair.standby?.metadata?.name).toBe('chat-standby');
    expect(m.podsOfWorkload(KEY)).toHaveLength(4);
    expect(m.workloadOfPod(m.podsOfWorkload(KEY)[3].metadata!.namespace + '/' + m.podsOfWorkload(KEY)[3].metadata!.name)).toBe(KEY);
  });

  it('activeRole follows the Service selector', () => {
    const m = servingModel('primary', 2, 2);
    m.takeDelta();
    m.onEvents([{ type: 'MODIFIED', kind: 'Service', object: inferenceService('chat', 'chat-primary', 'chat-standby', 'standby') }]);
    const d = m.takeDelta()!;
    expect(d.workloads!.upsert.map((w) => w.inference?.activeRole)).toEqual(['standby']);
    expect(m.inferencePair(KEY)!.activeRole).toBe('standby');
    expect(m.workload(KEY)!.inference!.rps).toBe(0);
  });

  it.each([
    { name: 'zero ready replicas on the active side is failed, pointing at the ready standby', active: 'primary' as const, p: 0, s: 2, health: 'failed', reason: /0\/2 replicas ready on primary \(zone-a\) — standby has 2 ready: fail over/ },
    { name: 'partially ready is degraded', active: 'primary' as const, p: 1, s: 2, health: 'degraded', reason: /1\/2 replicas ready on primary/ },
    { name: 'after failover the standby side decides, and the broken primary is reduced failover capacity', active: 'standby' as const, p: 0, s: 2, health: 'degraded', reason: /primary \(zone-a\) 0\/2 ready — reduced failover capacity/ },
  ])('$name', ({ active, p, s, health, reason }) => {
    const w = servingModel(active, p, s).workload(KEY)!;
    expect(w.health).toBe(health);
    expect(w.reason).toMatch(reason);
    expect(w.reasonCode?.code, 'the reason as a code (see modelReasonCodes.test.ts)').toBeDefined();
  });

  it('p99 latency above the SLO annotation degrades the service', () => {
    const w = servingModel('primary', 2, 2, { 'bulwark.io/latency-slo-p99-ms': '150' }).workload(KEY)!;
    expect(w.health).toBe('degraded');
    expect(w.reason).toMatch(/p99 180 ms above SLO 150 ms/);
  });

  it('deleting the primary Deployment lists the standby on its own, and re-creating it folds the standby back', () => {
    const m = servingModel('standby', 2, 2);
    m.takeDelta();
    m.onEvents([{ type: 'DELETED', kind: 'Deployment', object: deployment('chat-primary', { role: 'primary' }) }]);
    const STANDBY = 'Deployment/serving/chat-standby';
    expect([...m.workloads()].map((w) => w.key)).toEqual([STANDBY]);
    expect(m.workload(STANDBY)!.gpus).toBe(2);
    expect(m.gpu('b1/0')!.workload).toBe(STANDBY);
    expect(m.kpis().byWorkload).toEqual([{ workload: STANDBY, gpus: 2 }]);
    const d = m.takeDelta()!;
    expect(d.workloads!.remove).toEqual([KEY]);
    expect(d.workloads!.upsert.map((w) => w.key)).toEqual([STANDBY]);
    m.onEvents([{ type: 'ADDED', kind: 'Deployment', object: deployment('chat-primary', { role: 'primary', replicas: 2 }) }]);
    expect([...m.workloads()].map((w) => w.key)).toEqual([KEY]);
    expect(m.gpu('b1/0')!.workload).toBe(KEY);
    expect(m.takeDelta()!.workloads!.remove).toEqual([STANDBY]);
  });

  it('removing the Service lists the standby again as its own workload', () => {
    const m = servingModel('primary', 2, 2);
    m.takeDelta();
    m.onEvents([{ type: 'DELETED', kind: 'Service', object: inferenceService('chat', 'chat-primary', 'chat-standby') }]);
    expect([...m.workloads()].map((w) => w.key).sort()).toEqual([KEY, 'Deployment/serving/chat-standby']);
    expect(m.workload(KEY)!.gpus).toBe(2);
    expect(m.takeDelta()!.workloads!.upsert.map((w) => w.key).sort()).toEqual([KEY, 'Deployment/serving/chat-standby']);
  });
});
