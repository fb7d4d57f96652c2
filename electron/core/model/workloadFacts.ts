/**
 * What the model reads from a workload object (PyTorchJob, batch/v1 Job, apps/v1 Deployment;
 * JobSet, Volcano Job and RayJob in trainingCrdFacts.ts), once per object update: desired replicas, lifecycle conditions, the checkpoint/progress/
 * recovery annotations, elastic policy, priority class and, for inference Deployments, the
 * traffic annotations.
 */
import type { JobSet, PyTorchJob, RayJob, V1Deployment, V1Job, VolcanoJob } from '../k8s/objects';
import { ANNOTATIONS } from '../../../shared/conventions';
import type { ReasonView, WorkloadView } from '../../../shared/views';
import { checkpointFacts, type CheckpointFacts } from './checkpoint';
import { conditionText, JOB_FAILED_TEXT, replicas, RESTARTING_TEXT, trueCondition } from './jobConditions';
import { INFERENCE_ANNOTATIONS } from './inferencePairs';
import { nonNegative, parseCount, stringMap, text, timeMs, validName } from './kubeValues';
import { podGpuRequest } from './podFacts';
import { readJobSet, readRayJob, readVolcanoJob } from './trainingCrdFacts';
import { workloadKey } from './workloadOwner';

export type WorkloadKind = WorkloadView['kind'];
export type WorkloadObject = PyTorchJob | V1Job | V1Deployment | JobSet | VolcanoJob | RayJob;

export interface WorkloadFacts {
  key: string;
  kind: WorkloadKind;
  type: WorkloadView['type'];
  namespace: string;
  name: string;
  desired: number;
  /** Deployment: its pod template requests nvidia.com/gpu. Jobs: always true (listed regardless). */
  requestsGpus: boolean;
  priorityClass?: string;
  /** Set when a Failed condition is True: its message or reason. */
  failed?: string;
  /** The reason code of `failed` / `restarting` when the status says more than a condition (a Volcano phase). */
  failedCode?: ReasonView;
  restartingCode?: ReasonView;
  /** Why a CRD job is not running yet when no pod explains it (a RayJob waiting for its Ray cluster). */
  waiting?: { text: string; code: ReasonView };
  /** Restarts its controller counts in status (JobSet status.restarts, Volcano retryCount, RayJob failed attempts). */
  statusRestarts?: number;
  /** A batch/v1 Job that a JobSet or RayJob controls: the parent's workload key (it is shown as part of the parent). */
  parent?: string;
  /** RayJob: the raw owner key of the RayCluster it runs on (its pods carry ray.io/cluster). */
  rayCluster?: string;
  succeeded: boolean;
  /** Set when a Restarting condition is True. */
  restarting?: string;
  suspended: boolean;
  /** The job reports itself running (Running condition, or a Job with active pods). */
  running: boolean;
  runningSince?: number;
  checkpoint?: CheckpointFacts;
  progress?: { step: number; totalSteps?: number; samplesPerSec?: number };
  elastic?: WorkloadView['elastic'];
  rpoSec?: number;
  rtoSec?: number;
  lostWorkSec?: number;
  createdAt?: number;
  rps?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  latencySloP99Ms?: number;
}

export { JOB_FAILED_TEXT, RESTARTING_TEXT } from './jobConditions';

export function workloadFacts(kind: WorkloadKind, obj: WorkloadObject): WorkloadFacts | undefined {
  const meta = obj?.metadata;
  if (!meta || !validName(meta.name)) return undefined;
  const namespace = validName(meta.namespace) ? meta.namespace : 'default';
  const ann = stringMap(meta.annotations);
  const f: WorkloadFacts = {
    key: workloadKey(kind, namespace, meta.name),
    kind,
    type: kind === 'Job' ? 'batch' : kind === 'Deployment' ? 'inference' : 'training',
    namespace,
    name: meta.name,
    desired: 0,
    requestsGpus: true,
    succeeded: false,
    suspended: false,
    running: false,
    checkpoint: checkpointFacts(ann),
    rpoSec: nonNegative(ann[ANNOTATIONS.rpo]),
    rtoSec: nonNegative(ann[ANNOTATIONS.rto]),
    lostWorkSec: nonNegative(ann[ANNOTATIONS.lostWork]),
    createdAt: timeMs(meta.creationTimestamp),
  };
  const step = nonNegative(ann[ANNOTATIONS.progressStep]);
  if (step !== undefined) {
    f.progress = { step, totalSteps: nonNegative(ann[ANNOTATIONS.totalSteps]), samplesPerSec: nonNegative(ann[ANNOTATIONS.samplesPerSecond]) };
  }
  switch (kind) {
    case 'PyTorchJob': readPyTorchJob(obj as PyTorchJob, f); break;
    case 'Job': readJob(obj as V1Job, f); break;
    case 'Deployment': readDeployment(obj as V1Deployment, f, ann); break;
    case 'JobSet': readJobSet(obj as JobSet, f); break;
    case 'VolcanoJob': readVolcanoJob(obj as VolcanoJob, f); break;
    case 'RayJob': readRayJob(obj as RayJob, f); break;
  }
  return f;
}

