/**
 * ClusterModel: Kubernetes objects + DCGM samples → the views the console shows, kept up to
 * date incrementally (see README.md in this folder for the design and measurements).
 *
 * Event path (onEvents/onMetrics) — O(affected entities), no allocation-heavy work:
 *   1. read the object's few facts (podFacts, nodeFacts, workloadFacts);
 *   2. move it in the indexes and adjust running totals by subtracting the old facts and adding
 *      the new (node allocation, namespace/workload GPUs, KPI counters);
 *   3. mark the affected node/GPU/workload views stale and record their keys for the delta.
 * View path (takeDelta/snapshot/readers): rebuild only stale views, from the indexes.
 */
import type {
  CoreV1Event, KindMap, KubeObject, KueueWorkload, ResourceKind, V1Node, V1Pod, V1PodDisruptionBudget, V1Service, WatchEvent,
} from '../k8s/objects';
import { objectKey } from '../k8s/objects';
import type { DcgmSample } from '../sources/dcgm';
import type {
  EventView, FleetKpis, GpuDetail, GpuView, ModelDelta, ModelSnapshot, NodeDetail, NodeView, PodKey, PodView, QueueView, WorkloadDetail, WorkloadKey, WorkloadView,
} from '../../../shared/views';
import { encodeTable } from '../../../shared/columnTable';
import type { ClusterModelApi, InferencePair } from './modelApi';
import { DeltaTracker } from './deltaTracker';
import { EventLog, eventViewOf, EVENT_LOG_CAPACITY } from './eventLog';
import { FleetCounters, KPI_TOP_N } from './fleetKpis';
import { assignGpus } from './gpuAllocation';
import { assignGpuHealth, gpuCoreViewOf, newGpuState, type GpuState } from './gpuView';
import { InferencePairs, servicePairOf } from './inferencePairs';
import { admissionFacts, sameQueue, type AdmissionFacts } from './kueueAdmission';
import { parseCount, stringMap } from './kubeValues';
import { selectorMatches } from './labelSelector';
import { FleetHistory, GpuHistory } from './metricHistory';
import { parseXidReport } from './xidEvents';
import { applySample, clearSampleValues } from './gpuSamples';
import { nodeContribution, nodeFacts, nodeViewOf, UTIL_SCALE, ZERO_CONTRIBUTION, type NodeContribution, type NodeState } from './nodeView';
import {
  newGpuMetricColumns, pushGpuMetricRow, refreshShownTelemetry, refreshShownUtil, sameGpuStructure, sameJson, sameNodeStructure, withTelemetry,
} from './telemetry';
import { isNamespaced, keyOf, ObjectIndex } from './objectIndex';
import { heldGpus, podFacts, podViewOf, type PodFacts } from './podFacts';
import { workloadFacts, type WorkloadKind, type WorkloadObject } from './workloadFacts';
import {
  addTimeline, buildWorkloadView, newWorkloadState, noteObjectChange, timeSignature, type WorkloadContext, type WorkloadState,
} from './workloadView';

export interface ClusterModelOptions {
  /** The source clock, ms epoch. */
  now: () => number;
  /** Events kept in the ring (default 5,000). */
  eventCapacity?: number;
  /** Events a snapshot carries, newest (default 1,000; the rest via recentEvents). */
  snapshotEvents?: number;
  /** Rows in the KPI byNamespace/byWorkload tables (default 20). */
  kpiTopN?: number;
  /** GPU metric history: points per GPU and minimum source time between points. */
  gpuHistoryPoints?: number;
  gpuHistoryStepMs?: number;
}

export interface SnapshotOptions {
  /**
   * The wire form: nodes and GPUs (without telemetry) as column tables in `nodeTable` and
   * `gpuTable`, GPU telemetry in `gpuMetrics`; `nodes` and `gpus` left empty.
   */
  wire?: boolean;
}

export interface DeltaOptions {
  /** Include the pending telemetry columns (default true); false leaves them coalescing. */
  telemetry?: boolean;
}

/** Kubernetes deletes Events after an hour; this caps what we hold if a source never does. */
const MAX_EVENT_OBJECTS = 20_000;
const XID_HISTORY = 20;

export class ClusterModel implements ClusterModelApi {
  private readonly clock: () => number;
  private readonly index = new ObjectIndex();
  private readonly nodeStates = new Map<string, NodeState>();
  private readonly gpuStates = new Map<string, GpuState>();
  private readonly workloadStates = new Map<string, WorkloadState>();
  private readonly pairs = new InferencePairs();
  private readonly counters = new FleetCounters();
  private readonly tracker = new DeltaTracker();
  private readonly eventLog: EventLog;
  private readonly history: GpuHistory;
  private readonly fleetHistory = new FleetHistory();
  private readonly xidHistory = new Map<string, { t: number; code: number }[]>();
  /** Highest SM clock seen per GPU model (the throttling reference). */
  private readonly peakClock = new Map<string, number>();
  private readonly allocationDirty = new Set<string>();
  private readonly contributionDirty = new Set<NodeState>();
  /** Nodes whose utilization sums moved: their published utilAvg may need republishing. */
  private readonly utilDirty = new Set<NodeState>();
  private readonly snapshotEvents: number;
  private readonly kpiTopN: number;
  private kpiCache: FleetKpis | undefined;
  /** The KPIs the last delta carried (a node heartbeat re-derives them without changing them). */
  private sentKpis: FleetKpis | undefined;
  /** The workload views the deltas last carried (to tell a clock-driven refresh from a health change). */
  private readonly sentWorkloads = new Map<string, WorkloadView>();
  private metricsBatch = 0;
  private readonly scratch: GpuState[] = [];
  private readonly peakOf = (model: string): number => this.peakClock.get(model) ?? 0;
  private readonly ctx: WorkloadContext;
  /**
   * Raw owner keys folded into a parent job: a JobSet's child Jobs, a RayJob's RayCluster and
   * submitter Job. `folds` maps each to its parent (applied while the parent exists),
   * `foldedInto` the reverse, `foldOf` the fold each workload object declared (to undo it).
   */
  private readonly folds = new Map<string, string>();
  private readonly foldedInto = new Map<string, Set<string>>();
  private readonly foldOf = new Map<string, { raw: string; parent: string }>();
  /** Kueue Workloads by object key, and the admission shown on each job (the last one written). */
  private readonly admissions = new Map<string, AdmissionFacts>();
  private readonly queueByOwner = new Map<string, { from: string; queue: QueueView }>();

