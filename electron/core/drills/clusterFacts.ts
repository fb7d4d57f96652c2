/**
 * The questions drill goals and target rules ask of the model, answered only through
 * ModelReader so they read the same on the demo and on a live cluster.
 */
import type { V1Pod } from '../k8s/objects';
import type { WorkloadKey, WorkloadView } from '../../../shared/views';
import type { ModelReader } from '../model/modelApi';
import { DrillSetupError } from './scenario';

/** Taints Kubernetes itself manages (unreachable, not-ready, unschedulable…): not an operator's isolation. */
export function isSystemTaint(key: string): boolean {
  return key.startsWith('node.kubernetes.io/') || key.startsWith('node.cloudprovider.kubernetes.io/');
}

export function taintId(t: { key: string; effect: string }): string {
  return `${t.key}:${t.effect}`;
}

/**
 * New pods will not land on the node: cordoned, or a NoSchedule/NoExecute taint that was not
 * there before (`preexisting`: GPU nodes commonly carry nvidia.com/gpu=present:NoSchedule, which
 * every GPU pod tolerates) and that Kubernetes did not set itself.
 */
export function isIsolated(model: ModelReader, node: string, preexisting: readonly string[] = []): boolean {
  const n = model.node(node);
  if (!n) return false;
  if (!n.schedulable) return true;
  return n.taints.some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !isSystemTaint(t.key) && !preexisting.includes(taintId(t)));
}

