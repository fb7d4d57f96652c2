/**
 * Kueue Workloads (kueue.x-k8s.io/v1beta1|v1beta2 "Workload") are admission records, not
 * workloads: Kueue creates one per job it queues, owned by the job (ownerReferences), and keeps
 * the job suspended until it is admitted. The console shows that state on the job's own row —
 * the queue it waits in, or why it was evicted — rather than as a row of its own.
 *
 * State, first match wins (conditions are metav1.Conditions): Finished → finished ·
 * Admitted → admitted · Evicted → evicted (its message) · QuotaReserved → quotaReserved
 * (quota held in status.admission.clusterQueue, admission checks still pending) · else queued
 * in the LocalQueue spec.queueName. The owner is the controller ownerReference of a kind the
 * console lists (batch/v1 Job, PyTorchJob, JobSet, RayJob).
 */
import type { KueueWorkload } from '../k8s/objects';
import type { QueueView } from '../../../shared/views';
import { trueCondition } from './jobConditions';
import { text, validName } from './kubeValues';
import { workloadKey } from './workloadOwner';

export interface AdmissionFacts {
  /** The workload key of the job it admits. */
  owner: string;
  queue: QueueView;
}

const OWNER_KINDS: Readonly<Record<string, string>> = {
  'batch/Job': 'Job', 'kubeflow.org/PyTorchJob': 'PyTorchJob', 'jobset.x-k8s.io/JobSet': 'JobSet', 'ray.io/RayJob': 'RayJob',
};

export function admissionFacts(wl: KueueWorkload): AdmissionFacts | undefined {
  const meta = wl?.metadata;
  if (!meta || !validName(meta.name)) return undefined;
  const namespace = validName(meta.namespace) ? meta.namespace : 'default';
  let owner: string | undefined;
  for (const r of Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []) {
    if (!r || !validName(r.name) || typeof r.apiVersion !== 'string') continue;
    const group = r.apiVersion.includes('/') ? r.apiVersion.slice(0, r.apiVersion.indexOf('/')) : '';
    const kind = OWNER_KINDS[`${group}/${r.kind}`];
    if (kind && (r.controller === true || owner === undefined)) owner = workloadKey(kind, namespace, r.name);
  }
  if (!owner) return undefined;
  const conds = wl.status?.conditions;
  const clusterQueue = text(wl.status?.admission?.clusterQueue, 253);
  const evicted = trueCondition(conds, 'Evicted');
  let state: QueueView['state'];
  if (trueCondition(conds, 'Finished')) state = 'finished';
  else if (trueCondition(conds, 'Admitted')) state = 'admitted';
  else if (evicted) state = 'evicted';
  else if (trueCondition(conds, 'QuotaReserved')) state = 'quotaReserved';
  else state = 'queued';
  const queue: QueueView = { workload: meta.name, state };
  const localQueue = text(wl.spec?.queueName, 253);
  if (localQueue) queue.localQueue = localQueue;
  if (clusterQueue) queue.clusterQueue = clusterQueue;
  if (state === 'evicted') queue.message = text(evicted!.message, 300) ?? text(evicted!.reason, 200) ?? 'evicted';
  return { owner, queue };
}

export function sameQueue(a: QueueView | undefined, b: QueueView | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.workload === b.workload && a.state === b.state
    && a.localQueue === b.localQueue && a.clusterQueue === b.clusterQueue && a.message === b.message);
}
