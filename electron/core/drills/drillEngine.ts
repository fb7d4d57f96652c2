/**
 * The drill engine: starts a scenario (picks targets from the live model, injects its faults on
 * the source clock), follows the operator (what they opened, which actions they ran), checks
 * each stage's goal on every tick, and when the drill ends writes a debrief with timings, work
 * lost against the RPO, recovery against the RTO, harmful actions, hints and a score
 * (score.ts), appends it to `<dataDir>/drills.jsonl`, and cleans up.
 *
 * Time is the source clock: the demo's virtual clock (which may run faster than real time)
 * or Date.now() on a live cluster. Drills run on the demo; on a kube source they are refused
 * unless `allowLive` is set, and then only scenarios whose faults are reversible Kubernetes
 * operations (cordon, taint, delete a pod) run, and cleanup undoes exactly those.
 */
import type { ActionRequest, ActionResult } from '../../../shared/actions';
import { CodedError } from '../../../shared/codedError';
import type { DrillDebrief, DrillScenarioSummary, DrillState, DrillStageState, DrillTimelineEntry } from '../../../shared/drills';
import type { Localized } from '../../../shared/explainers/types';
import { reasonOf } from '../../../shared/reasons';
import type { ClusterModelApi, ModelReader } from '../model/modelApi';
import type { ClusterSource } from '../sources/clusterSource';
import { DemoSource } from '../sources/demo/demoSource';
import type { FaultHandle } from '../sources/demo/faults';
import { DrillHistory } from './drillHistory';
import { taintId } from './clusterFacts';
import { COMMON_HARMFUL_RULES, describeAction } from './harmfulActions';
import { captureRestorePoint, restore, type DeferredRestore, type RestorePoint } from './restorePoint';
import type { DrillBaseline, DrillContext, DrillFault, DrillFaultStep, DrillScenario, DrillSnapshot, DrillTargets, TakenAction } from './scenario';
import { L, stageHints } from './scenario';
import { SCENARIOS } from './scenarios';
import { drillScore } from './score';

export interface DrillEngineOptions {
  dataDir: string;
  source: () => ClusterSource;
  model: () => ClusterModelApi | (ModelReader & { tick(now: number): void });
  onChange: (state: DrillState | null) => void;
  /**
   * Allow drills on a kube source (reversible faults only: cordon, taint, delete a pod). Off by
   * default; the console asks its settings (the operator's per-context opt-in) at each start.
   */
  allowLive?: boolean | (() => boolean);
  /** Scenarios to offer (default: all built-in). */
  scenarios?: readonly DrillScenario[];
  /** Recorded in the history (the CLI marks autopilot runs). */
  recordTags?: () => { autopilot?: boolean; seed?: number };
}

interface InjectedFault {
  step: DrillFaultStep;
  injectedAt?: number;
  clearedAt?: number;
  clear?: () => Promise<void>;
  handle?: FaultHandle;
}

interface ActiveDrill {
  scenario: DrillScenario;
  source: ClusterSource;
  live: boolean;
  targets: DrillTargets;
  baseline: DrillBaseline;
  restorePoint: RestorePoint;
  startedAt: number;
  faults: InjectedFault[];
  viewed: Set<string>;
  manual: Map<string, number>;
  actions: TakenAction[];
  stageDoneAt: (number | undefined)[];
  current: number;
  /** Hints revealed per stage. */
  hintsRevealed: number[];
  hintsShown: Localized[];
  hintsUsed: number;
  memo: Record<string, number>;
  timeline: DrillTimelineEntry[];
  snapshot: DrillSnapshot;
  lastEmittedSec: number;
  /** Worst work-at-risk of the objective during the drill (for the timeline). */
  peakAtRiskSec: number;
}

const KIND_ZH: Record<'node' | 'workload', string> = { node: '节点', workload: '工作负载' };

function entry(tSec: number, kind: DrillTimelineEntry['kind'], text: Localized): DrillTimelineEntry {
  return { tSec, kind, text: text.en, localized: text };
}

