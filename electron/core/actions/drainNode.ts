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
import { reasonOf, reasonList } from '../../../shared/reasons';
import { ActionError, nodeNotFound, plural, said, type Said } from './actionText';
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
  refusal?: Said;
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
  const refusals: Said[] = [];
  if (sel.emptyDir.length > 0 && !req.deleteEmptyDirData) {
    const count = sel.emptyDir.length;
    const pods = sel.emptyDir.map(podKeyOf).join(', ');
    refusals.push(said(`${plural(count, 'pod')} with local emptyDir data would lose it (${pods}); allow deleting emptyDir data to drain`,
      reasonOf('action.drain.emptyDirRefusal', { count, pods })));
  }
  if (sel.daemonSet.length > 0 && !req.ignoreDaemonSets) {
    const count = sel.daemonSet.length;
    refusals.push(said(`${plural(count, 'DaemonSet-managed pod')} cannot be drained (their controller puts them straight back); ignore DaemonSets to drain`,
      reasonOf('action.drain.daemonSetRefusal', { count })));
  }
  const why = reasonList(refusals.map((r) => r.code));
  if (refusals.length > 0 && why) sel.refusal = said(`Cannot drain ${req.node}: ${refusals.map((r) => r.text).join('; ')}.`, reasonOf('action.drain.refused', { node: req.node }, { why }));
  return sel;
}

/** "namespace/name" of the PDB that protects a pod; "?" when it is gone by the time we ask. */
function pdbNameOf(model: ModelReader, pod: V1Pod | undefined): string {
  const pdb = pod ? model.pdbsForPod(pod)[0] : undefined;
  return pdb ? `${pdb.metadata?.namespace}/${pdb.metadata?.name}` : '?';
}

