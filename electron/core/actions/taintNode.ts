/**
 * taint / untaint: a JSON merge patch of the Node's whole `spec.taints` list. Merge patch
 * replaces lists, so the patch carries every other taint unchanged and pins
 * `metadata.resourceVersion`: if someone else changed the node since we read it, the API
 * server answers 409 Conflict instead of us silently dropping their taint.
 *
 * A NoExecute taint makes the taint-eviction controller delete pods that do not tolerate it
 * (PodDisruptionBudgets do not apply there); we wait, bounded, for them to leave.
 */
import type { V1Node, V1Pod } from '../k8s/objects';
import type { ModelReader } from '../model/modelApi';
import { SourceError } from '../sources/clusterSource';
import { defineAction, type ActionPlan, type ExecContext, type RequestOf } from './actionDefinition';
import { patchNodes } from './accessChecks';
import { reasonOf } from '../../../shared/reasons';
import { ActionError, apiCall, nodeNotFound, plural, said, type Said } from './actionText';
import {
  displacementWarnings, freeGpus, isTerminated, nodeFreeGpus, nodeOpen, notApplicablePlan, podGpus, podKeyOf, workloadsOf,
} from './blastRadius';
import { waitUntil } from './convergence';
import { noExecuteFate, type TaintLike } from './tolerations';

/** How long a NoExecute taint waits for non-tolerating pods to be deleted. */
export const NO_EXECUTE_WAIT_MS = 120_000;

type Taint = NonNullable<NonNullable<V1Node['spec']>['taints']>[number];

function currentTaints(model: ModelReader, node: string): Taint[] {
  return [...(model.nodeObject(node)?.spec?.taints ?? [])].filter((t) => t && typeof t.key === 'string');
}

function describeTaint(t: TaintLike): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** The node's taints with `taint` added, replacing one of the same key and effect. */
function withTaint(taints: Taint[], taint: TaintLike): Taint[] {
  const out = taints.filter((t) => !(t.key === taint.key && t.effect === taint.effect));
  const next: Taint = { key: taint.key, effect: taint.effect };
  if (taint.value) next.value = taint.value;
  return [...out, next];
}

function displacedPods(model: ModelReader, node: string, taint: TaintLike): { now: V1Pod[]; later: { pod: V1Pod; afterSec: number }[] } {
  const now: V1Pod[] = [];
  const later: { pod: V1Pod; afterSec: number }[] = [];
  for (const pod of model.podsOnNode(node)) {
    if (isTerminated(pod) || pod.metadata?.deletionTimestamp) continue;
    const f = noExecuteFate(pod, taint);
    if (f.fate === 'evicted') now.push(pod);
    else if (f.fate === 'evicted-later') later.push({ pod, afterSec: f.afterSec ?? 0 });
  }
  return { now, later };
}

function missingNode(model: ModelReader, node: string, destructive: boolean): ActionPlan {
  return notApplicablePlan(model, node, nodeNotFound(node), destructive, destructive ? node : undefined);
}

function patchFor(model: ModelReader, node: string, taints: Taint[]): Record<string, unknown> {
  const rv = model.nodeObject(node)?.metadata?.resourceVersion;
  return { metadata: rv ? { resourceVersion: rv } : {}, spec: { taints } };
}

/** The taint list is written whole; a 409 means someone changed the node since we read it. */
async function patchTaints(ctx: ExecContext, node: string, taints: Taint[]): Promise<void> {
  try {
    await ctx.ops.mergePatch({ kind: 'Node', name: node }, patchFor(ctx.model, node, taints), { dryRun: ctx.dryRun });
  } catch (err) {
    if (err instanceof SourceError && err.status === 409) {
      throw new ActionError(said(
        `Node ${node} changed while its taints were being written (409 Conflict): nothing was changed. Preview again and retry.`,
        reasonOf('action.taint.conflict', { node }),
      ), { cause: err });
    }
    throw err;
  }
}