function log(d: { timeline: DrillTimelineEntry[] }, tSec: number, kind: DrillTimelineEntry['kind'], text: Localized): void {
  d.timeline.push(entry(tSec, kind, text));
}

const EMPTY_SNAPSHOT: DrillSnapshot = { nodeHealth: new Map(), workloadHealth: new Map() };

export class DrillEngine {
  private readonly history: DrillHistory;
  private readonly scenarios: readonly DrillScenario[];
  private drill: ActiveDrill | null = null;
  private finished: DrillState | null = null;
  private cleanup: Promise<void> = Promise.resolve();
  private starting = false;
  /** Cleanup steps waiting for the cluster (checked on every tick, drill or not). */
  private deferred: { step: DeferredRestore; source: ClusterSource; until: number }[] = [];

  constructor(private readonly opts: DrillEngineOptions) {
    this.history = new DrillHistory(opts.dataDir);
    this.scenarios = opts.scenarios ?? SCENARIOS;
  }

  /* ----------------------------------------------------------------- public API */

  list(): DrillScenarioSummary[] {
    const stats = this.history.stats();
    return this.scenarios.map((s) => {
      const st = stats.get(s.id);
      return { id: s.id, title: s.title, summary: s.summary, difficulty: s.difficulty, live: s.live === true, preset: s.preset, bestScore: st?.bestScore, attempts: st?.attempts ?? 0 };
    });
  }

  scenario(id: string): DrillScenario | undefined {
    return this.scenarios.find((s) => s.id === id);
  }

  async start(id: string): Promise<DrillState> {
    const scenario = this.scenario(id);
    if (!scenario) {
      const known = this.scenarios.map((s) => s.id).join(', ');
      throw new CodedError(`Unknown drill scenario "${id}". Known: ${known}.`, reasonOf('error.drill.unknownScenario', { id, known }));
    }
    if (this.starting) throw new CodedError('A drill is already starting.', reasonOf('error.drill.starting', {}));
    if (this.drill) {
      const running = this.drill.scenario.id;
      throw new CodedError(`Drill "${running}" is still running; abort it first.`, reasonOf('error.drill.stillRunning', { id: running }));
    }
    this.starting = true;
    try {
      await this.cleanup;
      const source = this.opts.source();
      const model = this.opts.model();
      const live = !(source instanceof DemoSource);
      if (live) {
        const allowed = typeof this.opts.allowLive === 'function' ? this.opts.allowLive() : this.opts.allowLive === true;
        if (!allowed) {
          throw new CodedError(
            'Drills inject failures, so they run on the demo cluster. Live drills are off for this context: switch to a demo source to practise, or allow drills on this context in Settings (reversible drills only; never on a read-only context).',
            reasonOf('error.drill.liveOff', {}),
          );
        }
        if (!scenario.live) {
          throw new CodedError(
            `The "${id}" drill needs the simulator's fault injection; on a live cluster only reversible drills (cordon, taint, delete a pod) run.`,
            reasonOf('error.drill.needsSimulator', { id }),
          );
        }
      } else if (source.info.preset && source.info.preset !== scenario.preset) {
        const current = source.info.preset;
        throw new CodedError(
          `The "${id}" drill is written for the "${scenario.preset}" demo preset; switch the demo to it first (now "${current}").`,
          reasonOf('error.drill.wrongPreset', { id, preset: scenario.preset, current }),
        );
      }
      const targets = scenario.pickTargets(model);
      const now = source.now();
      const d: ActiveDrill = {
        scenario, source, live, targets,
        baseline: baselineOf(model, targets),
        restorePoint: captureRestorePoint(model),
        startedAt: now,
        faults: scenario.faults(targets, model).map((step) => ({ step })),
        viewed: new Set(), manual: new Map(), actions: [],
        stageDoneAt: scenario.stages.map(() => undefined),
        current: 0,
        hintsRevealed: scenario.stages.map(() => 0),
        hintsShown: [], hintsUsed: 0, memo: {}, timeline: [],
        snapshot: EMPTY_SNAPSHOT,
        lastEmittedSec: 0,
        peakAtRiskSec: 0,
      };
      d.snapshot = snapshotOf(model);
      this.finished = null;
      this.drill = d;
      log(d, 0, 'note', L(`Drill ${scenario.id} started on ${source.info.name}`, `演练 ${scenario.id} 在 ${source.info.name} 上开始`));
      try {
        await this.injectDue(d, 0);
      } catch (err) {
        // Nothing half-broken stays behind when a fault cannot be injected.
        this.drill = null;
        await this.clearFaults(d);
        throw err;
      }
      const state = this.stateOf(d);
      this.opts.onChange(state);
      return state;
    } finally {
      this.starting = false;
    }
  }

