import { describe, expect, it } from 'vitest';
import type { EventView, FleetKpis, GpuView, ModelDelta, ModelSnapshot, NodeView } from '../../shared/views';
import { applyDeltas, ChangeLog, emptyModel, EVENT_RING_SIZE, mergeEvents, modelFromSnapshot, UTIL_HISTORY_SIZE } from '../../renderer/store/modelData';

const kpis: FleetKpis = {
  gpus: { total: 8, allocated: 0, idle: 8, unhealthy: 0 },
  nodes: { total: 1, ready: 1, cordoned: 0 },
  workloads: { healthy: 0, degraded: 0, recovering: 0, failed: 0, pending: 0, succeeded: 0 },
  byNamespace: [],
  byWorkload: [],
};

function node(name: string, extra: Partial<NodeView> = {}): NodeView {
  return { name, zone: 'zone-a', pool: 'h100', gpuModel: 'H100', gpuCapacity: 8, gpuAllocatable: 8, gpuAllocated: 0, ready: true, schedulable: true, taints: [], health: 'healthy', conditions: [], podCount: 0, gpuPodCount: 0, ...extra };
}
function gpu(n: string, i: number, extra: Partial<GpuView> = {}): GpuView {
  return { id: `${n}/${i}`, node: n, index: i, uuid: `GPU-${n}-${i}`, model: 'H100', zone: 'zone-a', pool: 'h100', health: 'healthy', ...extra };
}
function ev(id: string, time: number, extra: Partial<EventView> = {}): EventView {
  return { id, time, type: 'Normal', reason: 'R', message: 'm', object: { kind: 'Node', name: 'n' }, count: 1, ...extra };
}
function snapshot(seq = 10): ModelSnapshot {
  return { seq, at: 1000, nodes: [node('a')], gpus: [gpu('a', 0), gpu('a', 1)], workloads: [], events: [ev('e1', 1)], kpis, utilHistory: [{ t: 1, allocated: 0, unhealthy: 0 }] };
}

