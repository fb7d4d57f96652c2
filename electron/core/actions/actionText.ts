/** Small formatting helpers for the sentences actions show (targets, ages, counts). */
import type { WorkloadKey } from '../../../shared/views';

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
