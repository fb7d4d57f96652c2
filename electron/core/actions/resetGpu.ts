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

type ResettableSource = ClusterSource & { resetGpu(gpuId: string): number | Promise<number> };

function resettable(source: ClusterSource): source is ResettableSource {
  return source.info.kind === 'demo' && typeof (source as Partial<ResettableSource>).resetGpu === 'function';
}

export const NOT_IN_LIVE_MODE = 'GPU reset is simulated only in demo mode. On real hardware it means draining the GPU\'s pods, then `nvidia-smi -r` (or a node reboot) on the node; Bulwark does not do that remotely — drain the node and follow your hardware runbook.';

export const resetGpuAction = defineAction({
  kind: 'resetGpu',
  plan(req, { model, source }) {
    const gpu = model.gpu(req.gpu);
    if (!resettable(source)) return notApplicablePlan(model, req.gpu, NOT_IN_LIVE_MODE, true, req.gpu);
    if (!gpu) return notApplicablePlan(model, req.gpu, `GPU ${req.gpu} not found.`, true, req.gpu);
    const before = freeGpus(model);
    const warnings: string[] = [];
    if (gpu.pod) warnings.push(`${gpu.pod} runs on this GPU: on real hardware it would have to leave first; the demo resets in place.`);
    if (gpu.health === 'healthy' && gpu.lastXid === undefined) warnings.push(`GPU ${req.gpu} reports no fault: a reset changes nothing.`);
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
    if (!resettable(ctx.source)) throw new Error(NOT_IN_LIVE_MODE);
    if (ctx.dryRun) {
      if (!ctx.model.gpu(req.gpu)) throw new Error(`GPU ${req.gpu} not found.`);
      return { ok: true, message: `The simulator would reset GPU ${req.gpu} (a reset has no server-side dry run).`, details: [] };
    }
    const cleared = await ctx.source.resetGpu(req.gpu);
    return { ok: true, message: `Reset GPU ${req.gpu}: cleared ${cleared} simulated fault${cleared === 1 ? '' : 's'}.`, details: [`resetGpu(${req.gpu}) → ${cleared} faults cleared`] };
  },
});
