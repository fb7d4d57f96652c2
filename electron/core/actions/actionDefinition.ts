/**
 * The shape every action module exports. The engine is generic over it: it asks the definition
 * for a plan (target, blast radius, warnings, confirmation, undo), the RBAC checks it needs, and
 * runs `execute` twice in a lifetime — once with `dryRun: true` for the preview (every write goes
 * to the API server with dryRun=All, nothing waits), once for real.
 */
import type { ActionKind, ActionRequest, BlastRadius } from '../../../shared/actions';
import type { ModelReader } from '../model/modelApi';
import type { AccessCheck, ClusterOps, ClusterSource } from '../sources/clusterSource';
import type { Said } from './actionText';

export type RequestOf<K extends ActionKind> = Extract<ActionRequest, { kind: K }>;

/** What the model says this action would do, computed without touching the cluster. */
export interface ActionPlan {
  /** Human label of the target: node name, "namespace/name" of a workload, GPU id. */
  target: string;
  destructive: boolean;
  /** What the operator must type; set exactly when `destructive`. */
  confirmText?: string;
  blastRadius: BlastRadius;
  warnings: Said[];
  expectedLostWorkSec?: number;
  undo?: ActionRequest;
  /** Set when the action makes no sense for this target (no standby, not elastic, …). */
  notApplicable?: Said;
}

export interface PlanEnv {
  model: ModelReader;
  source: ClusterSource;
}

export interface ExecContext {
  model: ModelReader;
  source: ClusterSource;
  ops: ClusterOps;
  /** Preview: every write carries dryRun, and nothing waits for the cluster to converge. */
  dryRun: boolean;
  progress(message: Said): void;
  /** Lets time pass (the demo's virtual clock in tests, a timer live). */
  sleep(ms: number): Promise<void>;
}

export interface ExecOutcome {
  ok: boolean;
  message: Said;
  details: Said[];
  /** Overrides the plan's undo: null when a stopped run left nothing that the plan's undo fits. */
  undo?: ActionRequest | null;
}

export interface ActionDefinition<K extends ActionKind = ActionKind> {
  kind: K;
  /**
   * Two runs with the same lock key cannot overlap. Default `${kind}:${target}`; failover and
   * failback share one key per workload because they move the same Service.
   */
  lockKey?(req: RequestOf<K>): string;
  plan(req: RequestOf<K>, env: PlanEnv): ActionPlan;
  permissions(req: RequestOf<K>, model: ModelReader): AccessCheck[];
  execute(req: RequestOf<K>, ctx: ExecContext): Promise<ExecOutcome>;
}

/** Identity helper that keeps the request type narrowed inside each definition. */
export function defineAction<K extends ActionKind>(def: ActionDefinition<K>): ActionDefinition<K> {
  return def;
}
