import { z } from 'zod';
import type { PodKey, ReasonView, WorkloadKey } from './views';

/** Kubernetes names are DNS-1123 labels/subdomains; we reject anything else at the boundary. */
export const k8sName = z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'not a valid Kubernetes name');
export const workloadKey = z.string().min(3).max(600).regex(/^(PyTorchJob|Job|Deployment)\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'not a workload key (Kind/namespace/name)');
export const gpuId = z.string().min(3).max(300).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/\d{1,3}$/, 'not a GPU id (node/index)');
const taintKey = z.string().min(1).max(316).regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'not a valid taint key');
const taintValue = z.string().max(63).regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'not a valid taint value');
export const taintEffect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export const actionRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cordon'), node: k8sName }),
  z.object({ kind: z.literal('uncordon'), node: k8sName }),
  z.object({
    kind: z.literal('drain'),
    node: k8sName,
    gracePeriodSeconds: z.number().int().min(0).max(3600).optional(),
    timeoutSeconds: z.number().int().min(1).max(7200).default(300),
    ignoreDaemonSets: z.boolean().default(true),
    deleteEmptyDirData: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('taint'), node: k8sName, key: taintKey, value: taintValue.optional(), effect: taintEffect }),
  z.object({ kind: z.literal('untaint'), node: k8sName, key: taintKey, effect: taintEffect }),
  z.object({ kind: z.literal('restartFromCheckpoint'), workload: workloadKey }),
  z.object({ kind: z.literal('scaleTraining'), workload: workloadKey, replicas: z.number().int().min(0).max(10000) }),
  z.object({ kind: z.literal('scaleInference'), workload: workloadKey, replicas: z.number().int().min(0).max(10000) }),
  z.object({ kind: z.literal('failover'), workload: workloadKey }),
  z.object({ kind: z.literal('failback'), workload: workloadKey }),
  z.object({ kind: z.literal('resetGpu'), gpu: gpuId }),
]);
export type ActionRequest = z.infer<typeof actionRequestSchema>;
export type ActionKind = ActionRequest['kind'];
export const ACTION_KINDS: readonly ActionKind[] = [
  'cordon', 'uncordon', 'drain', 'taint', 'untaint', 'restartFromCheckpoint', 'scaleTraining', 'scaleInference', 'failover', 'failback', 'resetGpu',
];

/*
 * Every sentence below comes in English (`reason`, `message`, `warnings`, `details`) with its
 * reason code beside it (`…Code`, `…Codes` index by index; shared/actionReasons.ts), which the
 * renderer shows in the user's language. The codes are optional on the wire: a renderer shows
 * the English text when one is missing.
 */
export interface PermissionCheck { allowed: boolean; reason?: string; reasonCode?: ReasonView; checks: { verb: string; resource: string; namespace?: string; allowed: boolean }[] }

export interface BlastRadius {
  pods: PodKey[];
  workloads: WorkloadKey[];
  gpus: number;
  /** Pods whose eviction a PodDisruptionBudget would refuse right now. */
  pdbBlocked: { pod: PodKey; pdb: string }[];
  freeGpusBefore: number;
  freeGpusAfter: number;
}

export interface ActionPreview {
  request: ActionRequest;
  /** Human label of the target (node name, workload name). */
  target: string;
  destructive: boolean;
  /** What the operator must type to confirm (undefined: no typed confirmation needed). */
  confirmText?: string;
  permission: PermissionCheck;
  dryRun: { ok: boolean; serverSide: boolean; message: string; messageCode?: ReasonView };
  blastRadius: BlastRadius;
  expectedLostWorkSec?: number;
  warnings: string[];
  warningCodes?: ReasonView[];
  /** Why the action cannot run now (read-only mode, already running, not applicable). */
  blockedReason?: string;
  blockedReasonCode?: ReasonView;
  undo?: ActionRequest;
}

export interface ActionResult {
  id: string;
  ok: boolean;
  message: string;
  messageCode?: ReasonView;
  details: string[];
  detailCodes?: ReasonView[];
  undo?: ActionRequest;
  durationMs: number;
}

export interface ActionProgress { id: string; request: ActionRequest; message: string; messageCode?: ReasonView; done: boolean; ok?: boolean }

/**
 * Why the engine refused an attempt before it wrote anything: read-only mode, the same action on
 * the same target already running, not applicable to the target, the typed confirmation did not
 * match, RBAC denied it, or the cluster connection changed while it was being checked.
 */
export const AUDIT_REFUSALS = ['readOnly', 'alreadyRunning', 'notApplicable', 'confirmation', 'forbidden', 'sourceChanged'] as const;
export type AuditRefusal = (typeof AUDIT_REFUSALS)[number];

/**
 * One line of the audit log. An action that runs leaves a `start` and an `end` with the same id;
 * an attempt refused before its first write leaves one `refused` line (with `refusal` and the
 * reason in `message`) and nothing else.
 */
export interface AuditEntry {
  id: string;
  time: string; // RFC 3339
  phase: 'start' | 'end' | 'refused';
  user: string;
  source: string; // "demo:region" or "kube:<context>"
  action: ActionKind;
  target: string;
  params: Record<string, unknown>;
  result?: 'ok' | 'error';
  /** `refused` only. */
  refusal?: AuditRefusal;
  message?: string;
  /** `message` as a reason code (shared/actionReasons.ts), for the Audit view in the user's language; the log keeps the English. */
  messageCode?: ReasonView;
  durationMs?: number;
}