  hint(): DrillState {
    const d = this.drill;
    if (!d) throw new CodedError('No drill is running.', reasonOf('error.drill.noneRunning', {}));
    const stage = d.scenario.stages[d.current];
    const shown = d.hintsRevealed[d.current];
    const hints = stage ? stageHints(stage, d.targets) : [];
    if (stage && shown < hints.length) {
      d.hintsRevealed[d.current] = shown + 1;
      d.hintsShown.push(hints[shown]);
      d.hintsUsed += 1;
      log(d, this.sec(d), 'hint', L(`Hint ${shown + 1} for "${stage.title.en}"`, `“${stage.title['zh-CN']}”的提示 ${shown + 1}`));
    }
    const state = this.stateOf(d);
    this.opts.onChange(state);
    return state;
  }

  async abort(): Promise<DrillState | null> {
    const d = this.drill;
    if (!d) {
      // Nothing running: dismiss the last debrief.
      await this.cleanup;
      const had = this.finished !== null;
      this.finished = null;
      if (had) this.opts.onChange(null);
      return null;
    }
    const state = this.finish(d, 'aborted');
    await this.cleanup;
    return state;
  }

  async abortIfRunning(): Promise<void> {
    if (this.drill) await this.abort();
    await this.cleanup;
    if (this.finished) {
      this.finished = null;
      this.opts.onChange(null);
    }
  }

  state(): DrillState | null {
    return this.drill ? this.stateOf(this.drill) : this.finished;
  }

  /** Runs `fn` against the running drill's context (autopilot waits, tests); undefined when none runs. */
  probe<T>(fn: (ctx: DrillContext) => T): T | undefined {
    return this.drill ? fn(this.context(this.drill)) : undefined;
  }

  /** Resolves when the cleanup of the last drill (faults cleared, cluster restored) is done. */
  settled(): Promise<void> {
    return this.cleanup;
  }

  noteViewed(kind: 'node' | 'gpu' | 'workload', id: string): void {
    const d = this.drill;
    if (!d) return;
    const k = `${kind}:${id}`;
    if (d.viewed.has(k)) return;
    d.viewed.add(k);
    log(d, this.sec(d), 'note', L(`Opened ${kind} ${id}`, kind === 'gpu' ? `打开了 GPU ${id}` : `打开了${KIND_ZH[kind as 'node' | 'workload']} ${id}`));
  }

  noteAction(request: ActionRequest, result: ActionResult): void {
    const d = this.drill;
    if (!d) return;
    const ctx = this.context(d);
    let harmful: Localized | undefined;
    // A failed run may still have done harm (a drain that evicted pods, then hit a PDB); a run
    // refused before its first write (confirmation, permission) reports no details.
    if (result.ok || result.details.length > 0) {
      for (const rule of [...COMMON_HARMFUL_RULES, ...(d.scenario.harmful ?? [])]) {
        harmful = rule.check(request, ctx, d.snapshot);
        if (harmful) break;
      }
    }
    const tSec = this.sec(d);
    d.actions.push({ tSec, request, ok: result.ok, message: result.message, harmful });
    // Reported when the action returns (a drain may take minutes): the result says what happened.
    const what = describeAction(request);
    const before = L(`${what.en}: ${result.ok ? '' : 'failed: '}`, `${what['zh-CN']}：${result.ok ? '' : '失败：'}`);
    const after = harmful ? L(` — harmful: ${harmful.en}`, ` —— 有害：${harmful['zh-CN']}`) : L('', '');
    d.timeline.push({
      ...entry(tSec, 'action', L(`${before.en}${result.message}${after.en}`, `${before['zh-CN']}${result.message}${after['zh-CN']}`)),
      result: { before, message: result.message, messageCode: result.messageCode, after },
    });
    const tags = d.scenario.clearsOnAction?.(request, result.ok, d.targets) ?? [];
    if (tags.length > 0) void this.clearTagged(d, tags, what);
    this.opts.onChange(this.stateOf(d));
  }