  constructor(opts: ClusterModelOptions) {
    this.clock = opts.now;
    this.eventLog = new EventLog(opts.eventCapacity ?? EVENT_LOG_CAPACITY);
    this.history = new GpuHistory(opts.gpuHistoryPoints, opts.gpuHistoryStepMs);
    this.snapshotEvents = opts.snapshotEvents ?? 1000;
    this.kpiTopN = opts.kpiTopN ?? KPI_TOP_N;
    this.ctx = {
      now: this.clock,
      podsOf: (owner) => this.podFactsOfOwner(owner),
      zoneOf: (node) => this.nodeStates.get(node)?.zone,
      gpusOfPod: (p) => this.gpusHeldBy(p),
      pair: (key) => this.pairs.ofDeployment(key),
      stateOf: (key) => this.workloadStates.get(key),
      foldedOwners: (key) => this.foldedInto.get(key) ?? [],
      queueOf: (key) => this.queueByOwner.get(key)?.queue,
    };
  }

  // ───────────────────────────── SourceSink ─────────────────────────────

  onSync(kind: ResourceKind, objects: KubeObject[]): void {
    // Not a list at all: a broken source, not "zero objects" — keep what we have.
    if (!Array.isArray(objects) || !this.index.has(kind)) return;
    const list = objects;
    const hadAny = this.index.size(kind) > 0;
    const seen = hadAny ? new Set<string>() : undefined;
    const ordered = kind === 'Event' ? [...list].sort((a, b) => eventTime(a as CoreV1Event) - eventTime(b as CoreV1Event)) : list;
    for (const obj of ordered) {
      try {
        const key = keyOf(kind, obj);
        if (key === undefined) continue;
        seen?.add(key);
        this.upsert(kind, obj, key);
      } catch {
        // A malformed object is skipped; the rest of the list still applies.
      }
    }
    if (seen) {
      const gone: string[] = [];
      for (const key of this.index.keys(kind)) if (!seen.has(key)) gone.push(key);
      for (const key of gone) this.remove(kind, key);
    }
  }

  onEvents(events: WatchEvent[]): void {
    if (!Array.isArray(events)) return;
    for (const ev of events) {
      try {
        if (!ev || !this.index.has(ev.kind)) continue;
        const key = keyOf(ev.kind, ev.object);
        if (key === undefined) continue;
        if (ev.type === 'DELETED') this.remove(ev.kind, key);
        else this.upsert(ev.kind, ev.object, key);
      } catch {
        // Never let one bad object stop the stream.
      }
    }
  }

  onMetrics(samples: DcgmSample[], at: number): void {
    if (!Array.isArray(samples)) return;
    if (!Number.isFinite(at)) at = this.clock();
    const batch = ++this.metricsBatch;
    const sampled: NodeState[] = [];
    const touched: NodeState[] = [];
    const touch = (n: NodeState) => {
      if (n.touched !== batch) {
        n.touched = batch;
        touched.push(n);
      }
    };
    let utilChanged = false;
    for (const s of samples) {
      const l = s?.labels;
      if (!l) continue;
      const n = this.nodeStates.get(l.Hostname);
      if (!n) continue;
      const idx = parseCount(l.gpu);
      const g = idx === undefined ? undefined : n.gpus[idx];
      if (!g) continue;
      if (n.sampled !== batch) {
        n.sampled = batch;
        sampled.push(n);
      }
      g.seenBatch = batch;
      const c = applySample(g, s, at);
      if (c.utilChanged) {
        this.addUtil(n, c.utilBefore, -1);
        this.addUtil(n, g.util, 1);
        utilChanged = true;
      }
      if (c.xid !== undefined) this.recordXid(g, c.xid, at);
      if (g.smClock > 0 && g.smClock > this.peakOf(g.modelName)) this.peakClock.set(g.modelName, g.smClock);
      if (c.holderChanged) {
        n.allocationDirty = true;
        this.allocationDirty.add(n.name);
      }
      this.history.push(g.slot, at, g.util, g.temp, g.power, g.fbUsed);
      if (c.changed) {
        // Labels and XIDs are structure; values are telemetry, sent only if what shows changed.
        if (c.structural) {
          this.invalidateGpu(g);
          this.invalidateNode(n); // the node's GPU model comes from the labels
        }
        if (refreshShownTelemetry(g)) this.telemetryChanged(g);
        touch(n); // raw values decide health (hot, throttled)
      }
    }
    // dcgm-exporter lists every GPU DCGM can see: one missing while its siblings report has
    // dropped out (a GPU that fell off the bus has no sample). Its metrics are now unknown.
    for (const n of sampled) {
      for (const g of n.gpus) {
        if (g.seenBatch === batch || g.absent) continue;
        g.absent = true;
        if (this.clearMetrics(n, g)) utilChanged = true;
        if (refreshShownTelemetry(g)) this.telemetryChanged(g);
        if (g.dcgmPod !== undefined) {
          g.dcgmPod = undefined;
          n.allocationDirty = true;
          this.allocationDirty.add(n.name);
        }
        touch(n);
      }
    }
    // Health (and with it the node's view) changes only if a rule's outcome did.
    for (const n of touched) this.refreshGpuHealth(n);
    this.flushUtil();
    if (utilChanged) this.kpisChanged();
  }

  // ───────────────────────────── tick ─────────────────────────────

  tick(now: number): void {
    if (!Number.isFinite(now)) return;
    for (const ws of this.workloadStates.values()) {
      if (!ws.listed || ws.facts.kind === 'Deployment' || ws.view === undefined) continue;
      if (timeSignature(ws, now) === ws.timeSig) continue;
      // Clock-driven: refreshed with the telemetry, unless takeDelta finds the health moved.
      ws.view = undefined;
      if (!this.tracker.workloads.upsert.has(ws.key)) this.tracker.workloadsTimed.add(ws.key);
    }
    if (this.fleetHistory.due(now)) {
      this.applyContributions();
      const p = { t: now, util: this.counters.utilizationAvg(), allocated: this.counters.gpuAllocated, unhealthy: this.counters.gpuUnhealthy };
      this.fleetHistory.push(p);
      this.tracker.utilPoint = p;
    }
  }

  // ───────────────────────────── snapshot / delta ─────────────────────────────

