/**
 * Fleet KPIs as running counters. Each node's contribution (NodeContribution) and each pod's
 * GPUs are added when they arrive and subtracted when they change or leave, so an event costs
 * O(1) here; `materialize` builds the FleetKpis object (sorting the top namespaces and
 * workloads) only when a delta or a reader asks for it.
 */
import type { FleetKpis, WorkloadHealth } from '../../../shared/views';
import { WORKLOAD_HEALTH } from '../../../shared/views';
import type { NodeContribution } from './nodeView';
import { UTIL_SCALE } from './nodeView';

/** How many namespaces and workloads the KPI tables list. */
export const KPI_TOP_N = 20;

export class FleetCounters {
  nodes = 0;
  ready = 0;
  cordoned = 0;
  gpuTotal = 0;
  gpuAllocated = 0;
  gpuIdle = 0;
  gpuUnhealthy = 0;
  /** Σ util × UTIL_SCALE over GPUs that report util, and their count. */
  utilFixed = 0;
  utilCount = 0;
  readonly workloads: Record<WorkloadHealth, number> = emptyHealthCounts();
  readonly byNamespace = new Map<string, number>();
  /** GPUs held per raw owner workload key (folded into inference pairs when materialized). */
  readonly byOwner = new Map<string, number>();

  applyNode(c: Readonly<NodeContribution>, sign: 1 | -1): void {
    this.nodes += sign * c.nodes;
    this.ready += sign * c.ready;
    this.cordoned += sign * c.cordoned;
    this.gpuTotal += sign * c.gpuTotal;
    this.gpuAllocated += sign * c.gpuAllocated;
    this.gpuIdle += sign * c.gpuIdle;
    this.gpuUnhealthy += sign * c.gpuUnhealthy;
  }

  applyPodGpus(namespace: string, owner: string | undefined, gpus: number): void {
    if (gpus === 0) return;
    bump(this.byNamespace, namespace, gpus);
    if (owner !== undefined) bump(this.byOwner, owner, gpus);
  }

  utilizationAvg(): number | undefined {
    return this.utilCount > 0 ? this.utilFixed / UTIL_SCALE / this.utilCount : undefined;
  }

  materialize(resolveOwner: (owner: string) => string | undefined, topN = KPI_TOP_N): FleetKpis {
    const byWorkload = new Map<string, number>();
    for (const [owner, gpus] of this.byOwner) {
      const key = resolveOwner(owner);
      if (key !== undefined) bump(byWorkload, key, gpus);
    }
    return {
      gpus: { total: this.gpuTotal, allocated: this.gpuAllocated, idle: this.gpuIdle, unhealthy: this.gpuUnhealthy },
      nodes: { total: this.nodes, ready: this.ready, cordoned: this.cordoned },
      utilizationAvg: this.utilizationAvg(),
      workloads: { ...this.workloads },
      byNamespace: top(this.byNamespace, topN).map(([namespace, gpus]) => ({ namespace, gpus })),
      byWorkload: top(byWorkload, topN).map(([workload, gpus]) => ({ workload, gpus })),
    };
  }
}

export function emptyHealthCounts(): Record<WorkloadHealth, number> {
  const r = {} as Record<WorkloadHealth, number>;
  for (const h of WORKLOAD_HEALTH) r[h] = 0;
  return r;
}

function bump(m: Map<string, number>, k: string, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

function top(m: Map<string, number>, n: number): [string, number][] {
  const entries = [...m].filter(([, v]) => v > 0);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.slice(0, n);
}