  tick(): void {
    if (this.deferred.length > 0) this.runDeferred();
    const d = this.drill;
    if (!d) return;
    const sec = this.sec(d);
    void this.injectDue(d, sec).catch((err: unknown) => log(d, sec, 'note', L(`Fault injection failed: ${(err as Error).message}`, `故障注入失败：${(err as Error).message}`)));
    let changed = false;
    const ctx = this.context(d);
    const obj = ctx.model.workload(d.targets.objective);
    if (obj?.workAtRiskSec !== undefined) d.peakAtRiskSec = Math.max(d.peakAtRiskSec, obj.workAtRiskSec);
    while (d.current < d.scenario.stages.length) {
      const stage = d.scenario.stages[d.current];
      if (!safely(() => stage.done(ctx))) break;
      d.stageDoneAt[d.current] = sec;
      log(d, sec, 'stage', L(`Stage done: ${stage.title.en}`, `阶段完成：${stage.title['zh-CN']}`));
      d.current += 1;
      changed = true;
    }
    d.snapshot = snapshotOf(ctx.model);
    if (d.current >= d.scenario.stages.length) {
      this.finish(d, 'solved');
      return;
    }
    if (sec >= d.scenario.timeLimitSec) {
      this.finish(d, 'timeout');
      return;
    }
    if (changed || sec !== d.lastEmittedSec) {
      d.lastEmittedSec = sec;
      this.opts.onChange(this.stateOf(d));
    }
  }

  /* ------------------------------------------------------------------ internals */

  private sec(d: ActiveDrill): number {
    return Math.max(0, Math.floor((d.source.now() - d.startedAt) / 1000));
  }

  private context(d: ActiveDrill): DrillContext {
    const model = this.opts.model();
    const now = d.source.now();
    return {
      model,
      now,
      startedAt: d.startedAt,
      sec: Math.max(0, Math.floor((now - d.startedAt) / 1000)),
      targets: d.targets,
      baseline: d.baseline,
      actions: d.actions,
      memo: d.memo,
      viewed: (kind, id) => d.viewed.has(`${kind}:${id}`),
      manualDoneAt: (id) => d.manual.get(id),
      stageDoneAt: (id) => {
        const i = d.scenario.stages.findIndex((s) => s.id === id);
        return i >= 0 ? d.stageDoneAt[i] : undefined;
      },
      faultClearedAt: (tag) => d.faults.find((f) => f.step.tag === tag && f.clearedAt !== undefined)?.clearedAt,
    };
  }

  /** The operator confirms the current stage's step done outside Kubernetes. */
  confirmStep(id: string): DrillState | null {
    const d = this.drill;
    if (!d) return null;
    this.confirmManualStep(d, id);
    return this.stateOf(d);
  }

  private confirmManualStep(d: ActiveDrill, id: string): void {
    const stage = d.scenario.stages[d.current];
    const step = stage?.manualStep;
    // Only the current stage's step counts: "storage freed" before anyone looked is not a response.
    if (!step || step.id !== id || d.manual.has(id)) return;
    const tSec = this.sec(d);
    d.manual.set(id, tSec);
    log(d, tSec, 'action', L(`${step.label.en} (outside Kubernetes)`, `${step.label['zh-CN']}（在 Kubernetes 之外）`));
    void this.clearTagged(d, step.clears, step.label);
    this.opts.onChange(this.stateOf(d));
  }

