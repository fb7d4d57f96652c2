/**
 * What changed since the last delta, as key sets: an entity touched ten times is one entry,
 * and an entity removed after a change is only a removal. The views themselves are built from
 * these keys when the delta is taken.
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

  get empty(): boolean {
    return this.nodes.empty && this.gpus.empty && this.workloads.empty && this.events.length === 0 && !this.kpis && !this.utilPoint;
  }

  clear(): void {
    this.nodes.clear();
    this.gpus.clear();
    this.workloads.clear();
    this.events = [];
    this.kpis = false;
    this.utilPoint = undefined;
  }
}
