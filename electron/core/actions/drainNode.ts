/**
 * drain: what `kubectl drain` does, without --force and without --disable-eviction:
 *  1. cordon the node (merge patch spec.unschedulable);
 *  2. evict every pod on it through the Eviction API (policy/v1), which honours
 *     PodDisruptionBudgets. DaemonSet pods are skipped when ignoreDaemonSets (their controller
 *     would put them straight back), mirror pods of static pods are skipped (the kubelet owns
 *     them), pods with emptyDir data are refused unless deleteEmptyDirData;
 *  3. pods a PDB protects (HTTP 429) are retried every few seconds until `timeoutSeconds`;
 *     then the drain stops and reports them. It never falls back to deleting a pod.
 *  4. wait (inside the same timeout) until the evicted pods have left the node.
 */
import type { ActionRequest } from '../../../shared/actions';
import type { PodKey } from '../../../shared/views';
import type { V1Pod } from '../k8s/objects';
import type { ModelReader } from '../model/modelApi';
import { defineAction, type RequestOf } from './actionDefinition';
import { patchNodes, evictPods } from './accessChecks';
import { plural } from './actionText';
import {
  displacementWarnings, freeGpus, isTerminated, nodeFreeGpus, nodeOpen, notApplicablePlan, pdbBlockedPods, podGpus, podKeyOf, workloadsOf,
} from './blastRadius';
import { POLL_INTERVAL_MS, waitUntil } from './convergence';

/** How often PDB-blocked evictions are retried (kubectl drain retries every 5 s). */
export const EVICTION_RETRY_MS = 5000;
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

type DrainRequest = RequestOf<'drain'>;

export interface DrainSelection {
  /** Pods the drain evicts, in order. */
  evict: V1Pod[];
  daemonSet: V1Pod[];
  mirror: V1Pod[];
  /** Already being deleted: nothing to evict, but the drain waits for them. */
  terminating: V1Pod[];
  /** Active pods with emptyDir volumes (data lost on eviction). */
  emptyDir: V1Pod[];
  /** Why the drain refuses to start (emptyDir data or DaemonSet pods not allowed). */
  refusal?: string;
}

function isDaemonSetPod(pod: V1Pod): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((r) => r?.kind === 'DaemonSet' && r.controller !== false);
}

function hasEmptyDir(pod: V1Pod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v?.emptyDir !== undefined && v.emptyDir !== null);
}

export function selectDrainPods(model: ModelReader, req: Pick<DrainRequest, 'node' | 'ignoreDaemonSets' | 'deleteEmptyDirData'>): DrainSelection {
  const sel: DrainSelection = { evict: [], daemonSet: [], mirror: [], terminating: [], emptyDir: [] };
  const pods = [...model.podsOnNode(req.node)].sort((a, b) => podKeyOf(a).localeCompare(podKeyOf(b)));
  for (const pod of pods) {
    if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) { sel.mirror.push(pod); continue; }
    if (pod.metadata?.deletionTimestamp) { sel.terminating.push(pod); continue; }
    if (isDaemonSetPod(pod) && !isTerminated(pod)) { sel.daemonSet.push(pod); continue; }
    if (hasEmptyDir(pod) && !isTerminated(pod)) sel.emptyDir.push(pod);
    sel.evict.push(pod);
  }
  const refusals: string[] = [];
  if (sel.emptyDir.length > 0 && !req.deleteEmptyDirData) {
    refusals.push(`${plural(sel.emptyDir.length, 'pod')} with local emptyDir data would lose it (${sel.emptyDir.map(podKeyOf).join(', ')}); allow deleting emptyDir data to drain`);
  }
  if (sel.daemonSet.length > 0 && !req.ignoreDaemonSets) {
    refusals.push(`${plural(sel.daemonSet.length, 'DaemonSet-managed pod')} cannot be drained (their controller puts them straight back); ignore DaemonSets to drain`);
  }
  if (refusals.length > 0) sel.refusal = `Cannot drain ${req.node}: ${refusals.join('; ')}.`;
  return sel;
}

