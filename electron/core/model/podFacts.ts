/**
 * The few facts the model keeps per pod, read once when the pod arrives. Every aggregate
 * (node allocation, namespace and workload totals, KPIs) is a sum of these facts, so an update
 * subtracts the old facts and adds the new ones instead of recomputing anything.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { GPU_RESOURCE } from '../../../shared/conventions';
import type { PodView } from '../../../shared/views';
import { resourceCount, stringMap, text, timeMs, validName } from './kubeValues';
import { ownerOfPod } from './workloadOwner';

export interface PodFacts {
  key: string;
  namespace: string;
  name: string;
  /** spec.nodeName; undefined while unscheduled. */
  node: string | undefined;
  /** Effective nvidia.com/gpu request (see podGpuRequest). */
  gpus: number;
  /** Not terminated: phase is neither Succeeded nor Failed. Terminated pods free their GPUs. */
  active: boolean;
  phase: string;
  /** Running with the Ready condition True. */
  ready: boolean;
  restarts: number;
  /** Raw owner workload key (before inference-pair folding). */
  owner: string | undefined;
  /** creationTimestamp, ms epoch; 0 when unknown (sorts first, deterministically by key after). */
  createdAt: number;
  priorityClass: string | undefined;
  obj: V1Pod;
}

function containerGpus(c: V1Container | undefined): number {
  if (!c || typeof c !== 'object') return 0;
  const res = c.resources;
  if (!res || typeof res !== 'object') return 0;
  // Requests default to limits for extended resources (and must equal them when both are set).
  return resourceCount(res.requests, GPU_RESOURCE) ?? resourceCount(res.limits, GPU_RESOURCE) ?? 0;
}

/**
 * A pod's nvidia.com/gpu request as the scheduler counts it: the larger of the sum over
 * containers and the largest init container (init containers run one at a time, before the
 * app containers). Invalid quantities count as 0.
 */
export function podGpuRequest(spec: V1Pod['spec'] | undefined): number {
  if (!spec || typeof spec !== 'object') return 0;
  let sum = 0;
  if (Array.isArray(spec.containers)) for (const c of spec.containers) sum += containerGpus(c);
  if (Array.isArray(spec.initContainers)) {
    for (const c of spec.initContainers) {
      const n = containerGpus(c);
      if (n > sum) sum = n;
    }
  }
  return sum;
}

/**
 * Facts of a pod; undefined when the pod is too malformed to key (no or invalid name).
 * `key` may be passed when the caller already built it (objectIndex.keyOf).
 */
export function podFacts(pod: V1Pod, key?: string): PodFacts | undefined {
  if (!pod || typeof pod !== 'object') return undefined;
  const meta = pod.metadata;
  if (!meta || !validName(meta.name)) return undefined;
  const namespace = validName(meta.namespace) ? meta.namespace : 'default';
  const name = meta.name;
  const spec = pod.spec;
  const status = pod.status;
  const phase = typeof status?.phase === 'string' ? status.phase : 'Pending';
  const active = phase !== 'Succeeded' && phase !== 'Failed';
  let ready = false;
  if (phase === 'Running' && Array.isArray(status?.conditions)) {
    for (const c of status.conditions) if (c && c.type === 'Ready') ready = c.status === 'True';
  }
  let restarts = 0;
  if (Array.isArray(status?.containerStatuses)) {
    for (const cs of status.containerStatuses) {
      const n = cs?.restartCount;
      if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) restarts += n;
    }
  }
  const nodeName = spec?.nodeName;
  return {
    key: key ?? `${namespace}/${name}`,
    namespace,
    name,
    node: validName(nodeName) ? nodeName : undefined,
    gpus: podGpuRequest(spec),
    active,
    phase,
    ready,
    restarts,
    owner: ownerOfPod(pod, namespace),
    createdAt: timeMs(meta.creationTimestamp) ?? 0,
    priorityClass: text(spec?.priorityClassName, 253),
    obj: pod,
  };
}

/** GPUs the pod holds on its node: only scheduled, non-terminated pods hold GPUs. */
export function heldGpus(f: PodFacts): number {
  return f.active && f.node !== undefined ? f.gpus : 0;
}

/** Why the last container terminated (OOMKilled, Error…), newest information first. */
function lastTerminationReason(pod: V1Pod): string | undefined {
  const statuses = pod.status?.containerStatuses;
  if (!Array.isArray(statuses)) return undefined;
  for (const cs of statuses) {
    const r = cs?.state?.terminated?.reason ?? cs?.lastState?.terminated?.reason;
    if (r) return text(r, 200);
  }
  return undefined;
}

export function podViewOf(f: PodFacts, workload: string | undefined): PodView {
  return {
    key: f.key,
    namespace: f.namespace,
    name: f.name,
    node: f.node,
    phase: f.phase,
    gpus: f.gpus,
    restarts: f.restarts,
    lastTerminationReason: lastTerminationReason(f.obj),
    workload,
    priorityClass: f.priorityClass,
  };
}

export function labelsOf(obj: { metadata?: { labels?: unknown } } | undefined): Readonly<Record<string, string>> {
  return stringMap(obj?.metadata?.labels);
}
