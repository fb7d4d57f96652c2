import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { KubeObject, V1Node, V1Pod, WatchEvent } from '../../electron/core/k8s/objects';
import type { DcgmSample } from '../../electron/core/sources/dcgm';
import { T0, node, pod, pytorchJob, sample } from './modelFixtures';

function withGpuQuantity(p: V1Pod, q: unknown): V1Pod {
  p.spec!.containers[0].resources = { requests: { 'nvidia.com/gpu': q as string } };
  return p;
}

function nodeWithGpus(name: string, q: unknown): V1Node {
  const n = node(name);
  n.status!.capacity!['nvidia.com/gpu'] = q as string;
  n.status!.allocatable!['nvidia.com/gpu'] = q as string;
  return n;
}

const HOSTILE = '<script>alert(1)</script>';

describe('malformed and hostile input', () => {
  it('GPU quantities are parsed strictly: "8" and 8 count, anything else counts as zero', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [nodeWithGpus('ok-string', '8'), nodeWithGpus('ok-number', 8), ...['-8', 'NaN', '8.5', '1e3', 'abc', '', '99999999999'].map((q, i) => nodeWithGpus(`bad-${i}`, q)), nodeWithGpus('bad-nan', NaN), nodeWithGpus('bad-inf', Infinity), nodeWithGpus('bad-obj', { n: 8 })]);
    expect(m.node('ok-string')!.gpuCapacity).toBe(8);
    expect(m.node('ok-number')!.gpuCapacity).toBe(8);
    expect(m.kpis().gpus.total).toBe(16);
    const quantities: unknown[] = ['2', 2, '-1', -1, NaN, Infinity, '2.5', 2.5, '1k', 'NaN', null, {}, [], '0x2'];
    m.onSync('Pod', quantities.map((q, i) => withGpuQuantity(pod(`p${i}`, { node: i % 2 === 0 ? 'ok-string' : 'ok-number' }), q)));
    expect(m.kpis().gpus.allocated).toBe(4);
    expect(m.node('ok-string')!.gpuAllocated + m.node('ok-number')!.gpuAllocated).toBe(4);
  });

  it('objects without usable metadata are skipped without throwing and without touching counts', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    m.onSync('Pod', [pod('good', { node: 'n1', gpus: 2 })]);
    const before = m.kpis();
    const junk: unknown[] = [
      null, undefined, 42, 'pod', [], {}, { metadata: null }, { metadata: {} }, { metadata: { name: 7 } }, { metadata: { name: '' } },
      { metadata: { name: 'x'.repeat(1_000_000) } }, { metadata: { name: 'spec-is-string', namespace: 'lab' }, spec: 'nope', status: 5 },
      { metadata: { name: 'containers-not-array', namespace: 'lab' }, spec: { nodeName: 'n1', containers: 'x' } },
      { metadata: { name: 'owners-not-array', namespace: 'lab', ownerReferences: 'x', labels: 'y' }, spec: { nodeName: 'n1', containers: [null, { resources: 'z' }] } },
    ];
    expect(() => m.onSync('Pod', [pod('good', { node: 'n1', gpus: 2 }), ...(junk as KubeObject[])])).not.toThrow();
    expect(() => m.onEvents([null, undefined, { type: 'ADDED' }, { type: 'ADDED', kind: 'Pod' }, { type: 'MODIFIED', kind: 'Nonsense', object: { metadata: { name: 'x' } } }, ...junk.map((object) => ({ type: 'ADDED', kind: 'Pod', object }))] as unknown as WatchEvent[])).not.toThrow();
    expect(() => m.onEvents(junk.map((object) => ({ type: 'ADDED', kind: 'Node', object })) as unknown as WatchEvent[])).not.toThrow();
    expect(() => m.onEvents(junk.map((object) => ({ type: 'ADDED', kind: 'PyTorchJob', object })) as unknown as WatchEvent[])).not.toThrow();
    expect(() => m.onEvents(junk.map((object) => ({ type: 'ADDED', kind: 'Service', object })) as unknown as WatchEvent[])).not.toThrow();
    expect(() => m.onEvents(junk.map((object) => ({ type: 'ADDED', kind: 'Event', object })) as unknown as WatchEvent[])).not.toThrow();
    expect(() => m.onSync('Pod', 'not-a-list' as unknown as KubeObject[])).not.toThrow();
    const after = m.kpis();
    // Named-but-odd objects are real objects without GPUs (three odd "nodes" without a Ready
    // condition count as not ready); the GPU counts are untouched.
    expect(after.gpus).toEqual(before.gpus);
    expect(after.nodes).toEqual({ total: 4, ready: 1, cordoned: 0 });
    expect(m.node('spec-is-string')).toMatchObject({ gpuCapacity: 0, ready: false, health: 'notready' });
    expect(m.node('n1')!.gpuAllocated).toBe(2);
    expect(() => m.snapshot()).not.toThrow();
    expect(() => m.takeDelta()).not.toThrow();
  });

  it('garbage metric samples are ignored', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    const junk = [
      null, {}, { labels: null }, { labels: { Hostname: 'n1', gpu: 'abc' }, values: {} }, { labels: { Hostname: 'n1', gpu: '99' }, values: {} },
      { labels: { Hostname: 'nope', gpu: '0' }, values: {} },
      { labels: { Hostname: 'n1', gpu: '0' }, values: { DCGM_FI_DEV_GPU_UTIL: NaN, DCGM_FI_DEV_GPU_TEMP: 'hot', DCGM_FI_DEV_XID_ERRORS: -3 } },
      { labels: { Hostname: 'n1', gpu: '1' }, values: null },
    ] as unknown as DcgmSample[];
    expect(() => m.onMetrics(junk, T0)).not.toThrow();
    expect(() => m.onMetrics('x' as unknown as DcgmSample[], T0)).not.toThrow();
    expect(m.gpu('n1/0')!.util).toBeUndefined();
    expect(m.gpu('n1/0')!.health).toBe('healthy');
    expect(m.kpis().utilizationAvg).toBeUndefined();
    m.onMetrics([sample('n1', 0, { util: 50 })], T0);
    expect(m.kpis().utilizationAvg).toBe(50);
  });

  it('hostile names are kept as plain data and counted like any other', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node(HOSTILE)]);
    m.onSync('PyTorchJob', [pytorchJob(HOSTILE, { namespace: 'x"onload="y' })]);
    m.onSync('Pod', [pod(HOSTILE, { namespace: 'x"onload="y', node: HOSTILE, gpus: 8, owner: { kind: 'PyTorchJob', name: HOSTILE } })]);
    expect(m.node(HOSTILE)!.gpuAllocated).toBe(8);
    expect(m.gpu(`${HOSTILE}/0`)!.pod).toBe(`x"onload="y/${HOSTILE}`);
    expect(m.workload(`PyTorchJob/x"onload="y/${HOSTILE}`)!.gpus).toBe(8);
    expect(m.kpis().byNamespace).toEqual([{ namespace: 'x"onload="y', gpus: 8 }]);
  });

  it('huge annotation values are cut, and unparsable ones ignored', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('PyTorchJob', [pytorchJob('big', {
      annotations: {
        'bulwark.io/checkpoint-storage': 's3://' + 'a'.repeat(5_000_000),
        'bulwark.io/checkpoint-time': 'yesterday-ish',
        'bulwark.io/checkpoint-interval-seconds': '-600',
        'bulwark.io/progress-step': 'NaN',
        'bulwark.io/rpo-seconds': '1e400',
        'bulwark.io/lost-work-seconds': '12.5',
      },
    })]);
    const w = m.workload('PyTorchJob/research/big')!;
    expect(w.checkpoint!.storage!.length).toBeLessThanOrEqual(1024);
    expect(w.checkpoint!.time).toBeUndefined();
    expect(w.checkpoint!.intervalSec).toBeUndefined();
    expect(w.checkpoint!.stale).toBe(false);
    expect(w.progress).toBeUndefined();
    expect(w.rpoSec).toBeUndefined();
    expect(w.lostWorkSec).toBe(12.5);
  });
});
