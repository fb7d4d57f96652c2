/**
 * ClusterSource for a real cluster: one list+watch loop per kind (kindWatcher.ts) feeding the
 * sink through a 50 ms event batcher, training-CRD discovery, Prometheus for DCGM metrics,
 * and ClusterOps through client-node (kubeOps.ts). See README.md beside this file.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterOps, ClusterSource, SourceInfo, SourceSink, SourceStatus } from '../clusterSource';
import { SourceError } from '../clusterSource';
import type { DcgmField, DcgmLabels } from '../dcgm';
import type { TrainingCrdView } from '../../../../shared/views';
import type { KubeObject, ResourceKind, WatchEvent } from '../../k8s/objects';
import { RESOURCE_KINDS } from '../../k8s/objects';
import {
  parsePrometheusEndpoint, waitingFor, PrometheusSource, type MetricPoint, type MetricsState, type PromTransport,
} from '../prometheus/prometheusSource';
import { describeCrd, discoverTrainingCrds, type DetectedCrd } from './crdDiscovery';
import { EventBatcher } from './eventBatcher';
import { DEFAULT_WATCHER_OPTIONS, KindWatcher, type BackoffPolicy, type WatcherHandlers } from './kindWatcher';
import { loadKubeConfig } from './kubeconfig';
import { reasonOf } from '../../../../shared/reasons';
import type { ReasonView } from '../../../../shared/views';
import { credentialsRejectedCode, credentialsRejectedMessage } from './kubeErrors';
import { HttpMethod, KubeHttp } from './kubeHttp';
import { KubeOps } from './kubeOps';
import { atVersion, KIND_SPECS, type KindSpec } from './resourceKinds';

export interface KubeSourceOptions {
  /** Kubeconfig file; default $KUBECONFIG (merged like kubectl) or ~/.kube/config. */
  kubeconfig?: string;
  context: string;
  /** http(s)://prometheus:9090, or service://<namespace>/<name>:<port> through the API server. */
  prometheusUrl?: string;
  /** Prometheus poll interval (default 15 s) and per-request timeout (default 5 s). */
  metricsIntervalMs?: number;
  metricsTimeoutMs?: number;
  /** Watch events are coalesced into one onEvents call per window (default 50 ms). */
  batchWindowMs?: number;
  /** Reconnect backoff (default 1 s doubling to a 30 s cap, ±25 % jitter). */
  backoff?: Partial<BackoffPolicy>;
  /** How long start() waits for the first lists before it resolves (default 20 s); loading goes on after. */
  startWaitMs?: number;
  /** Kinds to list and watch (default all). */
  kinds?: ResourceKind[];
}

/**
 * Every optional kind asks discovery before its (re)list; at start that is five kinds at once.
 * One answer serves all who ask within this window (and one request is in flight at a time).
 */
const DISCOVERY_REUSE_MS = 10_000;

/** lastSyncAt alone changes status at most this often (the UI shows data age only when not live). */
const STATUS_PROGRESS_MS = 5_000;

export class KubeSource implements ClusterSource {
  readonly info: SourceInfo;
  readonly ops: ClusterOps;

