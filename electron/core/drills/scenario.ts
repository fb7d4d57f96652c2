/**
 * What a drill scenario is: data plus small predicates. A scenario picks its targets from the
 * live model by rule ("the non-elastic PyTorchJob with the most GPUs"), never by a hard-coded
 * name, injects faults on a schedule, and describes stages whose goals are predicates over the
 * model, what the operator opened and the actions they took. The engine (drillEngine.ts) owns
 * time, scoring and cleanup; a scenario never touches the cluster itself.
 */
import type { ActionRequest } from '../../../shared/actions';
import type { DrillDifficulty } from '../../../shared/drills';
import type { ExplainerId } from '../../../shared/explainers/ids';
import type { Localized } from '../../../shared/explainers/types';
import type { DemoPreset } from '../../../shared/contract';
import type { WorkloadKey } from '../../../shared/views';
import type { ModelReader } from '../model/modelApi';
import type { FaultSpec } from '../sources/demo/faults';

/** What a scenario picked from the live cluster when it started. */
export interface DrillTargets {
  /** The workload whose RPO/RTO the debrief measures. */
  objective: WorkloadKey;
  job?: WorkloadKey;
  gpu?: string;
  node?: string;
  zone?: string;
  /** Inference service: its primary Deployment's workload key. */
  service?: WorkloadKey;
  storage?: string;
  namespace?: string;
  /** Nodes and workloads the fault touches: isolating or restarting them is not harmful. */
  affectedNodes: string[];
  affectedWorkloads: WorkloadKey[];
  /** Scenario-specific names (e.g. the elastic job that may give GPUs back). */
  extra: Record<string, string>;
}

/**
 * A fault the drill injects. `demo` faults use the simulator's fault API; the others are the
 * reversible Kubernetes operations a live drill may use (opt-in only), undone on cleanup.
 */
export type DrillFault =
  | { kind: 'demo'; spec: FaultSpec }
  | { kind: 'cordon'; node: string }
  | { kind: 'taint'; node: string; key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }
  | { kind: 'deletePod'; namespace: string; name: string };

export interface DrillFaultStep {
  /** Seconds after the drill started (the first step is at 0). */
  atSec: number;
  fault: DrillFault;
  /** A name scenario hooks use to clear this fault (e.g. "hang", "storage"). */
  tag?: string;
  /** Timeline text. */
  note: Localized;
}

export interface TakenAction {
  tSec: number;
  request: ActionRequest;
  ok: boolean;
  message: string;
  /** Set when a harmful-action rule matched: why it was harmful. */
  harmful?: Localized;
}

/** Values of the objective workload and the cluster captured when the drill started. */
export interface DrillBaseline {
  step?: number;
  checkpointTime?: number;
  checkpointStep?: number;
  lostWorkSec: number;
  samplesPerSec?: number;
  readyReplicas: number;
  desiredReplicas: number;
  /** Taints ("key:effect") each node had when the drill started: not the operator's isolation. */
  nodeTaints: Record<string, string[]>;
}

/** What a goal predicate may look at. */
export interface DrillContext {
  readonly model: ModelReader;
  /** Source clock, ms epoch. */
  readonly now: number;
  /** When the drill started (first fault), source ms. */
  readonly startedAt: number;
  /** Seconds since the drill started. */
  readonly sec: number;
  readonly targets: DrillTargets;
  readonly baseline: DrillBaseline;
  readonly actions: readonly TakenAction[];
  /** The operator opened this GPU/node/workload since the drill started. */
  viewed(kind: 'node' | 'gpu' | 'workload', id: string): boolean;
  /** A manual step of the guide was confirmed; returns the second it happened. */
  manualDoneAt(id: string): number | undefined;
  /** Second at which a stage completed, if it did. */
  stageDoneAt(id: string): number | undefined;
  /** Scenario scratch values that must survive between ticks (e.g. the step the job resumed at). */
  readonly memo: Record<string, number>;
  /** Source ms at which a fault tagged `tag` was cleared, if it was. */
  faultClearedAt(tag: string): number | undefined;
}

