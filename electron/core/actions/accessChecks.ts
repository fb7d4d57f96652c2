/** The RBAC checks (SelfSubjectAccessReview) each action asks for, named as kubectl names them. */
import type { AccessCheck } from '../sources/clusterSource';

export const patchNodes: AccessCheck = { verb: 'patch', group: '', resource: 'nodes' };

export function evictPods(namespace: string): AccessCheck {
  return { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace };
}

export function deletePods(namespace: string): AccessCheck {
  return { verb: 'delete', group: '', resource: 'pods', namespace };
}

export function patchDeploymentScale(namespace: string): AccessCheck {
  return { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace };
}

export function patchPyTorchJobs(namespace: string): AccessCheck {
  return { verb: 'patch', group: 'kubeflow.org', resource: 'pytorchjobs', namespace };
}

export function patchServices(namespace: string): AccessCheck {
  return { verb: 'patch', group: '', resource: 'services', namespace };
}

/** "deployments.apps/scale", "pods/eviction", "nodes": kubectl's spelling of a resource. */
export function resourceLabel(check: AccessCheck): string {
  const base = check.group ? `${check.resource}.${check.group}` : check.resource;
  return check.subresource ? `${base}/${check.subresource}` : base;
}
