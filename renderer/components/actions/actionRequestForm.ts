/**
 * The action dialog's option fields (drain budget, taint key and effect, replica count) as
 * strings and booleans, and the pure conversion to an ActionRequest, checked with the same zod
 * schema the backend uses so the operator sees a bad value beside its field instead of a
 * rejected request.
 */
import { actionRequestSchema } from '../../../shared/actions';
import type { ActionRequest } from '../../../shared/actions';

export interface OptionFields {
  gracePeriod: string;
  timeout: string;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  taintKey: string;
  taintValue: string;
  effect: 'NoSchedule' | 'NoExecute';
  replicas: string;
}

export type FieldName = keyof OptionFields;
/** Translated by the dialog: `actions:fieldError.<code>`. */
export type FieldError = 'integer' | 'range' | 'taintKey' | 'taintValue' | 'required';

export interface ReplicaLimits { min: number; max: number }

/** Which fields a kind shows, in order (the first one gets focus). */
export function fieldsOf(kind: ActionRequest['kind']): FieldName[] {
  switch (kind) {
    case 'drain': return ['gracePeriod', 'timeout', 'ignoreDaemonSets', 'deleteEmptyDirData'];
    case 'taint': return ['effect', 'taintKey', 'taintValue'];
    case 'scaleTraining':
    case 'scaleInference': return ['replicas'];
    default: return [];
  }
}

export function fieldsFromRequest(req: ActionRequest): OptionFields {
  return {
    gracePeriod: req.kind === 'drain' && req.gracePeriodSeconds !== undefined ? String(req.gracePeriodSeconds) : '',
    timeout: req.kind === 'drain' ? String(req.timeoutSeconds ?? 300) : '300',
    ignoreDaemonSets: req.kind === 'drain' ? req.ignoreDaemonSets !== false : true,
    deleteEmptyDirData: req.kind === 'drain' ? req.deleteEmptyDirData === true : false,
    taintKey: req.kind === 'taint' ? req.key : '',
    taintValue: req.kind === 'taint' ? req.value ?? '' : '',
    effect: req.kind === 'taint' && req.effect === 'NoExecute' ? 'NoExecute' : 'NoSchedule',
    replicas: req.kind === 'scaleTraining' || req.kind === 'scaleInference' ? String(req.replicas) : '',
  };
}

const INT = /^\d{1,6}$/;

function int(text: string): number | undefined {
  const t = text.trim();
  return INT.test(t) ? Number(t) : undefined;
}

/**
 * The request the fields describe, or the errors per field. `base` supplies the kind and the
 * target; `limits` bounds a replica count (an elastic job's min..max).
 */
export function requestFromFields(base: ActionRequest, f: OptionFields, limits?: ReplicaLimits): { request?: ActionRequest; errors: Partial<Record<FieldName, FieldError>> } {
  const errors: Partial<Record<FieldName, FieldError>> = {};
  let candidate: ActionRequest;
  switch (base.kind) {
    case 'drain': {
      const grace = f.gracePeriod.trim() === '' ? undefined : int(f.gracePeriod);
      if (f.gracePeriod.trim() !== '' && grace === undefined) errors.gracePeriod = 'integer';
      else if (grace !== undefined && grace > 3600) errors.gracePeriod = 'range';
      const timeout = int(f.timeout);
      if (f.timeout.trim() === '') errors.timeout = 'required';
      else if (timeout === undefined) errors.timeout = 'integer';
      else if (timeout < 1 || timeout > 7200) errors.timeout = 'range';
      candidate = { kind: 'drain', node: base.node, timeoutSeconds: timeout ?? 300, ignoreDaemonSets: f.ignoreDaemonSets, deleteEmptyDirData: f.deleteEmptyDirData };
      if (grace !== undefined) candidate.gracePeriodSeconds = grace;
      break;
    }
    case 'taint': {
      const key = f.taintKey.trim();
      const value = f.taintValue.trim();
      candidate = { kind: 'taint', node: base.node, key, effect: f.effect };
      if (value) candidate.value = value;
      if (!key) errors.taintKey = 'required';
      break;
    }
    case 'scaleTraining':
    case 'scaleInference': {
      const n = int(f.replicas);
      if (f.replicas.trim() === '') errors.replicas = 'required';
      else if (n === undefined) errors.replicas = 'integer';
      else if (limits && (n < limits.min || n > limits.max)) errors.replicas = 'range';
      else if (n > 10000) errors.replicas = 'range';
      candidate = { kind: base.kind, workload: base.workload, replicas: n ?? 0 };
      break;
    }
    default:
      return { request: base, errors };
  }
  if (Object.keys(errors).length === 0) {
    const parsed = actionRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = String(issue.path[0] ?? '');
        if (path === 'key') errors.taintKey = 'taintKey';
        else if (path === 'value') errors.taintValue = 'taintValue';
        else if (path === 'gracePeriodSeconds') errors.gracePeriod = 'range';
        else if (path === 'timeoutSeconds') errors.timeout = 'range';
        else if (path === 'replicas') errors.replicas = 'range';
      }
      if (Object.keys(errors).length === 0) errors[fieldsOf(base.kind)[0] ?? 'replicas'] = 'range';
    }
  }
  return Object.keys(errors).length ? { errors } : { request: candidate, errors };
}
