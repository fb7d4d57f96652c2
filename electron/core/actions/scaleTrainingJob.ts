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
import { reasonOf } from '../../../shared/reasons';
import { apiCall, describeWorkload, formatAge, parseWorkloadKey, plural, said, workloadNotFound, type Said } from './actionText';
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
    if (ref.kind !== 'PyTorchJob') {
      return notApplicablePlan(model, target, said(`${target} is a ${ref.kind}: only elastic PyTorchJobs can change their worker count while running.`,
        reasonOf('action.scaleTraining.notPyTorchJob', { target, kind: ref.kind })));
    }
    const job = model.workloadObject(req.workload) as PyTorchJob | undefined;
    const view = model.workload(req.workload);
    if (!job || !view) return notApplicablePlan(model, target, workloadNotFound(target));
    const current = job.spec?.pytorchReplicaSpecs?.Worker?.replicas ?? 0;
    const destructive = req.replicas < current;
    const confirmText = destructive ? ref.name : undefined;
    if (!job.spec?.elasticPolicy || !view.elastic) {
      return notApplicablePlan(model, target, said(
        `${target} is not elastic (no elasticPolicy): a gang job cannot change its worker count while running. Restart it with a new size instead.`,
        reasonOf('action.scaleTraining.notElastic', { target }),
      ), destructive, confirmText);
    }
    const { minReplicas: min, maxReplicas: max } = view.elastic;
    let notApplicable: Said | undefined;
    if (req.replicas < min) {
      notApplicable = said(`Scaling below the elastic minimum (${min} workers) is refused: the job would stop training.`, reasonOf('action.scaleTraining.belowMin', { min }));
    } else if (req.replicas > max) {
      notApplicable = said(`Scaling above the elastic maximum (${max} workers) is refused: the rendezvous would not admit the extra workers.`,
        reasonOf('action.scaleTraining.aboveMax', { max }));
    }

    const perWorker = templateGpus(job.spec.pytorchReplicaSpecs.Worker?.template?.spec);
    const delta = req.replicas - current;
    const before = freeGpus(model);
    const removed = delta < 0
      ? model.podsOfWorkload(req.workload).filter((p) => !isTerminated(p) && (workerIndex(p) ?? -1) >= req.replicas)
      : [];
    const warnings: Said[] = [];
    if (delta === 0) warnings.push(said(`${target} already runs ${plural(current, 'worker')}: nothing changes.`, reasonOf('action.scaleTraining.unchanged', { target, count: current })));
    if (delta > 0 && delta * perWorker > before) {
      const need = delta * perWorker;
      warnings.push(said(`Only ${before} GPUs are free and ${plural(delta, 'new worker')} need${delta === 1 ? 's' : ''} ${need}: some stay Pending.`,
        reasonOf('action.scaleTraining.notEnoughGpus', { free: before, count: delta, need })));
    }
    if (delta < 0) {
      const gpus = -delta * perWorker;
      const percent = Math.round((req.replicas / Math.max(1, current)) * 100);
      warnings.push(said(`Removes ${plural(-delta, 'worker')} (${gpus} GPUs); throughput drops to about ${percent}%.`,
        reasonOf('action.scaleTraining.removes', { count: -delta, gpus, percent })));
    }
    if (delta !== 0) {
      const age = view.checkpoint?.ageSec;
      warnings.push(age === undefined
        ? said('torchrun re-forms the rendezvous when membership changes: worker processes restart.', reasonOf('action.scaleTraining.rendezvous', {}))
        : said(`torchrun re-forms the rendezvous when membership changes: worker processes restart and resume from the last checkpoint (${formatAge(age)} old).`,
          reasonOf('action.scaleTraining.rendezvousResume', { age })));
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
    const count = req.replicas;
    return ctx.dryRun
      ? { ok: true, message: said(`The API server accepts scaling ${target} to ${plural(count, 'worker')}.`, reasonOf('action.scaleTraining.dryRun', { target, count })), details: [] }
      : {
        ok: true,
        message: said(`Scaled ${target} to ${plural(count, 'worker')}; the training-operator adjusts its pods.`, reasonOf('action.scaleTraining.done', { target, count })),
        details: [apiCall(`PATCH pytorchjobs/${ref.name} spec.pytorchReplicaSpecs.Worker.replicas=${count}`)],
      };
  },
});
