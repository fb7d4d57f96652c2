/**
 * Reading a job's status conditions (batch/v1 JobCondition, kubeflow JobCondition and
 * metav1.Condition share type/status/reason/message) and replica counts, for every job kind.
 */
import { parseCount, text } from './kubeValues';

/** What `failed` / `restarting` say when the condition carries neither message nor reason. */
export const JOB_FAILED_TEXT = 'job failed';
export const RESTARTING_TEXT = 'restarting after a worker failure';

export interface Condition { type?: unknown; status?: unknown; reason?: unknown; message?: unknown; lastTransitionTime?: unknown }

export function trueCondition(conditions: unknown, type: string): Condition | undefined {
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions as Condition[]) if (c && c.type === type && c.status === 'True') return c;
  return undefined;
}

export function conditionText(c: Condition, fallback: string): string {
  return text(c.message, 300) ?? text(c.reason, 200) ?? fallback;
}

/** `replicas` of a replica spec; absent means 1 (the Kubernetes default), invalid means 0. */
export function replicas(spec: { replicas?: unknown } | undefined): number {
  if (!spec || typeof spec !== 'object') return 0;
  return spec.replicas === undefined ? 1 : parseCount(spec.replicas) ?? 0;
}
