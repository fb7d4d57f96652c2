/**
 * cordon / uncordon: a JSON merge patch of the Node's `spec.unschedulable`, what
 * `kubectl cordon` does. Running pods stay; the scheduler stops placing new pods there.
 */
import { defineAction, type ActionPlan } from './actionDefinition';
import { freeGpus, nodeFreeGpus, nodeOpen, notApplicablePlan } from './blastRadius';
import { patchNodes } from './accessChecks';
import type { ModelReader } from '../model/modelApi';

function missingNode(model: ModelReader, node: string): ActionPlan {
  return notApplicablePlan(model, node, `Node ${node} not found (it may have been deleted).`);
}

export const cordonAction = defineAction({
  kind: 'cordon',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node);
    const before = freeGpus(model);
    const lost = nodeOpen(view) ? nodeFreeGpus(view) : 0;
    const warnings: string[] = [];
    if (!view.schedulable) warnings.push(`Node ${req.node} is already cordoned: nothing changes.`);
    else warnings.push(`No new pods are scheduled on ${req.node}; its ${view.podCount} running pods stay.`);
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
    return ctx.dryRun
      ? { ok: true, message: `The API server accepts cordoning ${req.node}.`, details: [] }
      : { ok: true, message: `Cordoned ${req.node}: no new pods are scheduled there.`, details: [`PATCH nodes/${req.node} spec.unschedulable=true`] };
  },
});

export const uncordonAction = defineAction({
  kind: 'uncordon',
  plan(req, { model }) {
    const view = model.node(req.node);
    if (!view) return missingNode(model, req.node);
    const before = freeGpus(model);
    const gained = !nodeOpen(view) && nodeOpen(view, { schedulable: true }) ? nodeFreeGpus(view) : 0;
    const warnings: string[] = [];
    if (view.schedulable) warnings.push(`Node ${req.node} is not cordoned: nothing changes.`);
    if (!view.ready) warnings.push(`Node ${req.node} is NotReady: pods will not be scheduled there until it is Ready again.`);
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
    return ctx.dryRun
      ? { ok: true, message: `The API server accepts uncordoning ${req.node}.`, details: [] }
      : { ok: true, message: `Uncordoned ${req.node}: pods can be scheduled there again.`, details: [`PATCH nodes/${req.node} spec.unschedulable=false`] };
  },
});