function pdbNameOf(model: ModelReader, pod: V1Pod | undefined): string {
  const pdb = pod ? model.pdbsForPod(pod)[0] : undefined;
  return pdb ? `${pdb.metadata?.namespace}/${pdb.metadata?.name}` : 'a PodDisruptionBudget';
}

export const drainAction = defineAction({
  kind: 'drain',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return notApplicablePlan(model, req.node, `Node ${req.node} not found (it may have been deleted).`, true, req.node);
    const sel = selectDrainPods(model, req);
    const before = freeGpus(model);
    const blocked = pdbBlockedPods(model, sel.evict);
    const blockedKeys = new Set(blocked.map((b) => b.pod));
    const displacedGpus = sel.evict.filter((p) => !blockedKeys.has(podKeyOf(p))).reduce((n, p) => n + podGpus(model, p), 0);
    const closed = nodeOpen(view) ? nodeFreeGpus(view) : 0;
    const after = before - closed - displacedGpus;

    const warnings: string[] = [];
    if (!view.schedulable) warnings.push(`Node ${req.node} is already cordoned.`);
    warnings.push(...displacementWarnings(model, `draining ${req.node}`, 'evicts', sel.evict));
    const byPdb = new Map<string, PodKey[]>();
    for (const b of blocked) byPdb.set(b.pdb, [...(byPdb.get(b.pdb) ?? []), b.pod]);
    for (const [pdb, pods] of byPdb) {
      warnings.push(`PDB ${pdb} blocks ${plural(pods.length, 'pod')} now (${pods.join(', ')}): the drain retries every ${EVICTION_RETRY_MS / 1000} s for up to ${req.timeoutSeconds} s, then stops and reports them; nothing is force-deleted.`);
    }
    if (after < 0) warnings.push(`Only ${before - closed} GPUs are free elsewhere but the evicted pods need ${displacedGpus}: some stay Pending until capacity frees up.`);
    if (sel.daemonSet.length > 0 && req.ignoreDaemonSets) warnings.push(`${plural(sel.daemonSet.length, 'DaemonSet pod')} stay on the node (ignored, as kubectl drain --ignore-daemonsets).`);
    if (sel.mirror.length > 0) warnings.push(`${plural(sel.mirror.length, 'static pod')} stay: the kubelet owns them.`);
    if (sel.emptyDir.length > 0 && req.deleteEmptyDirData) warnings.push(`The emptyDir data of ${sel.emptyDir.map(podKeyOf).join(', ')} is deleted with the pods.`);

    return {
      target: req.node,
      destructive: true,
      confirmText: req.node,
      blastRadius: {
        pods: sel.evict.map(podKeyOf),
        workloads: workloadsOf(model, sel.evict),
        gpus: view.gpuAllocatable,
        pdbBlocked: blocked,
        freeGpusBefore: before,
        freeGpusAfter: Math.max(0, after),
      },
      warnings,
      undo: view.schedulable ? { kind: 'uncordon', node: req.node } satisfies ActionRequest : undefined,
      notApplicable: sel.refusal,
    };
  },
  permissions(req, model) {
    const namespaces = new Set<string>();
    for (const pod of selectDrainPods(model, req).evict) namespaces.add(pod.metadata?.namespace || 'default');
    return [patchNodes, ...[...namespaces].sort().map(evictPods)];
  },
  async execute(req, ctx) {
    const { model, ops, dryRun } = ctx;
    const details: string[] = [];
    const wasCordoned = model.nodeObject(req.node)?.spec?.unschedulable === true;
    if (!wasCordoned || dryRun) {
      await ops.mergePatch({ kind: 'Node', name: req.node }, { spec: { unschedulable: true } }, { dryRun });
      if (!dryRun) { details.push(`cordoned ${req.node}`); ctx.progress(`cordoned ${req.node}`); }
    }
    const sel = selectDrainPods(model, req);
    if (sel.refusal) throw new Error(sel.refusal);

    const total = sel.evict.length;
    const pending = new Map<PodKey, V1Pod>(sel.evict.map((p) => [podKeyOf(p), p]));
    const evicted: V1Pod[] = [];
    const failed: string[] = [];
    let lastBlock: Map<PodKey, string>;
    const timeoutMs = req.timeoutSeconds * 1000;
    let waited = 0;
    for (;;) {
      lastBlock = new Map();
      for (const [key, pod] of [...pending]) {
        const ns = pod.metadata?.namespace || 'default';
        const name = pod.metadata?.name ?? '';
        try {
          const r = await ops.evictPod(ns, name, { dryRun, gracePeriodSeconds: req.gracePeriodSeconds });
          if (r.outcome === 'blocked') { lastBlock.set(key, r.reason); continue; }
          pending.delete(key);
          if (r.outcome === 'evicted') evicted.push(pod);
          if (!dryRun) ctx.progress(`evicted ${total - pending.size}/${total} pods`);
        } catch (err) {
          // An error other than a PDB refusal (403, 500 for two PDBs on one pod) is not retried.
          pending.delete(key);
          failed.push(`${key}: ${(err as Error).message}`);
        }
      }
      if (dryRun || lastBlock.size === 0 || waited >= timeoutMs) break;
      const byPdb = new Map<string, number>();
      for (const key of lastBlock.keys()) {
        const name = pdbNameOf(model, pending.get(key));
        byPdb.set(name, (byPdb.get(name) ?? 0) + 1);
      }
      for (const [pdb, n] of byPdb) ctx.progress(`waiting for PDB ${pdb}: ${plural(n, 'pod')} blocked`);
      const step = Math.min(EVICTION_RETRY_MS, timeoutMs - waited);
      await ctx.sleep(step);
      waited += step;
    }

    const blockedLines = [...lastBlock.keys()].map((key) => `${key} (PDB ${pdbNameOf(model, pending.get(key))})`);
    if (dryRun) {
      const parts = [`would cordon ${req.node} and evict ${plural(evicted.length, 'pod')}`];
      if (blockedLines.length) parts.push(`${blockedLines.length} blocked by a PDB now: ${blockedLines.join(', ')}`);
      if (failed.length) parts.push(`${failed.length} refused: ${failed.join('; ')}`);
      return { ok: failed.length === 0, message: `The API server accepts the drain: ${parts.join('; ')}.`, details: [] };
    }
    for (const pod of evicted) details.push(`evicted ${podKeyOf(pod)}`);
    for (const line of failed) details.push(`eviction failed: ${line}`);
    for (const line of blockedLines) details.push(`still blocked: ${line}`);

    if (blockedLines.length > 0 || failed.length > 0) {
      const why: string[] = [];
      if (blockedLines.length) why.push(`${plural(blockedLines.length, 'pod')} blocked by a PodDisruptionBudget after ${req.timeoutSeconds} s: ${blockedLines.join(', ')}`);
      if (failed.length) why.push(`${plural(failed.length, 'eviction')} failed`);
      return {
        ok: false,
        message: `Drain of ${req.node} stopped: ${why.join('; ')}. Evicted ${evicted.length}/${total}; the node stays cordoned and no pod was force-deleted.`,
        details,
      };
    }

    // Evicted pods terminate after their grace period; wait (inside the same budget) until they left.
    const uids = new Set([...evicted, ...sel.terminating].map((p) => p.metadata?.uid));
    const stillHere = () => model.podsOnNode(req.node).filter((p) => uids.has(p.metadata?.uid) && !isTerminated(p)).length;
    const gone = await waitUntil(ctx, {
      timeoutMs: Math.max(0, timeoutMs - waited),
      intervalMs: POLL_INTERVAL_MS,
      check: () => stillHere() === 0,
      onWait: () => ctx.progress(`waiting for ${plural(stillHere(), 'evicted pod')} to terminate`),
    });
    const tail = gone.done ? '' : ` ${plural(stillHere(), 'pod')} still terminating.`;
    return { ok: true, message: `Drained ${req.node}: evicted ${plural(evicted.length, 'pod')}; the node stays cordoned.${tail}`, details };
  },
});
