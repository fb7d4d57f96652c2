/**
 * The renderer's copy of the model, and the functions that keep it in step with the backend:
 * a snapshot replaces it, deltas are applied in seq order, a gap asks for a new snapshot.
 *
 * Cost model (16,000 GPUs, thousands of updates a second): the Maps are never copied. One
 * `LiveModel` per snapshot holds mutable Maps; deltas write into them. What the store holds is
 * a small `ModelData` record whose `nodes` / `gpus` / `workloads` are read-only *views* of
 * those Maps: a batch that changes a collection gives it a new view object (O(1)), so React
 * and zustand selectors still see "changed" by identity, and a batch that does not change it
 * keeps the old one (a table of workloads does not re-render for GPU telemetry). The price: a
 * ModelData is not a frozen past — an older view reads today's entries. Nothing keeps old ones.
 *
 * Views themselves stay immutable: a changed GpuView / NodeView is a new object, so
 * `s.model.gpus.get(id)` selectors re-render exactly when that GPU changed. Telemetry columns
 * (see ModelDelta.gpuMetrics) are merged into complete GpuViews here; `gpuChanges` records
 * which GPU ids each batch touched, so the GPU map repaints only those cells.
 */
import { decodeTable } from '../../shared/columnTable';
import type {
  EventView, FleetKpis, GpuMetricColumns, GpuView, ModelDelta, ModelSnapshot, NodeUtilColumns, NodeView, UtilPoint, WorkloadView,
} from '../../shared/views';

export const EVENT_RING_SIZE = 5000;
export const UTIL_HISTORY_SIZE = 1440;

/** Which GPU ids changed in each applied batch, for consumers that redraw incrementally. */
export class ChangeLog {
  private base = 0;
  private entries: string[][] = [];
  private total = 0;

  constructor(private readonly maxIds = 50_000, private readonly maxEntries = 600) {}

  /** Bumped once per recorded batch. */
  get version(): number {
    return this.base + this.entries.length;
  }

  record(ids: string[]): void {
    this.entries.push(ids);
    this.total += ids.length;
    while (this.entries.length > 1 && (this.total > this.maxIds || this.entries.length > this.maxEntries)) {
      this.total -= this.entries.shift()!.length;
      this.base++;
    }
  }

  /** Ids changed after `version` (may repeat), or undefined when the log no longer reaches back that far. */
  since(version: number): readonly string[] | undefined {
    const now = this.version;
    if (version === now) return [];
    if (version < this.base || version > now) return undefined;
    if (version === now - 1) return this.entries[this.entries.length - 1];
    return this.entries.slice(version - this.base).flat();
  }
}

/** A read-only window onto a Map that deltas keep writing: new object per change, no copying. */
export class MapView<V> implements ReadonlyMap<string, V> {
  constructor(private readonly map: Map<string, V>) {}
  get size(): number { return this.map.size; }
  get(key: string): V | undefined { return this.map.get(key); }
  has(key: string): boolean { return this.map.has(key); }
  keys(): MapIterator<string> { return this.map.keys(); }
  values(): MapIterator<V> { return this.map.values(); }
  entries(): MapIterator<[string, V]> { return this.map.entries(); }
  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    this.map.forEach((v, k) => fn.call(thisArg, v, k, this));
  }
  [Symbol.iterator](): MapIterator<[string, V]> { return this.map.entries(); }
}

/** The mutable state behind one subscription (one snapshot and the deltas after it). */
interface LiveModel {
  nodes: Map<string, NodeView>;
  gpus: Map<string, GpuView>;
  workloads: Map<string, WorkloadView>;
  /** GPU slot → id, and id → slot (telemetry columns name GPUs by slot). */
  slotIds: (string | undefined)[];
  idSlots: Map<string, number>;
  gpuChanges: ChangeLog;
}

