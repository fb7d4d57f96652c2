/** What a pod template asks for, read from Deployment and PyTorchJob templates. */
import { GPU_RESOURCE } from '../../../shared/conventions';
import type { V1Pod } from '../k8s/objects';

function count(list: unknown): number | undefined {
  if (list === null || typeof list !== 'object') return undefined;
  const v = (list as Record<string, unknown>)[GPU_RESOURCE];
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^[0-9]{1,6}$/.test(v)) return Number(v);
  return undefined;
}

/** nvidia.com/gpu one pod of this template requests (requests default to limits for extended resources). */
export function templateGpus(spec: V1Pod['spec'] | undefined): number {
  let sum = 0;
  for (const c of spec?.containers ?? []) sum += count(c?.resources?.requests) ?? count(c?.resources?.limits) ?? 0;
  let init = 0;
  for (const c of spec?.initContainers ?? []) init = Math.max(init, count(c?.resources?.requests) ?? count(c?.resources?.limits) ?? 0);
  return Math.max(sum, init);
}

/** matchLabels of a label selector against a pod's labels (matchExpressions: In/NotIn/Exists/DoesNotExist). */
export function selectorMatches(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(l[e.key])) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
