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
import { describeWorkload, formatAge, parseWorkloadKey, plural } from './actionText';
import { freeGpus, isTerminated, notApplicablePlan, podGpus, podKeyOf } from './blastRadius';
import { waitUntil } from './convergence';

/** How long a restart waits for the controller to create the replacement pods. */
export const RECREATE_WAIT_MS = 120_000;

export const restartFromCheckpointAction = defineAction({
  kind: 'restartFromCheckpoint',
  plan(req, { model }) {
    const ref = parseWorkloadKey(req.workload);
    const target = describeWorkload(req.workload);
    if (ref.kind === 'Deployment') {
      return notApplicablePlan(model, target, `${target} is a Deployment: restart from checkpoint applies to training jobs (PyTorchJob, Job). Scale it or fail it over instead.`, true, ref.name);
    }
    const view = model.workload(req.workload);
    if (!view) return notApplicablePlan(model, target, `Workload ${target} not found (it may have been deleted).`, true, ref.name);
    const pods = model.podsOfWorkload(req.workload).filter((p) => !isTerminated(p) && !p.metadata?.deletionTimestamp);
    const before = freeGpus(model);
    let notApplicable: string | undefined;
    if (view.health === 'succeeded') notApplicable = `${target} has finished: there is nothing to restart.`;
    else if (pods.length === 0) notApplicable = `${target} has no running pods to restart.`;

    const warnings: string[] = [];
    const ck = view.checkpoint;
    if (ck?.ageSec !== undefined) {
      const step = ck.step !== undefined ? `step ${ck.step}` : 'the last checkpoint';
      const atRisk = view.workAtRiskSec ?? ck.ageSec;
      const redo = atRisk > 0 ? `about ${formatAge(atRisk)} of training is redone` : 'the job has not trained since, so no work is lost';
      warnings.push(`The trainer resumes from ${step}, saved ${formatAge(ck.ageSec)} ago${ck.storage ? ` in ${ck.storage}` : ''}; ${redo}.`);
      if (ck.stale) warnings.push(`The checkpoint is stale (older than twice its ${ck.intervalSec ?? '?'} s interval): check checkpoint storage before restarting.`);
    } else {
      warnings.push(`${target} reports no checkpoint (no ${ANNOTATIONS.checkpointTime} annotation): unless the trainer finds one in its storage, it restarts from the beginning.`);
    }
    warnings.push(`Deletes ${plural(pods.length, 'pod')} holding ${pods.reduce((n, p) => n + podGpus(model, p), 0)} GPUs; the ${ref.kind === 'PyTorchJob' ? 'training-operator' : 'Job controller'} recreates them.`);
    if (ref.kind === 'Job') {
      const limit = (model.workloadObject(req.workload) as V1Job | undefined)?.spec?.backoffLimit ?? 6;
      warnings.push(`Each deleted pod of a Job counts as a failure toward its backoffLimit (${limit}).`);
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
    if (pods.length === 0) throw new Error(`${target} has no running pods to restart.`);
    const ck = model.workload(req.workload)?.checkpoint;
    const details: string[] = [];
    let deleted = 0;
    for (const pod of pods) {
      await ops.delete({ kind: 'Pod', namespace: pod.metadata?.namespace || ref.namespace, name: pod.metadata?.name ?? '' }, { dryRun });
      deleted++;
      if (!dryRun) {
        details.push(`deleted ${podKeyOf(pod)}`);
        ctx.progress(`deleted ${deleted}/${pods.length} pods`);
      }
    }
    if (dryRun) return { ok: true, message: `The API server accepts deleting ${plural(pods.length, 'pod')} of ${target}.`, details: [] };

    const old = new Set(pods.map((p) => p.metadata?.uid));
    // Replacements may reuse the pod names (the training-operator does): count new uids.
    const fresh = () => model.podsOfWorkload(req.workload).filter((p) => !old.has(p.metadata?.uid) && !isTerminated(p)).length;
    const wait = await waitUntil(ctx, {
      timeoutMs: RECREATE_WAIT_MS,
      check: () => fresh() >= pods.length,
      onWait: () => ctx.progress(`waiting for the controller to recreate pods: ${fresh()}/${pods.length}`),
    });
    const from = ck?.ageSec !== undefined ? ` from checkpoint ${ck.step !== undefined ? `step ${ck.step} ` : ''}(${formatAge(ck.ageSec)} old)` : '';
    const made = wait.done ? `${plural(fresh(), 'new pod')} created` : `${fresh()}/${pods.length} new pods so far; the controller keeps creating them`;
    return { ok: true, message: `Restarted ${target}${from}: deleted ${plural(pods.length, 'pod')}, ${made}.`, details };
  },
});