export interface ModelData {
  loaded: boolean;
  seq: number;
  /** Source clock of the last applied snapshot/delta (ms epoch). */
  at: number;
  nodes: ReadonlyMap<string, NodeView>;
  gpus: ReadonlyMap<string, GpuView>;
  workloads: ReadonlyMap<string, WorkloadView>;
  /** Newest first, at most EVENT_RING_SIZE. */
  events: EventView[];
  kpis?: FleetKpis;
  utilHistory: UtilPoint[];
  /** Which GPUs changed, batch by batch; a new object after each snapshot. */
  gpuChanges: ChangeLog;
  /** gpuChanges.version when this record was made (a primitive to select on). */
  gpuVersion: number;
  /** Bumped when GPUs are added or removed (the GPU map's layout may change). */
  gpuSetVersion: number;
  /** @internal the Maps the views above read. */
  live: LiveModel;
}

function newLive(): LiveModel {
  return { nodes: new Map(), gpus: new Map(), workloads: new Map(), slotIds: [], idSlots: new Map(), gpuChanges: new ChangeLog() };
}

function dataOf(live: LiveModel, loaded: boolean, seq: number, at: number): ModelData {
  return {
    loaded, seq, at,
    nodes: new MapView(live.nodes), gpus: new MapView(live.gpus), workloads: new MapView(live.workloads),
    events: [], utilHistory: [],
    gpuChanges: live.gpuChanges, gpuVersion: live.gpuChanges.version, gpuSetVersion: 0, live,
  };
}

export function emptyModel(): ModelData {
  return dataOf(newLive(), false, -1, 0);
}

function bindSlot(live: LiveModel, id: string, slot: number): void {
  const prev = live.idSlots.get(id);
  if (prev === slot) return;
  if (prev !== undefined && live.slotIds[prev] === id) live.slotIds[prev] = undefined;
  const other = live.slotIds[slot];
  if (other !== undefined && other !== id && live.idSlots.get(other) === slot) live.idSlots.delete(other);
  live.slotIds[slot] = id;
  live.idSlots.set(id, slot);
}

function unbindSlot(live: LiveModel, id: string): void {
  const slot = live.idSlots.get(id);
  if (slot === undefined) return;
  live.idSlots.delete(id);
  if (live.slotIds[slot] === id) live.slotIds[slot] = undefined;
}

function num(col: readonly (number | null)[] | undefined, r: number): number | undefined {
  const x = col?.[r];
  return typeof x === 'number' ? x : undefined;
}

/** A GpuView with row `r` of the columns as its telemetry (null → no value). Runs 16,000 times per snapshot. */
function withTelemetry(g: GpuView, cols: GpuMetricColumns, r: number): GpuView {
  return {
    ...g,
    util: num(cols.util, r),
    tempC: num(cols.tempC, r),
    powerW: num(cols.powerW, r),
    fbUsedMiB: num(cols.fbUsedMiB, r),
    fbFreeMiB: num(cols.fbFreeMiB, r),
    smClockMHz: num(cols.smClockMHz, r),
  };
}

/** Writes row `r` of the columns into a GpuView this code owns (just decoded). */
function setTelemetry(g: GpuView, cols: GpuMetricColumns, r: number): void {
  g.util = num(cols.util, r);
  g.tempC = num(cols.tempC, r);
  g.powerW = num(cols.powerW, r);
  g.fbUsedMiB = num(cols.fbUsedMiB, r);
  g.fbFreeMiB = num(cols.fbFreeMiB, r);
  g.smClockMHz = num(cols.smClockMHz, r);
}

function applyGpuMetrics(live: LiveModel, cols: GpuMetricColumns, changed: string[]): void {
  const slots = cols.slot;
  if (!Array.isArray(slots)) return;
  for (let r = 0; r < slots.length; r++) {
    const id = live.slotIds[slots[r]];
    const g = id === undefined ? undefined : live.gpus.get(id);
    if (!g) continue;
    live.gpus.set(id!, withTelemetry(g, cols, r));
    changed.push(id!);
  }
}

function applyNodeUtil(live: LiveModel, u: NodeUtilColumns): boolean {
  let any = false;
  const names = u.name;
  if (!Array.isArray(names)) return false;
  for (let i = 0; i < names.length; i++) {
    const n = live.nodes.get(names[i]);
    if (!n) continue;
    const x = u.utilAvg[i];
    live.nodes.set(names[i], { ...n, utilAvg: typeof x === 'number' ? x : undefined });
    any = true;
  }
  return any;
}

