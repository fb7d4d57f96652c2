/** The sentences actions show (English text + reason code) and small formatting helpers for them. */
import { reasonOf } from '../../../shared/reasons';
import type { ReasonView, WorkloadKey } from '../../../shared/views';

/**
 * A sentence an action shows: the English text (audit log, API, logs, tests) and its reason
 * code (shared/actionReasons.ts), which the renderer shows in the user's language.
 */
export interface Said { text: string; code: ReasonView }

export function said(text: string, code: ReasonView): Said {
  return { text, code };
}

/** A message someone else wrote (an API server, a source, a thrown error): shown as is. */
export function verbatim(message: string): Said {
  return { text: message, code: reasonOf('action.message', { message }) };
}

/** An API call as a result's detail line ("PATCH nodes/n1 spec.unschedulable=true"): not translated. */
export function apiCall(call: string): Said {
  return said(call, reasonOf('action.apiCall', { call }));
}

export function nodeNotFound(node: string): Said {
  return said(`Node ${node} not found (it may have been deleted).`, reasonOf('action.nodeNotFound', { node }));
}

export function workloadNotFound(target: string): Said {
  return said(`Workload ${target} not found (it may have been deleted).`, reasonOf('action.workloadNotFound', { target }));
}

/** An error whose message is one of the action's own sentences, so the engine keeps its code. */
export class ActionError extends Error {
  constructor(readonly said: Said, options?: ErrorOptions) {
    super(said.text, options);
    this.name = 'ActionError';
  }
}

/** A thrown error as a sentence: an ActionError keeps its code, anything else is shown verbatim. */
export function saidOf(err: unknown): Said {
  if (err instanceof ActionError) return err.said;
  return verbatim(err instanceof Error ? err.message : String(err));
}

export interface WorkloadRef { kind: 'PyTorchJob' | 'Job' | 'Deployment'; namespace: string; name: string }

/** "Kind/namespace/name" (already validated by the request schema). */
export function parseWorkloadKey(key: WorkloadKey): WorkloadRef {
  const [kind, namespace, name] = key.split('/');
  return { kind: kind as WorkloadRef['kind'], namespace, name };
}

export function describeWorkload(key: WorkloadKey): string {
  const { namespace, name } = parseWorkloadKey(key);
  return `${namespace}/${name}`;
}

/** "45 s", "18 min", "2 h 5 min", "3 d 4 h". */
export function formatAge(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
