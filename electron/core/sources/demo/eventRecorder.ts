/**
 * v1 Events as the components of a cluster record them: deduplicated like client-go's event
 * correlator (same object, reason and message → count + 1 and a new lastTimestamp), kept in a
 * ring of the most recent events; the oldest is deleted (a DELETED watch event) when the ring
 * is full, as the API server's event TTL would.
 */
import type { CoreV1Event } from '../../k8s/objects';
import { objectKey } from '../../k8s/objects';
import type { ObjectStore } from './objectStore';
import type { Rng } from './rng';
import { uuid } from './names';

export interface InvolvedObject { kind: string; apiVersion: string; namespace?: string; name: string; uid?: string; fieldPath?: string }

export const EVENT_RING_SIZE = 2000;

/** How long a repeated event is folded into the previous one (client-go uses a 10 min window). */
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

export class EventRecorder {
  /** Event keys in creation order (oldest first). */
  private ring: string[] = [];
  private ringHead = 0;
  private byDedupe = new Map<string, { key: string; last: number }>();
  private seq = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly rng: Rng,
    private readonly capacity = EVENT_RING_SIZE,
  ) {}

  record(
    involved: InvolvedObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
    host?: string,
  ): void {
    const now = this.now();
    const ts = new Date(now);
    const dedupe = `${involved.kind}\u0000${involved.namespace ?? ''}\u0000${involved.name}\u0000${reason}\u0000${message}`;
    const prev = this.byDedupe.get(dedupe);
    if (prev && now - prev.last <= DEDUPE_WINDOW_MS && this.store.has('Event', prev.key)) {
      prev.last = now;
      this.store.mutate('Event', prev.key, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = ts;
      }, 'status');
      return;
    }
    const namespace = involved.namespace ?? 'default';
    // Real names are "<object>.<unix nanoseconds in hex>"; a counter stands in for the nanoseconds.
    let name = `${involved.name}.${now.toString(16)}${(this.seq++ % 0x100000).toString(16).padStart(5, '0')}`;
    while (this.store.has('Event', objectKey(namespace, name))) name += 'x';
    const event: CoreV1Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, uid: uuid(this.rng), creationTimestamp: ts },
      involvedObject: {
        kind: involved.kind,
        apiVersion: involved.apiVersion,
        namespace: involved.namespace,
        name: involved.name,
        uid: involved.uid,
        ...(involved.fieldPath ? { fieldPath: involved.fieldPath } : {}),
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      source: host ? { component, host } : { component },
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    const key = objectKey(namespace, name);
    this.store.add('Event', event);
    this.byDedupe.set(dedupe, { key, last: now });
    this.ring.push(key);
    if (this.ring.length - this.ringHead > this.capacity) {
      const old = this.ring[this.ringHead++];
      this.store.remove('Event', old);
      if (this.ringHead > 4096) {
        this.ring = this.ring.slice(this.ringHead);
        this.ringHead = 0;
      }
    }
    if (this.byDedupe.size > this.capacity * 4) {
      for (const [k, v] of this.byDedupe) if (!this.store.has('Event', v.key)) this.byDedupe.delete(k);
    }
  }

  /** Forget an event deleted through the API. */
  forget(key: string): void {
    const i = this.ring.indexOf(key, this.ringHead);
    if (i >= 0) this.ring.splice(i, 1);
  }
}
