/** Taint/toleration matching as the scheduler and the taint-eviction controller apply it. */
import type { V1Pod } from '../k8s/objects';

export interface TaintLike { key: string; value?: string; effect: string }

type Toleration = NonNullable<NonNullable<V1Pod['spec']>['tolerations']>[number];

/** k8s.io/api/core/v1 Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/**
 * How a pod fares under a NoExecute taint: 'stays' (tolerates it forever), 'evicted-later'
 * (tolerates it for tolerationSeconds) or 'evicted' (at once).
 */
export function noExecuteFate(pod: V1Pod, taint: TaintLike): { fate: 'stays' | 'evicted' | 'evicted-later'; afterSec?: number } {
  const matching = (pod.spec?.tolerations ?? []).filter((t) => t && toleratesTaint(t, taint));
  if (matching.length === 0) return { fate: 'evicted' };
  const bounded = matching.map((t) => t.tolerationSeconds);
  if (bounded.some((s) => s === undefined || s === null)) return { fate: 'stays' };
  const afterSec = Math.max(0, Math.min(...(bounded as number[])));
  return { fate: 'evicted-later', afterSec };
}
