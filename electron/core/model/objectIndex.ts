/**
 * Every object the source delivered, per kind, plus the secondary indexes the views need:
 * pods by node (with running totals), pods by owner workload, PDBs by namespace. Updating a
 * pod costs a few Map operations; nothing here scans.
 */
import type { KindMap, KubeObject, ResourceKind, V1PodDisruptionBudget } from '../k8s/objects';
import { RESOURCE_KINDS } from '../k8s/objects';
import { validName } from './kubeValues';
import { heldGpus, type PodFacts } from './podFacts';

/** The pods bound to one node name (the node object may not exist yet) and their totals. */
export interface NodePods {
  keys: Set<string>;
  /** Sum of nvidia.com/gpu requests of non-terminated pods. */
  allocated: number;
  /** Non-terminated pods. */
  podCount: number;
  /** Non-terminated pods requesting at least one GPU. */
  gpuPodCount: number;
}

const NAMESPACED: Record<ResourceKind, boolean> = {
  Node: false, Pod: true, Event: true, Deployment: true, Service: true, PodDisruptionBudget: true, Job: true, PyTorchJob: true,
  JobSet: true, VolcanoJob: true, RayJob: true, KueueWorkload: true,
};

/** The index key of an object ("name" or "ns/name"); undefined when it has no valid name. */
export function keyOf(kind: ResourceKind, obj: KubeObject | undefined): string | undefined {
  const meta = obj && typeof obj === 'object' ? obj.metadata : undefined;
  if (!meta || !validName(meta.name)) return undefined;
  if (!NAMESPACED[kind]) return meta.name;
  return `${validName(meta.namespace) ? meta.namespace : 'default'}/${meta.name}`;
}

export function isNamespaced(kind: ResourceKind): boolean {
  return NAMESPACED[kind];
}

export class ObjectIndex {
  private readonly objects = new Map<ResourceKind, Map<string, KubeObject>>();
  /** Pods are kept as facts (which hold the object). */
  readonly pods = new Map<string, PodFacts>();
  private readonly byNode = new Map<string, NodePods>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly pdbs = new Map<string, Map<string, V1PodDisruptionBudget>>();

  constructor() {
    for (const k of RESOURCE_KINDS) if (k !== 'Pod') this.objects.set(k, new Map());
  }

  /** Whether `kind` is one the index holds (guards against unknown kinds from a source). */
  has(kind: string): kind is ResourceKind {
    return kind === 'Pod' || this.objects.has(kind as ResourceKind);
  }

  get<K extends ResourceKind>(kind: K, key: string): KindMap[K] | undefined {
    if (kind === 'Pod') return this.pods.get(key)?.obj as KindMap[K] | undefined;
    return this.objects.get(kind)!.get(key) as KindMap[K] | undefined;
  }

  *values<K extends ResourceKind>(kind: K): Iterable<KindMap[K]> {
    if (kind === 'Pod') {
      for (const f of this.pods.values()) yield f.obj as KindMap[K];
      return;
    }
    yield* this.objects.get(kind)!.values() as Iterable<KindMap[K]>;
  }

  keys(kind: ResourceKind): Iterable<string> {
    return kind === 'Pod' ? this.pods.keys() : this.objects.get(kind)!.keys();
  }

  size(kind: ResourceKind): number {
    return kind === 'Pod' ? this.pods.size : this.objects.get(kind)!.size;
  }

  /** Stores a non-pod object; returns the previous one. */
  set(kind: Exclude<ResourceKind, 'Pod'>, key: string, obj: KubeObject): KubeObject | undefined {
    const map = this.objects.get(kind)!;
    const prev = map.get(key);
    map.set(key, obj);
    if (kind === 'PodDisruptionBudget') {
      const ns = key.slice(0, key.indexOf('/'));
      let m = this.pdbs.get(ns);
      if (!m) this.pdbs.set(ns, (m = new Map()));
      m.set(key, obj as V1PodDisruptionBudget);
    }
    return prev;
  }

  delete(kind: Exclude<ResourceKind, 'Pod'>, key: string): KubeObject | undefined {
    const map = this.objects.get(kind)!;
    const prev = map.get(key);
    if (prev === undefined) return undefined;
    map.delete(key);
    if (kind === 'PodDisruptionBudget') {
      const ns = key.slice(0, key.indexOf('/'));
      const m = this.pdbs.get(ns);
      m?.delete(key);
      if (m && m.size === 0) this.pdbs.delete(ns);
    }
    return prev;
  }

  /** Oldest-first iteration order of a kind's map (used to cap the Event store). */
  firstKey(kind: Exclude<ResourceKind, 'Pod'>): string | undefined {
    for (const k of this.objects.get(kind)!.keys()) return k;
    return undefined;
  }

  /** Stores pod facts and moves the pod between node/owner indexes; returns the previous facts. */
  putPod(f: PodFacts): PodFacts | undefined {
    const prev = this.pods.get(f.key);
    this.pods.set(f.key, f);
    if (prev) this.unlinkPod(prev, prev.node !== f.node, prev.owner !== f.owner);
    this.linkPod(f, prev === undefined || prev.node !== f.node, prev === undefined || prev.owner !== f.owner);
    return prev;
  }

  removePod(key: string): PodFacts | undefined {
    const prev = this.pods.get(key);
    if (!prev) return undefined;
    this.pods.delete(key);
    this.unlinkPod(prev, true, true);
    return prev;
  }

  nodePods(node: string): NodePods | undefined {
    return this.byNode.get(node);
  }

  podKeysOfOwner(owner: string): ReadonlySet<string> | undefined {
    return this.byOwner.get(owner);
  }

  pdbsIn(namespace: string): Iterable<V1PodDisruptionBudget> {
    return this.pdbs.get(namespace)?.values() ?? [];
  }

  private linkPod(f: PodFacts, membership: boolean, ownerMembership: boolean): void {
    if (f.node !== undefined) {
      let np = this.byNode.get(f.node);
      if (!np) this.byNode.set(f.node, (np = { keys: new Set(), allocated: 0, podCount: 0, gpuPodCount: 0 }));
      if (membership) np.keys.add(f.key);
      np.allocated += heldGpus(f);
      if (f.active) {
        np.podCount++;
        if (f.gpus > 0) np.gpuPodCount++;
      }
    }
    if (f.owner !== undefined && ownerMembership) {
      let s = this.byOwner.get(f.owner);
      if (!s) this.byOwner.set(f.owner, (s = new Set()));
      s.add(f.key);
    }
  }

  private unlinkPod(f: PodFacts, membership: boolean, ownerMembership: boolean): void {
    if (f.node !== undefined) {
      const np = this.byNode.get(f.node);
      if (np) {
        np.allocated -= heldGpus(f);
        if (f.active) {
          np.podCount--;
          if (f.gpus > 0) np.gpuPodCount--;
        }
        if (membership) {
          np.keys.delete(f.key);
          if (np.keys.size === 0) this.byNode.delete(f.node);
        }
      }
    }
    if (f.owner !== undefined && ownerMembership) {
      const s = this.byOwner.get(f.owner);
      if (s) {
        s.delete(f.key);
        if (s.size === 0) this.byOwner.delete(f.owner);
      }
    }
  }
}