describe('renderer model: snapshot then deltas by seq', () => {
  it('a snapshot becomes Maps keyed by id', () => {
    const m = modelFromSnapshot(snapshot());
    expect(m.loaded).toBe(true);
    expect(m.nodes.get('a')?.name).toBe('a');
    expect([...m.gpus.keys()]).toEqual(['a/0', 'a/1']);
  });

  it('applies contiguous deltas in one batch, in seq order, even if they arrive out of order', () => {
    const m = modelFromSnapshot(snapshot(10));
    const d12: ModelDelta = { seq: 12, at: 1200, gpus: { upsert: [gpu('a', 1, { util: 90 })], remove: [] } };
    const d11: ModelDelta = { seq: 11, at: 1100, gpus: { upsert: [gpu('a', 1, { util: 50 })], remove: ['a/0'] }, nodes: { upsert: [node('b')], remove: [] } };
    const r = applyDeltas(m, [d12, d11]);
    expect(r.gap).toBe(false);
    expect(r.applied).toBe(2);
    expect(r.model.seq).toBe(12);
    expect(r.model.at).toBe(1200);
    expect(r.model.gpus.get('a/1')?.util).toBe(90);
    expect(r.model.gpus.has('a/0')).toBe(false);
    expect(r.model.nodes.has('b')).toBe(true);
  });

  it('gives a collection a new identity only when the batch changes it, and never mutates a view', () => {
    const m = modelFromSnapshot(snapshot(10));
    const before = m.gpus.get('a/0')!;
    const r = applyDeltas(m, [{ seq: 11, at: 0, gpus: { upsert: [gpu('a', 0, { util: 1 })], remove: [] } }]);
    expect(r.model.gpus).not.toBe(m.gpus);
    expect(r.model.nodes).toBe(m.nodes);
    expect(r.model.workloads).toBe(m.workloads);
    expect(r.model.gpus.get('a/0')?.util).toBe(1);
    expect(before.util).toBeUndefined();
    // No copying: the Maps are written in place (an old record reads today's entries).
    expect(m.gpus.get('a/0')).toBe(r.model.gpus.get('a/0'));
    expect(r.model.gpuChanges.since(m.gpuVersion)).toEqual(['a/0']);
  });

  it('merges telemetry columns of the snapshot and of deltas into complete GpuViews, by slot', () => {
    const s: ModelSnapshot = {
      ...snapshot(10),
      gpus: [gpu('a', 0), gpu('a', 1)],
      gpuMetrics: { slot: [4, 7], util: [10, null], tempC: [40, null], powerW: [300, null], fbUsedMiB: [1, null], fbFreeMiB: [2, null], smClockMHz: [1500, null] },
    };
    const m = modelFromSnapshot(s);
    expect(m.gpus.get('a/0')).toMatchObject({ util: 10, tempC: 40, powerW: 300, smClockMHz: 1500 });
    expect(m.gpus.get('a/1')?.util).toBeUndefined();
    const cols = (slot: number[], util: (number | null)[]) => ({ slot, util, tempC: util, powerW: util, fbUsedMiB: util, fbFreeMiB: util, smClockMHz: util });
    const r = applyDeltas(m, [
      { seq: 11, at: 0, gpuMetrics: cols([7, 4], [55, null]) },
      // a/0 goes; a new GPU b/0 takes its slot 4 (slots are reused) and gets metrics in the same delta.
      { seq: 12, at: 0, gpus: { upsert: [gpu('b', 0)], remove: ['a/0'] }, gpuSlots: [4], gpuMetrics: cols([4], [99]) },
      { seq: 13, at: 0, nodeUtil: { name: ['a', 'ghost'], utilAvg: [42, 1] } },
    ]);
    expect(r.applied).toBe(3);
    expect(r.model.gpus.get('a/1')).toMatchObject({ util: 55, tempC: 55, id: 'a/1', uuid: 'GPU-a-1' });
    expect(r.model.gpus.has('a/0')).toBe(false);
    expect(r.model.gpus.get('b/0')?.util).toBe(99);
    expect(r.model.nodes.get('a')?.utilAvg).toBe(42);
    expect(r.model.nodes.has('ghost')).toBe(false);
    expect(r.model.gpuSetVersion).toBe(m.gpuSetVersion + 1);
    expect(new Set(r.model.gpuChanges.since(m.gpuVersion))).toEqual(new Set(['a/1', 'a/0', 'b/0']));
  });

  it('the GPU change log forgets old batches: a reader that fell behind redraws everything', () => {
    const log = new ChangeLog(5, 100);
    log.record(['a', 'b']);
    log.record(['c', 'd', 'e']);
    expect(log.since(0)).toEqual(['a', 'b', 'c', 'd', 'e']);
    log.record(['f']);
    expect(log.since(0)).toBeUndefined();
    expect(log.since(1)).toEqual(['c', 'd', 'e', 'f']);
    expect(log.since(log.version)).toEqual([]);
  });

  it('skips deltas the snapshot already contains', () => {
    const m = modelFromSnapshot(snapshot(10));
    const r = applyDeltas(m, [{ seq: 9, at: 0, nodes: { upsert: [node('zzz')], remove: [] } }, { seq: 10, at: 0 }]);
    expect(r.applied).toBe(0);
    expect(r.model).toBe(m);
    expect(r.gap).toBe(false);
  });

  it('reports a gap (resubscribe) when a seq is missing, after applying what came before it', () => {
    const m = modelFromSnapshot(snapshot(10));
    const r = applyDeltas(m, [{ seq: 11, at: 0, kpis: { ...kpis, gpus: { ...kpis.gpus, allocated: 3 } } }, { seq: 13, at: 0 }]);
    expect(r.gap).toBe(true);
    expect(r.model.seq).toBe(11);
    expect(r.model.kpis?.gpus.allocated).toBe(3);
  });

  it('treats a source switch (seq jumps by 1000) as a gap', () => {
    const r = applyDeltas(modelFromSnapshot(snapshot(10)), [{ seq: 1011, at: 0 }]);
    expect(r.gap).toBe(true);
  });

  it('ignores deltas before the first snapshot', () => {
    const r = applyDeltas(emptyModel(), [{ seq: 1, at: 0 }]);
    expect(r.applied).toBe(0);
    expect(r.gap).toBe(false);
  });

  it('appends utilization points and caps the history', () => {
    let m = modelFromSnapshot(snapshot(0));
    const deltas: ModelDelta[] = [];
    for (let i = 1; i <= UTIL_HISTORY_SIZE + 5; i++) deltas.push({ seq: i, at: i, utilPoint: { t: i, allocated: i, unhealthy: 0 } });
    m = applyDeltas(m, deltas).model;
    expect(m.utilHistory).toHaveLength(UTIL_HISTORY_SIZE);
    expect(m.utilHistory[m.utilHistory.length - 1].t).toBe(UTIL_HISTORY_SIZE + 5);
  });

  it('keeps events newest first, replaces repeats by id (count bumps) and caps the ring', () => {
    const merged = mergeEvents([ev('a', 1), ev('b', 2)].reverse(), [ev('a', 5, { count: 2 }), ev('c', 3)], 10);
    expect(merged.map((e) => e.id)).toEqual(['a', 'c', 'b']);
    expect(merged[0].count).toBe(2);
    const many = Array.from({ length: EVENT_RING_SIZE + 10 }, (_, i) => ev(`x${i}`, i));
    expect(mergeEvents([], many, EVENT_RING_SIZE)).toHaveLength(EVENT_RING_SIZE);
  });
});
