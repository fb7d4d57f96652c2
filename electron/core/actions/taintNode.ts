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
import { plural } from './actionText';
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
  return notApplicablePlan(model, node, `Node ${node} not found (it may have been deleted).`, destructive, destructive ? node : undefined);
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
      throw new Error(`Node ${node} changed while its taints were being written (409 Conflict): nothing was changed. Preview again and retry.`, { cause: err });
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
    const warnings: string[] = [];
    let pods: V1Pod[] = [];
    if (same && (same.value ?? '') === (req.value ?? '')) warnings.push(`Node ${req.node} already has the taint ${describeTaint(taint)}: nothing changes.`);
    else if (same) warnings.push(`Replaces the taint ${describeTaint({ key: same.key, value: same.value, effect: same.effect })}.`);
    if (req.effect === 'NoExecute') {
      const d = displacedPods(model, req.node, taint);
      pods = [...d.now, ...d.later.map((l) => l.pod)];
      warnings.push(...displacementWarnings(model, `tainting ${req.node} ${describeTaint(taint)}`, 'evicts', d.now));
      for (const l of d.later) warnings.push(`pod ${podKeyOf(l.pod)} tolerates the taint for ${l.afterSec} s, then is evicted too.`);
      if (pods.some((p) => model.pdbsForPod(p).length > 0)) warnings.push('Taint evictions do not honour PodDisruptionBudgets: protected pods are deleted too. Drain instead to respect them.');
    } else if (req.effect === 'NoSchedule') {
      warnings.push(`New pods without a matching toleration are not scheduled on ${req.node}; running pods stay.`);
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
    if (dryRun) return { ok: true, message: `The API server accepts the taint ${describeTaint(taint)} on ${req.node}.`, details: [] };
    const details = [`PATCH nodes/${req.node} spec.taints += ${describeTaint(taint)}`];
    if (req.effect !== 'NoExecute') return { ok: true, message: `Tainted ${req.node} with ${describeTaint(taint)}.`, details };

    const uids = new Set(displacedPods(model, req.node, taint).now.map((p) => p.metadata?.uid));
    const remaining = () => displacedPods(model, req.node, taint).now.filter((p) => uids.has(p.metadata?.uid)).length;
    const total = uids.size;
    const wait = await waitUntil(ctx, {
      timeoutMs: NO_EXECUTE_WAIT_MS,
      check: () => remaining() === 0,
      onWait: () => ctx.progress(`waiting for ${plural(remaining(), 'pod')} without a toleration to leave ${req.node}`),
    });
    const left = total - remaining();
    details.push(`${left}/${total} non-tolerating pods left the node`);
    return {
      ok: true,
      message: wait.done
        ? `Tainted ${req.node} with ${describeTaint(taint)}: ${plural(total, 'pod')} without a toleration evicted.`
        : `Tainted ${req.node} with ${describeTaint(taint)}: ${left}/${total} non-tolerating pods left so far; the taint-eviction controller continues.`,
      details,
    };
  },
});

export const untaintAction = defineAction({
  kind: 'untaint',
  plan(req: RequestOf<'untaint'>, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node, false);
    const existing = currentTaints(model, req.node);
    const found = existing.find((t) => t.key === req.key && t.effect === req.effect);
    const before = freeGpus(model);
    if (!found) {
      return { ...notApplicablePlan(model, req.node, `Node ${req.node} has no taint ${req.key}:${req.effect}.`), blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before } };
    }
    const next = existing.filter((t) => t !== found);
    const opens = !nodeOpen(view) && nodeOpen(view, { taints: next }) ? nodeFreeGpus(view) : 0;
    return {
      target: req.node,
      destructive: false,
      blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before + opens },
      warnings: opens > 0 ? [`${opens} free GPUs on ${req.node} take new work again.`] : [],
      undo: { kind: 'taint', node: req.node, key: found.key, value: found.value || undefined, effect: req.effect },
    };
  },
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    const existing = currentTaints(ctx.model, req.node);
    const next = existing.filter((t) => !(t.key === req.key && t.effect === req.effect));
    if (next.length === existing.length) throw new Error(`Node ${req.node} has no taint ${req.key}:${req.effect}.`);
    await patchTaints(ctx, req.node, next);
    return ctx.dryRun
      ? { ok: true, message: `The API server accepts removing ${req.key}:${req.effect} from ${req.node}.`, details: [] }
      : { ok: true, message: `Removed the taint ${req.key}:${req.effect} from ${req.node}.`, details: [`PATCH nodes/${req.node} spec.taints -= ${req.key}:${req.effect}`] };
  },
});