export type StageRole = 'detect' | 'diagnose' | 'mitigate' | 'verify';

/**
 * A step the operator takes outside Kubernetes (freeing space on the checkpoint store). The
 * guide shows a button; pressing it stands for "I did it" and the drill applies the effect the
 * real-world step would have (clearing the storage fault).
 */
export interface ManualStep {
  id: string;
  label: Localized;
  /** Fault tags the step clears. */
  clears: string[];
}

export interface DrillStageDef {
  id: string;
  role: StageRole;
  title: Localized;
  goal: Localized;
  done(ctx: DrillContext): boolean;
  /** Revealed one at a time, each costing points; later hints may name the targets. */
  hints: Localized[] | ((t: DrillTargets) => Localized[]);
  explainers: ExplainerId[];
  manualStep?: ManualStep;
}

/** What the cluster looked like at the last tick before an action, for harmful-action rules. */
export interface DrillSnapshot {
  nodeHealth: Map<string, { health: string; ready: boolean }>;
  workloadHealth: Map<WorkloadKey, { health: string; ready: number; desired: number; activeRole?: 'primary' | 'standby'; standbyReady?: number }>;
}

export interface HarmfulRule {
  id: string;
  /** Returns why the action is harmful in this drill, or undefined. */
  check(request: ActionRequest, ctx: DrillContext, before: DrillSnapshot): Localized | undefined;
}

export type AutopilotStep =
  | { kind: 'view'; what: 'node' | 'gpu' | 'workload'; id: (t: DrillTargets, model: ModelReader) => string | undefined; note: string }
  | { kind: 'action'; request: (t: DrillTargets, model: ModelReader) => ActionRequest | undefined; note: string }
  | { kind: 'manual'; id: string; note: string }
  | { kind: 'waitStage'; stage: string; timeoutSec: number; note: string }
  | { kind: 'waitUntil'; until: (ctx: DrillContext) => boolean; timeoutSec: number; note: string };

export interface DrillScenario {
  id: string;
  title: Localized;
  summary: Localized;
  briefing(t: DrillTargets): Localized;
  difficulty: DrillDifficulty;
  /** The demo preset the scenario's target rules are written for. */
  preset: DemoPreset;
  /** Source-clock seconds before the drill times out. */
  timeLimitSec: number;
  /** Detection within this many seconds costs nothing (the symptom may take a while to show). */
  detectBudgetSec: number;
  /** Objectives when the workload has none (inference services carry no RPO/RTO annotation). */
  defaultObjectives?: { rpoSec?: number; rtoSec?: number };
  /**
   * How recovery is scored: time to recover against the RTO (default), or — when nothing went
   * down and the risk was exposure (failing checkpoints) — peak work at risk against the RPO.
   */
  recoveryMeasure?: 'rto' | 'exposure';
  /** A hang loses training time without a crash: count the seconds until mitigation as lost work. */
  stallCountsAsLostWork?: boolean;
  /** Runs on a live cluster (opt-in) because every fault is a reversible Kubernetes operation. */
  live?: boolean;
  /** Throws DrillSetupError when the cluster has nothing that fits the rule. */
  pickTargets(model: ModelReader): DrillTargets;
  faults(t: DrillTargets, model: ModelReader): DrillFaultStep[];
  stages: DrillStageDef[];
  /** Scenario rules in addition to the common ones (harmful.ts). */
  harmful?: HarmfulRule[];
  /**
   * What an action does to the injected faults: a restart of a hung job clears the hang (the
   * stuck processes are gone). Returns the tags of faults to clear.
   */
  clearsOnAction?(request: ActionRequest, ok: boolean, t: DrillTargets): string[];
  autopilot: AutopilotStep[];
}

export class DrillSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillSetupError';
  }
}

export function stageHints(stage: DrillStageDef, t: DrillTargets): Localized[] {
  return typeof stage.hints === 'function' ? stage.hints(t) : stage.hints;
}

export const L = (en: string, zh: string): Localized => ({ en, 'zh-CN': zh });