  /**
   * Every view as of now. Does not consume pending changes: a backend that already streams
   * deltas calls takeDelta() first, so the snapshot matches the last delta's seq.
   */
  snapshot(opts: SnapshotOptions = {}): ModelSnapshot {
    this.flush();
    const nodes: NodeView[] = [];
    const gpus: GpuView[] = [];
    const columns = opts.wire ? newGpuMetricColumns() : undefined;
    for (const n of this.nodeStates.values()) {
      nodes.push(this.nodeView(n));
      for (const g of n.gpus) {
        if (columns) {
          gpus.push(this.gpuCore(n, g));
          pushGpuMetricRow(columns, g);
        } else gpus.push(this.gpuView(n, g));
      }
    }
    const snap: ModelSnapshot = {
      seq: 0,
      at: this.clock(),
      nodes: columns ? [] : nodes,
      gpus: columns ? [] : gpus,
      workloads: [...this.workloads()],
      events: this.eventLog.chronological(this.snapshotEvents),
      kpis: this.kpis(),
      utilHistory: this.fleetHistory.points(),
    };
    if (columns) {
      snap.nodeTable = encodeTable(nodes);
      snap.gpuTable = encodeTable(gpus);
      snap.gpuMetrics = columns;
    }
    return snap;
  }

  /**
   * Structural changes as whole views (skipping views equal to what the last delta carried),
   * and — unless `telemetry: false` — telemetry columns for the GPUs and nodes whose displayed
   * values changed. Telemetry not taken keeps coalescing for a later call.
   */
  takeDelta(opts: DeltaOptions = {}): Omit<ModelDelta, 'seq' | 'at'> | null {
    const t = this.tracker;
    const telemetry = opts.telemetry ?? true;
    if (t.structuralEmpty && t.workloadsTimed.size === 0 && (!telemetry || t.telemetryEmpty)) return null;
    this.flush();
    const out: Omit<ModelDelta, 'seq' | 'at'> = {};
    if (!t.nodes.empty) {
      const upsert: NodeView[] = [];
      for (const k of t.nodes.upsert) {
        const n = this.nodeStates.get(k);
        if (!n) continue;
        const v = this.nodeView(n);
        if (n.sent !== undefined && sameNodeStructure(v, n.sent)) continue;
        n.sent = v;
        upsert.push(v);
      }
      if (upsert.length > 0 || t.nodes.remove.size > 0) out.nodes = { upsert, remove: [...t.nodes.remove] };
    }
    if (!t.gpus.empty) {
      const upsert: GpuView[] = [];
      const slots: number[] = [];
      for (const id of t.gpus.upsert) {
        const g = this.gpuStates.get(id);
        if (!g) continue;
        const v = this.gpuView(this.nodeStates.get(g.node)!, g);
        if (g.sent !== undefined && sameGpuStructure(v, g.sent)) continue;
        g.sent = v;
        upsert.push(v);
        slots.push(g.slot);
      }
      if (upsert.length > 0 || t.gpus.remove.size > 0) {
        out.gpus = { upsert, remove: [...t.gpus.remove] };
        if (slots.length > 0) out.gpuSlots = slots;
      }
    }
    if (!t.workloads.empty || t.workloadsTimed.size > 0) {
      const upsert: WorkloadView[] = [];
      for (const k of t.workloads.upsert) {
        const ws = this.workloadStates.get(k);
        if (!ws?.listed) continue;
        const v = this.workloadView(ws);
        upsert.push(v);
        this.sentWorkloads.set(k, v);
        t.workloadsTimed.delete(k);
      }
      for (const k of t.workloads.remove) this.sentWorkloads.delete(k);
      for (const k of t.workloadsTimed) {
        const ws = this.workloadStates.get(k);
        if (!ws?.listed) {
          t.workloadsTimed.delete(k);
          continue;
        }
        const v = this.workloadView(ws);
        const sent = this.sentWorkloads.get(k);
        // Only the clock moved it: wait for the telemetry cadence unless its health changed.
        if (!telemetry && sent !== undefined && sent.health === v.health) continue;
        upsert.push(v);
        this.sentWorkloads.set(k, v);
        t.workloadsTimed.delete(k);
      }
      if (upsert.length > 0 || t.workloads.remove.size > 0) out.workloads = { upsert, remove: [...t.workloads.remove] };
    }
    if (t.events.length > 0) out.events = t.events;
    if (t.kpis) {
      const k = this.kpis();
      if (!this.sentKpis || !sameJson(k, this.sentKpis)) out.kpis = this.sentKpis = k;
    }
    if (t.utilPoint) out.utilPoint = t.utilPoint;
    if (telemetry) {
      if (t.gpuMetrics.size > 0) {
        const cols = newGpuMetricColumns();
        for (const id of t.gpuMetrics) {
          const g = this.gpuStates.get(id);
          if (g) pushGpuMetricRow(cols, g);
        }
        if (cols.slot.length > 0) out.gpuMetrics = cols;
      }
      if (t.nodeUtil.size > 0) {
        const name: string[] = [];
        const utilAvg: (number | null)[] = [];
        for (const k of t.nodeUtil) {
          const n = this.nodeStates.get(k);
          if (!n) continue;
          name.push(k);
          utilAvg.push(Number.isNaN(n.utilShown) ? null : n.utilShown);
        }
        if (name.length > 0) out.nodeUtil = { name, utilAvg };
      }
      t.clearTelemetry();
    }
    t.clearStructural();
    return Object.keys(out).length > 0 ? out : null;
  }

  // ───────────────────────────── ModelReader ─────────────────────────────

  now(): number {
    return this.clock();
  }

