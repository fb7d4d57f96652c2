/**
 * What the node lifecycle controller and the taint-eviction controller do:
 *  - a node whose kubelet goes silent gets Ready=Unknown and the `node.kubernetes.io/unreachable`
 *    NoSchedule + NoExecute taints; its pods are marked NotReady;
 *  - pods that do not tolerate a NoExecute taint are evicted at once, pods that tolerate it for a
 *    while (the default 300 s from DefaultTolerationSeconds) are evicted when that runs out;
 *  - when the kubelet returns, the taints go and the pods are Ready again.
 * Also the device plugin's view of GPUs: allocatable nvidia.com/gpu follows healthy devices.
 */
import type { V1Taint } from '@kubernetes/client-node';
import { GPU_RESOURCE } from '../../../../shared/conventions';
import type { Simulation } from './simulation';
import type { NodeSim, PodSim } from './simTypes';
import { UNREACHABLE_TAINT, UNSCHEDULABLE_TAINT, healthyNodeConditions } from './manifests';
import { deletePod, podRef, refreshReady, restartContainer } from './podLifecycle';
import { tolerates } from './scheduler';

/** The Node as an Event's involvedObject (the node lifecycle controller and kubelet use its UID). */
export function nodeRef(sim: Simulation, node: NodeSim) {
  return { kind: 'Node', apiVersion: 'v1', name: node.name, uid: sim.store.get('Node', undefined, node.name)?.metadata?.uid ?? node.name };
}

export function setNodeNotReady(sim: Simulation, node: NodeSim): void {
  if (!node.ready || sim.nodes.get(node.name) !== node) return; // a deleted node has no status to change
  const now = sim.now;
  node.ready = false;
  node.notReadySince = now;
  sim.store.mutate('Node', node.name, (n) => {
    for (const c of n.status?.conditions ?? []) {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = new Date(now);
    }
    const taints = (n.spec!.taints ?? []).filter((t) => t.key !== UNREACHABLE_TAINT);
    taints.push({ key: UNREACHABLE_TAINT, effect: 'NoSchedule', timeAdded: new Date(now) });
    taints.push({ key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: new Date(now) });
    n.spec!.taints = taints;
  });
  sim.events.record(nodeRef(sim, node), 'Normal', 'NodeNotReady', `Node ${node.name} status is now: NodeNotReady`, 'node-controller');
  for (const key of node.pods) {
    const ps = sim.pods.get(key);
    if (!ps) continue;
    if (!ps.daemon && ps.state === 'Running') sim.events.record(podRef(ps), 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
    ps.lastFailure = `node ${node.name} NotReady`;
    sim.noteFailure(ps);
    refreshReady(sim, ps);
  }
  reconcileNoExecute(sim, node);
}

export function setNodeReady(sim: Simulation, node: NodeSim): void {
  if (node.ready || sim.nodes.get(node.name) !== node) return; // a deleted node does not come back
  const now = sim.now;
  node.ready = true;
  node.notReadySince = undefined;
  sim.store.mutate('Node', node.name, (n) => {
    n.status!.conditions = healthyNodeConditions(now);
    n.spec!.taints = (n.spec!.taints ?? []).filter((t) => t.key !== UNREACHABLE_TAINT);
  });
  sim.events.record(nodeRef(sim, node), 'Normal', 'NodeReady', `Node ${node.name} status is now: NodeReady`, 'kubelet', node.name);
  sim.capacityChanged = true;
  for (const key of node.pods) {
    const ps = sim.pods.get(key);
    if (!ps) continue;
    // Training processes died with their collective peers; the kubelet restarts them.
    if (ps.owner.kind === 'PyTorchJob' && ps.state === 'Running' && !ps.deleting) {
      restartContainer(sim, ps, 'Error', 1, 'NCCL watchdog timeout: lost connection to peers', true);
    } else {
      refreshReady(sim, ps);
    }
  }
}

/**
 * The node lifecycle controller's NoSchedule tainting pass: a cordoned node (spec.unschedulable)
 * carries `node.kubernetes.io/unschedulable:NoSchedule` (with timeAdded), an uncordoned one does
 * not. It runs after every change of the Node, so a patch that drops the taint of a cordoned node
 * sees it come back.
 */
export function syncUnschedulableTaint(sim: Simulation, name: string): void {
  const now = sim.now;
  sim.store.mutate('Node', name, (n) => {
    const spec = n.spec ?? (n.spec = {});
    const taints = spec.taints ?? [];
    const has = taints.some((t) => t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule');
    const want = spec.unschedulable === true;
    if (has === want) return false;
    if (want) spec.taints = [...taints, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule', timeAdded: new Date(now) }];
    else {
      const rest = taints.filter((t) => !(t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule'));
      if (rest.length) spec.taints = rest;
      else delete spec.taints;
    }
  });
}

/** The taint-eviction controller for one node: evict now, or when tolerationSeconds run out. */
export function reconcileNoExecute(sim: Simulation, node: NodeSim): void {
  const taints = (sim.store.get('Node', undefined, node.name)?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
  if (taints.length === 0) return;
  for (const key of [...node.pods]) {
    const ps = sim.pods.get(key);
    if (ps) checkPodNoExecute(sim, node, ps, taints);
  }
}

function checkPodNoExecute(sim: Simulation, node: NodeSim, ps: PodSim, taints: V1Taint[]): void {
  if (ps.deleting || ps.state === 'Succeeded' || ps.state === 'Failed') return;
  const now = sim.now;
  let deadline = Infinity;
  for (const taint of taints) {
    const matching = ps.tolerations.filter((t) => tolerates([t], taint));
    if (matching.length === 0) {
      deadline = now;
      break;
    }
    // A toleration without tolerationSeconds tolerates forever.
    const secs = Math.min(...matching.map((t) => (t.tolerationSeconds === undefined || t.tolerationSeconds === null ? Infinity : t.tolerationSeconds)));
    if (secs === Infinity) continue;
    const added = taint.timeAdded ? new Date(taint.timeAdded).getTime() : now;
    deadline = Math.min(deadline, added + Math.max(0, secs) * 1000);
  }
  if (deadline === Infinity) return;
  if (deadline <= now) {
    evictForTaint(sim, ps, node);
    return;
  }
  sim.timers.at(deadline, () => {
    const cur = sim.pods.get(ps.key);
    if (cur !== ps || ps.node !== node.name) return;
    const still = (sim.store.get('Node', undefined, node.name)?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (still.length > 0) checkPodNoExecute(sim, node, ps, still);
  });
}

function evictForTaint(sim: Simulation, ps: PodSim, node: NodeSim): void {
  sim.events.record(podRef(ps), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ps.ns}/${ps.name}`, 'taint-eviction-controller');
  ps.lastFailure = ps.lastFailure ?? `evicted from ${node.name} by a NoExecute taint`;
  deletePod(sim, ps, undefined, { reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
}

/** Publishes allocatable nvidia.com/gpu = devices the plugin still advertises as healthy. */
export function syncGpuAllocatable(sim: Simulation, node: NodeSim): void {
  const healthy = node.gpus.filter((g) => g.allocatable).length;
  sim.store.mutate('Node', node.name, (n) => {
    if (n.status!.allocatable![GPU_RESOURCE] === String(healthy)) return false;
    n.status!.allocatable![GPU_RESOURCE] = String(healthy);
  }, 'status');
  sim.capacityChanged = true;
}
