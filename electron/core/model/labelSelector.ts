/**
 * Kubernetes label-selector matching (metav1.LabelSelector: matchLabels AND matchExpressions),
 * used for PodDisruptionBudgets. An empty selector on a policy/v1 PDB selects every pod in
 * its namespace; a missing selector selects none.
 */
import type { V1LabelSelector } from '@kubernetes/client-node';

export function selectorMatches(selector: V1LabelSelector | undefined | null, labels: Readonly<Record<string, string>>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const ml = selector.matchLabels;
  if (ml && typeof ml === 'object') {
    for (const k of Object.keys(ml)) if (labels[k] !== ml[k]) return false;
  }
  const me = selector.matchExpressions;
  if (Array.isArray(me)) {
    for (const e of me) {
      if (!e || typeof e.key !== 'string') return false;
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const values = Array.isArray(e.values) ? e.values : [];
      switch (e.operator) {
        case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
        case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
        case 'Exists': if (!has) return false; break;
        case 'DoesNotExist': if (has) return false; break;
        default: return false;
      }
    }
  }
  return true;
}
