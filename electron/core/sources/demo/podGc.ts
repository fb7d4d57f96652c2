/**
 * Node deletion and kube-controller-manager's pod garbage collector (PodGC), for orphaned pods.
 *
 * `DELETE /api/v1/nodes/X` removes the Node object at once; nothing happens to the pods bound
 * to it (they keep spec.nodeName and their last status: no kubelet reports for them any more).
 * PodGC runs every 20 s (gcCheckPeriod). A pass that finds pods on a node its informer does not
 * know puts the node in quarantine for 40 s (quarantineTime); the first pass after that (the
 * node is still gone) marks each of those pods Failed with the condition
 * DisruptionTarget=True/DeletionByPodGC "PodGC: node no longer exists" and deletes it with a
 * grace period of 0. So the pods go 40–60 s after the node (41–60 s here: passes run on
 * multiples of 20 s of virtual time). Their controllers then replace them and the scheduler
 * places the replacements on the remaining nodes; the DaemonSet controller creates nothing for a
 * node that does not exist. PodGC records no Events; the node lifecycle controller records
 * `RemovingNode` on the Node.
 */
import type { Simulation } from './simulation';
import type { NodeSim, PodSim } from './simTypes';
import { setCondition } from './manifests';
import { removePod } from './podLifecycle';
import { reconcileBatchJob } from './workloadControllers';

/** kube-controller-manager's podgc gcCheckPeriod. */
export const POD_GC_PERIOD_MS = 20_000;
/** podgc quarantineTime: how long a missing node may take to show up in the informer. */
export const POD_GC_QUARANTINE_MS = 40_000;

/** The API server deletes the Node object; the node lifecycle controller notices it. */
export function deleteNode(sim: Simulation, node: NodeSim): void {
  const obj = sim.store.get('Node', undefined, node.name);
  sim.forgetNode(node);
  sim.store.remove('Node', node.name);
  sim.events.record(
    { kind: 'Node', apiVersion: 'v1', name: node.name, uid: obj?.metadata?.uid ?? node.name },
    'Normal', 'RemovingNode', `Node ${node.name} event: Removing Node ${node.name} from Controller`, 'node-controller',
  );
}

/** One PodGC pass (on multiples of POD_GC_PERIOD_MS): quarantine newly missing nodes, collect the pods of quarantined ones. */
export function collectOrphanedPods(sim: Simulation): void {
  const now = sim.now;
  if (now % POD_GC_PERIOD_MS !== 0) return;
  for (const [name, orphan] of [...sim.orphanNodes]) {
    if (orphan.quarantinedUntil === undefined) {
      orphan.quarantinedUntil = now + POD_GC_QUARANTINE_MS;
      continue;
    }
    if (now < orphan.quarantinedUntil) continue;
    sim.orphanNodes.delete(name);
    for (const key of [...orphan.node.pods]) {
      const ps = sim.pods.get(key);
      if (ps && ps.node === name) forceDeleteOrphan(sim, ps, name);
    }
  }
}

/** markFailedAndDeletePodWithCondition: phase Failed + DisruptionTarget, then delete with grace 0. */
function forceDeleteOrphan(sim: Simulation, ps: PodSim, nodeName: string): void {
  const now = sim.now;
  if (ps.state !== 'Succeeded' && ps.state !== 'Failed') {
    ps.state = 'Failed';
    ps.ready = false;
    ps.finishAt = undefined;
    ps.lastFailure = `node ${nodeName} deleted`;
    sim.noteFailure(ps);
    sim.store.mutate('Pod', ps.key, (p) => {
      const st = p.status ?? (p.status = {});
      st.phase = 'Failed';
      setCondition(st.conditions ?? (st.conditions = []), { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }, now);
    }, 'status');
    // The Job controller's tracking finalizer holds the pod until the failure is counted.
    if (ps.owner.kind === 'Job') {
      const b = sim.batch.get(ps.owner.workload);
      if (b) reconcileBatchJob(sim, b);
    }
  }
  removePod(sim, ps);
}