function readPyTorchJob(job: PyTorchJob, f: WorkloadFacts): void {
  const specs = job.spec?.pytorchReplicaSpecs;
  const master = specs?.Master;
  const worker = specs?.Worker;
  const workers = replicas(worker);
  f.desired = replicas(master) + workers;
  f.priorityClass = text(job.spec?.runPolicy?.schedulingPolicy?.priorityClass, 253)
    ?? text(master?.template?.spec?.priorityClassName, 253) ?? text(worker?.template?.spec?.priorityClassName, 253);
  const conds = job.status?.conditions;
  const failed = trueCondition(conds, 'Failed');
  if (failed) f.failed = conditionText(failed, JOB_FAILED_TEXT);
  f.succeeded = trueCondition(conds, 'Succeeded') !== undefined;
  const restarting = trueCondition(conds, 'Restarting');
  if (restarting) f.restarting = conditionText(restarting, RESTARTING_TEXT);
  f.suspended = trueCondition(conds, 'Suspended') !== undefined;
  const running = trueCondition(conds, 'Running');
  f.running = running !== undefined && !f.failed && !f.succeeded;
  if (f.running) f.runningSince = timeMs(running!.lastTransitionTime) ?? timeMs(job.status?.startTime);
  const ep = job.spec?.elasticPolicy;
  if (ep && typeof ep === 'object') {
    f.elastic = {
      minReplicas: parseCount(ep.minReplicas) ?? workers,
      maxReplicas: parseCount(ep.maxReplicas) ?? workers,
      current: workers,
      maxRestarts: parseCount(ep.maxRestarts),
    };
  }
}

function readJob(job: V1Job, f: WorkloadFacts): void {
  const spec = job.spec;
  f.desired = spec?.parallelism === undefined ? 1 : parseCount(spec.parallelism) ?? 0;
  f.priorityClass = text(spec?.template?.spec?.priorityClassName, 253);
  const conds = job.status?.conditions;
  const failed = trueCondition(conds, 'Failed');
  if (failed) f.failed = conditionText(failed, JOB_FAILED_TEXT);
  f.succeeded = trueCondition(conds, 'Complete') !== undefined;
  f.suspended = spec?.suspend === true || trueCondition(conds, 'Suspended') !== undefined;
  f.running = !f.failed && !f.succeeded && !f.suspended && (parseCount(job.status?.active) ?? 0) > 0;
  if (f.running) f.runningSince = timeMs(job.status?.startTime);
  // JobSet's child Jobs and a RayJob's submitter Job are parts of their parent, not workloads of their own.
  const refs = job.metadata?.ownerReferences;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      if (r?.controller !== true || !validName(r.name)) continue;
      if (r.kind === 'JobSet' || r.kind === 'RayJob') f.parent = workloadKey(r.kind, f.namespace, r.name);
    }
  }
}

function readDeployment(d: V1Deployment, f: WorkloadFacts, ann: Readonly<Record<string, string>>): void {
  const spec = d.spec;
  f.desired = spec?.replicas === undefined ? 1 : parseCount(spec.replicas) ?? 0;
  f.priorityClass = text(spec?.template?.spec?.priorityClassName, 253);
  f.requestsGpus = podGpuRequest(spec?.template?.spec) > 0;
  f.running = f.desired > 0;
  f.rps = nonNegative(ann[INFERENCE_ANNOTATIONS.rps]);
  f.latencyP50Ms = nonNegative(ann[INFERENCE_ANNOTATIONS.latencyP50]);
  f.latencyP99Ms = nonNegative(ann[INFERENCE_ANNOTATIONS.latencyP99]);
  f.latencySloP99Ms = nonNegative(ann[INFERENCE_ANNOTATIONS.latencySloP99]);
}
