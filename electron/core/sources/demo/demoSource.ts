/**
 * The demo ClusterSource: a deterministic simulated GPU cluster that speaks Kubernetes.
 *
 * Same preset + seed + sequence of advance / fault / ops calls → the same objects, byte for
 * byte. In realtime mode a wall-clock timer advances virtual time (speed × wall time); tests,
 * drills and the benchmark call advance() directly.
 */
import type { DemoPreset } from '../../../../shared/contract';
import type { ClusterOps, ClusterSource, SourceInfo, SourceSink, SourceStatus } from '../clusterSource';
import type { DcgmSample } from '../dcgm';
import type { KindMap, ResourceKind, WatchEvent } from '../../k8s/objects';
import { RESOURCE_KINDS, objectKey } from '../../k8s/objects';
import { Simulation } from './simulation';
import { STEP_MS, clampSpeed } from './virtualClock';
import type { ClockState } from './virtualClock';
import { DemoOps } from './demoOps';
import type { DemoRbac } from './demoOps';
import { FaultController } from './faults';
import { dcgmSamples } from './gpuTelemetry';
import { renderDcgmExposition } from './metricsExposition';
import { ChurnGenerator } from './churn';

export interface DemoSourceOptions {
  preset: DemoPreset;
  /** Default 42. */
  seed?: number;
  /** Virtual seconds per wall second, 1..1000 (default 1). */
  speed?: number;
  /** Advance on a wall-clock timer after start() (default true). */
  realtime?: boolean;
  /** Simulate a user who may not do some things (canI and the ops answer 403). */
  rbac?: DemoRbac;
}

export interface StormResult { events: number; wallMs: number; eventsPerSecond: number }

/** DCGM samples are published every 5 s of virtual time, like a dcgm-exporter scrape interval. */
export const METRICS_INTERVAL_MS = 5000;
/** Wall-clock tick of realtime mode. */
export const REALTIME_TICK_MS = 250;
/** At most this much virtual time per wall tick. */
const MAX_TICK_VIRTUAL_MS = 300_000;
/** Wall time a tick may spend stepping (of its 250 ms). */
const TICK_BUDGET_MS = 150;

export class DemoSource implements ClusterSource {
  readonly info: SourceInfo;
  readonly ops: ClusterOps & DemoOps;
  readonly faults: FaultController;
  /** The simulation itself, for drills and tests that need to look behind the API. */
  readonly simulation: Simulation;
  private sink?: SourceSink;
  private timer?: ReturnType<typeof setInterval>;
  private readonly realtime: boolean;
  private pendingMs = 0;
  private lastMetricsAt = -Infinity;
  private lastScrapeWall?: number;
  private churn?: ChurnGenerator;

  constructor(opts: DemoSourceOptions) {
    this.simulation = new Simulation(opts.preset, (opts.seed ?? 42) >>> 0);
    this.simulation.clock.setSpeed(opts.speed ?? 1);
    this.realtime = opts.realtime ?? true;
    this.info = { kind: 'demo', name: `Demo · ${opts.preset}`, preset: opts.preset };
    this.ops = new DemoOps(this.simulation, opts.rbac, () => this.emit());
    this.faults = new FaultController(this.simulation, () => this.emit());
  }

  /* --------------------------------------------------------- ClusterSource */

