/** Filtering and sorting of the Nodes table (pure: the component only renders the result). */
import type { NodeView } from '../../../shared/views';
import type { NodeFilters, SortState } from '../uiSlice';
import { compareNames, compareText } from './compare';

const HEALTH_RANK: Record<NodeView['health'], number> = { notready: 0, unhealthy: 1, degraded: 2, healthy: 3 };

export const NODE_SORTERS: Record<string, (a: NodeView, b: NodeView) => number> = {
  name: (a, b) => compareNames(a.name, b.name),
  zone: (a, b) => compareNames(a.zone, b.zone),
  pool: (a, b) => compareNames(a.pool, b.pool),
  model: (a, b) => compareText(a.gpuModel, b.gpuModel),
  allocated: (a, b) => a.gpuAllocated - b.gpuAllocated,
  free: (a, b) => (a.gpuAllocatable - a.gpuAllocated) - (b.gpuAllocatable - b.gpuAllocated),
  util: (a, b) => (a.utilAvg ?? -1) - (b.utilAvg ?? -1),
  health: (a, b) => HEALTH_RANK[a.health] - HEALTH_RANK[b.health],
  schedulable: (a, b) => Number(a.schedulable) - Number(b.schedulable),
  taints: (a, b) => a.taints.length - b.taints.length,
};

export function filterNodes(nodes: Iterable<NodeView>, f: NodeFilters): NodeView[] {
  const text = f.text.trim().toLowerCase();
  const out: NodeView[] = [];
  for (const n of nodes) {
    if (f.zone && n.zone !== f.zone) continue;
    if (f.pool && n.pool !== f.pool) continue;
    if (f.health && n.health !== f.health) continue;
    if (f.schedulable === 'yes' && !n.schedulable) continue;
    if (f.schedulable === 'no' && n.schedulable) continue;
    if (text && !nodeMatchesText(n, text)) continue;
    out.push(n);
  }
  return out;
}

function nodeMatchesText(n: NodeView, text: string): boolean {
  return n.name.toLowerCase().includes(text)
    || n.gpuModel.toLowerCase().includes(text)
    || (n.healthReason?.toLowerCase().includes(text) ?? false)
    || n.taints.some((t) => t.key.toLowerCase().includes(text));
}

export function sortRows<T>(rows: T[], sort: SortState, sorters: Record<string, (a: T, b: T) => number>, tieBreak: (a: T, b: T) => number): T[] {
  const cmp = sorters[sort.column] ?? tieBreak;
  const dir = sort.dir === 'asc' ? 1 : -1;
  return rows.sort((a, b) => cmp(a, b) * dir || tieBreak(a, b));
}

export function sortNodes(rows: NodeView[], sort: SortState): NodeView[] {
  return sortRows(rows, sort, NODE_SORTERS, NODE_SORTERS.name);
}

/** Distinct values for the filter drop-downs. */
export function distinct<T>(items: Iterable<T>, pick: (t: T) => string | undefined): string[] {
  const set = new Set<string>();
  for (const i of items) {
    const v = pick(i);
    if (v) set.add(v);
  }
  return [...set].sort(compareNames);
}

/** Next sort state when a column header is activated: same column flips, a new one starts ascending. */
export function toggleSort(current: SortState, column: string): SortState {
  if (current.column === column) return { column, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { column, dir: 'asc' };
}
