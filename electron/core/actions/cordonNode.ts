/**
 * cordon / uncordon: a JSON merge patch of the Node's `spec.unschedulable`, what
 * `kubectl cordon` does. Running pods stay; the scheduler stops placing new pods there.
 */
import { defineAction, type ActionPlan } from './actionDefinition';
import { freeGpus, nodeFreeGpus, nodeOpen, notApplicablePlan } from './blastRadius';
import { patchNodes } from './accessChecks';
import type { ModelReader } from '../model/modelApi';
import { reasonOf } from '../../../shared/reasons';
import { apiCall, nodeNotFound, said, type Said } from './actionText';

function missingNode(model: ModelReader, node: string): ActionPlan {
  return notApplicablePlan(model, node, nodeNotFound(node));
}

export const cordonAction = defineAction({
  kind: 'cordon',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node);
    const before = freeGpus(model);
    const lost = nodeOpen(view) ? nodeFreeGpus(view) : 0;
    const node = req.node;
    const warnings: Said[] = [];
    if (!view.schedulable) warnings.push(said(`Node ${node} is already cordoned: nothing changes.`, reasonOf('action.cordon.alreadyCordoned', { node })));
    else warnings.push(said(`No new pods are scheduled on ${node}; its ${view.podCount} running pods stay.`, reasonOf('action.cordon.podsStay', { node, pods: view.podCount })));
    return {
      target: req.node,
      destructive: false,
      blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before - lost },
      warnings,
      undo: view.schedulable ? { kind: 'uncordon', node: req.node } : undefined,
    };
  },
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    await ctx.ops.mergePatch({ kind: 'Node', name: req.node }, { spec: { unschedulable: true } }, { dryRun: ctx.dryRun });
    const node = req.node;
    return ctx.dryRun
      ? { ok: true, message: said(`The API server accepts cordoning ${node}.`, reasonOf('action.cordon.dryRun', { node })), details: [] }
      : {
        ok: true,
        message: said(`Cordoned ${node}: no new pods are scheduled there.`, reasonOf('action.cordon.done', { node })),
        details: [apiCall(`PATCH nodes/${node} spec.unschedulable=true`)],
      };
  },
});

export const uncordonAction = defineAction({
  kind: 'uncordon',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node);
    const before = freeGpus(model);
    const gained = !nodeOpen(view) && nodeOpen(view, { schedulable: true }) ? nodeFreeGpus(view) : 0;
    const node = req.node;
    const warnings: Said[] = [];
    if (view.schedulable) warnings.push(said(`Node ${node} is not cordoned: nothing changes.`, reasonOf('action.uncordon.notCordoned', { node })));
    if (!view.ready) warnings.push(said(`Node ${node} is NotReady: pods will not be scheduled there until it is Ready again.`, reasonOf('action.uncordon.notReady', { node })));
    return {
      target: req.node,
      destructive: false,
      blastRadius: { pods: [], workloads: [], gpus: view.gpuAllocatable, pdbBlocked: [], freeGpusBefore: before, freeGpusAfter: before + gained },
      warnings,
      undo: view.schedulable ? undefined : { kind: 'cordon', node: req.node },
    };
  },
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    // false rather than null: kubectl writes the field explicitly, and both read back as schedulable.
    await ctx.ops.mergePatch({ kind: 'Node', name: req.node }, { spec: { unschedulable: false } }, { dryRun: ctx.dryRun });
    const node = req.node;
    return ctx.dryRun
      ? { ok: true, message: said(`The API server accepts uncordoning ${node}.`, reasonOf('action.uncordon.dryRun', { node })), details: [] }
      : {
        ok: true,
        message: said(`Uncordoned ${node}: pods can be scheduled there again.`, reasonOf('action.uncordon.done', { node })),
        details: [apiCall(`PATCH nodes/${node} spec.unschedulable=false`)],
      };
  },
});