  private async injectDue(d: ActiveDrill, sec: number): Promise<void> {
    for (const f of d.faults) {
      if (f.injectedAt !== undefined || f.step.atSec > sec) continue;
      f.injectedAt = d.source.now();
      try {
        f.clear = await this.inject(d, f.step.fault, f);
      } catch (err) {
        f.clearedAt = f.injectedAt; // nothing to clear
        throw err;
      }
      log(d, Math.max(0, Math.floor((f.injectedAt - d.startedAt) / 1000)), 'fault', f.step.note);
    }
  }

  private async inject(d: ActiveDrill, fault: DrillFault, f: InjectedFault): Promise<() => Promise<void>> {
    const ops = d.source.ops;
    switch (fault.kind) {
      case 'demo': {
        if (!(d.source instanceof DemoSource)) throw new CodedError('Simulator faults need the demo source.', reasonOf('error.drill.faultsNeedDemo', {}));
        const handle = d.source.faults.inject(fault.spec);
        f.handle = handle;
        return async () => handle.clear();
      }
      case 'cordon': {
        const was = this.opts.model().nodeObject(fault.node)?.spec?.unschedulable === true;
        if (!was) await ops.mergePatch({ kind: 'Node', name: fault.node }, { spec: { unschedulable: true } }, { dryRun: false });
        return async () => {
          if (was) return;
          await ops.mergePatch({ kind: 'Node', name: fault.node }, { spec: { unschedulable: null } }, { dryRun: false });
        };
      }
      case 'taint': {
        const taints = (this.opts.model().nodeObject(fault.node)?.spec?.taints ?? []) as { key: string; value?: string; effect: string }[];
        const has = taints.some((t) => t.key === fault.key && t.effect === fault.effect);
        if (!has) {
          const next = [...taints, { key: fault.key, value: fault.value, effect: fault.effect }];
          await ops.mergePatch({ kind: 'Node', name: fault.node }, { spec: { taints: next } }, { dryRun: false });
        }
        return async () => {
          if (has) return;
          const cur = (this.opts.model().nodeObject(fault.node)?.spec?.taints ?? []) as { key: string; effect: string }[];
          if (!cur.some((t) => t.key === fault.key && t.effect === fault.effect)) return;
          await ops.mergePatch({ kind: 'Node', name: fault.node }, { spec: { taints: cur.filter((t) => !(t.key === fault.key && t.effect === fault.effect)) } }, { dryRun: false });
        };
      }
      case 'deletePod':
        await ops.delete({ kind: 'Pod', namespace: fault.namespace, name: fault.name }, { dryRun: false });
        // The owning controller recreates the pod; there is nothing to undo.
        return async () => {};
    }
  }

  private async clearTagged(d: ActiveDrill, tags: readonly string[], why: Localized): Promise<void> {
    for (const f of d.faults) {
      if (!f.step.tag || !tags.includes(f.step.tag) || f.injectedAt === undefined || f.clearedAt !== undefined) continue;
      f.clearedAt = d.source.now();
      try {
        await f.clear?.();
        log(d, this.sec(d), 'note', L(`Fault cleared (${why.en}): ${f.step.note.en}`, `故障已清除（${why['zh-CN']}）：${f.step.note['zh-CN']}`));
      } catch (err) {
        log(d, this.sec(d), 'note', L(`Could not clear fault: ${(err as Error).message}`, `无法清除故障：${(err as Error).message}`));
      }
    }
  }

  private async clearFaults(d: ActiveDrill): Promise<number> {
    let n = 0;
    for (const f of d.faults) {
      if (f.injectedAt === undefined || f.clearedAt !== undefined) continue;
      f.clearedAt = d.source.now();
      try {
        await f.clear?.();
        n++;
      } catch {
        /* reported by the caller's summary */
      }
    }
    return n;
  }

