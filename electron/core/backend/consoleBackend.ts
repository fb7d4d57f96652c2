/**
 * The one backend both shells serve: owns the source, the model, actions, drills and settings,
 * validates every request against the shared contract, and pushes coalesced deltas.
 */
import os from 'node:os';
import path from 'node:path';
import { CodedError } from '../../../shared/codedError';
import { ContractError, DEMO_PRESETS, parseRequest } from '../../../shared/contract';
import type { EventName, Events, MethodName, ParsedParams, Result, SourceList, SourceRequest } from '../../../shared/contract';
import { reasonOf } from '../../../shared/reasons';
import type { ConnectionStatus, ReasonView } from '../../../shared/views';
import { ActionEngine } from '../actions/actionEngine';
import { AuditLog } from '../actions/auditLog';
import { ClusterModel } from '../model/clusterModel';
import type { ClusterSource, SourceStatus } from '../sources/clusterSource';
import { createSource, isDemoSource, listKubeContextsSafe } from '../sources/createSource';
import { PRESET_SIZES } from '../sources/demo/presets';
import { DrillEngine } from '../drills/drillEngine';
import { SettingsStore } from './settingsStore';
import { buildSummary, type SummaryJson } from './summary';

export interface BackendOptions {
  dataDir: string;
  initialSource: SourceRequest;
  /** Explicit kubeconfig file; otherwise $KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  prometheusUrl?: string;
  /** Wall-clock ms between pushed deltas (coalescing window). */
  deltaIntervalMs?: number;
  /**
   * Wall-clock ms between deltas that carry telemetry columns (default 1000): DCGM values are
   * shown at 1 Hz at most however fast the source clock runs; structure still flows every delta.
   */
  telemetryIntervalMs?: number;
  /** Demo only: run the simulator on a timer (false in tests and the benchmark, which advance it). */
  realtime?: boolean;
  user?: string;
}

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class ConsoleBackend {
  private source!: ClusterSource;
  private model!: ClusterModel;
  private sourceStatus: SourceStatus = { state: 'connecting', metrics: { state: 'unconfigured' } };
  private current: SourceRequest;
  private seq = 0;
  /** Wall clock of the last delta that carried telemetry. */
  private lastTelemetryAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private readonly listeners = new Set<Listener>();
  private readonly settings: SettingsStore;
  readonly audit: AuditLog;
  private actions!: ActionEngine;
  readonly drills: DrillEngine;
  private connecting: Promise<void> = Promise.resolve();

  constructor(private readonly opts: BackendOptions) {
    const user = opts.user ?? safeUserName();
    this.settings = new SettingsStore(path.join(opts.dataDir, 'settings.json'), user);
    this.audit = new AuditLog(path.join(opts.dataDir, 'audit.jsonl'));
    this.current = opts.initialSource;
    this.drills = new DrillEngine({
      dataDir: opts.dataDir,
      source: () => this.source,
      model: () => this.model,
      onChange: (state) => this.emit('drill', state),
      allowLive: () => this.liveDrillsAllowed(),
    });
  }

  async start(): Promise<void> {
    await this.switchSource(this.current);
    this.timer = setInterval(() => this.pump(), this.opts.deltaIntervalMs ?? 100);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.source?.stop();
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The transports' single entry point: validates, dispatches, and turns failures into readable errors. */
  async handle(method: unknown, params: unknown): Promise<unknown> {
    const req = parseRequest(method, params);
    try {
      return await this.dispatch(req.method, req.params);
    } catch (err) {
      if (err instanceof ContractError) throw err;
      throw new ContractError((err as Error).message ?? String(err), 'failed', err instanceof CodedError ? err.reason : undefined);
    }
  }

  private async dispatch<M extends MethodName>(method: M, params: ParsedParams<M>): Promise<Result<M>> {
    const p = params as never;
    const r = (value: unknown) => value as Result<M>;
    switch (method) {
      case 'getStatus': return r(this.status());
      case 'listSources': return r(this.listSources());
      case 'connect': await this.switchSource(p); return r(this.status());
      case 'subscribe': return r(this.subscribe());
      case 'getNodeDetail': {
        const { name } = p as { name: string };
        return r(this.require(this.model.nodeDetail(name), `Node ${name}`, reasonOf('error.nodeNotFound', { name })));
      }
      case 'getGpuDetail': {
        const { id } = p as { id: string };
        return r(this.require(this.model.gpuDetail(id), `GPU ${id}`, reasonOf('error.gpuNotFound', { id })));
      }
      case 'getWorkloadDetail': {
        const { key } = p as { key: string };
        return r(this.require(this.model.workloadDetail(key), `Workload ${key}`, reasonOf('error.workloadNotFound', { key })));
      }
      case 'setClock': return r(this.setClock(p));
      case 'previewAction': return r(await this.actions.preview(p));
      case 'runAction': {
        const { request, confirmation } = p as { request: Parameters<ActionEngine['run']>[0]; confirmation?: string };
        const result = await this.actions.run(request, confirmation);
        this.drills.noteAction(request, result);
        return r(result);
      }
      case 'listAudit': return r(this.audit.read({ limit: (p as { limit?: number }).limit ?? 1000 }).entries);
      case 'exportAudit': return r({ jsonl: this.audit.exportJsonl() });
      case 'getSettings': return r(this.settings.get());
      case 'setSettings': { const s = this.settings.update(p); this.emit('status', this.status()); return r(s); }
      case 'listDrills': return r(this.drills.list());
      case 'startDrill': return r(await this.drills.start((p as { id: string }).id));
      case 'drillHint': return r(this.drills.hint());
      case 'abortDrill': return r(await this.drills.abort());
      case 'getDrillState': return r(this.drills.state());
      case 'confirmDrillStep': return r(this.drills.confirmStep((p as { stepId: string }).stepId));
      case 'noteViewed': { const v = p as { kind: 'node' | 'gpu' | 'workload'; id: string }; this.drills.noteViewed(v.kind, v.id); return r({ ok: true }); }
      case 'openExternal': return r({ ok: false });
      default: throw new ContractError(`Unknown method: ${String(method)}`, 'unknown-method', reasonOf('error.unknownMethod', { method: String(method) }));
    }
  }

  private require<T>(value: T | undefined, what: string, reason: ReasonView): T {
    if (value === undefined) throw new ContractError(`${what} not found (it may have been deleted).`, 'failed', reason);
    return value;
  }

  status(): ConnectionStatus {
    const info = this.source?.info ?? { kind: this.current.kind, name: this.current.kind };
    const demo = this.source && isDemoSource(this.source) ? this.source : undefined;
    return {
      source: { kind: info.kind, name: info.name, context: info.context, preset: info.preset },
      state: this.sourceStatus.state,
      message: this.sourceStatus.message,
      messageCode: this.sourceStatus.messageCode,
      lastSyncAt: this.sourceStatus.lastSyncAt,
      metrics: this.sourceStatus.metrics,
      trainingCrds: this.sourceStatus.trainingCrds,
      clock: demo ? { ...demo.clock } : undefined,
      readOnly: this.isReadOnly(),
      drillsAllowed: this.current.kind === 'demo' || this.liveDrillsAllowed(),
    };
  }

  private liveDrillsAllowed(): boolean {
    return this.current.kind === 'kube' && this.settings.liveDrillsAllowed(this.current.context);
  }

  private isReadOnly(): boolean {
    return this.settings.isReadOnly(this.current.kind === 'kube' ? this.current.context : undefined);
  }

  /** Wall-clock age of the data, or null before the first sync. */
  dataAgeMs(): number | null {
    const demo = this.source && isDemoSource(this.source);
    if (demo && this.sourceStatus.state === 'live') return 0;
    return this.sourceStatus.lastSyncAt ? Date.now() - this.sourceStatus.lastSyncAt : null;
  }

  summary(): SummaryJson {
    return buildSummary(this.model.kpis(), this.sourceLabel(), this.dataAgeMs());
  }

  health(): { status: 'ok' | 'degraded'; source: string; state: string; dataAgeMs: number | null } {
    return { status: this.sourceStatus.state === 'live' ? 'ok' : 'degraded', source: this.sourceLabel(), state: this.sourceStatus.state, dataAgeMs: this.dataAgeMs() };
  }

  /** Prometheus text of the demo's DCGM metrics, or undefined on a live source. */
  metricsText(): string | undefined {
    return this.source && isDemoSource(this.source) ? this.source.metricsText() : undefined;
  }

  sourceLabel(): string {
    return this.current.kind === 'demo' ? `demo:${this.current.preset}` : `kube:${this.current.context}`;
  }

  currentSource(): ClusterSource { return this.source; }
  currentModel(): ClusterModel { return this.model; }

  private listSources(): SourceList {
    const kube = listKubeContextsSafe(this.opts.kubeconfig);
    const prod = new Set(this.settings.get().productionContexts);
    return {
      demoPresets: DEMO_PRESETS.map((id) => ({ id, ...PRESET_SIZES[id] })),
      kubeContexts: kube.contexts.map((c) => ({ ...c, production: prod.has(c.name) })),
      kubeconfigError: kube.error,
      kubeconfigErrorCodes: kube.errorCodes,
      current: this.current,
    };
  }

  private subscribe() {
    this.pump(); // flush pending changes so the snapshot's seq is exact
    // The wire form: GPUs as a column table, their telemetry as columns (7.7 → 4.5 MB for 16,000
    // GPUs, quicker to serialize and parse). Telemetry still pending for the other clients
    // arrives later as absolute values: harmless here.
    return { ...this.model.snapshot({ wire: true }), seq: this.seq, at: this.source.now() };
  }

  private setClock(p: { speed?: number; paused?: boolean }): ConnectionStatus {
    if (!isDemoSource(this.source)) throw new ContractError('The clock can only be changed in demo mode.', 'failed', reasonOf('error.clockDemoOnly', {}));
    if (p.speed !== undefined) this.source.setSpeed(p.speed);
    if (p.paused === true) this.source.pause();
    if (p.paused === false) this.source.resume();
    const s = this.status();
    this.emit('status', s);
    return s;
  }

  /** Switch sources without restarting; a failing new source leaves a clear error status. */
  private async switchSource(req: SourceRequest): Promise<void> {
    const run = async () => {
      await this.drills.abortIfRunning();
      await this.source?.stop();
      this.current = req;
      const source = createSource(req, { kubeconfig: this.opts.kubeconfig, prometheusUrl: this.opts.prometheusUrl, realtime: this.opts.realtime ?? true });
      this.source = source;
      this.model = new ClusterModel({ now: () => source.now() });
      this.actions = new ActionEngine({
        model: this.model,
        source: () => this.source,
        audit: this.audit,
        context: () => ({ sourceName: this.sourceLabel(), readOnly: this.isReadOnly() }),
        onProgress: (p) => this.emit('actionProgress', p),
      });
      this.sourceStatus = { state: 'connecting', metrics: { state: 'unconfigured' } };
      this.emit('status', this.status());
      const model = this.model;
      try {
        await source.start({
          onSync: (kind, objects) => { if (this.model === model) model.onSync(kind, objects); },
          onEvents: (events) => { if (this.model === model) model.onEvents(events); },
          onMetrics: (samples, at) => { if (this.model === model) model.onMetrics(samples, at); },
          onStatus: (status) => {
            if (this.source !== source) return;
            this.sourceStatus = status;
            this.emit('status', this.status());
          },
        });
      } catch (err) {
        const message = (err as Error).message;
        const messageCode = (err as { reasonCode?: ReasonView }).reasonCode ?? reasonOf('source.message', { message });
        this.sourceStatus = { state: 'error', message, messageCode, metrics: { state: 'unconfigured' } };
        this.emit('status', this.status());
      }
      // A new model: clients must resubscribe; a seq jump makes them do so.
      this.seq += 1000;
      this.emit('status', this.status());
    };
    this.connecting = this.connecting.then(run, run);
    await this.connecting;
  }

  /** Push the coalesced delta of everything that changed since the last push. */
  private pump(): void {
    if (!this.model) return;
    this.model.tick(this.source.now());
    this.drills.tick();
    const now = Date.now();
    const telemetry = now - this.lastTelemetryAt >= (this.opts.telemetryIntervalMs ?? 1000);
    if (telemetry && this.model.hasPendingTelemetry()) this.lastTelemetryAt = now;
    const delta = this.model.takeDelta({ telemetry });
    if (!delta) return;
    this.seq += 1;
    this.emit('delta', { ...delta, seq: this.seq, at: this.source.now() });
  }

  private emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try { l(event, payload); } catch { /* a broken transport must not stop the others */ }
    }
  }
}

function safeUserName(): string {
  try { return os.userInfo().username; } catch { return 'unknown'; }
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'bulwark');
}
