import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { KubeObject, PyTorchJob, ResourceKind, V1Deployment, V1Node, V1Pod, V1Service, WatchEvent } from '../../electron/core/k8s/objects';
import type { DcgmSample } from '../../electron/core/sources/dcgm';
import type { GpuView, ModelDelta, NodeView, WorkloadView } from '../../shared/views';
import { applyDeltas, modelFromSnapshot, type ModelData } from '../../renderer/store/modelData';
import { decodeTable } from '../../shared/columnTable';
import { T0, deployment, inferenceService, k8sEvent, node, pod, pytorchJob, replicaPod, rng, sample, workerPod } from './modelFixtures';

/** A random but reproducible cluster history: the objects it ends with and the events that led there. */
class RandomCluster {
  readonly objects = new Map<ResourceKind, Map<string, KubeObject>>();
  /** Latest sample per GPU id, forgotten when its node is deleted (a new node starts without metrics). */
  readonly samples = new Map<string, DcgmSample>();
  private podSeq = 0;
  private readonly r: () => number;

  constructor(seed: number) {
    this.r = rng(seed);
    for (const k of ['Node', 'Pod', 'PyTorchJob', 'Deployment', 'Service'] as ResourceKind[]) this.objects.set(k, new Map());
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private key(o: KubeObject): string {
    return o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata!.name!;
  }

  private set(kind: ResourceKind, o: KubeObject, type: 'ADDED' | 'MODIFIED'): WatchEvent {
    this.objects.get(kind)!.set(this.key(o), o);
    return { type, kind, object: o } as WatchEvent;
  }

  private del(kind: ResourceKind, o: KubeObject): WatchEvent {
    this.objects.get(kind)!.delete(this.key(o));
    return { type: 'DELETED', kind, object: o } as WatchEvent;
  }

  nodeNames(): string[] {
    return [...this.objects.get('Node')!.keys()];
  }

  initial(): { kind: ResourceKind; objects: KubeObject[] }[] {
    for (let i = 0; i < 24; i++) this.set('Node', this.randomNode(`n${i}`), 'ADDED');
    for (let j = 0; j < 6; j++) this.set('PyTorchJob', pytorchJob(`job${j}`, { workers: 4 }), 'ADDED');
    for (let s = 0; s < 4; s++) {
      this.set('Deployment', deployment(`svc${s}-primary`, { role: 'primary' }), 'ADDED');
      this.set('Deployment', deployment(`svc${s}-standby`, { role: 'standby' }), 'ADDED');
      this.set('Service', inferenceService(`svc${s}`, `svc${s}-primary`, `svc${s}-standby`), 'ADDED');
    }
    for (let p = 0; p < 120; p++) this.set('Pod', this.randomPod(), 'ADDED');
    return (['Node', 'PyTorchJob', 'Deployment', 'Service', 'Pod'] as ResourceKind[]).map((kind) => ({ kind, objects: [...this.objects.get(kind)!.values()] }));
  }

  private randomNode(name: string): V1Node {
    const gpus = this.pick([8, 8, 8, 4, 0]);
    return node(name, {
      gpus,
      allocatable: this.r() < 0.15 ? Math.max(0, gpus - 1 - Math.floor(this.r() * 2)) : gpus,
      zone: this.pick(['z1', 'z2', 'z3']),
      ready: this.r() < 0.1 ? false : true,
      unschedulable: this.r() < 0.1,
      pressure: this.r() < 0.05 ? 'MemoryPressure' : undefined,
    });
  }

  private randomPod(): V1Pod {
    const nodes = this.nodeNames();
    const onNode = this.r() < 0.85 && nodes.length > 0 ? this.pick(nodes) : this.r() < 0.5 ? undefined : 'ghost-node';
    const phase = onNode ? this.pick(['Running', 'Running', 'Running', 'Succeeded', 'Failed', 'Pending'] as const) : 'Pending';
    const gpus = this.pick([0, 1, 2, 4, 8, '1', 'x', -1, 2.5] as const);
    const base = { node: onNode, phase, gpus: gpus as number, ready: this.r() < 0.8, restarts: Math.floor(this.r() * 3), created: T0 + this.podSeq };
    const n = this.podSeq++;
    const flavour = this.r();
    if (flavour < 0.4) return workerPod(`job${Math.floor(this.r() * 7)}`, n, base);
    if (flavour < 0.75) {
      const s = Math.floor(this.r() * 5);
      return replicaPod(`svc${s}-${this.r() < 0.5 ? 'primary' : 'standby'}`, n, base);
    }
    return pod(`p${n}`, { ...base, namespace: this.pick(['lab', 'research', 'batch']) });
  }

  /** One random change, as the watch events it produces. */
  step(): { events: WatchEvent[]; samples: DcgmSample[] } {
    const x = this.r();
    const pods = [...this.objects.get('Pod')!.values()] as V1Pod[];
    const nodes = [...this.objects.get('Node')!.values()] as V1Node[];
    if (x < 0.25 || pods.length === 0) return { events: [this.set('Pod', this.randomPod(), 'ADDED')], samples: [] };
    if (x < 0.45) {
      // Status change of an existing pod.
      const p = structuredClone(this.pick(pods));
      p.status!.phase = this.pick(['Running', 'Succeeded', 'Failed', 'Pending']);
      p.status!.conditions = [{ type: 'Ready', status: this.r() < 0.7 ? 'True' : 'False' }];
      p.status!.containerStatuses![0].restartCount += this.r() < 0.3 ? 1 : 0;
      return { events: [this.set('Pod', p, 'MODIFIED')], samples: [] };
    }
    if (x < 0.55) return { events: [this.del('Pod', this.pick(pods))], samples: [] };
    if (x < 0.62) {
      // Rescheduled: deleted on one node, added on another under the same name.
      const old = this.pick(pods);
      const moved = structuredClone(old);
      moved.spec!.nodeName = nodes.length ? this.pick(nodes).metadata!.name : undefined;
      return { events: [this.del('Pod', old), this.set('Pod', moved, 'ADDED')], samples: [] };
    }
    if (x < 0.72 && nodes.length) {
      const name = this.pick(nodes).metadata!.name!;
      const before = Number((this.objects.get('Node')!.get(name) as V1Node).status!.capacity!['nvidia.com/gpu']);
      const next = this.randomNode(name);
      const event = this.set('Node', next, 'MODIFIED');
      // A GPU count change is followed by a fresh scrape of that node's exporter.
      return { events: [event], samples: Number(next.status!.capacity!['nvidia.com/gpu']) !== before ? this.scrape(next) : [] };
    }
    if (x < 0.75 && nodes.length > 5) {
      const n = this.pick(nodes);
      for (const k of [...this.samples.keys()]) if (k.startsWith(`${n.metadata!.name}/`)) this.samples.delete(k);
      return { events: [this.del('Node', n)], samples: [] };
    }
    if (x < 0.77) {
      const name = `n${Math.floor(this.r() * 30)}`;
      if (!this.objects.get('Node')!.has(name)) return { events: [this.set('Node', this.randomNode(name), 'ADDED')], samples: [] };
    }
    if (x < 0.8) {
      const s = Math.floor(this.r() * 5);
      const roll = this.r();
      if (roll < 0.2) {
        const svc = this.objects.get('Service')!.get(`serving/svc${s}`) as V1Service | undefined;
        if (svc) return { events: [this.del('Service', svc)], samples: [] };
      }
      return { events: [this.set('Service', inferenceService(`svc${s}`, `svc${s}-primary`, `svc${s}-standby`, roll < 0.6 ? 'standby' : 'primary'), 'MODIFIED')], samples: [] };
    }
    if (x < 0.83) {
      const s = Math.floor(this.r() * 5);
      const name = `svc${s}-${this.r() < 0.5 ? 'primary' : 'standby'}`;
      const existing = this.objects.get('Deployment')!.get(`serving/${name}`) as V1Deployment | undefined;
      if (existing && this.r() < 0.3) return { events: [this.del('Deployment', existing)], samples: [] };
      return { events: [this.set('Deployment', deployment(name, { gpus: this.r() < 0.2 ? 0 : 1, replicas: 1 + Math.floor(this.r() * 3) }), existing ? 'MODIFIED' : 'ADDED')], samples: [] };
    }
    if (x < 0.86) {
      const j = Math.floor(this.r() * 7);
      const type = this.pick(['Running', 'Restarting', 'Failed', 'Succeeded', 'Created'] as const);
      const existing = this.objects.get('PyTorchJob')!.get(`research/job${j}`) as PyTorchJob | undefined;
      if (existing && this.r() < 0.15) return { events: [this.del('PyTorchJob', existing)], samples: [] };
      return { events: [this.set('PyTorchJob', pytorchJob(`job${j}`, { workers: 1 + Math.floor(this.r() * 4), conditions: [{ type }] }), existing ? 'MODIFIED' : 'ADDED')], samples: [] };
    }
    // A scrape of one node's exporter, listing all its GPUs. (A GPU that drops out of the
    // exporter keeps what the live model learned before — its last XID — which a rebuild
    // cannot know; that case has its own test.)
    return { events: [], samples: nodes.length ? this.scrape(this.pick(nodes)) : [] };
  }

  private scrape(n: V1Node): DcgmSample[] {
    const samples: DcgmSample[] = [];
    const name = n.metadata!.name!;
    const count = Number(n.status!.capacity!['nvidia.com/gpu']);
    for (let g = 0; g < count; g++) {
      // Fractional readings (as Prometheus gives them): the views show them rounded, and a
      // wobble that does not change what shows sends nothing.
      samples.push(sample(name, g, {
        util: this.r() * 100, temp: this.r() < 0.1 ? 90 : 60 + this.r(), power: 300 + 2 * this.r(),
        xid: this.r() < 0.05 ? this.pick([79, 48, 13, 92, 74, 63]) : 0,
      }));
    }
    for (const k of [...this.samples.keys()]) if (k.startsWith(`${name}/`)) this.samples.delete(k);
    for (const s of samples) this.samples.set(`${name}/${s.labels.gpu}`, s);
    return samples;
  }
}

/**
 * What the renderer does: the wire snapshot (GPU telemetry as columns), then deltas (views,
 * slots, telemetry columns) through the renderer's own store code, after a JSON round trip as
 * on the WebSocket.
 */
class Mirror {
  private data: ModelData;
  private seq = 0;
  constructor(live: ClusterModel) {
    const wire = JSON.parse(JSON.stringify(live.snapshot({ wire: true })));
    expect(wire.gpus).toEqual([]);
    expect(wire.nodes).toEqual([]);
    expect(wire.gpuTable.keys).not.toContain('util');
    this.data = modelFromSnapshot(wire);
  }
  get nodes(): ReadonlyMap<string, NodeView> { return this.data.nodes; }
  get gpus(): ReadonlyMap<string, GpuView> { return this.data.gpus; }
  get workloads(): ReadonlyMap<string, WorkloadView> { return this.data.workloads; }
  apply(d: NonNullable<ReturnType<ClusterModel['takeDelta']>>): void {
    const delta = JSON.parse(JSON.stringify({ ...d, seq: ++this.seq, at: T0 })) as ModelDelta;
    const r = applyDeltas(this.data, [delta]);
    expect(r.gap).toBe(false);
    this.data = r.model;
  }
}

const sorted = <T>(m: ReadonlyMap<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
/** JSON drops undefined members; so does the comparison. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function expectSameAsRebuilt(live: ClusterModel, cluster: RandomCluster, mirror: Mirror, now: number): void {
  const rebuilt = new ClusterModel({ now: () => now });
  for (const kind of ['Node', 'PyTorchJob', 'Deployment', 'Service', 'Pod'] as ResourceKind[]) {
    rebuilt.onSync(kind, [...cluster.objects.get(kind)!.values()]);
  }
  rebuilt.onMetrics([...cluster.samples.values()], now);

  expect(live.kpis()).toEqual(rebuilt.kpis());
  const a = live.snapshot();
  const b = rebuilt.snapshot();
  // utilAvg is published with hysteresis (republished when the mean moves a whole point), so
  // the live value depends on history: within 1 of the mean, hence within 1 of a rebuild's.
  const utilApart = (x: NodeView, y: NodeView) => (x.utilAvg === undefined || y.utilAvg === undefined ? x.utilAvg === y.utilAvg : Math.abs(x.utilAvg - y.utilAvg) <= 1);
  expect(a.nodes.filter((n, i) => !utilApart(n, b.nodes[i])).map((n) => n.name)).toEqual([]);
  const noUtil = (n: NodeView) => ({ ...n, utilAvg: undefined });
  expect(a.nodes.map(noUtil)).toEqual(b.nodes.map(noUtil));
  expect(a.gpus).toEqual(b.gpus);
  for (const g of a.gpus) for (const v of [g.util, g.tempC, g.powerW, g.fbUsedMiB, g.fbFreeMiB, g.smClockMHz]) if (v !== undefined) expect(Number.isInteger(v)).toBe(true);
  // Restarts include the Restarting transitions the live model saw, which a rebuild cannot know.
  const state = (w: WorkloadView) => ({ ...w, restarts: undefined });
  const byWorkloadKey = (x: WorkloadView, y: WorkloadView) => (x.key < y.key ? -1 : 1);
  expect([...a.workloads].sort(byWorkloadKey).map(state)).toEqual([...b.workloads].sort(byWorkloadKey).map(state));

  // A renderer that applied the deltas holds exactly the model's views.
  expect(plain(sorted(mirror.nodes))).toEqual(plain([...a.nodes].sort((x, y) => (x.name < y.name ? -1 : 1))));
  expect(plain(sorted(mirror.gpus))).toEqual(plain([...a.gpus].sort((x, y) => (x.id < y.id ? -1 : 1))));
  expect(plain(sorted(mirror.workloads))).toEqual(plain([...a.workloads].sort(byWorkloadKey)));
}

describe('incremental model equals a model rebuilt from the final objects', () => {
  it.each([1, 2, 3])('at every checkpoint of a few thousand random watch events and samples (seed %i)', (seed) => {
    const cluster = new RandomCluster(seed);
    const now = T0;
    const live = new ClusterModel({ now: () => now });
    for (const { kind, objects } of cluster.initial()) live.onSync(kind, objects);
    live.takeDelta();
    const mirror = new Mirror(live);
    const r = rng(seed * 7);
    let pending: WatchEvent[] = [];
    for (let i = 0; i < 3000; i++) {
      const { events, samples } = cluster.step();
      pending.push(...events);
      if (samples.length) {
        live.onEvents(pending);
        pending = [];
        live.onMetrics(samples, now);
      }
      if (r() < 0.3) {
        live.onEvents(pending);
        pending = [];
      }
      if (r() < 0.05) {
        // As the backend: telemetry columns only now and then, structure every time.
        const d = live.takeDelta({ telemetry: r() < 0.3 });
        if (d) mirror.apply(d);
      }
      if (i % 50 === 49) {
        live.onEvents(pending);
        pending = [];
        const d = live.takeDelta();
        if (d) mirror.apply(d);
        expectSameAsRebuilt(live, cluster, mirror, now);
      }
    }
  });

  it('a renderer applying the deltas holds the model\'s views while the clock runs (ticks, clock-driven refreshes held back)', () => {
    const cluster = new RandomCluster(4);
    let now = T0;
    const live = new ClusterModel({ now: () => now });
    for (const { kind, objects } of cluster.initial()) live.onSync(kind, objects);
    live.takeDelta();
    const mirror = new Mirror(live);
    const r = rng(28);
    for (let i = 0; i < 2000; i++) {
      const { events, samples } = cluster.step();
      live.onEvents(events);
      if (samples.length) live.onMetrics(samples, now);
      now += Math.floor(r() * 20_000);
      live.tick(now);
      if (r() < 0.3) {
        const d = live.takeDelta({ telemetry: r() < 0.2 });
        if (d) mirror.apply(d);
      }
      if (i % 100 === 99) {
        const d = live.takeDelta();
        if (d) mirror.apply(d);
        const a = live.snapshot();
        expect(plain(sorted(mirror.nodes))).toEqual(plain([...a.nodes].sort((x, y) => (x.name < y.name ? -1 : 1))));
        expect(plain(sorted(mirror.gpus))).toEqual(plain([...a.gpus].sort((x, y) => (x.id < y.id ? -1 : 1))));
        expect(plain(sorted(mirror.workloads))).toEqual(plain([...a.workloads].sort((x, y) => (x.key < y.key ? -1 : 1))));
      }
    }
  });

  it('the order in which kinds are listed does not matter', () => {
    const cluster = new RandomCluster(9);
    const lists = cluster.initial();
    const a = new ClusterModel({ now: () => T0 });
    const b = new ClusterModel({ now: () => T0 });
    for (const { kind, objects } of lists) a.onSync(kind, objects);
    for (const { kind, objects } of [...lists].reverse()) b.onSync(kind, objects);
    const sa = a.snapshot();
    const sb = b.snapshot();
    expect(sb.kpis).toEqual(sa.kpis);
    expect(sb.nodes).toEqual(sa.nodes);
    expect(sb.gpus).toEqual(sa.gpus);
    const byKey = (x: WorkloadView, y: WorkloadView) => (x.key < y.key ? -1 : 1);
    expect([...sb.workloads].sort(byKey)).toEqual([...sa.workloads].sort(byKey));
  });

  it('a relist (onSync after 410 Gone) removes what disappeared and reports it', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1'), node('n2')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 8 }), pod('b', { node: 'n2', gpus: 8 })]);
    m.takeDelta();
    m.onSync('Node', [node('n1')]);
    m.onSync('Pod', [pod('a', { node: 'n1', gpus: 8 })]);
    const d = m.takeDelta()!;
    expect(d.nodes!.remove).toEqual(['n2']);
    expect(d.gpus!.remove).toHaveLength(8);
    expect(m.kpis().gpus).toEqual({ total: 8, allocated: 8, idle: 0, unhealthy: 0 });
  });
});

describe('deltas', () => {
  it('ten changes to one node coalesce into one upsert, and an idle model returns null', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1'), node('n2')]);
    expect(m.takeDelta()).not.toBeNull();
    expect(m.takeDelta()).toBeNull();
    for (let i = 0; i < 10; i++) m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { unschedulable: i % 2 === 1 }) }]);
    const d = m.takeDelta()!;
    expect(d.nodes!.upsert).toHaveLength(1);
    expect(d.nodes!.upsert[0]).toMatchObject({ name: 'n1', schedulable: false });
    expect(d.kpis!.nodes.cordoned).toBe(1);
    expect(m.takeDelta()).toBeNull();
  });

  it('deleted objects appear in remove', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 2 })]);
    m.onSync('PyTorchJob', [pytorchJob('llama')]);
    m.takeDelta();
    m.onEvents([
      { type: 'DELETED', kind: 'Node', object: node('n1', { gpus: 2 }) },
      { type: 'DELETED', kind: 'PyTorchJob', object: pytorchJob('llama') },
    ]);
    const d = m.takeDelta()!;
    expect(d.nodes).toEqual({ upsert: [], remove: ['n1'] });
    expect(d.gpus).toEqual({ upsert: [], remove: ['n1/0', 'n1/1'] });
    expect(d.workloads).toEqual({ upsert: [], remove: ['PyTorchJob/research/llama'] });
    expect(d.kpis!.nodes.total).toBe(0);
  });

  it('new Kubernetes Events arrive once in the delta, and an updated Event replaces its older entry', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Event', [k8sEvent('e1', { at: T0 - 2000 }), k8sEvent('e0', { at: T0 - 5000, reason: 'Older' })]);
    expect(m.snapshot().events.map((e) => e.reason)).toEqual(['Older', 'NodeNotReady']);
    m.takeDelta();
    m.onEvents([{ type: 'MODIFIED', kind: 'Event', object: k8sEvent('e1', { count: 3, at: T0 }) }]);
    m.onEvents([{ type: 'MODIFIED', kind: 'Event', object: k8sEvent('e1', { count: 3, at: T0 }) }]);
    const d = m.takeDelta()!;
    expect(d.events).toHaveLength(1);
    expect(d.events![0]).toMatchObject({ count: 3, type: 'Warning', object: { kind: 'Node', name: 'gpu-a-0001' } });
    expect(m.recentEvents(10).map((e) => e.id)).toEqual(['uid-ev-e1', 'uid-ev-e0']);
    expect(m.recentEvents(10, { name: 'gpu-a-0001' })).toHaveLength(2);
    expect(m.recentEvents(10, { kind: 'Pod' })).toHaveLength(0);
  });

  it('the event ring keeps only the newest entries', () => {
    const m = new ClusterModel({ now: () => T0, eventCapacity: 50 });
    m.onEvents(Array.from({ length: 120 }, (_, i) => ({ type: 'ADDED' as const, kind: 'Event' as const, object: k8sEvent(`e${i}`, { at: T0 + i }) })));
    const recent = m.recentEvents(1000);
    expect(recent).toHaveLength(50);
    expect(recent[0].id).toBe('uid-ev-e119');
  });

  it('a scrape that moves only telemetry sends columns (no views); a wobble below what shows sends nothing', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 2 })]);
    m.onMetrics([sample('n1', 0, { util: 40 }), sample('n1', 1, { util: 60 })], T0);
    m.takeDelta();
    m.onMetrics([sample('n1', 0, { util: 41.2, power: 600.3 }), sample('n1', 1, { util: 60.4 })], T0 + 5000);
    const d = m.takeDelta()!;
    expect(d.gpus).toBeUndefined();
    expect(d.nodes).toBeUndefined();
    expect(d.gpuMetrics).toEqual({ slot: [0], util: [41], tempC: [65], powerW: [600], fbUsedMiB: [60000], fbFreeMiB: [21559], smClockMHz: [1980] });
    expect(m.gpu('n1/0')).toMatchObject({ util: 41, powerW: 600 });
    expect(d.kpis?.utilizationAvg).toBeCloseTo(50.8);
    // The node's mean moved 0.8 point (50 → 50.8): its published utilAvg stays.
    expect(d.nodeUtil).toBeUndefined();
    m.onMetrics([sample('n1', 0, { util: 41.4, power: 600.1 }), sample('n1', 1, { util: 60.3 })], T0 + 10_000);
    expect(m.takeDelta()?.gpuMetrics).toBeUndefined();
  });

  it('telemetry held back (telemetry: false) keeps coalescing and goes out with a later delta', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 1 })]);
    m.onMetrics([sample('n1', 0, { util: 10 })], T0);
    m.takeDelta();
    m.onMetrics([sample('n1', 0, { util: 20 })], T0 + 5000);
    m.onMetrics([sample('n1', 0, { util: 30 })], T0 + 10_000);
    expect(m.takeDelta({ telemetry: false })?.gpuMetrics).toBeUndefined();
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { gpus: 1, unschedulable: true }) }]);
    const structural = m.takeDelta({ telemetry: false })!;
    expect(structural.nodes!.upsert[0]).toMatchObject({ schedulable: false });
    expect(structural.gpuMetrics).toBeUndefined();
    const later = m.takeDelta()!;
    expect(later.gpuMetrics!.util).toEqual([30]);
    expect(later.nodeUtil).toEqual({ name: ['n1'], utilAvg: [30] });
    expect(m.takeDelta()).toBeNull();
  });

  it('a node utilAvg is republished only when the mean moves a whole point', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 1 })]);
    const scrape = (util: number) => { m.onMetrics([sample('n1', 0, { util })], T0); return m.takeDelta()?.nodeUtil; };
    expect(scrape(49.6)).toEqual({ name: ['n1'], utilAvg: [50] });
    expect(scrape(49.4)).toBeUndefined();
    expect(scrape(50.9)).toBeUndefined();
    expect(m.node('n1')!.utilAvg).toBe(50);
    expect(scrape(51.1)).toEqual({ name: ['n1'], utilAvg: [51] });
  });

  it('a view rebuilt without changing (a kubelet heartbeat) is not sent again', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 2 })]);
    m.takeDelta();
    m.onEvents([{ type: 'MODIFIED', kind: 'Node', object: node('n1', { gpus: 2 }) }]);
    expect(m.takeDelta()).toBeNull();
  });

  it('the wire snapshot carries the GPUs as a column table and their telemetry as columns, with each GPU slot', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1', { gpus: 2 }), node('n2', { gpus: 1 })]);
    m.onMetrics([sample('n1', 1, { util: 7.4 }), sample('n2', 0, { util: 99 })], T0);
    const s = m.snapshot({ wire: true });
    expect(s.gpus).toEqual([]);
    const gpus = decodeTable<GpuView>(s.gpuTable!);
    expect(gpus.map((g) => g.id)).toEqual(['n1/0', 'n1/1', 'n2/0']);
    expect(gpus.every((g) => !('util' in g))).toBe(true);
    expect(s.gpuTable!.cols[s.gpuTable!.keys.indexOf('zone')]).toEqual({ dict: ['zone-a'], idx: [0, 0, 0] });
    expect(s.gpuMetrics!.slot).toEqual([0, 1, 2]);
    expect(s.gpuMetrics!.util).toEqual([null, 7, 99]);
    const full = m.snapshot().gpus;
    expect(full.map((g) => g.util)).toEqual([undefined, 7, 99]);
    expect(plain(gpus)).toEqual(plain(full.map((g) => ({ ...g, util: undefined, tempC: undefined, powerW: undefined, fbUsedMiB: undefined, fbFreeMiB: undefined, smClockMHz: undefined }))));
  });

  it('clock-driven workload refreshes (checkpoint age) wait for the telemetry cadence; a health change they cause goes at once', () => {
    let now = T0;
    const m = new ClusterModel({ now: () => now });
    const key = 'PyTorchJob/research/llama';
    m.onSync('Node', [node('n1')]);
    m.onSync('PyTorchJob', [pytorchJob('llama', { workers: 1, annotations: { 'bulwark.io/checkpoint-time': new Date(T0 - 60_000).toISOString(), 'bulwark.io/checkpoint-interval-seconds': '600' } })]);
    m.onSync('Pod', [workerPod('llama', 0, { node: 'n1', gpus: 8 })]);
    m.tick(now); // the first fleet utilization point
    expect(m.takeDelta()!.workloads!.upsert[0]).toMatchObject({ key, health: 'healthy', checkpoint: { ageSec: 60 } });
    now = T0 + 5000;
    m.tick(now);
    expect(m.hasPendingTelemetry()).toBe(true);
    expect(m.takeDelta({ telemetry: false })).toBeNull();
    expect(m.workload(key)!.checkpoint!.ageSec).toBe(65); // readers see it at once
    expect(m.takeDelta()!.workloads!.upsert[0].checkpoint!.ageSec).toBe(65);
    expect(m.hasPendingTelemetry()).toBe(false);
    // Past twice the interval the checkpoint is stale and the job degraded: sent without waiting.
    now = T0 + 20 * 60_000;
    m.tick(now);
    expect(m.takeDelta({ telemetry: false })!.workloads!.upsert[0]).toMatchObject({ key, health: 'degraded', checkpoint: { stale: true } });
    expect(m.kpis().workloads.degraded).toBe(1);
  });

  it('tick appends a fleet utilization point every 15 s of source time', () => {
    const m = new ClusterModel({ now: () => T0 });
    m.onSync('Node', [node('n1')]);
    m.onMetrics([sample('n1', 0, { util: 40 }), sample('n1', 1, { util: 60 })], T0);
    m.takeDelta();
    m.tick(T0);
    expect(m.takeDelta()!.utilPoint).toEqual({ t: T0, util: 50, allocated: 0, unhealthy: 0 });
    m.tick(T0 + 5000);
    expect(m.takeDelta()).toBeNull();
    m.tick(T0 + 15_000);
    expect(m.takeDelta()!.utilPoint!.t).toBe(T0 + 15_000);
    expect(m.snapshot().utilHistory).toHaveLength(2);
  });
});
