/**
 * Where each kind the console reads lives in the API, and the training CRDs we look for.
 */
import type { ResourceKind } from '../../k8s/objects';

export interface KindSpec {
  kind: ResourceKind;
  group: string;
  version: string;
  apiVersion: string;
  /** Lower-case plural, the URL segment and the RBAC resource. */
  plural: string;
  namespaced: boolean;
  /** Served by a CRD that may be absent. */
  optional: boolean;
  /** Versions we can read, preferred first (CRDs only); discovery picks the one the cluster serves. */
  versions: string[];
}

function spec(kind: ResourceKind, group: string, version: string, plural: string, namespaced: boolean, optional = false, versions = [version]): KindSpec {
  return { kind, group, version, apiVersion: group ? `${group}/${version}` : version, plural, namespaced, optional, versions };
}

/** The spec at another version (the one discovery found served). */
export function atVersion(s: KindSpec, version: string): KindSpec {
  return version === s.version ? s : { ...s, version, apiVersion: s.group ? `${s.group}/${version}` : version };
}

export const KIND_SPECS: Record<ResourceKind, KindSpec> = {
  Node: spec('Node', '', 'v1', 'nodes', false),
  Pod: spec('Pod', '', 'v1', 'pods', true),
  Event: spec('Event', '', 'v1', 'events', true),
  Deployment: spec('Deployment', 'apps', 'v1', 'deployments', true),
  Service: spec('Service', '', 'v1', 'services', true),
  PodDisruptionBudget: spec('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', true),
  Job: spec('Job', 'batch', 'v1', 'jobs', true),
  PyTorchJob: spec('PyTorchJob', 'kubeflow.org', 'v1', 'pytorchjobs', true, true),
  JobSet: spec('JobSet', 'jobset.x-k8s.io', 'v1alpha2', 'jobsets', true, true),
  // Volcano's kind is "Job" in its own group; the console calls it VolcanoJob to keep it apart from batch/v1 Job.
  VolcanoJob: spec('VolcanoJob', 'batch.volcano.sh', 'v1alpha1', 'jobs', true, true),
  RayJob: spec('RayJob', 'ray.io', 'v1', 'rayjobs', true, true, ['v1', 'v1alpha1']),
  // Kueue's kind is "Workload": an admission record for a job, not a workload of its own.
  KueueWorkload: spec('KueueWorkload', 'kueue.x-k8s.io', 'v1beta2', 'workloads', true, true, ['v1beta2', 'v1beta1']),
};

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** The cluster-wide collection (list/watch across namespaces). */
export function collectionPath(s: KindSpec): string {
  return `${groupVersionPath(s.group, s.version)}/${s.plural}`;
}

/** One object's path; namespaced kinds need the namespace. */
export function objectPath(s: KindSpec, name: string, namespace?: string): string {
  const base = groupVersionPath(s.group, s.version);
  const n = encodeURIComponent(name);
  if (!s.namespaced) return `${base}/${s.plural}/${n}`;
  return `${base}/namespaces/${encodeURIComponent(namespace ?? '')}/${s.plural}/${n}`;
}

/** Training-workload CRDs we look for; each is listed and watched as `watchedAs` when served. */
export interface TrainingCrd { kind: string; group: string; plural: string; /** Versions to accept, preferred first. */ versions: string[]; watchedAs: ResourceKind }

export const TRAINING_CRDS: TrainingCrd[] = (['PyTorchJob', 'KueueWorkload', 'VolcanoJob', 'JobSet', 'RayJob'] as const).map((k) => {
  const s = KIND_SPECS[k];
  return { kind: k === 'KueueWorkload' ? 'Workload' : k === 'VolcanoJob' ? 'Job' : k, group: s.group, plural: s.plural, versions: s.versions, watchedAs: k };
});