  async start(sink: SourceSink): Promise<void> {
    this.simulation.store.flush(); // writes before start are part of the sync below, not events
    this.sink = sink;
    for (const kind of RESOURCE_KINDS) sink.onSync(kind, [...this.simulation.store.list(kind)]);
    const samples = dcgmSamples(this.simulation);
    this.lastMetricsAt = this.now();
    this.lastScrapeWall = Date.now();
    sink.onStatus(this.status('live'));
    sink.onMetrics(samples, this.now());
    if (this.realtime && !this.timer) {
      this.timer = setInterval(() => this.tick(), REALTIME_TICK_MS);
      this.timer.unref?.();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const sink = this.sink;
    this.sink = undefined;
    sink?.onStatus(this.status('stopped'));
  }

  now(): number {
    return this.simulation.clock.now;
  }

  private status(state: SourceStatus['state']): SourceStatus {
    return {
      state,
      lastSyncAt: Date.now(),
      metrics: { state: state === 'live' ? 'ok' : 'unconfigured', lastScrapeAt: this.lastScrapeWall },
      // The simulator serves PyTorchJobs (and none of the other training CRDs), as a cluster with the training-operator would.
      trainingCrds: [{ kind: 'PyTorchJob', group: 'kubeflow.org', version: 'v1' }],
    };
  }

  /* ----------------------------------------------------------------- clock */

  get clock(): ClockState {
    return this.simulation.clock.state();
  }

  setSpeed(speed: number): void {
    this.simulation.clock.setSpeed(clampSpeed(speed));
  }

  pause(): void {
    this.simulation.clock.paused = true;
  }

  resume(): void {
    this.simulation.clock.paused = false;
  }

  /**
   * Advances virtual time by `ms` in whole one-second steps (a remainder carries over to the
   * next call). Each step's watch events go to the sink as one batch; DCGM samples at most
   * once per call, when 5 s of virtual time have passed since the last ones.
   */
  advance(ms: number): void {
    if (!(ms > 0)) return;
    this.pendingMs += ms;
    while (this.pendingMs >= STEP_MS) {
      this.pendingMs -= STEP_MS;
      this.stepOnce();
    }
    this.maybeEmitMetrics();
  }

  private stepOnce(): void {
    this.simulation.step();
    this.emit();
  }

  private maybeEmitMetrics(): void {
    const sim = this.simulation;
    if (this.sink && sim.now - this.lastMetricsAt >= METRICS_INTERVAL_MS) {
      this.lastMetricsAt = sim.now;
      this.lastScrapeWall = Date.now();
      this.sink.onMetrics(dcgmSamples(sim), sim.now);
    }
  }

  /**
   * Realtime: speed × 250 ms of virtual time per 250 ms of wall time, within a wall-time budget
   * per tick — when a big preset cannot keep up at high speed the virtual clock falls behind
   * instead of starving the event loop.
   */
  private tick(): void {
    const c = this.simulation.clock;
    if (c.paused) return;
    this.pendingMs += Math.min(MAX_TICK_VIRTUAL_MS, c.speed * REALTIME_TICK_MS);
    const deadline = Date.now() + TICK_BUDGET_MS;
    while (this.pendingMs >= STEP_MS && Date.now() < deadline) {
      this.pendingMs -= STEP_MS;
      this.stepOnce();
    }
    if (this.pendingMs >= STEP_MS) this.pendingMs = 0; // fell behind: drop the backlog
    this.maybeEmitMetrics();
  }

  /** Flushes the store's pending writes to the sink as one batch. */
  private emit(): WatchEvent[] {
    const batch = this.simulation.store.flush();
    if (batch.length > 0 && this.sink) this.sink.onEvents(batch);
    return batch;
  }

  /* --------------------------------------------------------------- metrics */

  dcgmSamples(): DcgmSample[] {
    return dcgmSamples(this.simulation);
  }

  /** dcgm-exporter's /metrics body (Prometheus text format 0.0.4). */
  metricsText(): string {
    return renderDcgmExposition(dcgmSamples(this.simulation));
  }

  /* ----------------------------------------------------- demo-only actions */

  /** Demo GPU reset (nvidia-smi -r): clears the XID and thermal faults of "node/index". Returns how many. */
  resetGpu(gpuId: string): number {
    return this.faults.resetGpu(gpuId);
  }

  /* ----------------------------------------------------------- inspection */

  list<K extends ResourceKind>(kind: K): KindMap[K][] {
    return [...this.simulation.store.list(kind)];
  }

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    return this.simulation.store.getByKey(kind, objectKey(namespace, name));
  }

  /* ------------------------------------------------------------ load tests */

  /** Applies about n background changes (heartbeats, readiness flaps, throughput reports) and emits them as one batch. */
  generateChurn(n: number): WatchEvent[] {
    this.churn ??= new ChurnGenerator(this.simulation);
    this.churn.apply(n);
    return this.emit();
  }

  /** Emits churn at `eventsPerSecond` (wall clock) for `durationMs`, in 50 ms slices, advancing virtual time alongside. */
  async storm(eventsPerSecond: number, durationMs: number): Promise<StormResult> {
    const start = Date.now();
    let events = 0;
    let slice = 0;
    while (Date.now() - start < durationMs) {
      slice++;
      const due = Math.floor((eventsPerSecond * Math.min(durationMs, Date.now() - start + 50)) / 1000) - events;
      if (due > 0) events += this.generateChurn(due).length;
      if (slice % 20 === 0) this.advance(STEP_MS);
      await new Promise((r) => setTimeout(r, 50));
    }
    const wallMs = Date.now() - start;
    return { events, wallMs, eventsPerSecond: (events * 1000) / Math.max(1, wallMs) };
  }
}
