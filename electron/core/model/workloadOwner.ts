/**
 * Which workload a pod belongs to, from the pod alone (so it never depends on the order in
 * which kinds are listed). The result is the owner's WorkloadKey, "Kind/namespace/name".
 *
 * Rules, first match wins:
 *  1. ownerReference kind PyTorchJob → PyTorchJob/ns/<name>.
 *  2. label jobset.sigs.k8s.io/jobset-name → JobSet/ns/<label>. A JobSet's pods are owned by
 *     its child batch/v1 Jobs; the JobSet controller labels every Job and pod with its name.
 *  3. label volcano.sh/job-name, or an ownerReference kind Job in group batch.volcano.sh →
 *     VolcanoJob/ns/<name> (Volcano's controller owns pods directly, as kind "Job": the
 *     apiVersion keeps it apart from a batch/v1 Job).
 *  4. label ray.io/cluster → RayCluster/ns/<label>: a raw owner that is no workload itself;
 *     the RayJob whose status.rayClusterName names that cluster folds it in (the model does
 *     that, since it needs the RayJob). Pods of a RayCluster without a RayJob belong to none.
 *  5. label training.kubeflow.org/job-name → PyTorchJob/ns/<label> (older training-operator
 *     versions own pods through the job without a controller ref on every pod).
 *  6. ownerReference kind Job (batch/v1) → Job/ns/<name>.
 *  7. ownerReference kind ReplicaSet → Deployment/ns/<deployment>. The Deployment controller
 *     names a ReplicaSet "<deployment>-<pod-template-hash>" and copies the hash into the pod's
 *     `pod-template-hash` label, so the suffix is stripped exactly when that label matches; if
 *     the label is missing, a trailing "-<5..10 lowercase alphanumerics>" is stripped; if the
 *     name has no such suffix, the pod's `app` label names the Deployment. We do not list
 *     ReplicaSets (one more watch for thousands of objects) — this mapping is the trade-off.
 */
import type { V1Pod } from '../k8s/objects';
import { LABELS } from '../../../shared/conventions';
import { stringMap, validName } from './kubeValues';

const HASH_SUFFIX = /-[0-9a-z]{5,10}$/;

/** Labels the training CRDs' controllers put on the pods they create (their names, not ours). */
export const CONTROLLER_LABELS = {
  jobSetName: 'jobset.sigs.k8s.io/jobset-name',
  volcanoJobName: 'volcano.sh/job-name',
  rayCluster: 'ray.io/cluster',
} as const;

/** The raw owner key of a RayCluster's pods (folded into the RayJob that runs on it). */
export function rayClusterOwner(namespace: string, cluster: string): string {
  return `RayCluster/${namespace}/${cluster}`;
}

export function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The Deployment that owns a ReplicaSet, per the naming rule above. */
export function deploymentOfReplicaSet(replicaSet: string, podLabels: Readonly<Record<string, string>>): string | undefined {
  const hash = podLabels['pod-template-hash'];
  if (typeof hash === 'string' && hash.length > 0 && replicaSet.endsWith(`-${hash}`) && replicaSet.length > hash.length + 1) {
    return replicaSet.slice(0, replicaSet.length - hash.length - 1);
  }
  if (HASH_SUFFIX.test(replicaSet)) {
    const stripped = replicaSet.replace(HASH_SUFFIX, '');
    if (stripped.length > 0) return stripped;
  }
  const app = podLabels.app;
  return validName(app) ? app : undefined;
}

export function ownerOfPod(pod: V1Pod, namespace: string): string | undefined {
  const meta = pod.metadata;
  const refs = Array.isArray(meta?.ownerReferences) ? meta.ownerReferences : undefined;
  const labels = stringMap(meta?.labels);
  let job: string | undefined;
  let volcanoJob: string | undefined;
  let replicaSet: string | undefined;
  if (refs) {
    for (const ref of refs) {
      if (!ref || !validName(ref.name)) continue;
      if (ref.kind === 'PyTorchJob') return workloadKey('PyTorchJob', namespace, ref.name);
      if (ref.kind === 'Job') {
        if (typeof ref.apiVersion === 'string' && ref.apiVersion.startsWith('batch.volcano.sh/')) volcanoJob = ref.name;
        else job = ref.name;
      } else if (ref.kind === 'ReplicaSet') replicaSet = ref.name;
    }
  }
  const jobSet = labels[CONTROLLER_LABELS.jobSetName];
  if (validName(jobSet)) return workloadKey('JobSet', namespace, jobSet);
  const volcanoLabel = labels[CONTROLLER_LABELS.volcanoJobName];
  if (validName(volcanoLabel)) return workloadKey('VolcanoJob', namespace, volcanoLabel);
  if (volcanoJob) return workloadKey('VolcanoJob', namespace, volcanoJob);
  const rayCluster = labels[CONTROLLER_LABELS.rayCluster];
  if (validName(rayCluster)) return rayClusterOwner(namespace, rayCluster);
  const trainingJob = labels[LABELS.trainingJobName];
  if (validName(trainingJob)) return workloadKey('PyTorchJob', namespace, trainingJob);
  if (job) return workloadKey('Job', namespace, job);
  if (replicaSet) {
    const deployment = deploymentOfReplicaSet(replicaSet, labels);
    if (deployment) return workloadKey('Deployment', namespace, deployment);
  }
  return undefined;
}
