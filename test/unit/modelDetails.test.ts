import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { V1LabelSelector } from '@kubernetes/client-node';
import type { V1PodDisruptionBudget } from '../../electron/core/k8s/objects';
import { T0, k8sEvent, node, pod, pytorchJob, sample, workerPod } from './modelFixtures';

function pdb(name: string, namespace: string, selector: V1LabelSelector): V1PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { minAvailable: 1, selector } };
}

describe('details', () => {
  it('node detail lists the node, its GPUs, its pods and the events about the node and its pods', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 2, restarts: 3 }), pod('b', { node: 'n2' })]);
    m.onSync('Event', [
      k8sEvent('e1', { kind: 'Node', object: 'n1', reason: 'NodeNotReady' }),
      k8sEvent('e2', { kind: 'Pod', object: 'a', namespace: 'research', reason: 'BackOff' }),
      k8sEvent('e3', { kind: 'Pod', object: 'b', namespace: 'research', reason: 'Pulled' }),
    ]);
    const d = m.nodeDetail('n1')!;
    expect(d.node.name).toBe('n1');
    expect(d.gpus).toHaveLength(8);
    expect(d.pods).toEqual([{ key: 'research/a', namespace: 'research', name: 'a', node: 'n1', phase: 'Running', gpus: 2, restarts: 3, lastTerminationReason: undefined, workload: undefined, priorityClass: undefined }]);
    expect(d.events.map((e) => e.reason).sort()).toEqual(['BackOff', 'NodeNotReady']);
    expect(m.nodeDetail('missing')).toBeUndefined();
    expect(m.podsOnNode('n1').map((p) => p.metadata!.name)).toEqual(['a']);
  });

  it('GPU detail returns the metric history as points, one per history step, and its XID history', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 1 })]);
    for (let i = 0; i < 10; i++) m.onMetrics([sample('n1', 0, { util: 10 * i, temp: 50 + i, xid: i === 6 ? 48 : 0 })], T0 + i * 5000);
    const d = m.gpuDetail('n1/0')!;
    // A point at most every 15 s of source time: t = 0, 15, 30, 45 s.
    expect(d.series.util).toEqual([0, 15_000, 30_000, 45_000].map((t, k) => ({ t: T0 + t, v: 30 * k })));
    expect(d.series.tempC.map((p) => p.v)).toEqual([50, 53, 56, 59]);
    expect(d.xidHistory).toEqual([{ t: T0 + 30_000, code: 48 }]);
    expect(d.pod?.key).toBe('research/a');
    // The XID gauge is back to 0: no current XID, the history keeps it.
    expect(d.gpu.lastXid).toBeUndefined();
    expect(m.gpuDetail('n1/99')).toBeUndefined();
  });

  it('GPU history keeps the newest 120 points as it fills and wraps', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 2 })]);
    for (let i = 0; i < 300; i++) m.onMetrics([sample('n1', 0, { util: i % 100, temp: i }), sample('n1', 1, { util: 50, temp: 1000 + i })], T0 + i * 15_000);
    const s0 = m.gpuDetail('n1/0')!.series;
    expect(s0.tempC).toHaveLength(120);
    expect(s0.tempC[0]).toEqual({ t: T0 + 180 * 15_000, v: 180 });
    expect(s0.tempC[119]).toEqual({ t: T0 + 299 * 15_000, v: 299 });
    expect(m.gpuDetail('n1/1')!.series.tempC.map((p) => p.v)).toEqual(Array.from({ length: 120 }, (_, k) => 1180 + k));
  });

  it('workload detail lists its pods, throughput and a timeline of checkpoints, failures and events', () => {
    let now = T0;
    const m = new ClusterModel({ now: () => now });
    m.onSync('Node', [node('n1')]);
    const ann = (step: number, sps: number) => ({
      'bulwark.io/checkpoint-time': new Date(now - 60_000).toISOString(), 'bulwark.io/checkpoint-step': String(step),
      'bulwark.io/progress-step': String(step + 10), 'bulwark.io/samples-per-second': String(sps),
    });
    m.onSync('PyTorchJob', [pytorchJob('llama', { workers: 1, annotations: ann(100, 500) })]);
    m.onSync('Pod', [workerPod('llama', 0, { node: 'n1' })]);
    now += 600_000;
    m.onEvents([{ type: 'MODIFIED', kind: 'PyTorchJob', object: pytorchJob('llama', { workers: 1, annotations: ann(200, 450) }) }]);
    m.onEvents([{ type: 'MODIFIED', kind: 'Pod', object: workerPod('llama', 0, { node: 'n1', phase: 'Failed' }) }]);
    m.onEvents([{ type: 'ADDED', kind: 'Event', object: k8sEvent('ev', { kind: 'PyTorchJob', object: 'llama', namespace: 'research', reason: 'JobRestarting', message: 'restarting', at: now }) }]);
    const d = m.workloadDetail('PyTorchJob/research/llama')!;
    expect(d.pods.map((p) => p.key)).toEqual(['research/llama-worker-0']);
    expect(d.throughput).toEqual([{ t: T0, v: 500 }, { t: now, v: 450 }]);
    expect(d.timeline.map((e) => e.kind)).toEqual(['checkpoint', 'checkpoint', 'failure', 'event']);
    expect(d.timeline[1].text).toBe('checkpoint at step 200');
    expect(d.timeline[2].text).toMatch(/pod llama-worker-0 failed/);
    expect(m.workloadOfPod('research/llama-worker-0')).toBe('PyTorchJob/research/llama');
    expect(m.podView('research/llama-worker-0')).toMatchObject({ phase: 'Failed', workload: 'PyTorchJob/research/llama' });
    expect(m.workloadObject('PyTorchJob/research/llama')?.kind).toBe('PyTorchJob');
  });

  it('finds the PodDisruptionBudgets whose selector matches a pod in its namespace', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('PodDisruptionBudget', [
      pdb('by-label', 'serving', { matchLabels: { app: 'chat' } }),
      pdb('by-expression', 'serving', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }] }),
      pdb('other-namespace', 'research', { matchLabels: { app: 'chat' } }),
      pdb('everything', 'serving', {}),
    ]);
    const p = pod('chat-1', { namespace: 'serving', labels: { app: 'chat', tier: 'cpu' } });
    expect(m.pdbsForPod(p).map((x) => x.metadata!.name).sort()).toEqual(['by-label', 'everything']);
    m.onEvents([{ type: 'DELETED', kind: 'PodDisruptionBudget', object: pdb('everything', 'serving', {}) }]);
    expect(m.pdbsForPod(p).map((x) => x.metadata!.name)).toEqual(['by-label']);
    expect(m.object('PodDisruptionBudget', 'serving', 'by-label')?.metadata?.name).toBe('by-label');
    expect([...m.list('PodDisruptionBudget')]).toHaveLength(3);
  });
});
