/**
 * The renderer's copy of the model, and the pure functions that keep it in step with the
 * backend: a snapshot replaces it, deltas are applied in seq order, a gap asks for a new
 * snapshot. Maps are copied on write once per batch (not per delta), so a frame that applies
 * fifty deltas allocates one new Map per changed collection and React sees one change.
 */
import type { EventView, FleetKpis, GpuView, ModelDelta, ModelSnapshot, NodeView, Upserts, UtilPoint, WorkloadView } from '../../shared/views';

export const EVENT_RING_SIZE = 5000;
export const UTIL_HISTORY_SIZE = 1440;

export interface ModelData {
  loaded: boolean;
  seq: number;
  /** Source clock of the last applied snapshot/delta (ms epoch). */
  at: number;
  nodes: Map<string, NodeView>;
  gpus: Map<string, GpuView>;
  workloads: Map<string, WorkloadView>;
  /** Newest first, at most EVENT_RING_SIZE. */
  events: EventView[];
  kpis?: FleetKpis;
  utilHistory: UtilPoint[];
}

export function emptyModel(): ModelData {
  return { loaded: false, seq: -1, at: 0, nodes: new Map(), gpus: new Map(), workloads: new Map(), events: [], utilHistory: [] };
}

export function modelFromSnapshot(s: ModelSnapshot): ModelData {
  return {
    loaded: true,
    seq: s.seq,
    at: s.at,
    nodes: new Map(s.nodes.map((n) => [n.name, n])),
    gpus: new Map(s.gpus.map((g) => [g.id, g])),
    workloads: new Map(s.workloads.map((w) => [w.key, w])),
    events: mergeEvents([], s.events, EVENT_RING_SIZE),
    kpis: s.kpis,
    utilHistory: s.utilHistory.slice(-UTIL_HISTORY_SIZE),
  };
}

/** New events replace older copies with the same id (Kubernetes bumps `count`), newest first. */
export function mergeEvents(existing: EventView[], incoming: EventView[], cap: number): EventView[] {
  if (incoming.length === 0) return existing;
  const ids = new Set(incoming.map((e) => e.id));
  const fresh = [...incoming].sort((a, b) => b.time - a.time);
  const kept = existing.filter((e) => !ids.has(e.id));
  // Usually every incoming event is newer than all kept ones: concatenation keeps the order.
  const merged = kept.length && fresh.length && fresh[fresh.length - 1].time < kept[0].time
    ? [...fresh, ...kept].sort((a, b) => b.time - a.time)
    : [...fresh, ...kept];
  return merged.length > cap ? merged.slice(0, cap) : merged;
}

export interface ApplyResult {
  model: ModelData;
  /** A delta was missing: the caller must resubscribe. */
  gap: boolean;
  applied: number;
}

function applyUpserts<T>(target: Map<string, T> | undefined, source: Map<string, T>, u: Upserts<T> | undefined, key: (t: T) => string): Map<string, T> | undefined {
  if (!u || (u.upsert.length === 0 && u.remove.length === 0)) return target;
  const map = target ?? new Map(source);
  for (const id of u.remove) map.delete(id);
  for (const item of u.upsert) map.set(key(item), item);
  return map;
}

/**
 * Applies deltas in seq order. Deltas at or below the current seq are stale (they raced the
 * snapshot) and are skipped; a jump past seq + 1 is a gap and stops the batch.
 */
export function applyDeltas(model: ModelData, deltas: readonly ModelDelta[]): ApplyResult {
  if (!model.loaded || deltas.length === 0) return { model, gap: false, applied: 0 };
  const ordered = deltas.length > 1 ? [...deltas].sort((a, b) => a.seq - b.seq) : deltas;
  let nodes: Map<string, NodeView> | undefined;
  let gpus: Map<string, GpuView> | undefined;
  let workloads: Map<string, WorkloadView> | undefined;
  const newEvents: EventView[] = [];
  const newPoints: UtilPoint[] = [];
  let kpis = model.kpis;
  let seq = model.seq;
  let at = model.at;
  let applied = 0;
  let gap = false;
  for (const d of ordered) {
    if (d.seq <= seq) continue;
    if (d.seq !== seq + 1) { gap = true; break; }
    nodes = applyUpserts(nodes, model.nodes, d.nodes, (n) => n.name);
    gpus = applyUpserts(gpus, model.gpus, d.gpus, (g) => g.id);
    workloads = applyUpserts(workloads, model.workloads, d.workloads, (w) => w.key);
    if (d.events?.length) newEvents.push(...d.events);
    if (d.kpis) kpis = d.kpis;
    if (d.utilPoint) newPoints.push(d.utilPoint);
    seq = d.seq;
    at = d.at;
    applied++;
  }
  if (applied === 0) return { model, gap, applied };
  let utilHistory = model.utilHistory;
  if (newPoints.length) {
    utilHistory = [...utilHistory, ...newPoints];
    if (utilHistory.length > UTIL_HISTORY_SIZE) utilHistory = utilHistory.slice(-UTIL_HISTORY_SIZE);
  }
  return {
    model: {
      loaded: true,
      seq,
      at,
      nodes: nodes ?? model.nodes,
      gpus: gpus ?? model.gpus,
      workloads: workloads ?? model.workloads,
      events: mergeEvents(model.events, newEvents, EVENT_RING_SIZE),
      kpis,
      utilHistory,
    },
    gap,
    applied,
  };
}
