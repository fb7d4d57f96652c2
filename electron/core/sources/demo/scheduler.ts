/**
 * A kube-scheduler in miniature. Filters as the real one does (NodeUnschedulable, node
 * selector, TaintToleration, NodeResourcesFit on nvidia.com/gpu, cpu and pods), then:
 *  - GPU pods: first fit in node-name order (bin packing, as GPU clusters configure
 *    MostAllocated scoring to keep whole nodes free for 8-GPU pods);
 *  - CPU pods: first fit from a per-pod offset (spreads them like LeastAllocated).
 * Pending pods go by priority, then creation order. A pod that fits nowhere may preempt
 * lower-priority GPU pods on one node (Preempted events, graceful deletion, nominatedNodeName);
 * otherwise it gets a FailedScheduling event with the real message format.
 */
import type { V1Taint, V1Toleration } from '@kubernetes/client-node';
import type { V1Node } from '../../k8s/objects';
import { GPU_RESOURCE } from '../../../../shared/conventions';
import type { Simulation } from './simulation';
import type { NodeSim, PodSim } from './simTypes';
import { bindPod, deletePod, podRef } from './podLifecycle';
import { setCondition } from './manifests';
import { hashString } from './rng';

/** Retry of an unschedulable pod when nothing changed (the scheduler's unschedulable-queue flush). */
const RETRY_MS = 60_000;
const MAX_BACKOFF_MS = 10_000;

