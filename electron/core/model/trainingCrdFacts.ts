/**
 * What the model reads from the training-workload CRDs other than PyTorchJob, after their
 * published API types (fields not listed in ../k8s/objects.ts are ignored):
 *
 * - JobSet (jobset.x-k8s.io/v1alpha2): conditions Failed / Completed / Suspended (metav1
 *   Conditions), spec.suspend; running while a replicated job has active or ready Jobs
 *   (status.replicatedJobsStatus); desired pods = Σ replicas × the Job template's parallelism;
 *   status.restarts counts its recreate-all restarts.
 * - Volcano Job (batch.volcano.sh/v1alpha1): status.state.phase — Pending (not running),
 *   Running and Completing (running), Restarting (recovering), Completed (succeeded), Failed,
 *   Aborting/Aborted, Terminating/Terminated (failed: none of these runs again without someone
 *   acting); desired = Σ tasks[].replicas; status.retryCount counts restarts.
 * - RayJob (ray.io/v1): status.jobDeploymentStatus — the controller's view — first:
 *   Failed/ValidationFailed → failed, Complete → succeeded unless the Ray job (status.jobStatus)
 *   ended FAILED or STOPPED, Suspending/Suspended → suspended, Retrying → recovering, Running
 *   → running once the Ray job itself is no longer PENDING; New/Initializing/Waiting → waiting
 *   for the Ray cluster. Desired = 1 head + Σ workerGroupSpecs replicas; status.failed counts
 *   failed attempts. Its pods are the RayCluster's (status.rayClusterName).
 */
import type { JobSet, RayJob, VolcanoJob } from '../k8s/objects';
import { reasonOf } from '../../../shared/reasons';
import { conditionText, JOB_FAILED_TEXT, RESTARTING_TEXT, trueCondition } from './jobConditions';
import { parseCount, text, timeMs, validName } from './kubeValues';
import type { WorkloadFacts } from './workloadFacts';
import { rayClusterOwner } from './workloadOwner';

type PodSpec = { priorityClassName?: unknown } | undefined;

function priority(...specs: PodSpec[]): string | undefined {
  for (const s of specs) {
    const p = text(s?.priorityClassName, 253);
    if (p) return p;
  }
  return undefined;
}

function count(v: unknown): number {
  return parseCount(v) ?? 0;
}

function failedWith(f: WorkloadFacts, message: string | undefined): void {
  f.failed = message ?? JOB_FAILED_TEXT;
}

export function readJobSet(js: JobSet, f: WorkloadFacts): void {
  const rjobs = Array.isArray(js.spec?.replicatedJobs) ? js.spec.replicatedJobs : [];
  let desired = 0;
  for (const r of rjobs) {
    const jobs = r?.replicas === undefined ? 1 : count(r.replicas);
    const par = r?.template?.spec?.parallelism;
    desired += jobs * (par === undefined ? 1 : count(par));
  }
  f.desired = desired;
  f.priorityClass = priority(...rjobs.map((r) => r?.template?.spec?.template?.spec as PodSpec));
  const st = js.status;
  const conds = st?.conditions;
  const failed = trueCondition(conds, 'Failed');
  if (failed) f.failed = conditionText(failed, JOB_FAILED_TEXT);
  else if (st?.terminalState === 'Failed') f.failed = JOB_FAILED_TEXT;
  f.succeeded = !f.failed && (trueCondition(conds, 'Completed') !== undefined || st?.terminalState === 'Completed');
  f.suspended = js.spec?.suspend === true || trueCondition(conds, 'Suspended') !== undefined;
  let active = 0;
  if (Array.isArray(st?.replicatedJobsStatus)) for (const r of st.replicatedJobsStatus) active += count(r?.active) + count(r?.ready);
  f.running = !f.failed && !f.succeeded && !f.suspended && active > 0;
  const restarts = parseCount(st?.restarts);
  if (restarts) f.statusRestarts = restarts;
}

const VOLCANO_FAILED = new Set(['Failed', 'Aborting', 'Aborted', 'Terminating', 'Terminated']);

export function readVolcanoJob(vj: VolcanoJob, f: WorkloadFacts): void {
  const tasks = Array.isArray(vj.spec?.tasks) ? vj.spec.tasks : [];
  f.desired = tasks.reduce((n, t) => n + (t?.replicas === undefined ? 1 : count(t.replicas)), 0);
  f.priorityClass = priority(vj.spec as PodSpec, ...tasks.map((t) => t?.template?.spec as PodSpec));
  const state = vj.status?.state;
  const phase = text(state?.phase, 40) ?? 'Pending';
  const message = text(state?.message, 300) ?? text(state?.reason, 200);
  if (VOLCANO_FAILED.has(phase)) {
    f.failed = `${phase}${message ? `: ${message}` : ''}`;
    f.failedCode = message ? reasonOf('volcano.phaseWith', { phase, message }) : reasonOf('volcano.phase', { phase });
  } else if (phase === 'Completed') {
    f.succeeded = true;
  } else if (phase === 'Restarting') {
    f.restarting = message ?? RESTARTING_TEXT;
  }
  f.running = phase === 'Running' || phase === 'Completing';
  if (f.running) f.runningSince = timeMs(state?.lastTransitionTime);
  const retries = parseCount(vj.status?.retryCount);
  if (retries) f.statusRestarts = retries;
}

export function readRayJob(rj: RayJob, f: WorkloadFacts): void {
  const cluster = rj.spec?.rayClusterSpec;
  const groups = Array.isArray(cluster?.workerGroupSpecs) ? cluster.workerGroupSpecs : [];
  f.desired = (cluster ? 1 : 0) + groups.reduce((n, g) => n + count(g?.replicas), 0);
  f.priorityClass = priority(cluster?.headGroupSpec?.template?.spec as PodSpec, ...groups.map((g) => g?.template?.spec as PodSpec));
  const st = rj.status;
  const deploy = text(st?.jobDeploymentStatus, 40) ?? '';
  const job = text(st?.jobStatus, 40) ?? '';
  const message = text(st?.message, 300) ?? text(st?.reason, 200);
  if (deploy === 'Failed' || deploy === 'ValidationFailed' || (deploy === 'Complete' && (job === 'FAILED' || job === 'STOPPED'))) {
    failedWith(f, message ?? (job ? `Ray job ${job}` : undefined));
    if (!message && job) f.failedCode = reasonOf('ray.jobStatus', { status: job });
  } else if (deploy === 'Complete') {
    f.succeeded = true;
  } else if (deploy === 'Retrying') {
    f.restarting = 'retrying on a new Ray cluster';
    f.restartingCode = reasonOf('ray.retrying', {});
  }
  f.suspended = !f.failed && !f.succeeded && (rj.spec?.suspend === true || deploy === 'Suspended' || deploy === 'Suspending');
  f.running = deploy === 'Running' && job !== 'PENDING';
  if (f.running) f.runningSince = timeMs(st?.startTime);
  if (!f.failed && !f.succeeded && !f.suspended && !f.restarting && deploy !== 'Running') {
    f.waiting = { text: 'waiting for the Ray cluster', code: reasonOf('ray.waitingForCluster', {}) };
  }
  const failures = parseCount(st?.failed);
  if (failures) f.statusRestarts = failures;
  if (validName(st?.rayClusterName)) f.rayCluster = rayClusterOwner(f.namespace, st.rayClusterName);
}