function isDaemonPod(p: V1Pod): boolean {
  return (p.metadata?.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet');
}

function isActivePod(p: V1Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** Workload pods (not DaemonSet pods) still on the node and not finished. */
export function workloadPodsOnNode(model: ModelReader, node: string): V1Pod[] {
  return model.podsOnNode(node).filter((p) => isActivePod(p) && !isDaemonPod(p));
}

/** Workload pods on the node that are not already being deleted: what a drain still has to move. */
export function podsLeftToDrain(model: ModelReader, node: string): V1Pod[] {
  return workloadPodsOnNode(model, node).filter((p) => !p.metadata?.deletionTimestamp);
}

/** The node holds a live pod of the workload. */
export function workloadOnNode(model: ModelReader, key: WorkloadKey, node: string): boolean {
  return model.podsOfWorkload(key).some((p) => p.spec?.nodeName === node && isActivePod(p) && !p.metadata?.deletionTimestamp);
}

/** Every desired replica ready and the job neither restarting nor failed. */
export function allReplicasReady(w: WorkloadView | undefined): boolean {
  if (!w) return false;
  if (w.health === 'failed' || w.health === 'recovering' || w.health === 'pending' || w.health === 'succeeded') return false;
  return w.replicas.desired > 0 && w.replicas.ready >= w.replicas.desired;
}

/** The trainer reports throughput of at least `fraction` of `baseline` samples/s. */
export function trainingAtSpeed(w: WorkloadView | undefined, baseline: number | undefined, fraction: number): boolean {
  const sps = w?.progress?.samplesPerSec;
  if (sps === undefined || sps <= 0) return false;
  return baseline === undefined || baseline <= 0 ? true : sps >= fraction * baseline;
}

/** Pods of a workload waiting for a node. */
export function pendingPods(model: ModelReader, key: WorkloadKey): V1Pod[] {
  return model.podsOfWorkload(key).filter((p) => p.status?.phase === 'Pending' && !p.spec?.nodeName && !p.metadata?.deletionTimestamp);
}

/** Live pods of a workload bound to a node (not being deleted). */
export function scheduledPods(model: ModelReader, key: WorkloadKey): V1Pod[] {
  return model.podsOfWorkload(key).filter((p) => !!p.spec?.nodeName && isActivePod(p) && !p.metadata?.deletionTimestamp);
}

/** A PodDisruptionBudget covers the workload's pods (a drain cannot evict an unready one). */
export function hasPdb(model: ModelReader, key: WorkloadKey): boolean {
  const pod = model.podsOfWorkload(key)[0];
  return !!pod && model.pdbsForPod(pod).length > 0;
}

/** Kubernetes events of kind/name since `since` (source ms) with this reason. */
export function eventsSince(model: ModelReader, filter: { kind?: string; namespace?: string; name?: string }, reason: string, since: number): number {
  return model.recentEvents(200, filter).filter((e) => e.reason === reason && e.time >= since).length;
}

export function splitKey(key: WorkloadKey): { kind: string; namespace: string; name: string } {
  const [kind, namespace, name] = key.split('/');
  return { kind, namespace, name };
}

/* ------------------------------------------------------------------ target rules */

function trainingJobs(model: ModelReader, pool?: string): WorkloadView[] {
  const out: WorkloadView[] = [];
  for (const w of model.workloads()) {
    if (w.kind !== 'PyTorchJob' || w.type !== 'training') continue;
    if (w.health !== 'healthy' && w.health !== 'degraded') continue;
    if (pool && !w.placement.every((p) => model.node(p.node)?.pool === pool)) continue;
    out.push(w);
  }
  // Largest first; names break ties so the pick is the same on every run.
  return out.sort((a, b) => b.gpus - a.gpus || (a.key < b.key ? -1 : 1));
}

/** Running training jobs of one kind (elastic or gang), largest first. */
export function jobsBySize(model: ModelReader, opts: { elastic: boolean; pool?: string; minGpus?: number }): WorkloadView[] {
  return trainingJobs(model, opts.pool).filter((j) => !!j.elastic === opts.elastic && j.gpus >= (opts.minGpus ?? 1));
}

export function largestJob(model: ModelReader, opts: { elastic: boolean; pool?: string; minGpus?: number }): WorkloadView {
  const w = jobsBySize(model, opts)[0];
  if (!w) throw new DrillSetupError(`No running ${opts.elastic ? 'elastic' : 'non-elastic'} PyTorchJob${opts.pool ? ` in the ${opts.pool} pool` : ''} to drill on.`);
  return w;
}

/** The running training job with the shortest checkpoint interval (ties: most GPUs). */
export function shortestCheckpointJob(model: ModelReader): WorkloadView {
  const jobs = trainingJobs(model).filter((j) => j.checkpoint?.intervalSec !== undefined && j.checkpoint.storage && !j.elastic);
  jobs.sort((a, b) => a.checkpoint!.intervalSec! - b.checkpoint!.intervalSec! || b.gpus - a.gpus || (a.key < b.key ? -1 : 1));
  if (!jobs[0]) throw new DrillSetupError('No running training job reports its checkpoints (bulwark.io/checkpoint-* annotations).');
  return jobs[0];
}

/** The inference service (primary/standby pair, Service on the primary) with the most GPUs. */
export function largestInferencePair(model: ModelReader): WorkloadView {
  const pairs = [...model.workloads()].filter((w) => w.type === 'inference' && w.inference?.standbyDeployment && w.inference.activeRole === 'primary' && w.health === 'healthy');
  pairs.sort((a, b) => b.gpus - a.gpus || (a.key < b.key ? -1 : 1));
  const w = pairs[0];
  if (!w?.inference?.primaryZone || !w.inference.standbyZone || w.inference.primaryZone === w.inference.standbyZone) {
    throw new DrillSetupError('No healthy inference service with a standby in another zone to fail over to.');
  }
  return w;
}

/**
 * A GPU of the workload, chosen deterministically: the pod on the last node in name order
 * (away from rank 0, which many operators check first), GPU index 3 when it has one.
 */
export function gpuOfWorkload(model: ModelReader, w: WorkloadView): { gpu: string; node: string } {
  const nodes = w.placement.map((p) => p.node).sort();
  for (const node of nodes.reverse()) {
    const gpus = model.gpusOfNode(node).filter((g) => g.workload === w.key && g.health === 'healthy');
    if (gpus.length === 0) continue;
    const g = gpus.find((x) => x.index === 3) ?? gpus[0];
    return { gpu: g.id, node };
  }
  throw new DrillSetupError(`${w.key} holds no healthy GPU the demo can break.`);
}

/** Workloads with a live pod on any of these nodes. */
export function workloadsOnNodes(model: ModelReader, nodes: readonly string[]): WorkloadKey[] {
  const out = new Set<WorkloadKey>();
  for (const n of nodes) {
    for (const p of workloadPodsOnNode(model, n)) {
      const key = model.workloadOfPod(`${p.metadata?.namespace}/${p.metadata?.name}`);
      if (key) out.add(key);
    }
  }
  return [...out].sort();
}
