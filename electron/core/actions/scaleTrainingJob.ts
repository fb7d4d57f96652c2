/**
 * scaleTraining: change the worker count of an elastic PyTorchJob within its
 * elasticPolicy.minReplicas..maxReplicas, through ClusterOps.scale on the PyTorchJob (a merge
 * patch of spec.pytorchReplicaSpecs.Worker.replicas; RBAC: patch pytorchjobs.kubeflow.org).
 * The training-operator creates or deletes worker pods; torchrun's rendezvous admits them.
 * A job without an elasticPolicy is a gang job: changing its size means a restart, so it is
 * refused here.
 */
import type { PyTorchJob, V1Pod } from '../k8s/objects';
import { LABELS } from '../../../shared/conventions';
import { defineAction } from './actionDefinition';
import { patchPyTorchJobs } from './accessChecks';
import { describeWorkload, formatAge, parseWorkloadKey, plural } from './actionText';
import { freeGpus, isTerminated, notApplicablePlan, podKeyOf } from './blastRadius';
import { templateGpus } from './podTemplates';

const REPLICA_INDEX = 'training.kubeflow.org/replica-index';

function workerIndex(pod: V1Pod): number | undefined {
  const labels = pod.metadata?.labels ?? {};
  if ((labels[LABELS.trainingReplicaType] ?? '').toLowerCase() !== 'worker') return undefined;
  const idx = Number(labels[REPLICA_INDEX] ?? /-(\d+)$/.exec(pod.metadata?.name ?? '')?.[1]);
  return Number.isInteger(idx) ? idx : undefined;
}

export const scaleTrainingAction = defineAction({
  kind: 'scaleTraining',
  plan(req, { model }) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    if (ref.kind !== 'PyTorchJob') return notApplicablePlan(model, target, `${target} is a ${ref.kind}: only elastic PyTorchJobs can change their worker count while running.`);
    const job = model.workloadObject(req.workload) as PyTorchJob | undefined;
    const view = model.workload(req.workload);
    if (!job || !view) return notApplicablePlan(model, target, `Workload ${target} not found (it may have been deleted).`);
    const current = job.spec?.pytorchReplicaSpecs?.Worker?.replicas ?? 0;
    const destructive = req.replicas < current;
    const confirmText = destructive ? ref.name : undefined;
    if (!job.spec?.elasticPolicy || !view.elastic) {
      return notApplicablePlan(model, target, `${target} is not elastic (no elasticPolicy): a gang job cannot change its worker count while running. Restart it with a new size instead.`, destructive, confirmText);
    }
    const { minReplicas: min, maxReplicas: max } = view.elastic;
    let notApplicable: string | undefined;
    if (req.replicas < min) notApplicable = `Scaling below the elastic minimum (${min} workers) is refused: the job would stop training.`;
    else if (req.replicas > max) notApplicable = `Scaling above the elastic maximum (${max} workers) is refused: the rendezvous would not admit the extra workers.`;

    const perWorker = templateGpus(job.spec.pytorchReplicaSpecs.Worker?.template?.spec);
    const delta = req.replicas - current;
    const before = freeGpus(model);
    const removed = delta < 0
      ? model.podsOfWorkload(req.workload).filter((p) => !isTerminated(p) && (workerIndex(p) ?? -1) >= req.replicas)
      : [];
    const warnings: string[] = [];
    if (delta === 0) warnings.push(`${target} already runs ${plural(current, 'worker')}: nothing changes.`);
    if (delta > 0 && delta * perWorker > before) warnings.push(`Only ${before} GPUs are free and ${plural(delta, 'new worker')} need${delta === 1 ? 's' : ''} ${delta * perWorker}: some stay Pending.`);
    if (delta < 0) warnings.push(`Removes ${plural(-delta, 'worker')} (${-delta * perWorker} GPUs); throughput drops to about ${Math.round((req.replicas / Math.max(1, current)) * 100)}%.`);
    if (delta !== 0) {
      const ck = view.checkpoint?.ageSec;
      warnings.push(`torchrun re-forms the rendezvous when membership changes: worker processes restart${ck !== undefined ? ` and resume from the last checkpoint (${formatAge(ck)} old)` : ''}.`);
    }
    return {
      target,
      destructive,
      confirmText,
      blastRadius: {
        pods: removed.map(podKeyOf),
        workloads: [req.workload],
        gpus: Math.abs(delta) * perWorker,
        pdbBlocked: [],
        freeGpusBefore: before,
        freeGpusAfter: Math.max(0, before - delta * perWorker),
      },
      warnings,
      undo: delta !== 0 ? { kind: 'scaleTraining', workload: req.workload, replicas: current } : undefined,
      notApplicable,
    };
  },
  permissions: (req) => [patchPyTorchJobs(parseWorkloadKey(req.workload).namespace)],
  async execute(req, ctx) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    await ctx.ops.scale({ kind: 'PyTorchJob', namespace: ref.namespace, name: ref.name }, req.replicas, { dryRun: ctx.dryRun });
    return ctx.dryRun
      ? { ok: true, message: `The API server accepts scaling ${target} to ${plural(req.replicas, 'worker')}.`, details: [] }
      : { ok: true, message: `Scaled ${target} to ${plural(req.replicas, 'worker')}; the training-operator adjusts its pods.`, details: [`PATCH pytorchjobs/${ref.name} spec.pytorchReplicaSpecs.Worker.replicas=${req.replicas}`] };
  },
});
