/**
 * The demo's API server storage: one map per kind, a global resourceVersion, and the watch
 * events of every write since the last flush.
 *
 * Objects are copy-on-write. An object handed out in a sync or a watch event is never changed
 * again (the model may keep it); a write clones it once per step and mutates the clone. All
 * writes to one object within a step coalesce into one event, and resourceVersions are assigned
 * at flush in event order, so a batch is strictly increasing like a real watch stream.
 */
import type { KindMap, KubeObject, ResourceKind, WatchEvent, WatchEventType } from '../../k8s/objects';
import { RESOURCE_KINDS, objectKey } from '../../k8s/objects';

export type MutationScope = 'all' | 'status';

interface Pending { type: WatchEventType; kind: ResourceKind; object: KubeObject }

export class ObjectStore {
  private readonly maps = new Map<ResourceKind, Map<string, KubeObject>>();
  private rv = 1000;
  private pending: Pending[] = [];
  /**
   * Objects created or cloned since the last flush: safe to mutate in place. 'status' clones
   * share `spec` with the published version, so they get a deep spec before a full mutation.
   */
  private fresh = new Map<KubeObject, MutationScope>();
  /**
   * While the initial state is built nothing has been published: writes go straight to the
   * objects and produce no watch events.
   */
  building = false;

  constructor() {
    for (const kind of RESOURCE_KINDS) this.maps.set(kind, new Map());
  }

  private map<K extends ResourceKind>(kind: K): Map<string, KindMap[K]> {
    return this.maps.get(kind) as Map<string, KindMap[K]>;
  }

  get<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    return this.map(kind).get(objectKey(namespace, name));
  }

  getByKey<K extends ResourceKind>(kind: K, key: string): KindMap[K] | undefined {
    return this.map(kind).get(key);
  }

  has(kind: ResourceKind, key: string): boolean {
    return this.map(kind).has(key);
  }

  list<K extends ResourceKind>(kind: K): IterableIterator<KindMap[K]> {
    return this.map(kind).values();
  }

  count(kind: ResourceKind): number {
    return this.map(kind).size;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Inserts an object as part of the initial state: no watch event. */
  seed<K extends ResourceKind>(kind: K, obj: KindMap[K]): KindMap[K] {
    obj.metadata!.resourceVersion = String(++this.rv);
    this.map(kind).set(keyOf(obj), obj);
    return obj;
  }

  add<K extends ResourceKind>(kind: K, obj: KindMap[K]): KindMap[K] {
    if (this.building) return this.seed(kind, obj);
    const key = keyOf(obj);
    if (this.map(kind).has(key)) throw new Error(`${kind} ${key} already exists`);
    this.map(kind).set(key, obj);
    this.fresh.set(obj, 'all');
    this.pending.push({ type: 'ADDED', kind, object: obj });
    return obj;
  }

  /**
   * Changes an object through `fn` (which mutates a private copy). Returns the new object, or
   * undefined when it does not exist. `fn` may return false to abandon the change.
   * With scope 'status', `fn` may change only metadata and status (spec is shared with the
   * previous version, which makes the hot paths — readiness, status, annotations — cheap).
   */
  mutate<K extends ResourceKind>(kind: K, key: string, fn: (obj: KindMap[K]) => void | boolean, scope: MutationScope = 'all'): KindMap[K] | undefined {
    const map = this.map(kind);
    const cur = map.get(key);
    if (!cur) return undefined;
    if (this.building) {
      fn(cur);
      return cur;
    }
    const freshScope = this.fresh.get(cur);
    if (freshScope !== undefined) {
      if (freshScope === 'status' && scope === 'all') {
        const withSpec = cur as { spec?: unknown };
        if (withSpec.spec !== undefined) withSpec.spec = deepClone(withSpec.spec);
        this.fresh.set(cur, 'all');
      }
      fn(cur);
      return cur;
    }
    const next = scope === 'all' ? deepClone(cur) : statusClone(cur);
    if (fn(next) === false) return cur;
    map.set(key, next);
    this.fresh.set(next, scope);
    this.pending.push({ type: 'MODIFIED', kind, object: next });
    return next;
  }

  /** Replaces an object wholesale (merge patch results). */
  replace<K extends ResourceKind>(kind: K, obj: KindMap[K]): KindMap[K] {
    const map = this.map(kind);
    const key = keyOf(obj);
    const cur = map.get(key);
    if (!cur) throw new Error(`${kind} ${key} does not exist`);
    map.set(key, obj);
    const wasFresh = this.fresh.has(cur);
    this.fresh.set(obj, 'all');
    if (wasFresh) {
      const i = this.pending.findIndex((p) => p.object === cur);
      if (i >= 0) this.pending[i] = { ...this.pending[i], object: obj };
      this.fresh.delete(cur);
    } else {
      this.pending.push({ type: 'MODIFIED', kind, object: obj });
    }
    return obj;
  }

  remove<K extends ResourceKind>(kind: K, key: string): KindMap[K] | undefined {
    const map = this.map(kind);
    const cur = map.get(key);
    if (!cur) return undefined;
    map.delete(key);
    if (this.building) return cur;
    // The DELETED event carries its own resourceVersion on a copy: the object itself may already
    // be published (or be in an ADDED/MODIFIED event of this batch). Only metadata changes.
    const obj = { ...cur, metadata: { ...cur.metadata } } as KindMap[K];
    this.pending.push({ type: 'DELETED', kind, object: obj });
    return cur;
  }

  /** Assigns resourceVersions in order and returns the batch of watch events since the last flush. */
  flush(): WatchEvent[] {
    if (this.pending.length === 0) return [];
    const out: WatchEvent[] = [];
    for (const p of this.pending) {
      const obj = p.object;
      obj.metadata!.resourceVersion = String(++this.rv);
      out.push({ type: p.type, kind: p.kind, object: obj } as WatchEvent);
    }
    this.pending = [];
    this.fresh.clear();
    return out;
  }

  /** Watch events waiting for a flush. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** True when writes are waiting for a flush. */
  get dirty(): boolean {
    return this.pending.length > 0;
  }
}

function keyOf(obj: KubeObject): string {
  return objectKey(obj.metadata?.namespace, obj.metadata!.name!);
}

/** A new version that may change metadata and status; spec (the bulk of a pod) is shared. */
function statusClone<T extends KubeObject>(obj: T): T {
  const m = obj.metadata!;
  const meta = { ...m };
  if (m.labels) meta.labels = { ...m.labels };
  if (m.annotations) meta.annotations = { ...m.annotations };
  const out = { ...obj, metadata: meta } as T & { status?: unknown };
  const status = (obj as { status?: unknown }).status;
  if (status !== undefined) out.status = deepClone(status);
  return out;
}

/** Deep copy of JSON-like data that keeps Date instances (client-node types timestamps as Date). */
export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as unknown as T;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i]);
    return out as unknown as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = deepClone(v);
  }
  return out as T;
}
