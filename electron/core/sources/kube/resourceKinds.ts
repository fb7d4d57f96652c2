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
}

function spec(kind: ResourceKind, group: string, version: string, plural: string, namespaced: boolean, optional = false): KindSpec {
  return { kind, group, version, apiVersion: group ? `${group}/${version}` : version, plural, namespaced, optional };
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

/** Training-workload CRDs whose presence we report. Only PyTorchJob is also watched (it is a ResourceKind). */
export interface TrainingCrd { kind: string; group: string; plural: string; /** Versions to accept, preferred first. */ versions: string[]; watchedAs?: ResourceKind }

export const TRAINING_CRDS: TrainingCrd[] = [
  { kind: 'PyTorchJob', group: 'kubeflow.org', plural: 'pytorchjobs', versions: ['v1'], watchedAs: 'PyTorchJob' },
  { kind: 'Workload', group: 'kueue.x-k8s.io', plural: 'workloads', versions: ['v1beta2', 'v1beta1'] },
  { kind: 'Job', group: 'batch.volcano.sh', plural: 'jobs', versions: ['v1alpha1'] },
  { kind: 'JobSet', group: 'jobset.x-k8s.io', plural: 'jobsets', versions: ['v1alpha2'] },
  { kind: 'RayJob', group: 'ray.io', plural: 'rayjobs', versions: ['v1', 'v1alpha1'] },
];
