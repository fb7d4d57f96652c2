/**
 * The last N Kubernetes Events as EventViews, in arrival order, in a fixed ring. An Event that
 * is updated (count + 1, the kubelet's deduplication) is appended again and its older entry is
 * superseded, so a reader sees each Event once with its latest count.
 */
import type { CoreV1Event } from '../k8s/objects';
import type { EventView } from '../../../shared/views';
import { text, timeMs, validName } from './kubeValues';

export const EVENT_LOG_CAPACITY = 5000;

export interface EventFilter { kind?: string; namespace?: string; name?: string }

/**
 * The involved object's kind as the console names workloads: a Volcano Job (kind "Job" in group
 * batch.volcano.sh) is "VolcanoJob", so its events are not taken for a batch/v1 Job's.
 */
function objectKind(io: CoreV1Event['involvedObject'] | undefined): string {
  const kind = text(io?.kind, 100) ?? '';
  return kind === 'Job' && typeof io?.apiVersion === 'string' && io.apiVersion.startsWith('batch.volcano.sh/') ? 'VolcanoJob' : kind;
}

export function eventViewOf(ev: CoreV1Event, now: number): EventView | undefined {
  const meta = ev?.metadata;
  if (!meta || !validName(meta.name)) return undefined;
  const ns = validName(meta.namespace) ? meta.namespace : 'default';
  const io = ev.involvedObject ?? ({} as CoreV1Event['involvedObject']);
  const count = typeof ev.count === 'number' && Number.isSafeInteger(ev.count) && ev.count > 0 ? ev.count : 1;
  return {
    id: typeof meta.uid === 'string' && meta.uid.length > 0 && meta.uid.length <= 64 ? meta.uid : `${ns}/${meta.name}`,
    time: timeMs(ev.lastTimestamp) ?? timeMs(ev.eventTime) ?? timeMs(ev.series?.lastObservedTime) ?? timeMs(ev.firstTimestamp) ?? timeMs(meta.creationTimestamp) ?? now,
    type: ev.type === 'Warning' ? 'Warning' : 'Normal',
    reason: text(ev.reason, 200) ?? '',
    message: text(ev.message) ?? '',
    object: { kind: objectKind(io), namespace: text(io?.namespace, 253), name: text(io?.name, 253) ?? '' },
    count,
  };
}

export class EventLog {
  private readonly buf: (EventView | undefined)[];
  private head = 0; // next write position
  private size = 0;
  private readonly latest = new Map<string, EventView>();

  constructor(readonly capacity = EVENT_LOG_CAPACITY) {
    this.buf = new Array(capacity);
  }

  /** Appends unless it repeats the current entry of the same Event; returns whether it was added. */
  add(ev: EventView): boolean {
    const cur = this.latest.get(ev.id);
    if (cur && cur.count === ev.count && cur.time === ev.time && cur.message === ev.message && cur.reason === ev.reason) return false;
    const old = this.buf[this.head];
    if (old && this.latest.get(old.id) === old) this.latest.delete(old.id);
    this.buf[this.head] = ev;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    this.latest.set(ev.id, ev);
    return true;
  }

  /** Newest first, at most `limit`, skipping superseded entries. */
  recent(limit: number, filter?: EventFilter, extra?: (ev: EventView) => boolean): EventView[] {
    const out: EventView[] = [];
    const max = Math.max(0, Math.floor(limit));
    for (let i = 0; i < this.size && out.length < max; i++) {
      const ev = this.buf[(this.head - 1 - i + this.capacity) % this.capacity]!;
      if (this.latest.get(ev.id) !== ev) continue;
      if (filter) {
        if (filter.kind !== undefined && ev.object.kind !== filter.kind) continue;
        if (filter.namespace !== undefined && ev.object.namespace !== filter.namespace) continue;
        if (filter.name !== undefined && ev.object.name !== filter.name) continue;
      }
      if (extra && !extra(ev)) continue;
      out.push(ev);
    }
    return out;
  }

  /** The newest `limit` current entries, oldest first (the order deltas append in). */
  chronological(limit: number): EventView[] {
    return this.recent(limit).reverse();
  }
}
