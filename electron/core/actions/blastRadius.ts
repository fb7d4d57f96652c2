/**
 * Blast-radius arithmetic shared by the actions: which pods an action displaces, which of them
 * a PodDisruptionBudget would refuse to evict, and how many GPUs stay free for new work.
 */
import type { BlastRadius } from '../../../shared/actions';
import type { NodeView, PodKey, WorkloadKey } from '../../../shared/views';
import type { V1Pod, V1PodDisruptionBudget } from '../k8s/objects';
import type { ModelReader } from '../model/modelApi';
import type { ActionPlan } from './actionDefinition';
import { selectorMatches } from './podTemplates';
import { reasonOf } from '../../../shared/reasons';
import { describeWorkload, formatAge, plural, said, type Said } from './actionText';

/**
 * Taints that GPU pods tolerate by convention (GPU node pools are tainted so that only pods
 * asking for GPUs land there). Any other NoSchedule/NoExecute taint closes a node to new work.
 */
const GPU_POOL_TAINTS = new Set(['nvidia.com/gpu']);

export function podKeyOf(pod: V1Pod): PodKey {
  return `${pod.metadata?.namespace || 'default'}/${pod.metadata?.name ?? ''}`;
}

export function isTerminated(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isReady(pod: V1Pod): boolean {
  if (pod.status?.phase !== 'Running') return false;
  return (pod.status.conditions ?? []).some((c) => c?.type === 'Ready' && c.status === 'True');
}

/** GPUs a pod holds (0 once it terminated: finished pods free their devices). */
export function podGpus(model: ModelReader, pod: V1Pod): number {
  if (isTerminated(pod)) return 0;
  return model.podView(podKeyOf(pod))?.gpus ?? 0;
}

/**
 * A node takes new GPU work when it is Ready, not cordoned, and carries no NoSchedule/NoExecute
 * taint other than the GPU-pool taint. `change` previews the node after this action.
 */
export function nodeOpen(view: NodeView, change?: { schedulable?: boolean; taints?: { key: string; effect: string }[] }): boolean {
  const schedulable = change?.schedulable ?? view.schedulable;
  const taints = change?.taints ?? view.taints;
  if (!view.ready || !schedulable) return false;
  return !taints.some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !GPU_POOL_TAINTS.has(t.key));
}

export function nodeFreeGpus(view: NodeView): number {
  return Math.max(0, view.gpuAllocatable - view.gpuAllocated);
}

/** Free GPUs across open nodes: what new or rescheduled GPU pods can use right now. */
export function freeGpus(model: ModelReader): number {
  let free = 0;
  for (const n of model.nodes()) if (nodeOpen(n)) free += nodeFreeGpus(n);
  return free;
}

function pdbName(pdb: V1PodDisruptionBudget): string {
  return `${pdb.metadata?.namespace || 'default'}/${pdb.metadata?.name ?? ''}`;
}

/**
 * Pods whose eviction a PDB refuses if `pods` are evicted in this order. The eviction API lets
 * `status.disruptionsAllowed` healthy pods of a budget go; each further one gets 429. A pod that
 * is not Ready does not use the budget while the budget is healthy (policy/v1
 * unhealthyPodEvictionPolicy IfHealthyBudget, the default) or always (AlwaysAllow).
 */
export function pdbBlockedPods(model: ModelReader, pods: V1Pod[]): { pod: PodKey; pdb: string }[] {
  const used = new Map<string, number>();
  const blocked: { pod: PodKey; pdb: string }[] = [];
  for (const pod of pods) {
    if (isTerminated(pod)) continue;
    for (const pdb of model.pdbsForPod(pod)) {
      const name = pdbName(pdb);
      const status = pdb.status;
      if (!isReady(pod)) {
        const policy = pdb.spec?.unhealthyPodEvictionPolicy;
        const healthyBudget = (status?.currentHealthy ?? 0) >= (status?.desiredHealthy ?? 0);
        if (policy === 'AlwaysAllow' || healthyBudget) continue;
      }
      const n = (used.get(name) ?? 0) + 1;
      used.set(name, n);
      if (n > Math.max(0, status?.disruptionsAllowed ?? 0)) {
        blocked.push({ pod: podKeyOf(pod), pdb: name });
        break;
      }
    }
  }
  return blocked;
}

export function workloadsOf(model: ModelReader, pods: V1Pod[], extra: WorkloadKey[] = []): WorkloadKey[] {
  const out = new Set<WorkloadKey>(extra);
  for (const pod of pods) {
    const w = model.workloadOfPod(podKeyOf(pod));
    if (w) out.add(w);
  }
  return [...out];
}

export function emptyRadius(freeBefore: number): BlastRadius {
  return { pods: [], workloads: [], gpus: 0, pdbBlocked: [], freeGpusBefore: freeBefore, freeGpusAfter: freeBefore };
}

/**
 * What displacing `pods` from their node means for each workload, one sentence each, e.g.
 * "draining gpu-a-0003 evicts 2 training pods of research/llama; the job restarts from a
 * checkpoint 18 min old". `doing` is the action.doing.* sentence ("draining gpu-a-0003").
 */
