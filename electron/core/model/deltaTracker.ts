/**
 * What changed since the last delta, as key sets: an entity touched ten times is one entry,
 * and an entity removed after a change is only a removal. The views themselves are built from
 * these keys when the delta is taken.
 *
 * Two kinds of change are kept apart:
 *  - structural (`nodes`, `gpus`, `workloads`, events, KPIs): sent as whole views with every
 *    delta;
 *  - telemetry (`gpuMetrics`: GPUs whose displayed DCGM values changed; `nodeUtil`: nodes
 *    whose published utilAvg moved): sent as columns, and only when the caller asks for them
 *    (the backend does so at most about once a second), so a scrape of 16,000 GPUs is one
 *    compact message however fast the source clock runs. Until then they keep coalescing.
 *  - `workloadsTimed`: workloads whose clock-driven fields (checkpoint age, work at risk) moved
 *    and nothing else marked: sent with the telemetry, or at once if that changed their health.
 */
import type { EventView, UtilPoint } from '../../../shared/views';

export class KeyedChanges {
  readonly upsert = new Set<string>();
  readonly remove = new Set<string>();

  touch(key: string): void {
    if (this.remove.size > 0) this.remove.delete(key);
    this.upsert.add(key);
  }

  drop(key: string): void {
    this.upsert.delete(key);
    this.remove.add(key);
  }

  get empty(): boolean {
    return this.upsert.size === 0 && this.remove.size === 0;
  }

  clear(): void {
    this.upsert.clear();
    this.remove.clear();
  }
}

export class DeltaTracker {
  readonly nodes = new KeyedChanges();
  readonly gpus = new KeyedChanges();
  readonly workloads = new KeyedChanges();
  events: EventView[] = [];
  kpis = false;
  utilPoint: UtilPoint | undefined;
  /** GPU ids whose telemetry (as displayed) changed. */
  readonly gpuMetrics = new Set<string>();
  /** Node names whose published utilAvg changed. */
  readonly nodeUtil = new Set<string>();
  /** Workload keys whose view moved only with the clock (see above). */
  readonly workloadsTimed = new Set<string>();

  /** No structural change pending. */
  get structuralEmpty(): boolean {
    return this.nodes.empty && this.gpus.empty && this.workloads.empty && this.events.length === 0 && !this.kpis && !this.utilPoint;
  }

  get telemetryEmpty(): boolean {
    return this.gpuMetrics.size === 0 && this.nodeUtil.size === 0;
  }

  get empty(): boolean {
    return this.structuralEmpty && this.telemetryEmpty && this.workloadsTimed.size === 0;
  }

  clearStructural(): void {
    this.nodes.clear();
    this.gpus.clear();
    this.workloads.clear();
    this.events = [];
    this.kpis = false;
    this.utilPoint = undefined;
  }

  clearTelemetry(): void {
    this.gpuMetrics.clear();
    this.nodeUtil.clear();
  }

  clear(): void {
    this.clearStructural();
    this.clearTelemetry();
    this.workloadsTimed.clear();
  }
}