  private finish(d: ActiveDrill, outcome: DrillDebrief['outcome']): DrillState {
    const sec = this.sec(d);
    const model = this.opts.model();
    const stages = d.scenario.stages;
    const roleAt = (role: string) => {
      const i = stages.findIndex((s) => s.role === role);
      return i >= 0 ? d.stageDoneAt[i] : undefined;
    };
    const stagesDone = d.stageDoneAt.filter((x) => x !== undefined).length;
    const obj = model.workload(d.targets.objective);
    const mitigatedAt = roleAt('mitigate');
    let workLostSec = Math.max(0, Math.round((obj?.lostWorkSec ?? d.baseline.lostWorkSec) - d.baseline.lostWorkSec));
    if (d.scenario.stallCountsAsLostWork) workLostSec += mitigatedAt ?? sec;
    const rpoSec = obj?.rpoSec ?? d.scenario.defaultObjectives?.rpoSec;
    const byExposure = d.scenario.recoveryMeasure === 'exposure';
    const rtoSec = byExposure ? undefined : obj?.rtoSec ?? d.scenario.defaultObjectives?.rtoSec;
    const timeToRecoverSec = outcome === 'solved' ? d.stageDoneAt[stages.length - 1] : undefined;
    const harmfulLocalized = d.actions.filter((a) => a.harmful).map((a) => {
      const what = describeAction(a.request);
      return L(`${what.en}: ${a.harmful!.en}`, `${what['zh-CN']}：${a.harmful!['zh-CN']}`);
    });
    const harmfulActions = harmfulLocalized.map((h) => h.en);
    const timeToDetectSec = roleAt('detect');
    const { score } = drillScore({
      outcome, stagesDone, detectBudgetSec: d.scenario.detectBudgetSec,
      timeToDetectSec, timeToRecoverSec, workLostSec, rpoSec, rtoSec,
      exposureSec: byExposure ? d.peakAtRiskSec : undefined,
      harmfulActions: harmfulActions.length, hintsUsed: d.hintsUsed,
    });
    if (d.peakAtRiskSec > 0) {
      const rpo = rpoSec ? ` (RPO ${rpoSec} s)` : '';
      log(d, sec, 'note', L(`Peak work at risk of ${d.targets.objective}: ${d.peakAtRiskSec} s${rpo}`, `${d.targets.objective} 的最大风险工作量：${d.peakAtRiskSec} 秒${rpoSec ? `（RPO ${rpoSec} 秒）` : ''}`));
    }
    log(d, sec, 'note', outcome === 'solved' ? L('Drill solved', '演练完成')
      : outcome === 'timeout' ? L(`Time limit of ${d.scenario.timeLimitSec} s reached`, `已到 ${d.scenario.timeLimitSec} 秒时限`)
        : L('Drill aborted', '演练已中止'));
    const debrief: DrillDebrief = {
      scenarioId: d.scenario.id,
      outcome,
      score,
      timeToDetectSec,
      timeToMitigateSec: mitigatedAt,
      timeToRecoverSec,
      workLostSec,
      rpoSec,
      rtoSec,
      harmfulActions,
      harmfulActionsLocalized: harmfulLocalized,
      hintsUsed: d.hintsUsed,
      timeline: [...d.timeline].sort((a, b) => a.tSec - b.tSec),
    };
    this.drill = null;
    const state: DrillState = { ...this.stateOf(d), running: false, elapsedSec: sec, debrief };
    this.finished = state;
    const tags = this.opts.recordTags?.() ?? {};
    try {
      this.history.append({
        scenarioId: d.scenario.id,
        finishedAt: new Date().toISOString(),
        source: d.source.info.kind === 'demo' ? `demo:${d.source.info.preset ?? ''}` : `kube:${d.source.info.context ?? d.source.info.name}`,
        ...tags,
        debrief,
      });
    } catch (err) {
      debrief.timeline.push(entry(sec, 'note', L(`Could not save the result: ${(err as Error).message}`, `无法保存结果：${(err as Error).message}`)));
    }
    this.cleanup = this.cleanup.then(() => this.cleanUp(d, state));
    this.opts.onChange(state);
    return state;
  }