export function modelFromSnapshot(s: ModelSnapshot): ModelData {
  const live = newLive();
  for (const n of s.nodes) live.nodes.set(n.name, n);
  if (s.nodeTable) for (const n of decodeTable<NodeView>(s.nodeTable)) if (typeof n.name === 'string') live.nodes.set(n.name, n);
  const cols = s.gpuMetrics;
  if (s.gpuTable) {
    // The wire form: fresh objects from the table, so telemetry is written into them directly.
    const gpus = decodeTable<GpuView>(s.gpuTable);
    for (let i = 0; i < gpus.length; i++) {
      const g = gpus[i];
      if (typeof g.id !== 'string') continue;
      if (cols) {
        setTelemetry(g, cols, i);
        bindSlot(live, g.id, cols.slot[i]);
      }
      live.gpus.set(g.id, g);
    }
  }
  for (let i = 0; i < s.gpus.length; i++) {
    const g = s.gpus[i];
    if (cols && !s.gpuTable) {
      live.gpus.set(g.id, withTelemetry(g, cols, i));
      bindSlot(live, g.id, cols.slot[i]);
    } else live.gpus.set(g.id, g);
  }
  for (const w of s.workloads) live.workloads.set(w.key, w);
  return {
    ...dataOf(live, true, s.seq, s.at),
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

/**
 * Applies deltas in seq order, writing into the model's Maps. Deltas at or below the current
 * seq are stale (they raced the snapshot) and are skipped; a jump past seq + 1 is a gap and
 * stops the batch. Within a delta: removes, upserts (binding GPU slots), then telemetry.
 */
export function applyDeltas(model: ModelData, deltas: readonly ModelDelta[]): ApplyResult {
  if (!model.loaded || deltas.length === 0) return { model, gap: false, applied: 0 };
  const ordered = deltas.length > 1 ? [...deltas].sort((a, b) => a.seq - b.seq) : deltas;
  const live = model.live;
  let nodesChanged = false;
  let workloadsChanged = false;
  let gpuSetChanged = false;
  const changedGpus: string[] = [];
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
    if (d.nodes) {
      for (const k of d.nodes.remove) nodesChanged = live.nodes.delete(k) || nodesChanged;
      for (const n of d.nodes.upsert) live.nodes.set(n.name, n);
      if (d.nodes.upsert.length > 0) nodesChanged = true;
    }
    if (d.gpus) {
      for (const id of d.gpus.remove) {
        if (live.gpus.delete(id)) {
          gpuSetChanged = true;
          changedGpus.push(id);
        }
        unbindSlot(live, id);
      }
      const slots = d.gpuSlots;
      for (let i = 0; i < d.gpus.upsert.length; i++) {
        const g = d.gpus.upsert[i];
        if (!live.gpus.has(g.id)) gpuSetChanged = true;
        live.gpus.set(g.id, g);
        if (slots && typeof slots[i] === 'number') bindSlot(live, g.id, slots[i]);
        changedGpus.push(g.id);
      }
    }
    if (d.workloads) {
      for (const k of d.workloads.remove) workloadsChanged = live.workloads.delete(k) || workloadsChanged;
      for (const w of d.workloads.upsert) live.workloads.set(w.key, w);
      if (d.workloads.upsert.length > 0) workloadsChanged = true;
    }
    if (d.gpuMetrics) applyGpuMetrics(live, d.gpuMetrics, changedGpus);
    if (d.nodeUtil && applyNodeUtil(live, d.nodeUtil)) nodesChanged = true;
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
  if (changedGpus.length > 0) live.gpuChanges.record(changedGpus);
  return {
    model: {
      ...model,
      seq,
      at,
      nodes: nodesChanged ? new MapView(live.nodes) : model.nodes,
      gpus: changedGpus.length > 0 ? new MapView(live.gpus) : model.gpus,
      workloads: workloadsChanged ? new MapView(live.workloads) : model.workloads,
      events: mergeEvents(model.events, newEvents, EVENT_RING_SIZE),
      kpis,
      utilHistory,
      gpuVersion: live.gpuChanges.version,
      gpuSetVersion: gpuSetChanged ? model.gpuSetVersion + 1 : model.gpuSetVersion,
    },
    gap,
    applied,
  };
}
