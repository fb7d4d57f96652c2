/**
 * scaleInference: set the replica count of an inference Deployment through its scale
 * subresource (ClusterOps.scale). The ReplicaSet controller adds or removes pods.
 */
import type { V1Deployment, V1Pod } from '../k8s/objects';
import { defineAction } from './actionDefinition';
import { patchDeploymentScale } from './accessChecks';
import { reasonOf } from '../../../shared/reasons';
import { apiCall, describeWorkload, parseWorkloadKey, plural, said, type Said } from './actionText';
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
    if (ref.kind !== 'Deployment') {
      return notApplicablePlan(model, target, said(`${target} is a ${ref.kind}: scaleInference applies to Deployments. Use scaleTraining for elastic training jobs.`,
        reasonOf('action.scaleInference.notDeployment', { target, kind: ref.kind })));
    }
    const dep = model.object('Deployment', ref.namespace, ref.name);
    if (!dep) return notApplicablePlan(model, target, said(`Deployment ${target} not found (it may have been deleted).`, reasonOf('action.deploymentNotFound', { target })));
    const current = dep.spec?.replicas ?? 1;
    const delta = req.replicas - current;
    const destructive = delta < 0;
    const perPod = templateGpus(dep.spec?.template?.spec);
    const before = freeGpus(model);
    const pods = podsOfDeployment(model.podsOfWorkload(req.workload), dep);
    const removed = destructive ? likelyRemoved(pods, -delta) : [];
    const warnings: Said[] = [];
    if (delta === 0) warnings.push(said(`${target} already has ${plural(current, 'replica')}: nothing changes.`, reasonOf('action.scaleInference.unchanged', { target, count: current })));
    if (delta > 0 && delta * perPod > before) {
      const need = delta * perPod;
      warnings.push(said(`Only ${before} GPUs are free and ${plural(delta, 'new replica')} need${delta === 1 ? 's' : ''} ${need}: some stay Pending.`,
        reasonOf('action.scaleInference.notEnoughGpus', { free: before, count: delta, need })));
    }
    const pair = model.inferencePair(req.workload);
    if (pair?.activeRole === 'standby') {
      warnings.push(said(`The Service routes to the standby now: scaling ${ref.name} changes idle capacity, not serving capacity.`,
        reasonOf('action.scaleInference.standbyActive', { name: ref.name })));
    } else if (req.replicas === 0) {
      warnings.push(said(`Scaling to zero: ${target} stops serving.`, reasonOf('action.scaleInference.toZero', { target })));
    } else if (destructive) {
      const percent = Math.round((req.replicas / Math.max(1, current)) * 100);
      warnings.push(said(`Removes ${plural(-delta, 'replica')}: serving capacity drops to about ${percent}%.`, reasonOf('action.scaleInference.removes', { count: -delta, percent })));
    }
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
    const count = req.replicas;
    return ctx.dryRun
      ? { ok: true, message: said(`The API server accepts scaling ${target} to ${plural(count, 'replica')}.`, reasonOf('action.scaleInference.dryRun', { target, count })), details: [] }
      : {
        ok: true,
        message: said(`Scaled ${target} to ${plural(count, 'replica')}.`, reasonOf('action.scaleInference.done', { target, count })),
        details: [apiCall(`PATCH deployments/${ref.name}/scale spec.replicas=${count}`)],
      };
  },
});