  /** Repairs what the drill broke and, on the demo, puts back what the operator changed. */
  private async cleanUp(d: ActiveDrill, state: DrillState): Promise<void> {
    const cleared = await this.clearFaults(d);
    const notes: Localized[] = [];
    if (cleared > 0) notes.push(L(`${cleared} fault(s) cleared`, `清除了 ${cleared} 个故障`));
    if (!d.live) {
      const { done, deferred } = await restore(d.restorePoint, this.opts.model(), d.source.ops);
      notes.push(...done);
      // Give up on a deferred step after 30 minutes of source time (the cluster moved on).
      for (const step of deferred) {
        this.deferred.push({ step, source: d.source, until: d.source.now() + 1_800_000 });
        notes.push(step.what);
      }
    }
    if (notes.length > 0 && state.debrief) {
      state.debrief.timeline.push(entry(state.elapsedSec, 'note', L(`Cleanup: ${notes.map((n) => n.en).join('; ')}`, `清理：${notes.map((n) => n['zh-CN']).join('；')}`)));
      if (this.finished === state) this.opts.onChange(state);
    }
  }

  private runDeferred(): void {
    const model = this.opts.model();
    const source = this.opts.source();
    const keep: typeof this.deferred = [];
    for (const item of this.deferred) {
      // A different source (the operator switched clusters) or too late: drop it.
      if (item.source !== source || source.now() > item.until) continue;
      if (safely(() => item.step.ready(model))) void item.step.apply(source.ops).catch(() => {});
      else keep.push(item);
    }
    this.deferred = keep;
  }

  private stateOf(d: ActiveDrill): DrillState {
    const stages: DrillStageState[] = d.scenario.stages.map((s, i) => ({
      id: s.id,
      title: s.title,
      goal: s.goal,
      done: d.stageDoneAt[i] !== undefined,
      doneAtSec: d.stageDoneAt[i],
      explainers: [...s.explainers],
      manualStep: s.manualStep && i === d.current && !d.manual.has(s.manualStep.id) ? { id: s.manualStep.id, label: s.manualStep.label } : undefined,
    }));
    const stage = d.scenario.stages[d.current];
    return {
      running: true,
      scenarioId: d.scenario.id,
      title: d.scenario.title,
      briefing: d.scenario.briefing(d.targets),
      stages,
      currentStage: Math.min(d.current, stages.length - 1),
      hintsShown: [...d.hintsShown],
      hintsLeft: stage ? stageHints(stage, d.targets).length - d.hintsRevealed[d.current] : 0,
      elapsedSec: this.sec(d),
      timeLimitSec: d.scenario.timeLimitSec,
    };
  }
}

/** A predicate that throws (a view vanished mid-tick: the object was deleted) means "not yet". */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

function baselineOf(model: ModelReader, t: DrillTargets): DrillBaseline {
  const w = model.workload(t.objective);
  const nodeTaints: Record<string, string[]> = {};
  for (const n of model.nodes()) nodeTaints[n.name] = n.taints.map(taintId);
  return {
    nodeTaints,
    step: w?.progress?.step,
    checkpointTime: w?.checkpoint?.time,
    checkpointStep: w?.checkpoint?.step,
    lostWorkSec: w?.lostWorkSec ?? 0,
    samplesPerSec: w?.progress?.samplesPerSec,
    readyReplicas: w?.replicas.ready ?? 0,
    desiredReplicas: w?.replicas.desired ?? 0,
  };
}

function snapshotOf(model: ModelReader): DrillSnapshot {
  const nodeHealth: DrillSnapshot['nodeHealth'] = new Map();
  for (const n of model.nodes()) nodeHealth.set(n.name, { health: n.health, ready: n.ready });
  const workloadHealth: DrillSnapshot['workloadHealth'] = new Map();
  for (const w of model.workloads()) {
    let standbyReady: number | undefined;
    if (w.inference?.standbyDeployment) {
      const pair = model.inferencePair(w.key);
      standbyReady = pair?.standby?.status?.readyReplicas ?? 0;
    }
    workloadHealth.set(w.key, { health: w.health, ready: w.replicas.ready, desired: w.replicas.desired, activeRole: w.inference?.activeRole, standbyReady });
  }
  return { nodeHealth, workloadHealth };
}