  object<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    return this.index.get(kind, isNamespaced(kind) ? objectKey(namespace || 'default', name) : name);
  }

  list<K extends ResourceKind>(kind: K): Iterable<KindMap[K]> {
    return this.index.values(kind);
  }

  node(name: string): NodeView | undefined {
    const n = this.nodeStates.get(name);
    return n ? this.nodeView(n) : undefined;
  }

  nodeObject(name: string): V1Node | undefined {
    return this.nodeStates.get(name)?.obj;
  }

  *nodes(): Iterable<NodeView> {
    for (const n of this.nodeStates.values()) yield this.nodeView(n);
  }

  gpu(id: string): GpuView | undefined {
    const g = this.gpuStates.get(id);
    return g ? this.gpuView(this.nodeStates.get(g.node)!, g) : undefined;
  }

  gpusOfNode(name: string): GpuView[] {
    const n = this.nodeStates.get(name);
    return n ? n.gpus.map((g) => this.gpuView(n, g)) : [];
  }

  pod(key: PodKey): V1Pod | undefined {
    return this.index.pods.get(key)?.obj;
  }

  podView(key: PodKey): PodView | undefined {
    const f = this.index.pods.get(key);
    return f ? podViewOf(f, this.workloadOfFacts(f)) : undefined;
  }

  podsOnNode(name: string): V1Pod[] {
    const np = this.index.nodePods(name);
    const out: V1Pod[] = [];
    if (np) for (const k of np.keys) out.push(this.index.pods.get(k)!.obj);
    return out;
  }

  workload(key: WorkloadKey): WorkloadView | undefined {
    const ws = this.workloadStates.get(key);
    return ws?.listed ? this.workloadView(ws) : undefined;
  }

  *workloads(): Iterable<WorkloadView> {
    for (const ws of this.workloadStates.values()) if (ws.listed) yield this.workloadView(ws);
  }

  workloadObject(key: WorkloadKey): WorkloadObject | undefined {
    return this.workloadStates.get(key)?.obj;
  }

  podsOfWorkload(key: WorkloadKey): V1Pod[] {
    const out: V1Pod[] = [];
    for (const owner of this.ownersOf(key)) for (const f of this.podFactsOfOwner(owner)) out.push(f.obj);
    return out;
  }

  workloadOfPod(key: PodKey): WorkloadKey | undefined {
    const f = this.index.pods.get(key);
    return f ? this.workloadOfFacts(f) : undefined;
  }

  pdbsForPod(pod: V1Pod): V1PodDisruptionBudget[] {
    const meta = pod?.metadata;
    const ns = typeof meta?.namespace === 'string' && meta.namespace ? meta.namespace : 'default';
    const labels = stringMap(meta?.labels);
    const out: V1PodDisruptionBudget[] = [];
    for (const pdb of this.index.pdbsIn(ns)) if (selectorMatches(pdb.spec?.selector, labels)) out.push(pdb);
    return out;
  }

  inferencePair(key: WorkloadKey): InferencePair | undefined {
    const d = this.pairs.ofDeployment(key);
    if (!d || d.role !== 'primary') return undefined;
    const ns = d.pair.namespace;
    const service = this.index.get('Service', d.pair.service);
    const primary = this.index.get('Deployment', `${ns}/${d.pair.primary}`);
    if (!service || !primary) return undefined;
    const standby = d.pair.standby ? this.index.get('Deployment', `${ns}/${d.pair.standby}`) : undefined;
    return { service, primary, standby, activeRole: d.pair.activeRole };
  }

  kpis(): FleetKpis {
    this.flushWorkloads();
    this.applyContributions();
    if (!this.kpiCache) this.kpiCache = this.counters.materialize((owner) => this.listedKey(owner), this.kpiTopN);
    return this.kpiCache;
  }

  /** Newest first. */
  recentEvents(limit: number, filter?: { kind?: string; namespace?: string; name?: string }): EventView[] {
    return this.eventLog.recent(limit, filter);
  }

  nodeDetail(name: string): NodeDetail | undefined {
    const n = this.nodeStates.get(name);
    if (!n) return undefined;
    const np = this.index.nodePods(name);
    const pods: PodView[] = [];
    if (np) for (const k of np.keys) pods.push(podViewOf(this.index.pods.get(k)!, this.workloadOfFacts(this.index.pods.get(k)!)));
    pods.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const events = this.eventLog.recent(200, undefined, (ev) =>
      (ev.object.kind === 'Node' && ev.object.name === name) ||
      (ev.object.kind === 'Pod' && np !== undefined && np.keys.has(`${ev.object.namespace ?? 'default'}/${ev.object.name}`)));
    return { node: this.nodeView(n), gpus: this.gpusOfNode(name), pods, events };
  }

  gpuDetail(id: string): GpuDetail | undefined {
    const gpu = this.gpu(id);
    if (!gpu) return undefined;
    const g = this.gpuStates.get(id)!;
    return {
      gpu,
      series: this.history.series(g.slot),
      xidHistory: [...(this.xidHistory.get(id) ?? [])],
      pod: gpu.pod ? this.podView(gpu.pod) : undefined,
    };
  }

  workloadDetail(key: WorkloadKey): WorkloadDetail | undefined {
    const ws = this.workloadStates.get(key);
    if (!ws?.listed) return undefined;
    const workload = this.workloadView(ws);
    const pods: PodView[] = [];
    const podNames = new Set<string>();
    const objectNames = new Set<string>([`${ws.facts.kind}/${ws.facts.namespace}/${ws.facts.name}`]);
    for (const owner of this.ownersOf(key)) {
      objectNames.add(owner);
      for (const f of this.podFactsOfOwner(owner)) {
        pods.push(podViewOf(f, key));
        podNames.add(f.key);
      }
    }
    pods.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const events = this.eventLog.recent(300, undefined, (ev) => {
      const ns = ev.object.namespace ?? 'default';
      return ev.object.kind === 'Pod' ? podNames.has(`${ns}/${ev.object.name}`) : objectNames.has(`${ev.object.kind}/${ns}/${ev.object.name}`);
    });
    const timeline: WorkloadDetail['timeline'] = [...ws.timeline];
    for (const owner of this.ownersOf(key)) {
      if (owner !== key) timeline.push(...(this.workloadStates.get(owner)?.timeline ?? []));
    }
    for (const ev of events) timeline.push({ t: ev.time, kind: 'event', text: `${ev.reason}: ${ev.message}` });
    timeline.sort((a, b) => a.t - b.t);
    return { workload, pods, throughput: ws.throughput?.points() ?? [], timeline };
  }

  // ───────────────────────────── object dispatch ─────────────────────────────

  private upsert(kind: ResourceKind, obj: KubeObject, key: string): void {
    switch (kind) {
      case 'Pod': return this.upsertPod(obj as V1Pod, key);
      case 'Node': return this.upsertNode(obj as V1Node, key);
      case 'PyTorchJob':
      case 'Job':
      case 'Deployment':
      case 'JobSet':
      case 'VolcanoJob':
      case 'RayJob': return this.upsertWorkload(kind, obj as WorkloadObject, key);
      case 'KueueWorkload': return this.upsertAdmission(obj as KueueWorkload, key);
      case 'Service': return this.upsertService(obj as V1Service, key);
      case 'Event': return this.upsertEvent(obj as CoreV1Event, key);
      case 'PodDisruptionBudget': this.index.set(kind, key, obj); return;
    }
  }

  private remove(kind: ResourceKind, key: string): void {
    switch (kind) {
      case 'Pod': {
        const prev = this.index.removePod(key);
        if (prev) this.podChanged(prev, undefined);
        return;
      }
      case 'Node': return this.removeNode(key);
      case 'PyTorchJob':
      case 'Job':
      case 'Deployment':
      case 'JobSet':
      case 'VolcanoJob':
      case 'RayJob': return this.removeWorkload(kind, key);
      case 'KueueWorkload': return this.removeAdmission(key);
      case 'Service':
        if (this.index.delete(kind, key)) this.applyPair(key, undefined);
        return;
      case 'Event':
      case 'PodDisruptionBudget':
        this.index.delete(kind, key);
        return;
    }
  }

  // ───────────────────────────── pods ─────────────────────────────

  private upsertPod(pod: V1Pod, key: string): void {
    const f = podFacts(pod, key);
    if (!f) return;
    const prev = this.index.putPod(f);
    this.podChanged(prev, f);
  }

  private podChanged(prev: PodFacts | undefined, next: PodFacts | undefined): void {
    if (prev && next && samePodFacts(prev, next)) return;
    const prevHeld = prev ? heldGpus(prev) : 0;
    const nextHeld = next ? heldGpus(next) : 0;
    if (prevHeld !== 0) this.counters.applyPodGpus(prev!.namespace, prev!.owner, -prevHeld);
    if (nextHeld !== 0) this.counters.applyPodGpus(next!.namespace, next!.owner, nextHeld);
    if (prevHeld !== 0 || nextHeld !== 0) this.kpisChanged();

    // Node views count non-terminated pods and their GPUs; readiness and restarts do not show there.
    const nodeMoved = !prev || !next || prev.node !== next.node || prev.active !== next.active || prev.gpus !== next.gpus;
    if (nodeMoved) {
      if (prev?.node !== undefined) this.podOnNodeChanged(prev.node, prev.gpus > 0 || (next?.node === prev.node && next.gpus > 0));
      if (next?.node !== undefined && next.node !== prev?.node) this.podOnNodeChanged(next.node, next.gpus > 0);
    }

    if (prev?.owner !== undefined) this.invalidateOwner(prev.owner);
    if (next?.owner !== undefined && next.owner !== prev?.owner) this.invalidateOwner(next.owner);
    if (next && next.phase === 'Failed' && prev?.phase !== 'Failed' && next.owner !== undefined) {
      const ws = this.workloadStates.get(this.foldedKey(next.owner));
      if (ws) addTimeline(ws, this.clock(), 'failure', `pod ${next.name} failed${podFailureReason(next.obj)}`);
    }
  }

  private podOnNodeChanged(name: string, gpuPod: boolean): void {
    const n = this.nodeStates.get(name);
    if (!n) return;
    this.invalidateNode(n);
    if (gpuPod) {
      n.allocationDirty = true;
      this.allocationDirty.add(name);
    }
    this.refreshContribution(n);
  }

  private podFactsOfOwner(owner: string): PodFacts[] {
    const keys = this.index.podKeysOfOwner(owner);
    const out: PodFacts[] = [];
    if (keys) for (const k of keys) out.push(this.index.pods.get(k)!);
    return out;
  }

  private gpusHeldBy(p: PodFacts): GpuState[] {
    if (p.node === undefined) return [];
    const n = this.nodeStates.get(p.node);
    if (!n) return [];
    this.ensureAllocation(n);
    const out: GpuState[] = [];
    for (const g of n.gpus) if (g.pod === p.key) out.push(g);
    return out;
  }

  // ───────────────────────────── nodes and GPUs ─────────────────────────────

  private upsertNode(obj: V1Node, name: string): void {
    this.index.set('Node', name, obj);
    const facts = nodeFacts(obj);
    let n = this.nodeStates.get(name);
    let placementChanged: boolean;
    if (!n) {
      n = {
        name, obj, ...facts, gpus: [], badGpus: 0, degradedGpus: 0, utilFixed: 0, utilCount: 0,
        allocationDirty: true, contribution: ZERO_CONTRIBUTION, view: undefined, parts: undefined, touched: 0, sampled: 0, utilShown: NaN, sent: undefined,
      };
      this.nodeStates.set(name, n);
      placementChanged = true;
    } else {
      placementChanged = n.zone !== facts.zone || n.pool !== facts.pool || n.gpuModel !== facts.gpuModel;
      n.obj = obj;
      Object.assign(n, facts);
    }
    if (n.gpus.length !== n.capacity) {
      this.resizeGpus(n);
      n.allocationDirty = true;
      this.allocationDirty.add(name);
    }
    if (placementChanged) {
      for (const g of n.gpus) this.invalidateGpu(g);
      // Workloads show the zone of each placement.
      const np = this.index.nodePods(name);
      if (np) for (const k of np.keys) {
        const owner = this.index.pods.get(k)!.owner;
        if (owner !== undefined) this.invalidateOwner(owner);
      }
    }
    // Health changes re-mark the allocation themselves (refreshGpuHealth); a heartbeat does not.
    this.refreshGpuHealth(n);
    this.invalidateNode(n);
    this.refreshContribution(n);
  }

  private resizeGpus(n: NodeState): void {
    while (n.gpus.length < n.capacity) {
      const g = newGpuState(n.name, n.gpus.length, this.history.allocSlot());
      n.gpus.push(g);
      this.gpuStates.set(g.id, g);
      this.invalidateGpu(g);
    }
    while (n.gpus.length > n.capacity) this.dropGpu(n, n.gpus.pop()!);
  }

  private dropGpu(n: NodeState, g: GpuState): void {
    if (this.clearMetrics(n, g)) this.kpisChanged();
    if (g.pod !== undefined) this.invalidatePodOwner(g.pod);
    this.history.freeSlot(g.slot);
    this.gpuStates.delete(g.id);
    this.xidHistory.delete(g.id);
    this.tracker.gpus.drop(g.id);
    this.tracker.gpuMetrics.delete(g.id);
  }

  private removeNode(name: string): void {
    this.index.delete('Node', name);
    const n = this.nodeStates.get(name);
    if (!n) return;
    for (const g of n.gpus) this.dropGpu(n, g);
    this.contributionDirty.delete(n);
    this.utilDirty.delete(n);
    this.counters.applyNode(n.contribution, -1);
    this.kpisChanged();
    this.nodeStates.delete(name);
    this.allocationDirty.delete(name);
    this.tracker.nodes.drop(name);
    this.tracker.nodeUtil.delete(name);
    const np = this.index.nodePods(name);
    if (np) for (const k of np.keys) {
      const owner = this.index.pods.get(k)!.owner;
      if (owner !== undefined) this.invalidateOwner(owner);
    }
  }

  /** Forgets a GPU's metric values; returns whether it had a util value (the KPI average moves). */
  private clearMetrics(n: NodeState, g: GpuState): boolean {
    const hadUtil = !Number.isNaN(g.util);
    this.addUtil(n, g.util, -1);
    clearSampleValues(g);
    return hadUtil;
  }

  /** Adds (or removes) one GPU's util to the node and fleet sums; NaN (no value) counts nothing. */
  private addUtil(n: NodeState, util: number, sign: 1 | -1): void {
    if (Number.isNaN(util)) return;
    const fx = sign * Math.round(util * UTIL_SCALE);
    n.utilFixed += fx;
    n.utilCount += sign;
    this.utilDirty.add(n);
    this.counters.utilFixed += fx;
    this.counters.utilCount += sign;
  }

  /** Re-derives GPU health on a node; invalidates changed GPUs and the workloads that hold them. */
  private refreshGpuHealth(n: NodeState): void {
    const changed = this.scratch;
    changed.length = 0;
    const bad = assignGpuHealth(n.gpus, n.capacity, n.allocatable, this.peakOf, changed);
    let degraded = 0;
    for (const g of n.gpus) if (g.health === 'degraded') degraded++;
    n.degradedGpus = degraded;
    if (changed.length === 0 && bad === n.badGpus) return;
    if (bad !== n.badGpus) {
      n.badGpus = bad;
      this.refreshContribution(n);
    }
    if (changed.length > 0) {
      // A GPU that became unusable no longer attracts new pods: re-assign with the new health
      // (holder changes invalidate both workloads), then tell the holders of changed GPUs.
      n.allocationDirty = true;
      this.ensureAllocation(n);
      for (const g of changed) {
        this.invalidateGpu(g);
        if (g.pod !== undefined) this.invalidatePodOwner(g.pod);
      }
    }
    this.invalidateNode(n);
  }

  private ensureAllocation(n: NodeState): void {
    if (!n.allocationDirty) return;
    n.allocationDirty = false;
    const np = this.index.nodePods(n.name);
    const pods: PodFacts[] = [];
    if (np) for (const k of np.keys) {
      const f = this.index.pods.get(k)!;
      if (f.active && f.gpus > 0) pods.push(f);
    }
    assignGpus(n.gpus, pods, this.holderChanged);
  }

  /** Both the pod that lost a GPU and the one that got it show its health (straggler). */
  private readonly holderChanged = (g: GpuState, previous: string | undefined): void => {
    this.invalidateGpu(g);
    if (previous !== undefined) this.invalidatePodOwner(previous);
    if (g.pod !== undefined) this.invalidatePodOwner(g.pod);
  };

  private invalidatePodOwner(podKey: string): void {
    const owner = this.index.pods.get(podKey)?.owner;
    if (owner !== undefined) this.invalidateOwner(owner);
  }

  /**
   * Marks a node's KPI contribution for re-derivation. Applied in applyContributions before
   * counters are read, so a burst of pod events on one node costs one subtract/add.
   */
  private refreshContribution(n: NodeState): void {
    this.contributionDirty.add(n);
    this.kpisChanged();
  }

  private applyContributions(): void {
    if (this.contributionDirty.size === 0) return;
    for (const n of this.contributionDirty) {
      if (this.nodeStates.get(n.name) !== n) continue;
      const c = nodeContribution(n, this.index.nodePods(n.name));
      if (sameContribution(c, n.contribution)) continue;
      this.counters.applyNode(n.contribution, -1);
      this.counters.applyNode(c, 1);
      n.contribution = c;
    }
    this.contributionDirty.clear();
  }

  // ───────────────────────────── workloads and services ─────────────────────────────

  private upsertWorkload(kind: WorkloadKind, obj: WorkloadObject, key: string): void {
    const facts = workloadFacts(kind, obj);
    if (!facts) return;
    this.index.set(kind, key, obj);
    const now = this.clock();
    let ws = this.workloadStates.get(facts.key);
    const created = !ws;
    if (!ws) {
      ws = newWorkloadState(facts, obj, now);
      this.workloadStates.set(facts.key, ws);
      if (kind === 'Deployment') this.relistStandby(facts.key);
    } else {
      noteObjectChange(ws, ws.facts, facts, now);
      ws.facts = facts;
      ws.obj = obj;
    }
    this.setFold(facts.key, facts.parent ? { raw: facts.key, parent: facts.parent } : facts.rayCluster ? { raw: facts.rayCluster, parent: facts.key } : undefined);
    if (created) this.relistFolded(facts.key);
    this.setListed(ws, this.isListed(ws));
    this.invalidateWorkloadState(ws);
    if (kind === 'Deployment') {
      // The standby's replicas and latency show in its primary's view.
      const d = this.pairs.ofDeployment(facts.key);
      if (d?.role === 'standby') this.invalidateOwner(facts.key);
    }
  }

  private removeWorkload(kind: WorkloadKind, key: string): void {
    this.index.delete(kind, key);
    const wkey = `${kind}/${key}`;
    const ws = this.workloadStates.get(wkey);
    if (!ws) return;
    this.setListed(ws, false);
    this.workloadStates.delete(wkey);
    this.setFold(wkey, undefined);
    this.relistFolded(wkey);
    if (kind === 'Deployment') this.relistStandby(wkey);
    if (kind === 'Deployment' && this.pairs.ofDeployment(wkey)?.role === 'standby') this.invalidateOwner(wkey);
  }

  /**
   * A standby folds into its primary — while the primary Deployment exists. If the primary is
   * deleted (it happens in a failover), the standby is listed on its own again.
   */
  private isListed(ws: WorkloadState): boolean {
    if (ws.facts.parent !== undefined && this.workloadStates.has(ws.facts.parent)) return false;
    if (ws.facts.kind !== 'Deployment') return true;
    const d = this.pairs.ofDeployment(ws.key);
    if (d?.role === 'standby' && this.foldedKey(ws.key) !== ws.key) return false;
    return d?.role === 'primary' || ws.facts.requestsGpus;
  }

  /** The workload a raw owner key counts for: a standby's primary when that exists, else itself. */
  private foldedKey(owner: string): string {
    // Checked for every pod event: no map lookup at all on clusters without folded owners.
    const parent = this.folds.size === 0 ? undefined : this.folds.get(owner);
    if (parent !== undefined && this.workloadStates.has(parent)) return parent;
    const key = this.pairs.resolve(owner);
    return key !== owner && !this.workloadStates.has(key) ? owner : key;
  }

  /**
   * Records the fold a workload object declares (a child Job → its JobSet/RayJob, a RayJob's
   * RayCluster → the RayJob). When it changes, the pods on both sides count for another
   * workload: their GPU views and the KPIs by workload change, and both parents' views.
   */
  private setFold(declaredBy: string, fold: { raw: string; parent: string } | undefined): void {
    const old = this.foldOf.get(declaredBy);
    if (old?.raw === fold?.raw && old?.parent === fold?.parent) return;
    for (const f of [old, fold]) {
      if (!f) continue;
      if (f === old) {
        this.foldOf.delete(declaredBy);
        if (this.folds.get(f.raw) === f.parent) this.folds.delete(f.raw);
        const set = this.foldedInto.get(f.parent);
        set?.delete(f.raw);
        if (set?.size === 0) this.foldedInto.delete(f.parent);
      } else {
        this.foldOf.set(declaredBy, f);
        this.folds.set(f.raw, f.parent);
        let set = this.foldedInto.get(f.parent);
        if (!set) this.foldedInto.set(f.parent, (set = new Set()));
        set.add(f.raw);
      }
      this.invalidateGpusOfOwner(f.raw);
      const parent = this.workloadStates.get(f.parent);
      if (parent) this.invalidateWorkloadState(parent);
      const child = this.workloadStates.get(f.raw);
      if (child) this.setListed(child, this.isListed(child));
    }
    this.kpisChanged();
  }

  /** After a parent job appears or goes, the owners folded into it are listed (or not) and their GPUs relinked. */
  private relistFolded(parentKey: string): void {
    const raws = this.foldedInto.get(parentKey);
    if (!raws) return;
    for (const raw of raws) {
      this.invalidateGpusOfOwner(raw);
      const child = this.workloadStates.get(raw);
      if (child) this.setListed(child, this.isListed(child));
    }
    this.kpisChanged();
  }

  private upsertAdmission(obj: KueueWorkload, key: string): void {
    this.index.set('KueueWorkload', key, obj);
    const facts = admissionFacts(obj);
    const prev = this.admissions.get(key);
    if (facts) this.admissions.set(key, facts);
    else this.admissions.delete(key);
    if (prev && prev.owner !== facts?.owner) this.dropQueue(prev.owner, key);
    if (!facts) return;
    const cur = this.queueByOwner.get(facts.owner);
    if (cur?.from === key && sameQueue(cur.queue, facts.queue)) return;
    this.queueByOwner.set(facts.owner, { from: key, queue: facts.queue });
    this.invalidateOwner(facts.owner);
  }

  private removeAdmission(key: string): void {
    this.index.delete('KueueWorkload', key);
    const prev = this.admissions.get(key);
    this.admissions.delete(key);
    if (prev) this.dropQueue(prev.owner, key);
  }

  private dropQueue(owner: string, from: string): void {
    if (this.queueByOwner.get(owner)?.from !== from) return;
    this.queueByOwner.delete(owner);
    this.invalidateOwner(owner);
  }

  /** After a primary Deployment appears or goes, its standby is listed (or not) accordingly. */
  private relistStandby(primaryKey: string): void {
    const d = this.pairs.ofDeployment(primaryKey);
    if (d?.role !== 'primary') return;
    const standbyKey = this.pairs.keysOf(d.pair)[1];
    const standby = standbyKey === undefined ? undefined : this.workloadStates.get(standbyKey);
    if (standby) this.setListed(standby, this.isListed(standby));
  }

  private setListed(ws: WorkloadState, listed: boolean): void {
    if (ws.listed === listed) return;
    ws.listed = listed;
    ws.view = undefined;
    if (listed) {
      this.tracker.workloads.touch(ws.key);
    } else {
      if (ws.counted !== undefined) {
        this.counters.workloads[ws.counted]--;
        ws.counted = undefined;
      }
      this.tracker.workloads.drop(ws.key);
    }
    // GPU views link to listed workloads only (a pair's standby pods link to the primary); KPI byWorkload too.
    for (const owner of this.ownersOf(ws.key)) this.invalidateGpusOfOwner(owner);
    this.kpisChanged();
  }

  private upsertService(svc: V1Service, key: string): void {
    this.index.set('Service', key, svc);
    this.applyPair(key, servicePairOf(svc, key));
  }

  private applyPair(serviceKey: string, pair: ReturnType<typeof servicePairOf>): void {
    const affected = this.pairs.setService(serviceKey, pair);
    if (affected.length === 0) return;
    for (const k of affected) {
      const ws = this.workloadStates.get(k);
      if (ws) {
        this.setListed(ws, this.isListed(ws));
        this.invalidateWorkloadState(ws);
      }
      this.invalidateGpusOfOwner(k);
    }
    this.kpisChanged();
  }

  private upsertEvent(ev: CoreV1Event, key: string): void {
    this.index.set('Event', key, ev);
    if (this.index.size('Event') > MAX_EVENT_OBJECTS) {
      const oldest = this.index.firstKey('Event');
      if (oldest !== undefined) this.index.delete('Event', oldest);
    }
    const view = eventViewOf(ev, this.clock());
    if (view && this.eventLog.add(view)) {
      this.tracker.events.push(view);
      if (view.object.kind === 'Node' && view.type === 'Warning') this.noteXidEvent(view);
    }
  }

  /** An XID reported as a Node Event counts unless a DCGM sample of that GPU is newer. */
  private noteXidEvent(ev: EventView): void {
    const n = this.nodeStates.get(ev.object.name);
    if (!n) return;
    const r = parseXidReport(ev.message);
    if (!r) return;
    const g = (r.uuid !== undefined ? n.gpus.find((x) => x.uuid.toLowerCase() === r.uuid!.toLowerCase()) : undefined)
      ?? (r.index !== undefined ? n.gpus[r.index] : undefined);
    if (!g || ev.time < g.lastSampleAt) return;
    this.recordXid(g, r.code, ev.time);
    this.invalidateGpu(g);
    this.refreshGpuHealth(n);
  }

  private recordXid(g: GpuState, code: number, at: number): void {
    const h = this.xidHistory.get(g.id);
    if (g.xid === code && g.xidAt === at) return;
    g.xid = code;
    if (code === 0) return;
    g.xidAt = at;
    if (h && h.length > 0 && h[h.length - 1].code === code && h[h.length - 1].t === at) return;
    if (!h) this.xidHistory.set(g.id, [{ t: at, code }]);
    else {
      if (h.length >= XID_HISTORY) h.shift();
      h.push({ t: at, code });
    }
  }

  // ───────────────────────────── invalidation ─────────────────────────────

  private kpisChanged(): void {
    this.kpiCache = undefined;
    this.tracker.kpis = true;
  }

  private invalidateNode(n: NodeState): void {
    n.view = undefined;
    this.tracker.nodes.touch(n.name);
  }

  private invalidateGpu(g: GpuState): void {
    g.core = undefined;
    g.view = undefined;
    this.tracker.gpus.touch(g.id);
  }

  /** Only the displayed telemetry changed: the complete view is stale, the structure is not. */
  private telemetryChanged(g: GpuState): void {
    g.view = undefined;
    this.tracker.gpuMetrics.add(g.id);
  }

  /** Republishes utilAvg of nodes whose sums moved a whole point (telemetry, not structure). */
  private flushUtil(): void {
    if (this.utilDirty.size === 0) return;
    for (const n of this.utilDirty) {
      if (this.nodeStates.get(n.name) !== n || !refreshShownUtil(n)) continue;
      n.view = undefined;
      this.tracker.nodeUtil.add(n.name);
    }
    this.utilDirty.clear();
  }

  private invalidateWorkloadState(ws: WorkloadState): void {
    if (!ws.listed) return;
    ws.view = undefined;
    this.tracker.workloads.touch(ws.key);
  }

  /** Invalidates the listed workload a raw owner key folds into. */
  private invalidateOwner(owner: string): void {
    const ws = this.workloadStates.get(this.foldedKey(owner));
    if (ws && ws.listed && ws.view !== undefined) this.invalidateWorkloadState(ws);
  }

  private invalidateGpusOfOwner(owner: string): void {
    const keys = this.index.podKeysOfOwner(owner);
    if (!keys) return;
    for (const k of keys) {
      const f = this.index.pods.get(k)!;
      if (f.node === undefined || heldGpus(f) === 0) continue;
      const n = this.nodeStates.get(f.node);
      if (n) for (const g of n.gpus) if (g.pod === k || n.allocationDirty) this.invalidateGpu(g);
    }
  }

  // ───────────────────────────── views ─────────────────────────────

  private flush(): void {
    this.flushUtil();
    for (const name of this.allocationDirty) {
      const n = this.nodeStates.get(name);
      if (n) this.ensureAllocation(n);
    }
    this.allocationDirty.clear();
    this.flushWorkloads();
  }

  private flushWorkloads(): void {
    for (const k of this.tracker.workloads.upsert) {
      const ws = this.workloadStates.get(k);
      if (ws?.listed && ws.view === undefined) this.workloadView(ws);
    }
    // Their health counts in the KPIs even while their view waits for the telemetry cadence.
    for (const k of this.tracker.workloadsTimed) {
      const ws = this.workloadStates.get(k);
      if (ws?.listed && ws.view === undefined) this.workloadView(ws);
    }
  }

  /** Telemetry columns or clock-driven workload refreshes wait for a `takeDelta({ telemetry: true })`. */
  hasPendingTelemetry(): boolean {
    const t = this.tracker;
    return !t.telemetryEmpty || t.workloadsTimed.size > 0;
  }

  private nodeView(n: NodeState): NodeView {
    this.flushUtil();
    if (!n.view) n.view = nodeViewOf(n, this.index.nodePods(n.name));
    return n.view;
  }

  /** The GPU's view without telemetry (cached until something structural changes). */
  private gpuCore(n: NodeState, g: GpuState): GpuView {
    this.ensureAllocation(n);
    if (g.core) return g.core;
    const f = g.pod !== undefined ? this.index.pods.get(g.pod) : undefined;
    g.core = gpuCoreViewOf(g, { zone: n.zone, pool: n.pool, model: n.gpuModel }, f, f ? this.workloadOfFacts(f) : undefined);
    return g.core;
  }

  private gpuView(n: NodeState, g: GpuState): GpuView {
    const core = this.gpuCore(n, g);
    if (!g.view) g.view = withTelemetry(core, g);
    return g.view;
  }

  private workloadView(ws: WorkloadState): WorkloadView {
    if (ws.view) return ws.view;
    const v = buildWorkloadView(ws, this.ctx);
    ws.view = v;
    if (ws.counted !== v.health) {
      if (ws.counted !== undefined) this.counters.workloads[ws.counted]--;
      this.counters.workloads[v.health]++;
      ws.counted = v.health;
      this.kpisChanged();
    }
    return v;
  }

  private listedKey(owner: string): string | undefined {
    const key = this.foldedKey(owner);
    return this.workloadStates.get(key)?.listed ? key : undefined;
  }

  private workloadOfFacts(f: PodFacts): string | undefined {
    return f.owner === undefined ? undefined : this.listedKey(f.owner);
  }

  /** The raw owner keys folded into a workload: itself and, for a pair's primary, the standby. */
  private ownersOf(key: string): string[] {
    const d = this.pairs.ofDeployment(key);
    if (d?.role === 'primary') {
      const s = this.pairs.keysOf(d.pair)[1];
      if (s) return [key, s];
    }
    const folded = this.foldedInto.get(key);
    return folded ? [key, ...folded] : [key];
  }
}

function samePodFacts(a: PodFacts, b: PodFacts): boolean {
  return a.node === b.node && a.gpus === b.gpus && a.active === b.active && a.phase === b.phase && a.ready === b.ready
    && a.restarts === b.restarts && a.owner === b.owner && a.createdAt === b.createdAt && a.priorityClass === b.priorityClass;
}

function sameContribution(a: Readonly<NodeContribution>, b: Readonly<NodeContribution>): boolean {
  return a.nodes === b.nodes && a.ready === b.ready && a.cordoned === b.cordoned && a.gpuTotal === b.gpuTotal
    && a.gpuAllocated === b.gpuAllocated && a.gpuIdle === b.gpuIdle && a.gpuUnhealthy === b.gpuUnhealthy;
}

function eventTime(ev: CoreV1Event): number {
  const t = ev?.lastTimestamp ?? ev?.eventTime ?? ev?.firstTimestamp ?? ev?.metadata?.creationTimestamp;
  const ms = t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

function podFailureReason(pod: V1Pod): string {
  const r = pod.status?.reason ?? pod.status?.containerStatuses?.find((c) => c?.state?.terminated)?.state?.terminated?.reason;
  return typeof r === 'string' && r ? `: ${r.slice(0, 200)}` : '';
}