export const taintAction = defineAction({
  kind: 'taint',
  plan(req, { model }) {
    const destructive = req.effect === 'NoExecute';
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node, destructive);
    const taint: TaintLike = { key: req.key, value: req.value, effect: req.effect };
    const existing = currentTaints(model, req.node);
    const same = existing.find((t) => t.key === req.key && t.effect === req.effect);
    const nextTaints = withTaint(existing, taint);
    const before = freeGpus(model);
    const closes = nodeOpen(view) && !nodeOpen(view, { taints: nextTaints }) ? nodeFreeGpus(view) : 0;
    const node = req.node;
    const described = describeTaint(taint);
    const warnings: Said[] = [];
    let pods: V1Pod[] = [];
    if (same && (same.value ?? '') === (req.value ?? '')) {
      warnings.push(said(`Node ${node} already has the taint ${described}: nothing changes.`, reasonOf('action.taint.alreadyHas', { node, taint: described })));
    } else if (same) {
      const old = describeTaint({ key: same.key, value: same.value, effect: same.effect });
      warnings.push(said(`Replaces the taint ${old}.`, reasonOf('action.taint.replaces', { taint: old })));
    }
    if (req.effect === 'NoExecute') {
      const d = displacedPods(model, node, taint);
      pods = [...d.now, ...d.later.map((l) => l.pod)];
      warnings.push(...displacementWarnings(model, said(`tainting ${node} ${described}`, reasonOf('action.doing.taint', { node, taint: described })), d.now));
      for (const l of d.later) {
        const pod = podKeyOf(l.pod);
        warnings.push(said(`pod ${pod} tolerates the taint for ${l.afterSec} s, then is evicted too.`, reasonOf('action.taint.toleratesFor', { pod, seconds: l.afterSec })));
      }
      if (pods.some((p) => model.pdbsForPod(p).length > 0)) {
        warnings.push(said('Taint evictions do not honour PodDisruptionBudgets: protected pods are deleted too. Drain instead to respect them.', reasonOf('action.taint.ignoresPdb', {})));
      }
    } else if (req.effect === 'NoSchedule') {
      warnings.push(said(`New pods without a matching toleration are not scheduled on ${node}; running pods stay.`, reasonOf('action.taint.noSchedule', { node })));
    }
    const displaced = pods.reduce((n, p) => n + podGpus(model, p), 0);
    const undo: ActionPlan['undo'] = !same
      ? { kind: 'untaint', node: req.node, key: req.key, effect: req.effect }
      : (same.value ?? '') !== (req.value ?? '')
        ? { kind: 'taint', node: req.node, key: same.key, value: same.value || undefined, effect: req.effect }
        : undefined;
    return {
      target: req.node,
      destructive,
      confirmText: destructive ? req.node : undefined,
      blastRadius: {
        pods: pods.map(podKeyOf),
        workloads: workloadsOf(model, pods),
        gpus: view.gpuAllocatable,
        pdbBlocked: [],
        freeGpusBefore: before,
        freeGpusAfter: Math.max(0, before - closes - displaced),
      },
      warnings,
      undo,
    };
  },
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    const { model, dryRun } = ctx;
    const taint: TaintLike = { key: req.key, value: req.value, effect: req.effect };
    const taints = withTaint(currentTaints(model, req.node), taint);
    await patchTaints(ctx, req.node, taints);
    const node = req.node;
    const described = describeTaint(taint);
    if (dryRun) return { ok: true, message: said(`The API server accepts the taint ${described} on ${node}.`, reasonOf('action.taint.dryRun', { node, taint: described })), details: [] };
    const details = [apiCall(`PATCH nodes/${node} spec.taints += ${described}`)];
    if (req.effect !== 'NoExecute') return { ok: true, message: said(`Tainted ${node} with ${described}.`, reasonOf('action.taint.done', { node, taint: described })), details };

    const uids = new Set(displacedPods(model, req.node, taint).now.map((p) => p.metadata?.uid));
    const remaining = () => displacedPods(model, req.node, taint).now.filter((p) => uids.has(p.metadata?.uid)).length;
    const total = uids.size;
    const wait = await waitUntil(ctx, {
      timeoutMs: NO_EXECUTE_WAIT_MS,
      check: () => remaining() === 0,
      onWait: () => {
        const count = remaining();
        ctx.progress(said(`waiting for ${plural(count, 'pod')} without a toleration to leave ${node}`, reasonOf('action.taint.waiting', { count, node })));
      },
    });
    const left = total - remaining();
    details.push(said(`${left}/${total} non-tolerating pods left the node`, reasonOf('action.taint.leftDetail', { left, total })));
    return {
      ok: true,
      message: wait.done
        ? said(`Tainted ${node} with ${described}: ${plural(total, 'pod')} without a toleration evicted.`, reasonOf('action.taint.doneEvicted', { node, taint: described, count: total }))
        : said(`Tainted ${node} with ${described}: ${left}/${total} non-tolerating pods left so far; the taint-eviction controller continues.`,
          reasonOf('action.taint.doneContinuing', { node, taint: described, left, total })),
      details,
    };
  },
});

function noTaint(node: string, key: string, effect: string): Said {
  const taint = `${key}:${effect}`;
  return said(`Node ${node} has no taint ${taint}.`, reasonOf('action.untaint.noTaint', { node, taint }));
}

export const untaintAction = defineAction({
  kind: 'untaint',
  plan(req: RequestOf<'untaint'>, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node, false);
    const existing = currentTaints(model, req.node);
    const found = existing.find((t) => t.key === req.key && t.effect === req.effect);
    const before = freeGpus(model);
    if (!found) {
      return { ...notApplicablePlan(model, req.node, noTaint(req.node, req.key, req.effect)), blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before } };
    }
    const next = existing.filter((t) => t !== found);
    const opens = !nodeOpen(view) && nodeOpen(view, { taints: next }) ? nodeFreeGpus(view) : 0;
    return {
      target: req.node,
      destructive: false,
      blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before + opens },
      warnings: opens > 0 ? [said(`${opens} free GPUs on ${req.node} take new work again.`, reasonOf('action.untaint.opens', { gpus: opens, node: req.node }))] : [],
      undo: { kind: 'taint', node: req.node, key: found.key, value: found.value || undefined, effect: req.effect },
    };
  },
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    const existing = currentTaints(ctx.model, req.node);
    const next = existing.filter((t) => !(t.key === req.key && t.effect === req.effect));
    if (next.length === existing.length) throw new ActionError(noTaint(req.node, req.key, req.effect));
    await patchTaints(ctx, req.node, next);
    const node = req.node;
    const taint = `${req.key}:${req.effect}`;
    return ctx.dryRun
      ? { ok: true, message: said(`The API server accepts removing ${taint} from ${node}.`, reasonOf('action.untaint.dryRun', { node, taint })), details: [] }
      : {
        ok: true,
        message: said(`Removed the taint ${taint} from ${node}.`, reasonOf('action.untaint.done', { node, taint })),
        details: [apiCall(`PATCH nodes/${node} spec.taints -= ${taint}`)],
      };
  },
});