  private kc: KubeConfig | undefined;
  private http: KubeHttp | undefined;
  private sink: SourceSink | undefined;
  private watchers: KindWatcher[] = [];
  private batcher: EventBatcher | undefined;
  private prometheus: PrometheusSource | undefined;
  private metrics: MetricsState = { state: 'unconfigured' };
  private detected: DetectedCrd[] = [];
  private discovery: { at: number; result: Promise<DetectedCrd[]> } | undefined;
  private fatal: string | undefined;
  private fatalCode: ReasonView | undefined;
  private running = false;
  private stopped = false;
  private lastSyncAt: number | undefined;
  private lastEmitted: SourceStatus | undefined;
  private lastEmittedAt = 0;
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly opts: KubeSourceOptions) {
    this.info = { kind: 'kube', name: opts.context, context: opts.context };
    this.ops = new KubeOps(() => this.kubeConfig(), opts.context);
  }

  now(): number {
    return Date.now();
  }

  /** Training CRDs the cluster serves, e.g. "PyTorchJob (kubeflow.org/v1)"; empty when none (the normal case). */
  detectedCrds(): string[] {
    return this.detected.map(describeCrd);
  }

  /** Objects skipped because they had no metadata (or were not objects), over all kinds. */
  malformedCount(): number {
    return this.watchers.reduce((n, w) => n + w.malformed, 0);
  }

  /** The status as last computed (also pushed to the sink on every change). */
  status(): SourceStatus {
    return this.computeStatus();
  }

  /** One DCGM field of one GPU over time from Prometheus, for the GPU detail charts. */
  async rangeQuery(field: DcgmField, selector: Partial<DcgmLabels>, start: number, end: number, step: number): Promise<MetricPoint[]> {
    if (!this.prometheus) throw new SourceError(this.metrics.message ?? 'Prometheus is not configured', undefined, 'Unconfigured');
    try {
      return await this.prometheus.rangeQuery(field, selector, start, end, step);
    } catch (err) {
      throw new SourceError((err as Error).message, undefined, 'PrometheusError');
    }
  }

  /** Retry every failing kind now (after the user refreshed credentials or the network came back). */
  reconnect(): void {
    for (const w of this.watchers) w.retryNow();
  }

  async start(sink: SourceSink): Promise<void> {
    if (this.running) throw new SourceError(`The source for context ${this.opts.context} is already started`);
    this.running = true;
    this.stopped = false;
    this.sink = sink;
    try {
      this.http = new KubeHttp(this.kubeConfig(), this.opts.context);
    } catch (err) {
      this.fatal = (err as Error).message;
      this.fatalCode = (err as { reasonCode?: ReasonView }).reasonCode;
      this.emit(true);
      throw new SourceError(this.fatal, undefined, 'KubeconfigError');
    }
    const http = this.http;
    this.batcher = new EventBatcher((events) => this.deliverEvents(events), this.opts.batchWindowMs ?? 50);
    const handlers: WatcherHandlers = {
      onSync: (spec, items) => this.deliverSync(spec, items),
      onEvent: (event) => this.batcher?.push(event),
      onProgress: () => { this.lastSyncAt = Date.now(); this.emit(); },
      onStateChange: () => this.emit(),
    };
    const backoff = { ...DEFAULT_WATCHER_OPTIONS.backoff, ...this.opts.backoff };
    const kinds = this.opts.kinds ?? RESOURCE_KINDS;
    this.watchers = kinds.map((kind) => new KindWatcher(KIND_SPECS[kind], http, handlers, {
      ...DEFAULT_WATCHER_OPTIONS,
      backoff,
      ...(KIND_SPECS[kind].optional ? { servedSpec: () => this.servedSpec(KIND_SPECS[kind]) } : {}),
    }));
    this.startPrometheus(http);
    // While every watch is open, every change reaches us: the data is current even when the
    // cluster is quiet, so the data age must not grow (the UI would call it stale).
    this.heartbeat = setInterval(() => {
      if (this.computeStatus().state !== 'live') return;
      this.lastSyncAt = Date.now();
      this.emit();
    }, STATUS_PROGRESS_MS);
    this.heartbeat.unref?.();
    this.emit(true);
    for (const w of this.watchers) void w.run();
    const firstLists = Promise.all(this.watchers.map((w) => w.firstAttempt));
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([firstLists, new Promise<void>((r) => { waitTimer = setTimeout(r, this.opts.startWaitMs ?? 20_000); })]);
    if (waitTimer) clearTimeout(waitTimer);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const w of this.watchers) w.stop();
    this.batcher?.discard();
    this.prometheus?.stop();
    await this.http?.close();
    this.running = false;
    this.emit(true);
  }

  private kubeConfig(): KubeConfig {
    this.kc ??= loadKubeConfig(this.opts.kubeconfig, this.opts.context);
    return this.kc;
  }

  /** The kind at the version the cluster serves; undefined when its CRD is absent (the normal case). */
  private async servedSpec(spec: KindSpec): Promise<KindSpec | undefined> {
    const now = Date.now();
    if (!this.discovery || now - this.discovery.at > DISCOVERY_REUSE_MS) {
      const result = discoverTrainingCrds(this.http!).then((found) => {
        const before = this.detectedCrds().join();
        this.detected = found;
        if (this.detectedCrds().join() !== before) this.emit();
        return found;
      });
      this.discovery = { at: now, result };
      // A failed discovery is not reused: the next kind (or retry) asks again.
      result.catch(() => { if (this.discovery?.result === result) this.discovery = undefined; });
    }
    const found = await this.discovery.result;
    const d = found.find((x) => x.crd.watchedAs === spec.kind);
    return d ? atVersion(spec, d.version) : undefined;
  }

  private startPrometheus(http: KubeHttp): void {
    const url = this.opts.prometheusUrl?.trim();
    if (!url) {
      this.metrics = { state: 'unconfigured' };
      return;
    }
    let endpoint;
    try {
      endpoint = parsePrometheusEndpoint(url);
    } catch (err) {
      const message = (err as Error).message;
      this.metrics = { state: 'down', message, messageCode: (err as { reasonCode?: ReasonView }).reasonCode ?? reasonOf('source.message', { message }) };
      return;
    }
    const transport: PromTransport | undefined = endpoint.kind === 'service'
      ? async (pathAndQuery, signal) => {
        const res = await http.send(HttpMethod.GET, endpoint.proxyPath + pathAndQuery, { signal, timeoutMs: 0 });
        return { status: res.status, text: await res.text() };
      }
      : undefined;
    this.metrics = { state: 'down', ...waitingFor(endpoint) };
    this.prometheus = new PrometheusSource({
      endpoint,
      transport,
      intervalMs: this.opts.metricsIntervalMs,
      timeoutMs: this.opts.metricsTimeoutMs,
      onSamples: (samples, at) => {
        if (this.stopped) return;
        try { this.sink?.onMetrics(samples, at); } catch { /* a failing consumer must not stop polling */ }
      },
      onState: (state) => { this.metrics = state; this.emit(); },
    });
    void this.prometheus.start();
  }

  private deliverSync(spec: KindSpec, items: KubeObject[]): void {
    if (this.stopped) return;
    // Events of other kinds queued before this list go first: the sink sees arrival order.
    this.batcher?.flush();
    this.lastSyncAt = Date.now();
    try { this.sink?.onSync(spec.kind, items); } catch { /* the model guards itself; never let it kill the loop */ }
    this.emit();
  }

  private deliverEvents(events: WatchEvent[]): void {
    if (this.stopped) return;
    this.lastSyncAt = Date.now();
    try { this.sink?.onEvents(events); } catch { /* as above */ }
    this.emit();
  }

  private computeStatus(): SourceStatus {
    const metrics = { ...this.metrics };
    const base = { metrics, ...(this.lastSyncAt !== undefined ? { lastSyncAt: this.lastSyncAt } : {}), trainingCrds: this.trainingCrdStatus() };
    if (this.stopped) return { state: 'stopped', ...base };
    const context = this.opts.context;
    if (this.fatal) return { state: 'error', message: this.fatal, messageCode: this.fatalCode ?? reasonOf('source.message', { message: this.fatal }), ...base };
    const active = this.watchers.filter((w) => w.state !== 'absent' && w.state !== 'stopped');
    const rejected = active.find((w) => w.state === 'denied' && w.error?.status === 401);
    if (rejected) return { state: 'error', message: credentialsRejectedMessage(context), messageCode: credentialsRejectedCode(context), ...base };
    const noCredentials = active.find((w) => w.state === 'denied' && w.error?.failure === 'credentials');
    if (noCredentials) return { state: 'error', message: noCredentials.error!.message, messageCode: noCredentials.error!.reasonCode, ...base };
    const forbidden = active.filter((w) => w.state === 'denied' && w.error?.status === 403);
    const forbiddenKinds = forbidden.map((w) => w.spec.plural).join(', ');
    if (forbidden.length > 0 && forbidden.length === active.length) {
      const message = forbidden[0].error!.message;
      return {
        state: 'error',
        message: `The user of context ${context} may not list ${forbiddenKinds} (403 Forbidden): ${message}`,
        messageCode: reasonOf('source.forbiddenAll', { context, kinds: forbiddenKinds, message }),
        ...base,
      };
    }
    const failing = active.find((w) => w.state === 'backoff');
    if (failing) {
      const secs = failing.retryAt ? Math.max(1, Math.round((failing.retryAt - Date.now()) / 1000)) : undefined;
      const kinds = failing.spec.plural;
      const cause = failing.error
        ? { text: failing.error.message, code: failing.error.reasonCode }
        : { text: `Lost the watch on ${kinds}`, code: reasonOf('source.lostWatch', { kinds }) };
      return secs
        ? { state: 'reconnecting', message: `${cause.text} — retrying in ${secs} s`, messageCode: reasonOf('source.retrying', { seconds: secs }, { cause: cause.code }), ...base }
        : { state: 'reconnecting', message: cause.text, messageCode: cause.code, ...base };
    }
    const notes: { text: string; code: ReasonView }[] = [];
    if (forbidden.length > 0) {
      notes.push({
        text: `No permission to list ${forbiddenKinds} (403 Forbidden); those views stay empty.`,
        code: reasonOf('source.noPermissionToList', { kinds: forbiddenKinds }),
      });
    }
    const malformed = this.malformedCount();
    if (malformed > 0) {
      notes.push({
        text: `Skipped ${malformed} malformed object${malformed === 1 ? '' : 's'} (no metadata.name).`,
        code: reasonOf('source.skippedMalformed', { count: malformed }),
      });
    }
    const note = notes.length === 0 ? {}
      : notes.length === 1 ? { message: notes[0].text, messageCode: notes[0].code }
        : { message: `${notes[0].text} ${notes[1].text}`, messageCode: reasonOf('source.twoNotes', {}, { first: notes[0].code, second: notes[1].code }) };
    // A kind relisting after 410 Gone still shows its last list: it does not make the source "connecting".
    const ready = active.every((w) => w.state === 'watching' || w.state === 'denied' || (w.synced && w.state === 'listing'));
    if (ready) return { state: 'live', ...note, ...base };
    return { state: 'connecting', ...note, ...base };
  }

  /** The detected training CRDs and whether we may list them (a 403 leaves that kind empty, with a note). */
  private trainingCrdStatus(): TrainingCrdView[] {
    return this.detected.map((d) => {
      const w = this.watchers.find((x) => x.spec.kind === d.crd.watchedAs);
      const forbidden = w?.state === 'denied' && w.error?.status === 403;
      return { kind: d.kind, group: d.group, version: d.version, ...(forbidden ? { forbidden: true } : {}) };
    });
  }

  /** Push the status when it changed (lastSyncAt alone: at most every 5 s). */
  private emit(force = false): void {
    if (!this.sink) return;
    const s = this.computeStatus();
    const prev = this.lastEmitted;
    const now = Date.now();
    const changed = !prev || prev.state !== s.state || prev.message !== s.message
      || JSON.stringify(prev.trainingCrds) !== JSON.stringify(s.trainingCrds)
      || prev.metrics.state !== s.metrics.state || prev.metrics.message !== s.metrics.message || prev.metrics.lastScrapeAt !== s.metrics.lastScrapeAt;
    const progressed = prev !== undefined && prev.lastSyncAt !== s.lastSyncAt && now - this.lastEmittedAt >= STATUS_PROGRESS_MS;
    if (!force && !changed && !progressed) return;
    this.lastEmitted = s;
    this.lastEmittedAt = now;
    try { this.sink.onStatus(s); } catch { /* never let a consumer break the source */ }
  }
}