export const drainAction = defineAction({
  kind: 'drain',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return notApplicablePlan(model, req.node, nodeNotFound(req.node), true, req.node);
    const sel = selectDrainPods(model, req);
    const before = freeGpus(model);
    const blocked = pdbBlockedPods(model, sel.evict);
    const blockedKeys = new Set(blocked.map((b) => b.pod));
    const displacedGpus = sel.evict.filter((p) => !blockedKeys.has(podKeyOf(p))).reduce((n, p) => n + podGpus(model, p), 0);
    const closed = nodeOpen(view) ? nodeFreeGpus(view) : 0;
    const after = before - closed - displacedGpus;

    const node = req.node;
    const warnings: Said[] = [];
    if (!view.schedulable) warnings.push(said(`Node ${node} is already cordoned.`, reasonOf('action.drain.alreadyCordoned', { node })));
    warnings.push(...displacementWarnings(model, said(`draining ${node}`, reasonOf('action.doing.drain', { node })), sel.evict));
    const byPdb = new Map<string, PodKey[]>();
    for (const b of blocked) byPdb.set(b.pdb, [...(byPdb.get(b.pdb) ?? []), b.pod]);
    const retry = EVICTION_RETRY_MS / 1000;
    const timeout = req.timeoutSeconds;
    for (const [pdb, list] of byPdb) {
      const pods = list.join(', ');
      warnings.push(said(
        `PDB ${pdb} blocks ${plural(list.length, 'pod')} now (${pods}): the drain retries every ${retry} s for up to ${timeout} s, then stops and reports them; nothing is force-deleted.`,
        reasonOf('action.drain.pdbBlocks', { pdb, count: list.length, pods, retry, timeout }),
      ));
    }
    if (after < 0) {
      const free = before - closed;
      warnings.push(said(`Only ${free} GPUs are free elsewhere but the evicted pods need ${displacedGpus}: some stay Pending until capacity frees up.`,
        reasonOf('action.drain.notEnoughGpus', { free, need: displacedGpus })));
    }
    if (sel.daemonSet.length > 0 && req.ignoreDaemonSets) {
      const count = sel.daemonSet.length;
      warnings.push(said(`${plural(count, 'DaemonSet pod')} stay on the node (ignored, as kubectl drain --ignore-daemonsets).`, reasonOf('action.drain.daemonSetsStay', { count })));
    }
    if (sel.mirror.length > 0) {
      const count = sel.mirror.length;
      warnings.push(said(`${plural(count, 'static pod')} stay: the kubelet owns them.`, reasonOf('action.drain.staticPodsStay', { count })));
    }
    if (sel.emptyDir.length > 0 && req.deleteEmptyDirData) {
      const pods = sel.emptyDir.map(podKeyOf).join(', ');
      warnings.push(said(`The emptyDir data of ${pods} is deleted with the pods.`, reasonOf('action.drain.emptyDirDeleted', { pods })));
    }

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
    const node = req.node;
    const details: Said[] = [];
    const wasCordoned = model.nodeObject(node)?.spec?.unschedulable === true;
    if (!wasCordoned || dryRun) {
      await ops.mergePatch({ kind: 'Node', name: node }, { spec: { unschedulable: true } }, { dryRun });
      if (!dryRun) {
        const cordoned = said(`cordoned ${node}`, reasonOf('action.drain.cordoned', { node }));
        details.push(cordoned);
        ctx.progress(cordoned);
      }
    }
    const sel = selectDrainPods(model, req);
    if (sel.refusal) throw new ActionError(sel.refusal);

    const total = sel.evict.length;
    const pending = new Map<PodKey, V1Pod>(sel.evict.map((p) => [podKeyOf(p), p]));
    const evicted: V1Pod[] = [];
    const failed: { pod: PodKey; message: string }[] = [];
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
          const done = total - pending.size;
          if (!dryRun) ctx.progress(said(`evicted ${done}/${total} pods`, reasonOf('action.drain.evictedProgress', { done, total })));
        } catch (err) {
          // An error other than a PDB refusal (403, 500 for two PDBs on one pod) is not retried.
          pending.delete(key);
          failed.push({ pod: key, message: (err as Error).message });
        }
      }
      if (dryRun || lastBlock.size === 0 || waited >= timeoutMs) break;
      const byPdb = new Map<string, number>();
      for (const key of lastBlock.keys()) {
        const name = pdbNameOf(model, pending.get(key));
        byPdb.set(name, (byPdb.get(name) ?? 0) + 1);
      }
      for (const [pdb, count] of byPdb) ctx.progress(said(`waiting for PDB ${pdb}: ${plural(count, 'pod')} blocked`, reasonOf('action.drain.waitingForPdb', { pdb, count })));
      const step = Math.min(EVICTION_RETRY_MS, timeoutMs - waited);
      await ctx.sleep(step);
      waited += step;
    }

    const stillBlocked = [...lastBlock.keys()].map((pod) => ({ pod, pdb: pdbNameOf(model, pending.get(pod)) }));
    const blockedLines = stillBlocked.map((b) => `${b.pod} (PDB ${b.pdb})`);
    // The API server's refusal of each pod stays as it wrote it.
    const failures = failed.map((f) => `${f.pod}: ${f.message}`);
    if (dryRun) {
      const parts: Said[] = [said(`would cordon ${node} and evict ${plural(evicted.length, 'pod')}`, reasonOf('action.drain.dryRunWould', { node, count: evicted.length }))];
      if (blockedLines.length) {
        const pods = blockedLines.join(', ');
        parts.push(said(`${blockedLines.length} blocked by a PDB now: ${pods}`, reasonOf('action.drain.dryRunBlocked', { count: blockedLines.length, pods })));
      }
      if (failed.length) {
        const list = failures.join('; ');
        parts.push(said(`${failed.length} refused: ${list}`, reasonOf('action.drain.dryRunRefusedPods', { count: failed.length, failures: list })));
      }
      return {
        ok: failed.length === 0,
        message: said(`The API server accepts the drain: ${parts.map((p) => p.text).join('; ')}.`, reasonOf('action.drain.dryRun', {}, { parts: reasonList(parts.map((p) => p.code))! })),
        details: [],
      };
    }
    for (const pod of evicted.map(podKeyOf)) details.push(said(`evicted ${pod}`, reasonOf('action.drain.evicted', { pod })));
    for (const f of failed) details.push(said(`eviction failed: ${f.pod}: ${f.message}`, reasonOf('action.drain.evictionFailed', { pod: f.pod, message: f.message })));
    for (const b of stillBlocked) details.push(said(`still blocked: ${b.pod} (PDB ${b.pdb})`, reasonOf('action.drain.stillBlocked', { pod: b.pod, pdb: b.pdb })));

    if (blockedLines.length > 0 || failed.length > 0) {
      const why: Said[] = [];
      if (blockedLines.length) {
        const pods = blockedLines.join(', ');
        const timeout = req.timeoutSeconds;
        why.push(said(`${plural(blockedLines.length, 'pod')} blocked by a PodDisruptionBudget after ${timeout} s: ${pods}`,
          reasonOf('action.drain.stoppedBlocked', { count: blockedLines.length, timeout, pods })));
      }
      if (failed.length) why.push(said(`${plural(failed.length, 'eviction')} failed`, reasonOf('action.drain.stoppedFailed', { count: failed.length })));
      return {
        ok: false,
        message: said(
          `Drain of ${node} stopped: ${why.map((w) => w.text).join('; ')}. Evicted ${evicted.length}/${total}; the node stays cordoned and no pod was force-deleted.`,
          reasonOf('action.drain.stopped', { node, evicted: evicted.length, total }, { why: reasonList(why.map((w) => w.code))! }),
        ),
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
      onWait: () => {
        const count = stillHere();
        ctx.progress(said(`waiting for ${plural(count, 'evicted pod')} to terminate`, reasonOf('action.drain.waitingTerminate', { count })));
      },
    });
    const drained = said(`Drained ${node}: evicted ${plural(evicted.length, 'pod')}; the node stays cordoned.`, reasonOf('action.drain.done', { node, count: evicted.length }));
    if (gone.done) return { ok: true, message: drained, details };
    const count = stillHere();
    const tail = said(`${plural(count, 'pod')} still terminating.`, reasonOf('action.drain.stillTerminating', { count }));
    return {
      ok: true,
      message: said(`${drained.text} ${tail.text}`, reasonOf('action.drain.doneStillTerminating', {}, { done: drained.code, tail: tail.code })),
      details,
    };
  },
});
