/**
 * restartFromCheckpoint: delete the pods of a training job and let its controller recreate
 * them — the training-operator for a PyTorchJob, the Job controller for a batch Job. The new
 * pods start the trainer again, and the trainer resumes from the newest checkpoint in its
 * storage (the one the job's bulwark.io/checkpoint-* annotations describe). The work done since
 * that checkpoint is redone: that is the expected lost work the preview shows.
 */
import { ANNOTATIONS } from '../../../shared/conventions';
import type { V1Job } from '../k8s/objects';
import { defineAction } from './actionDefinition';
import { deletePods } from './accessChecks';
import { reasonOf } from '../../../shared/reasons';
import { ActionError, describeWorkload, formatAge, parseWorkloadKey, plural, said, workloadNotFound, type Said } from './actionText';
import { freeGpus, isTerminated, notApplicablePlan, podGpus, podKeyOf } from './blastRadius';
import { waitUntil } from './convergence';

/** How long a restart waits for the controller to create the replacement pods. */
export const RECREATE_WAIT_MS = 120_000;

function noPods(target: string): Said {
  return said(`${target} has no running pods to restart.`, reasonOf('action.restart.noPods', { target }));
}

export const restartFromCheckpointAction = defineAction({
  kind: 'restartFromCheckpoint',
  plan(req, { model }) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    if (ref.kind === 'Deployment') {
      return notApplicablePlan(model, target, said(
        `${target} is a Deployment: restart from checkpoint applies to training jobs (PyTorchJob, Job). Scale it or fail it over instead.`,
        reasonOf('action.restart.isDeployment', { target }),
      ), true, ref.name);
    }
    const view = model.workload(req.workload);
    if (!view) return notApplicablePlan(model, target, workloadNotFound(target), true, ref.name);
    const pods = model.podsOfWorkload(req.workload).filter((p) => !isTerminated(p) && !p.metadata?.deletionTimestamp);
    const before = freeGpus(model);
    let notApplicable: Said | undefined;
    if (view.health === 'succeeded') notApplicable = said(`${target} has finished: there is nothing to restart.`, reasonOf('action.restart.finished', { target }));
    else if (pods.length === 0) notApplicable = noPods(target);

    const warnings: Said[] = [];
    const ck = view.checkpoint;
    if (ck?.ageSec !== undefined) {
      const age = ck.ageSec;
      const from = ck.step !== undefined
        ? said(`step ${ck.step}`, reasonOf('action.restart.fromStep', { step: ck.step }))
        : said('the last checkpoint', reasonOf('action.restart.fromLast', {}));
      const atRisk = view.workAtRiskSec ?? age;
      const redo = atRisk > 0
        ? said(`about ${formatAge(atRisk)} of training is redone`, reasonOf('action.restart.redo', { duration: atRisk }))
        : said('the job has not trained since, so no work is lost', reasonOf('action.restart.noRedo', {}));
      const nested = { from: from.code, redo: redo.code };
      warnings.push(ck.storage
        ? said(`The trainer resumes from ${from.text}, saved ${formatAge(age)} ago in ${ck.storage}; ${redo.text}.`, reasonOf('action.restart.resumesIn', { age, storage: ck.storage }, nested))
        : said(`The trainer resumes from ${from.text}, saved ${formatAge(age)} ago; ${redo.text}.`, reasonOf('action.restart.resumes', { age }, nested)));
      if (ck.stale) {
        warnings.push(ck.intervalSec !== undefined
          ? said(`The checkpoint is stale (older than twice its ${ck.intervalSec} s interval): check checkpoint storage before restarting.`,
            reasonOf('action.restart.stale', { interval: ck.intervalSec }))
          : said('The checkpoint is stale (older than twice its ? s interval): check checkpoint storage before restarting.', reasonOf('action.restart.staleNoInterval', {})));
      }
    } else {
      const annotation = ANNOTATIONS.checkpointTime;
      warnings.push(said(`${target} reports no checkpoint (no ${annotation} annotation): unless the trainer finds one in its storage, it restarts from the beginning.`,
        reasonOf('action.restart.noCheckpoint', { target, annotation })));
    }
    const count = pods.length;
    const gpus = pods.reduce((n, p) => n + podGpus(model, p), 0);
    warnings.push(ref.kind === 'PyTorchJob'
      ? said(`Deletes ${plural(count, 'pod')} holding ${gpus} GPUs; the training-operator recreates them.`, reasonOf('action.restart.deletesTraining', { count, gpus }))
      : said(`Deletes ${plural(count, 'pod')} holding ${gpus} GPUs; the Job controller recreates them.`, reasonOf('action.restart.deletesJob', { count, gpus })));
    if (ref.kind === 'Job') {
      const limit = (model.workloadObject(req.workload) as V1Job | undefined)?.spec?.backoffLimit ?? 6;
      warnings.push(said(`Each deleted pod of a Job counts as a failure toward its backoffLimit (${limit}).`, reasonOf('action.restart.backoffLimit', { limit })));
    }
    return {
      target,
      destructive: true,
      confirmText: ref.name,
      blastRadius: {
        pods: pods.map(podKeyOf),
        workloads: [req.workload],
        gpus: pods.reduce((n, p) => n + podGpus(model, p), 0),
        pdbBlocked: [],
        // The replacements need the same GPUs the deleted pods release.
        freeGpusBefore: before,
        freeGpusAfter: before,
      },
      warnings,
      expectedLostWorkSec: view.workAtRiskSec ?? ck?.ageSec,
      notApplicable,
    };
  },
  permissions: (req) => [deletePods(parseWorkloadKey(req.workload).namespace)],
  async execute(req, ctx) {
    const { model, ops, dryRun } = ctx;
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    const pods = model.podsOfWorkload(req.workload).filter((p) => !isTerminated(p) && !p.metadata?.deletionTimestamp);
    if (pods.length === 0) throw new ActionError(noPods(target));
    const ck = model.workload(req.workload)?.checkpoint;
    const details: Said[] = [];
    const total = pods.length;
    let deleted = 0;
    for (const pod of pods) {
      await ops.delete({ kind: 'Pod', namespace: pod.metadata?.namespace || ref.namespace, name: pod.metadata?.name ?? '' }, { dryRun });
      deleted++;
      if (!dryRun) {
        const key = podKeyOf(pod);
        details.push(said(`deleted ${key}`, reasonOf('action.restart.deleted', { pod: key })));
        ctx.progress(said(`deleted ${deleted}/${total} pods`, reasonOf('action.restart.deletedProgress', { done: deleted, total })));
      }
    }
    if (dryRun) {
      return { ok: true, message: said(`The API server accepts deleting ${plural(total, 'pod')} of ${target}.`, reasonOf('action.restart.dryRun', { count: total, target })), details: [] };
    }

    const old = new Set(pods.map((p) => p.metadata?.uid));
    // Replacements may reuse the pod names (the training-operator does): count new uids.
    const fresh = () => model.podsOfWorkload(req.workload).filter((p) => !old.has(p.metadata?.uid) && !isTerminated(p)).length;
    const wait = await waitUntil(ctx, {
      timeoutMs: RECREATE_WAIT_MS,
      check: () => fresh() >= pods.length,
      onWait: () => {
        const made = fresh();
        ctx.progress(said(`waiting for the controller to recreate pods: ${made}/${total}`, reasonOf('action.restart.waiting', { fresh: made, total })));
      },
    });
    const made = fresh();
    const madeSaid = wait.done
      ? said(`${plural(made, 'new pod')} created`, reasonOf('action.restart.created', { count: made }))
      : said(`${made}/${total} new pods so far; the controller keeps creating them`, reasonOf('action.restart.creating', { fresh: made, total }));
    const tail = `: deleted ${plural(total, 'pod')}, ${madeSaid.text}.`;
    const nested = { made: madeSaid.code };
    const age = ck?.ageSec;
    const message = age === undefined
      ? said(`Restarted ${target}${tail}`, reasonOf('action.restart.done', { target, count: total }, nested))
      : ck?.step === undefined
        ? said(`Restarted ${target} from checkpoint (${formatAge(age)} old)${tail}`, reasonOf('action.restart.doneFrom', { target, age, count: total }, nested))
        : said(`Restarted ${target} from checkpoint step ${ck.step} (${formatAge(age)} old)${tail}`, reasonOf('action.restart.doneFromStep', { target, step: ck.step, age, count: total }, nested));
    return { ok: true, message, details };
  },
});