/** v1.Toleration.ToleratesTaint for any of the tolerations (empty effect/key match all; operator '' means Equal). */
export function tolerates(tolerations: readonly V1Toleration[], taint: V1Taint): boolean {
  for (const t of tolerations) {
    if (t.effect && t.effect !== taint.effect) continue;
    if (t.key && t.key !== taint.key) continue;
    if (t.operator === 'Exists') return true;
    if ((!t.operator || t.operator === 'Equal') && (t.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

/** NodeUnschedulable: a pod that tolerates the unschedulable taint also ignores spec.unschedulable. */
const UNSCHEDULABLE: V1Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function freeGpus(node: NodeSim): number {
  let n = 0;
  for (const g of node.gpus) if (g.allocatable && !g.pod) n++;
  return n;
}

/** Why a node cannot take a pod, in kube-scheduler's words; null when it fits. */
export function fitFailure(sim: Simulation, ps: PodSim, node: NodeSim, obj?: V1Node, ignoreResources = false): string | null {
  const n = obj ?? sim.store.get('Node', undefined, node.name);
  if (!n) return 'node(s) not found';
  if (n.spec?.unschedulable) {
    if (!tolerates(ps.tolerations, UNSCHEDULABLE)) return 'node(s) were unschedulable';
  }
  const labels = n.metadata?.labels ?? {};
  for (const k in ps.nodeSelector) if (labels[k] !== ps.nodeSelector[k]) return "node(s) didn't match Pod's node affinity/selector";
  for (const taint of n.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(ps.tolerations, taint)) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  if (ignoreResources) return null;
  if (node.podCount + 1 > node.podsCap) return 'Too many pods';
  if (ps.gpus > 0 && freeGpus(node) < ps.gpus) return `Insufficient ${GPU_RESOURCE}`;
  if (node.usedCpu + ps.cpuMilli > node.cpuMilli) return 'Insufficient cpu';
  return null;
}

export function findFit(sim: Simulation, ps: PodSim): NodeSim | undefined {
  const nodes = sim.candidateNodes(ps.nodeSelector);
  const n = nodes.length;
  if (n === 0) return undefined;
  if (ps.gpus > 0) {
    for (const node of nodes) {
      // Cheap resource checks first: most nodes of a busy GPU pool are full.
      if (node.gpus.length - node.usedGpus < ps.gpus || node.podCount >= node.podsCap) continue;
      if (freeGpus(node) < ps.gpus) continue;
      if (fitFailure(sim, ps, node) === null) return node;
    }
    return undefined;
  }
  const start = hashString(ps.name) % n;
  for (let i = 0; i < n; i++) {
    const node = nodes[(start + i) % n];
    if (node.podCount >= node.podsCap || node.usedCpu + ps.cpuMilli > node.cpuMilli) continue;
    if (fitFailure(sim, ps, node) === null) return node;
  }
  return undefined;
}

/**
 * One scheduling pass over the pending pods. An unschedulable pod is retried after a backoff
 * (1 s doubling to 10 s, kube-scheduler's defaults) when capacity was freed since, else after
 * 60 s. Within a pass, once a pod of some shape (resources, selector, tolerations) neither fits
 * nor can preempt, pods of the same shape and no higher priority are not tried again.
 */
export function schedulePending(sim: Simulation): void {
  if (sim.pending.size === 0) return;
  const now = sim.now;
  const capacityChanged = sim.capacityChanged;
  sim.capacityChanged = false;
  const order: PodSim[] = [];
  for (const key of sim.pending) {
    const ps = sim.pods.get(key);
    if (!ps || ps.deleting) continue;
    if (!sim.building && ps.lastSchedAttempt !== undefined) {
      const wait = capacityChanged ? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, (ps.schedAttempts ?? 1) - 1)) : RETRY_MS;
      if (now - ps.lastSchedAttempt < wait) continue;
    }
    order.push(ps);
  }
  if (order.length === 0) return;
  order.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  const messages = new Map<string, string>();
  const hopeless = new Map<string, number>();
  for (const ps of order) {
    ps.lastSchedAttempt = now;
    ps.schedAttempts = (ps.schedAttempts ?? 0) + 1;
    const shape = (ps.shape ??= `${ps.gpus}|${ps.cpuMilli}|${JSON.stringify(ps.nodeSelector)}|${JSON.stringify(ps.tolerations)}`);
    const h = hopeless.get(shape);
    if (h === undefined || ps.priority > h) {
      const node = findFit(sim, ps);
      if (node) {
        bindPod(sim, ps, node);
        continue;
      }
      if (sim.building) continue;
      if (ps.nominatedNode && victimsTerminating(sim, sim.nodes.get(ps.nominatedNode))) continue;
      if (ps.gpus > 0 && preempt(sim, ps)) continue;
      hopeless.set(shape, ps.priority);
    }
    if (sim.building) continue;
    let message = messages.get(shape);
    if (!message) {
      message = unschedulableMessage(sim, ps);
      messages.set(shape, message);
    }
    markUnschedulable(sim, ps, message);
  }
}

function victimsTerminating(sim: Simulation, node: NodeSim | undefined): boolean {
  if (!node) return false;
  for (const key of node.pods) {
    const p = sim.pods.get(key);
    if (p && p.deleting && p.gpus > 0 && p.state !== 'Failed' && p.state !== 'Succeeded') return true;
  }
  return false;
}

function markUnschedulable(sim: Simulation, ps: PodSim, message: string): void {
  const now = sim.now;
  sim.store.mutate('Pod', ps.key, (p) => {
    const conds = p.status!.conditions ?? (p.status!.conditions = []);
    const prev = conds.find((c) => c.type === 'PodScheduled');
    if (prev && prev.status === 'False' && prev.message === message) return false;
    setCondition(conds, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, now);
  }, 'status');
  sim.events.record(podRef(ps), 'Warning', 'FailedScheduling', message, 'default-scheduler');
}

/** "0/64 nodes are available: 12 Insufficient nvidia.com/gpu, 2 node(s) had untolerated taint {…}." */
export function unschedulableMessage(sim: Simulation, ps: PodSim): string {
  const counts = new Map<string, number>();
  for (const node of sim.nodeList) {
    const why = fitFailure(sim, ps, node) ?? `Insufficient ${GPU_RESOURCE}`;
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  const total = sim.nodeList.length;
  // FitError.Error(): "<count> <reason>" strings sorted as strings (count included), bytewise.
  const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const parts = [...counts.entries()].map(([why, n]) => `${n} ${why}`).sort(byteOrder);
  const resourceShort = counts.get(`Insufficient ${GPU_RESOURCE}`) ?? 0;
  const notHelpful = total - resourceShort;
  const pre: string[] = [];
  if (notHelpful > 0) pre.push(`${notHelpful} Preemption is not helpful for scheduling`);
  if (resourceShort > 0) pre.push(`${resourceShort} No preemption victims found for incoming pod`);
  pre.sort(byteOrder);
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre.join(', ')}.`;
}

/**
 * DefaultPreemption, simplified: the first node (name order) where removing lower-priority GPU
 * pods (lowest priority, then newest first) frees enough GPUs. Returns true when it nominated a node.
 */
export function preempt(sim: Simulation, ps: PodSim): boolean {
  for (const node of sim.candidateNodes(ps.nodeSelector)) {
    if (!node.ready) continue;
    // Cheap first: could removing lower-priority pods free enough GPUs here at all?
    let avail = freeGpus(node);
    let possible = avail;
    for (const key of node.pods) {
      const v = sim.pods.get(key);
      if (!v || v.gpus === 0 || v.state === 'Failed' || v.state === 'Succeeded') continue;
      if (v.deleting || v.priority < ps.priority) possible += v.gpus;
    }
    if (possible < ps.gpus) continue;
    if (fitFailure(sim, ps, node, undefined, true) !== null) continue;
    const victims: PodSim[] = [];
    for (const key of node.pods) {
      const v = sim.pods.get(key);
      if (!v || v.state === 'Failed' || v.state === 'Succeeded' || v.gpus === 0) continue;
      if (v.deleting) avail += v.gpus;
      else if (v.priority < ps.priority) victims.push(v);
    }
    victims.sort((a, b) => a.priority - b.priority || b.seq - a.seq);
    const chosen: PodSim[] = [];
    for (const v of victims) {
      if (avail >= ps.gpus) break;
      chosen.push(v);
      avail += v.gpus;
    }
    for (const v of chosen) {
      v.lastFailure = `preempted by ${ps.ns}/${ps.name}`;
      sim.events.record(podRef(v), 'Normal', 'Preempted', `Preempted by pod ${ps.uid} on node ${node.name}`, 'default-scheduler');
      deletePod(sim, v, undefined, { reason: 'PreemptionByScheduler', message: `${sim.schedulerName}: preempting to accommodate a higher priority pod` });
    }
    ps.nominatedNode = node.name;
    sim.store.mutate('Pod', ps.key, (p) => {
      p.status!.nominatedNodeName = node.name;
    }, 'status');
    return true;
  }
  return false;
}
