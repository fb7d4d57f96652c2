import type { FleetKpis } from '../../../shared/views';

/**
 * GET /api/summary — a stable JSON for scripts and monitors (documented in README.md).
 */
export interface SummaryJson {
  source: string;
  dataAgeMs: number | null;
  gpus: { total: number; allocated: number; idle: number; unhealthy: number; utilizationAvg: number | null };
  nodes: { total: number; ready: number; cordoned: number };
  workloads: FleetKpis['workloads'];
}

export function buildSummary(kpis: FleetKpis, source: string, dataAgeMs: number | null): SummaryJson {
  return {
    source,
    dataAgeMs,
    gpus: { ...kpis.gpus, utilizationAvg: kpis.utilizationAvg ?? null },
    nodes: { ...kpis.nodes },
    workloads: { ...kpis.workloads },
  };
}
