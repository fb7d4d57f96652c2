import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { V1Pod } from '../../electron/core/k8s/objects';
import { T0, deployment, inferenceService, k8sEvent, node, pod, pytorchJob, replicaPod, sample, workerPod } from './modelFixtures';

function model(now = T0): ClusterModel {
  return new ClusterModel({ now: () => now });
}

function modified(p: V1Pod) {
  return { type: 'MODIFIED' as const, kind: 'Pod' as const, object: p };
}

describe('GPU allocation', () => {
  it('allocation per node, namespace and workload equals the sum of requests of scheduled GPU pods', () => {
    const m = model();
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onSync('PyTorchJob', [pytorchJob('llama', { workers: 2 })]);
    m.onSync('Pod', [
      workerPod('llama', 0, { node: 'n1', gpus: 8 }),
      workerPod('llama', 1, { node: 'n2', gpus: 4 }),
      pod('notebook', { namespace: 'lab', node: 'n2', gpus: 2 }),
      pod('limits-only', { namespace: 'lab', node: 'n2', gpus: 1, limitsOnly: true }),
      pod('unscheduled', { namespace: 'lab', gpus: 8 }),
      pod('cpu', { namespace: 'lab', node: 'n2', gpus: 0 }),
    ]);
    expect(m.node('n1')!.gpuAllocated).toBe(8);
    expect(m.node('n2')!.gpuAllocated).toBe(7);
    expect(m.node('n2')!.podCount).toBe(4);
    expect(m.node('n2')!.gpuPodCount).toBe(3);
    const k = m.kpis();
    expect(k.gpus).toEqual({ total: 16, allocated: 15, idle: 1, unhealthy: 0 });
    expect(k.byNamespace).toEqual([{ namespace: 'research', gpus: 12 }, { namespace: 'lab', gpus: 3 }]);
    expect(k.byWorkload).toEqual([{ workload: 'PyTorchJob/research/llama', gpus: 12 }]);
    expect(m.workload('PyTorchJob/research/llama')!.gpus).toBe(12);
  });

  it('terminated pods free their GPUs', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 4 }), pod('b', { node: 'n1', gpus: 4 })]);
    expect(m.kpis().gpus.allocated).toBe(8);
    m.onEvents([modified(pod('a', { node: 'n1', gpus: 4, phase: 'Succeeded' })), modified(pod('b', { node: 'n1', gpus: 4, phase: 'Failed' }))]);
    expect(m.node('n1')!.gpuAllocated).toBe(0);
    expect(m.node('n1')!.podCount).toBe(0);
    expect(m.kpis().gpus).toMatchObject({ allocated: 0, idle: 8 });
    expect(m.kpis().byNamespace).toEqual([]);
  });

  it('a pod that moves nodes (DELETED then ADDED) updates both nodes', () => {
    const m = model();
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 8 })]);
    expect(m.gpusOfNode('n1').filter((g) => g.pod === 'research/a')).toHaveLength(8);
    m.takeDelta();
    m.onEvents([
      { type: 'DELETED', kind: 'Pod', object: pod('a', { node: 'n1', gpus: 8 }) },
      { type: 'ADDED', kind: 'Pod', object: pod('a', { node: 'n2', gpus: 8 }) },
    ]);
    expect(m.node('n1')!.gpuAllocated).toBe(0);
    expect(m.node('n2')!.gpuAllocated).toBe(8);
    expect(m.gpusOfNode('n1').every((g) => g.pod === undefined)).toBe(true);
    expect(m.gpusOfNode('n2').every((g) => g.pod === 'research/a')).toBe(true);
    const d = m.takeDelta()!;
    expect(d.nodes!.upsert.map((n) => n.name).sort()).toEqual(['n1', 'n2']);
    expect(d.gpus!.upsert).toHaveLength(16);
  });

  it('GPU holders follow dcgm-exporter pod labels when present, else pod creation order', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    m.onSync('Pod', [
      pod('late', { node: 'n1', gpus: 2, created: T0 + 1000 }),
      pod('early', { node: 'n1', gpus: 2, created: T0 }),
    ]);
    expect(m.gpusOfNode('n1').map((g) => g.pod)).toEqual(['research/early', 'research/early', 'research/late', 'research/late', undefined, undefined, undefined, undefined]);
    m.onMetrics([sample('n1', 6, { pod: 'early' }), sample('n1', 7, { pod: 'early' })], T0);
    const holders = m.gpusOfNode('n1').map((g) => g.pod);
    expect(holders[6]).toBe('research/early');
    expect(holders[7]).toBe('research/early');
    expect(holders.filter((h) => h === 'research/early')).toHaveLength(2);
    expect(holders.filter((h) => h === 'research/late')).toHaveLength(2);
  });

  it('a lowered allocatable shows unhealthy GPUs and counts them in the KPIs', () => {
    const m = model();
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { allocatable: 6 }) }]);
    const gpus = m.gpusOfNode('n1');
    expect(gpus.filter((g) => g.health === 'unhealthy').map((g) => g.index)).toEqual([6, 7]);
    expect(gpus[7].healthReason).toMatch(/allocatable 6 of 8/);
    expect(m.node('n1')!.health).toBe('unhealthy');
    expect(m.kpis().gpus).toEqual({ total: 16, allocated: 0, idle: 14, unhealthy: 2 });
  });

  it('an XID 79 sample marks the GPU lost with the reason, and counts once with the lowered allocatable', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    m.onMetrics([sample('n1', 3, { xid: 79 })], T0 + 5000);
    let g = m.gpu('n1/3')!;
    expect(g.health).toBe('lost');
    expect(g.healthReason).toMatch(/XID 79/);
    expect(g.healthReason).toMatch(/fallen off the bus/);
    expect(g.lastXid).toBe(79);
    expect(g.lastXidAt).toBe(T0 + 5000);
    expect(m.kpis().gpus.unhealthy).toBe(1);
    // The device plugin then lowers allocatable: GPU 3 explains it, no other GPU turns unhealthy.
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { allocatable: 7 }) }]);
    expect(m.gpusOfNode('n1').filter((x) => x.health !== 'healthy').map((x) => x.index)).toEqual([3]);
    expect(m.kpis().gpus.unhealthy).toBe(1);
    expect(m.node('n1')!.healthReason).toMatch(/GPU 3 lost/);
    g = m.gpuDetail('n1/3')!.gpu;
    expect(m.gpuDetail('n1/3')!.xidHistory).toEqual([{ t: T0 + 5000, code: 79 }]);
    expect(g.health).toBe('lost');
  });

  it('a GPU that drops out of dcgm-exporter loses its metrics, and reads lost once the device plugin withdraws it', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    const scrape = (skip?: number) => Array.from({ length: 8 }, (_, g) => g).filter((g) => g !== skip).map((g) => sample('n1', g, { util: 80 }));
    m.onMetrics(scrape(), T0);
    m.onMetrics(scrape(3), T0 + 15_000);
    expect(m.gpu('n1/3')).toMatchObject({ health: 'healthy', util: undefined, tempC: undefined });
    expect(m.node('n1')!.utilAvg).toBe(80);
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { allocatable: 7 }) }]);
    expect(m.gpu('n1/3')!.health).toBe('lost');
    expect(m.gpu('n1/3')!.healthReason).toMatch(/no longer reported by dcgm-exporter/);
    expect(m.gpusOfNode('n1').filter((g) => g.health !== 'healthy').map((g) => g.index)).toEqual([3]);
    expect(m.kpis().gpus.unhealthy).toBe(1);
    // Reset: the GPU reports again and the plugin re-advertises it.
    m.onMetrics(scrape(), T0 + 30_000);
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1') }]);
    expect(m.gpu('n1/3')).toMatchObject({ health: 'healthy', util: 80 });
    expect(m.kpis().gpus.unhealthy).toBe(0);
  });

  it('an XID reported as a Warning Event on the Node marks that GPU, unless a newer sample says otherwise', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    m.onMetrics([sample('n1', 2)], T0);
    const xidEvent = (name: string, at: number, gpu: string) => ({
      type: 'ADDED' as const, kind: 'Event' as const,
      object: k8sEvent(name, { kind: 'Node', object: 'n1', reason: 'GPUXidError', at, message: `Xid (PCI:0000:38:00): 79, GPU has fallen off the bus on ${gpu}` }),
    });
    m.onEvents([xidEvent('x1', T0 - 60_000, 'GPU 2 (GPU-n1-2)')]);
    expect(m.gpu('n1/2')!.health).toBe('healthy'); // older than the GPU's last sample
    m.onEvents([xidEvent('x2', T0 + 1000, 'GPU 2')]);
    expect(m.gpu('n1/2')).toMatchObject({ health: 'lost', healthReason: 'XID 79: GPU has fallen off the bus', lastXid: 79, lastXidAt: T0 + 1000 });
    expect(m.gpuDetail('n1/2')!.xidHistory).toEqual([{ t: T0 + 1000, code: 79 }]);
    // After a reset the GPU reports again with no XID.
    m.onMetrics([sample('n1', 2, { xid: 0 })], T0 + 60_000);
    expect(m.gpu('n1/2')!.health).toBe('healthy');
  });

  it('a hot or throttled GPU is degraded; a GPU without samples has no metrics', () => {
    const m = model();
    m.onSync('Node', [node('n1')]);
    m.onMetrics([sample('n1', 0, { temp: 91 }), sample('n1', 1, { sm: 1100, util: 95 }), sample('n1', 2)], T0);
    expect(m.gpu('n1/0')!.health).toBe('degraded');
    expect(m.gpu('n1/0')!.healthReason).toMatch(/91 °C/);
    expect(m.gpu('n1/1')!.health).toBe('degraded');
    expect(m.gpu('n1/1')!.healthReason).toMatch(/throttled/);
    expect(m.gpu('n1/2')!.health).toBe('healthy');
    expect(m.gpu('n1/5')!.util).toBeUndefined();
    expect(m.gpu('n1/5')!.health).toBe('healthy');
    expect(m.node('n1')!.health).toBe('degraded');
    expect(m.node('n1')!.utilAvg).toBe(Math.round((90 + 95 + 90) / 3)); // published as shown: an integer
  });

  it('cordon shows the node not schedulable, counts it cordoned and removes its idle GPUs', () => {
    const m = model();
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }) }]);
    expect(m.node('n1')!.schedulable).toBe(false);
    expect(m.node('n1')!.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', value: undefined, effect: 'NoSchedule' }]);
    expect(m.kpis().nodes).toEqual({ total: 2, ready: 2, cordoned: 1 });
    expect(m.kpis().gpus.idle).toBe(8);
  });

  it('a NotReady node reads notready with the kubelet reason', () => {
    const m = model();
    m.onSync('Node', [node('n1', { ready: 'Unknown' })]);
    expect(m.node('n1')!.health).toBe('notready');
    expect(m.node('n1')!.healthReason).toMatch(/Kubelet stopped posting/);
    expect(m.kpis().nodes.ready).toBe(0);
    expect(m.kpis().gpus.idle).toBe(0);
  });

  it('an inference pair is one workload, keyed by its primary, whose GPUs count for it', () => {
    const m = model();
    m.onSync('Node', [node('n1', { zone: 'z1' }), node('n2', { zone: 'z2' })]);
    m.onSync('Deployment', [deployment('chat-primary', { role: 'primary' }), deployment('chat-standby', { role: 'standby' })]);
    m.onSync('Service', [inferenceService('chat', 'chat-primary', 'chat-standby')]);
    m.onSync('Pod', [replicaPod('chat-primary', 0, { node: 'n1' }), replicaPod('chat-standby', 0, { node: 'n2' })]);
    expect(m.kpis().byWorkload).toEqual([{ workload: 'Deployment/serving/chat-primary', gpus: 2 }]);
    expect(m.gpu('n2/0')!.workload).toBe('Deployment/serving/chat-primary');
  });
});
