/**
 * resetGpu (demo only): calls the demo source's `resetGpu(gpuId)`, which clears the simulated
 * XID and thermal faults of one GPU, as `nvidia-smi -r` would.
 *
 * On real hardware a GPU reset needs every process off the GPU (drain its pods), then
 * `nvidia-smi -r -i <index>` on the node, or a node reboot when the GPU is lost to the bus.
 * Bulwark does not run commands on nodes, so on a live cluster this action is not available:
 * drain the node and hand it to the hardware runbook instead.
 */
import type { ClusterSource } from '../sources/clusterSource';
import { defineAction } from './actionDefinition';
import { patchNodes } from './accessChecks';
import { freeGpus, notApplicablePlan } from './blastRadius';
import { reasonOf } from '../../../shared/reasons';
import { ActionError, apiCall, said, type Said } from './actionText';

type ResettableSource = ClusterSource & { resetGpu(gpuId: string): number | Promise<number> };

function resettable(source: ClusterSource): source is ResettableSource {
  return source.info.kind === 'demo' && typeof (source as Partial<ResettableSource>).resetGpu === 'function';
}

export const NOT_IN_LIVE_MODE = 'GPU reset is simulated only in demo mode. On real hardware it means draining the GPU\'s pods, then `nvidia-smi -r` (or a node reboot) on the node; Bulwark does not do that remotely — drain the node and follow your hardware runbook.';
const NOT_IN_LIVE: Said = said(NOT_IN_LIVE_MODE, reasonOf('action.resetGpu.liveMode', {}));

function gpuNotFound(gpu: string): Said {
  return said(`GPU ${gpu} not found.`, reasonOf('action.resetGpu.notFound', { gpu }));
}

export const resetGpuAction = defineAction({
  kind: 'resetGpu',
  plan(req, { model, source }) {
    const gpu = model.gpu(req.gpu);
    if (!resettable(source)) return notApplicablePlan(model, req.gpu, NOT_IN_LIVE, true, req.gpu);
    if (!gpu) return notApplicablePlan(model, req.gpu, gpuNotFound(req.gpu), true, req.gpu);
    const before = freeGpus(model);
    const warnings: Said[] = [];
    if (gpu.pod) warnings.push(said(`${gpu.pod} runs on this GPU: on real hardware it would have to leave first; the demo resets in place.`, reasonOf('action.resetGpu.podRuns', { pod: gpu.pod })));
    if (gpu.health === 'healthy' && gpu.lastXid === undefined) warnings.push(said(`GPU ${req.gpu} reports no fault: a reset changes nothing.`, reasonOf('action.resetGpu.noFault', { gpu: req.gpu })));
    return {
      target: req.gpu,
      destructive: true,
      confirmText: req.gpu,
      blastRadius: {
        pods: gpu.pod ? [gpu.pod] : [],
        workloads: gpu.workload ? [gpu.workload] : [],
        gpus: 1,
        pdbBlocked: [],
        freeGpusBefore: before,
        freeGpusAfter: before,
      },
      warnings,
    };
  },
  // A reset is a node-level operation: ask for what cordoning the node would need.
  permissions: () => [patchNodes],
  async execute(req, ctx) {
    const gpu = req.gpu;
    if (!resettable(ctx.source)) throw new ActionError(NOT_IN_LIVE);
    if (ctx.dryRun) {
      if (!ctx.model.gpu(gpu)) throw new ActionError(gpuNotFound(gpu));
      return { ok: true, message: said(`The simulator would reset GPU ${gpu} (a reset has no server-side dry run).`, reasonOf('action.resetGpu.dryRun', { gpu })), details: [] };
    }
    const cleared = await ctx.source.resetGpu(gpu);
    return {
      ok: true,
      message: said(`Reset GPU ${gpu}: cleared ${cleared} simulated fault${cleared === 1 ? '' : 's'}.`, reasonOf('action.resetGpu.done', { gpu, count: cleared })),
      details: [apiCall(`resetGpu(${gpu}) → ${cleared} faults cleared`)],
    };
  },
});
