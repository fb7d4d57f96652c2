/**
 * scaleInference: set the replica count of an inference Deployment through its scale
 * subresource (ClusterOps.scale). The ReplicaSet controller adds or removes pods.
 */
import type { V1Deployment, V1Pod } from '../k8s/objects';
import { defineAction } from './actionDefinition';
import { patchDeploymentScale } from './accessChecks';
import { describeWorkload, parseWorkloadKey, plural } from './actionText';
import { freeGpus, isReady, isTerminated, notApplicablePlan, podKeyOf } from './blastRadius';
import { selectorMatches, templateGpus } from './podTemplates';

/** Pods of this Deployment (the model folds a standby's pods into the primary's workload). */
export function podsOfDeployment(pods: V1Pod[], dep: V1Deployment): V1Pod[] {
  return pods.filter((p) => !isTerminated(p) && selectorMatches(dep.spec?.selector, p.metadata?.labels));
}

/**
 * The pods a scale-down likely removes: the ReplicaSet controller deletes unready pods first,
 * then the newest. (Its full ranking also weighs node co-location; this is the preview's guess.)
 */
function likelyRemoved(pods: V1Pod[], n: number): V1Pod[] {
  const created = (p: V1Pod) => new Date(p.metadata?.creationTimestamp ?? 0).getTime() || 0;
  return [...pods].sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || created(b) - created(a)).slice(0, Math.max(0, n));
}

export const scaleInferenceAction = defineAction({
  kind: 'scaleInference',
  plan(req, { model }) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    if (ref.kind !== 'Deployment') return notApplicablePlan(model, target, `${target} is a ${ref.kind}: scaleInference applies to Deployments. Use scaleTraining for elastic training jobs.`);
    const dep = model.object('Deployment', ref.namespace, ref.name);
    if (!dep) return notApplicablePlan(model, target, `Deployment ${target} not found (it may have been deleted).`);
    const current = dep.spec?.replicas ?? 1;
    const delta = req.replicas - current;
    const destructive = delta < 0;
    const perPod = templateGpus(dep.spec?.template?.spec);
    const before = freeGpus(model);
    const pods = podsOfDeployment(model.podsOfWorkload(req.workload), dep);
    const removed = destructive ? likelyRemoved(pods, -delta) : [];
    const warnings: string[] = [];
    if (delta === 0) warnings.push(`${target} already has ${plural(current, 'replica')}: nothing changes.`);
    if (delta > 0 && delta * perPod > before) warnings.push(`Only ${before} GPUs are free and ${plural(delta, 'new replica')} need${delta === 1 ? 's' : ''} ${delta * perPod}: some stay Pending.`);
    const pair = model.inferencePair(req.workload);
    if (pair?.activeRole === 'standby') warnings.push(`The Service routes to the standby now: scaling ${ref.name} changes idle capacity, not serving capacity.`);
    else if (req.replicas === 0) warnings.push(`Scaling to zero: ${target} stops serving.`);
    else if (destructive) warnings.push(`Removes ${plural(-delta, 'replica')}: serving capacity drops to about ${Math.round((req.replicas / Math.max(1, current)) * 100)}%.`);
    return {
      target,
      destructive,
      confirmText: destructive ? ref.name : undefined,
      blastRadius: {
        pods: removed.map(podKeyOf),
        workloads: [req.workload],
        gpus: Math.abs(delta) * perPod,
        pdbBlocked: [],
        freeGpusBefore: before,
        freeGpusAfter: Math.max(0, before - delta * perPod),
      },
      warnings,
      undo: delta !== 0 ? { kind: 'scaleInference', workload: req.workload, replicas: current } : undefined,
    };
  },
  permissions: (req) => [patchDeploymentScale(parseWorkloadKey(req.workload).namespace)],
  async execute(req, ctx) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    await ctx.ops.scale({ kind: 'Deployment', namespace: ref.namespace, name: ref.name }, req.replicas, { dryRun: ctx.dryRun });
    return ctx.dryRun
      ? { ok: true, message: `The API server accepts scaling ${target} to ${plural(req.replicas, 'replica')}.`, details: [] }
      : { ok: true, message: `Scaled ${target} to ${plural(req.replicas, 'replica')}.`, details: [`PATCH deployments/${ref.name}/scale spec.replicas=${req.replicas}`] };
  },
});