export function displacementWarnings(model: ModelReader, doing: Said, pods: V1Pod[]): Said[] {
  const byWorkload = new Map<string, V1Pod[]>();
  const orphans: V1Pod[] = [];
  const others: V1Pod[] = [];
  for (const pod of pods) {
    if (isTerminated(pod)) continue;
    const w = model.workloadOfPod(podKeyOf(pod));
    if (!w) {
      // Not a workload the console tracks (a CPU Deployment, a StatefulSet): its controller recreates it.
      if ((pod.metadata?.ownerReferences ?? []).some((r) => r?.controller)) others.push(pod);
      else orphans.push(pod);
      continue;
    }
    const list = byWorkload.get(w) ?? [];
    list.push(pod);
    byWorkload.set(w, list);
  }
  const out: Said[] = [];
  const d = doing.text;
  for (const [key, list] of byWorkload) {
    const view = model.workload(key);
    const workload = describeWorkload(key);
    const n = list.length;
    if (view?.type === 'training') {
      const ckpt = view.checkpoint;
      const tail = ckpt?.ageSec === undefined
        ? said('no checkpoint is recorded, so the job may restart from the beginning', reasonOf('action.displace.noCheckpoint', {}))
        : ckpt.step === undefined
          ? said(`the job restarts from a checkpoint ${formatAge(ckpt.ageSec)} old`, reasonOf('action.displace.checkpointAge', { age: ckpt.ageSec }))
          : said(`the job restarts from a checkpoint ${formatAge(ckpt.ageSec)} old (step ${ckpt.step})`, reasonOf('action.displace.checkpointAgeStep', { age: ckpt.ageSec, step: ckpt.step }));
      out.push(said(`${d} evicts ${plural(n, 'training pod')} of ${workload}; ${tail.text}`,
        reasonOf('action.displace.training', { count: n, workload }, { doing: doing.code, tail: tail.code })));
    } else if (view?.type === 'inference') {
      out.push(...inferenceWarnings(model, key, workload, doing, list));
    } else {
      out.push(said(`${d} evicts ${plural(n, 'pod')} of ${workload}`, reasonOf('action.displace.pods', { count: n, workload }, { doing: doing.code })));
    }
  }
  if (others.length > 0) {
    const n = others.length;
    const podList = others.map(podKeyOf).join(', ');
    out.push(said(
      `${d} evicts ${plural(n, 'other pod')} (${podList}); ${n === 1 ? 'its controller recreates it' : 'their controllers recreate them'} elsewhere`,
      reasonOf('action.displace.others', { count: n, pods: podList }, { doing: doing.code }),
    ));
  }
  for (const pod of orphans) {
    const key = podKeyOf(pod);
    out.push(said(`pod ${key} has no controller: once evicted nothing recreates it`, reasonOf('action.displace.orphan', { pod: key })));
  }
  return out;
}

/** A plan for a target that is missing or does not fit the action: nothing would change. */
export function notApplicablePlan(model: ModelReader, target: string, reason: Said, destructive = false, confirmText?: string): ActionPlan {
  return { target, destructive, confirmText, blastRadius: emptyRadius(freeGpus(model)), warnings: [], notApplicable: reason };
}

/**
 * Inference pods by side: the model folds a standby Deployment's pods into the primary's
 * workload, so split them by each Deployment's selector and say which side serves.
 */
function inferenceWarnings(model: ModelReader, key: WorkloadKey, workload: string, doing: Said, pods: V1Pod[]): Said[] {
  const pair = model.inferencePair(key);
  const sides = pair?.standby
    ? [{ dep: pair.primary, role: 'primary' as const }, { dep: pair.standby, role: 'standby' as const }]
    : [{ dep: pair?.primary, role: 'primary' as const }];
  const out: Said[] = [];
  const counted = new Set<V1Pod>();
  const d = doing.text;
  const nested = { doing: doing.code };
  for (const { dep, role } of sides) {
    const mine = dep && pair?.standby ? pods.filter((p) => selectorMatches(dep.spec?.selector, p.metadata?.labels)) : pods;
    mine.forEach((p) => counted.add(p));
    const n = mine.length;
    if (n === 0) continue;
    const serving = !pair || pair.activeRole === role;
    const deployment = dep?.metadata?.name ?? workload;
    if (!serving) {
      out.push(said(`${d} evicts ${n} idle ${role} replica${n === 1 ? '' : 's'} of ${workload} (${deployment}; the Service does not route to it now)`,
        reasonOf('action.displace.idleSide', { count: n, role, workload, deployment }, nested)));
      continue;
    }
    const ready = dep?.status?.readyReplicas ?? model.workload(key)?.replicas.ready ?? n;
    out.push(n >= ready
      ? said(`${d} evicts all ${n} serving replica${n === 1 ? '' : 's'} of ${workload} (${deployment}): it stops serving until they reschedule`,
        reasonOf('action.displace.allServing', { count: n, workload, deployment }, nested))
      : said(`${d} evicts ${n} of ${ready} serving replicas of ${workload} (${deployment}); the rest keep serving`,
        reasonOf('action.displace.someServing', { count: n, ready, workload, deployment }, nested)));
  }
  const rest = pods.filter((p) => !counted.has(p)).length;
  if (rest > 0) out.push(said(`${d} evicts ${plural(rest, 'more pod')} of ${workload}`, reasonOf('action.displace.morePods', { count: rest, workload }, nested)));
  return out;
}
