import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../electron/core/sources/demo';

const region = () => new DemoSource({ preset: 'region', realtime: false });

/** GPUs requested by non-terminal pods bound to each node, from the objects alone. */
function requestedByNode(src: DemoSource): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of src.list('Pod')) {
    const node = p.spec?.nodeName;
    if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const g = Number(p.spec!.containers[0].resources?.requests?.['nvidia.com/gpu'] ?? 0);
    m.set(node, (m.get(node) ?? 0) + g);
  }
  return m;
}

function expectNoOvercommit(src: DemoSource) {
  const req = requestedByNode(src);
  for (const n of src.list('Node')) {
    const alloc = Number(n.status!.allocatable!['nvidia.com/gpu']);
    expect(req.get(n.metadata!.name!) ?? 0, n.metadata!.name).toBeLessThanOrEqual(alloc);
  }
}

describe('demo scheduler', () => {
  it('never requests more GPUs on a node than it has allocatable, even under demand and faults', async () => {
    const src = region();
    await src.ops.scale({ kind: 'Deployment', namespace: 'inference-prod', name: 'embed-e5-large-standby' }, 120, { dryRun: false });
    src.faults.inject({ type: 'xid', gpu: 'gpu-h100-c-0010/3', code: 48 });
    src.faults.inject({ type: 'priorityBurst', namespace: 'research', gpus: 64, priorityClass: 'training-urgent' });
    for (let i = 0; i < 30; i++) {
      src.advance(10_000);
      expectNoOvercommit(src);
    }
    const pending = src.list('Pod').filter((p) => p.metadata!.labels?.app === 'embed-e5-large-standby' && !p.spec?.nodeName);
    expect(pending.length).toBeGreaterThan(0);
    const failed = src.list('Event').filter((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === pending[0].metadata!.name);
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(/^0\/64 nodes are available: .*Insufficient nvidia\.com\/gpu/);
    expect(pending[0].status!.conditions!.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });

  it('honours cordon and NoSchedule taints when placing new pods', async () => {
    const src = region();
    await src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-c-0009' }, { spec: { unschedulable: true } }, { dryRun: false });
    await src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-c-0010' }, { spec: { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', value: 'team-x', effect: 'NoSchedule' }] } }, { dryRun: false });
    await src.ops.scale({ kind: 'Deployment', namespace: 'inference-prod', name: 'embed-e5-large-standby' }, 20, { dryRun: false });
    src.advance(5_000);
    const placed = src.list('Pod').filter((p) => p.metadata!.labels?.app === 'embed-e5-large-standby').map((p) => p.spec?.nodeName);
    expect(placed).toHaveLength(20);
    expect(placed).not.toContain('gpu-h100-c-0009');
    expect(placed).not.toContain('gpu-h100-c-0010');
    expect(placed.every((n) => n?.startsWith('gpu-h100-c-'))).toBe(true);
  });

  it('a NoExecute taint evicts pods that do not tolerate it at once; DaemonSet pods stay', async () => {
    const src = region();
    const node = 'gpu-h100-a-0008';
    await src.ops.mergePatch({ kind: 'Node', name: node }, { spec: { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'bulwark.io/isolated', value: 'true', effect: 'NoExecute' }] } }, { dryRun: false });
    const n = src.get('Node', undefined, node)!;
    expect(n.spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded).toBeInstanceOf(Date);
    src.advance(60_000);
    const left = src.list('Pod').filter((p) => p.spec?.nodeName === node);
    expect(left.length).toBe(3);
    expect(left.every((p) => p.metadata!.ownerReferences![0].kind === 'DaemonSet')).toBe(true);
    expect(src.list('Event').some((e) => e.reason === 'TaintManagerEviction')).toBe(true);
  });

  it('schedules by priority: a pending high-priority pod preempts the lowest-priority GPU pods', async () => {
    const src = region();
    src.faults.inject({ type: 'priorityBurst', namespace: 'llm-pretrain', gpus: 8 * 12, priorityClass: 'training-urgent' });
    src.advance(120_000);
    const preempted = src.list('Event').filter((e) => e.reason === 'Preempted');
    expect(preempted.length).toBeGreaterThan(0);
    // Lowest priority classes go first: no inference pod (inference-critical) is ever a victim.
    expect(preempted.every((e) => e.involvedObject.namespace !== 'inference-prod')).toBe(true);
    expect(preempted[0].message).toMatch(/^Preempted by pod [0-9a-f-]{36} on node gpu-/);
  });
});
