/** Filtering, sorting and checkpoint status of workloads (pure). */
import type { WorkloadView } from '../../../shared/views';
import type { SortState, WorkloadFilters } from '../uiSlice';
import { sortRows } from './nodeTable';
import { compareNames, compareText } from './compare';

const HEALTH_RANK: Record<WorkloadView['health'], number> = { failed: 0, degraded: 1, recovering: 2, pending: 3, healthy: 4, succeeded: 5 };

export const WORKLOAD_SORTERS: Record<string, (a: WorkloadView, b: WorkloadView) => number> = {
  name: (a, b) => compareNames(a.name, b.name),
  namespace: (a, b) => compareNames(a.namespace, b.namespace),
  kind: (a, b) => compareText(a.kind, b.kind),
  health: (a, b) => HEALTH_RANK[a.health] - HEALTH_RANK[b.health],
  gpus: (a, b) => a.gpus - b.gpus,
  replicas: (a, b) => a.replicas.desired - b.replicas.desired,
  restarts: (a, b) => a.restarts - b.restarts,
  progress: (a, b) => progressFraction(a) - progressFraction(b),
  checkpoint: (a, b) => (a.checkpoint?.ageSec ?? -1) - (b.checkpoint?.ageSec ?? -1),
  risk: (a, b) => (a.workAtRiskSec ?? -1) - (b.workAtRiskSec ?? -1),
};

export function progressFraction(w: WorkloadView): number {
  const p = w.progress;
  if (!p || !p.totalSteps) return -1;
  return Math.min(1, p.step / p.totalSteps);
}

export function filterWorkloads(items: Iterable<WorkloadView>, f: WorkloadFilters): WorkloadView[] {
  const text = f.text.trim().toLowerCase();
  const out: WorkloadView[] = [];
  for (const w of items) {
    if (f.type && w.type !== f.type) continue;
    if (f.health && w.health !== f.health) continue;
    if (f.namespace && w.namespace !== f.namespace) continue;
    if (f.kind && w.kind !== f.kind) continue;
    if (text && !(w.key.toLowerCase().includes(text) || w.reason.toLowerCase().includes(text))) continue;
    out.push(w);
  }
  return out;
}

/**
 * How a workload kind is shown. Volcano's kind is "Job" in batch.volcano.sh; the console keys it
 * VolcanoJob to keep it apart from batch/v1 Job and shows the group beside the Kubernetes kind.
 */
export function kindLabel(kind: WorkloadView['kind']): string {
  return kind === 'VolcanoJob' ? 'Job (batch.volcano.sh)' : kind;
}

/** The kinds Bulwark's actions can act on (shared/actions.ts accepts only their keys). */
export function kindHasActions(kind: WorkloadView['kind']): boolean {
  return kind === 'PyTorchJob' || kind === 'Job' || kind === 'Deployment';
}

export function sortWorkloads(rows: WorkloadView[], sort: SortState): WorkloadView[] {
  return sortRows(rows, sort, WORKLOAD_SORTERS, (a, b) => compareNames(a.key, b.key));
}

export type CheckpointState = 'none' | 'ok' | 'late' | 'stale';

/** ok below the interval, late between one and two intervals, stale above two (as the model flags). */
export function checkpointState(w: WorkloadView): CheckpointState {
  const c = w.checkpoint;
  if (!c || c.ageSec === undefined) return 'none';
  if (c.stale) return 'stale';
  if (c.intervalSec && c.ageSec > c.intervalSec) return 'late';
  return 'ok';
}

/** Parses "Kind/ns/name" back out of a route. */
export function workloadKeyFromParts(parts: readonly string[]): string | undefined {
  if (parts.length !== 3 || parts.some((p) => !p)) return undefined;
  return parts.join('/');
}
