/**
 * The Kubernetes objects sources deliver. Core uses client-node's own model types so the demo
 * simulator is held to the real API's shapes; training CRDs client-node does not know are
 * typed here after their published schemas.
 */
import type {
  CoreV1Event, V1Deployment, V1Job, V1Node, V1ObjectMeta, V1Pod, V1PodDisruptionBudget, V1Service,
} from '@kubernetes/client-node';

export type { CoreV1Event, V1Deployment, V1Job, V1Node, V1ObjectMeta, V1Pod, V1PodDisruptionBudget, V1Service };

export interface ReplicaSpec {
  replicas?: number;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never' | 'ExitCode';
  template: { metadata?: V1ObjectMeta; spec?: V1Pod['spec'] };
}

export interface JobCondition { type: 'Created' | 'Running' | 'Restarting' | 'Succeeded' | 'Failed' | 'Suspended'; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string; lastUpdateTime?: string }

/** kubeflow.org/v1 PyTorchJob (training-operator). */
export interface PyTorchJob {
  apiVersion: 'kubeflow.org/v1';
  kind: 'PyTorchJob';
  metadata: V1ObjectMeta;
  spec: {
    elasticPolicy?: { minReplicas?: number; maxReplicas?: number; maxRestarts?: number; rdzvBackend?: string };
    runPolicy?: { backoffLimit?: number; cleanPodPolicy?: string; schedulingPolicy?: { priorityClass?: string; minAvailable?: number; queue?: string } };
    pytorchReplicaSpecs: { Master?: ReplicaSpec; Worker?: ReplicaSpec };
  };
  status?: {
    conditions?: JobCondition[];
    replicaStatuses?: Record<string, { active?: number; succeeded?: number; failed?: number }>;
    startTime?: string;
    completionTime?: string;
    lastReconcileTime?: string;
  };
}

export type ResourceKind = 'Node' | 'Pod' | 'Event' | 'Deployment' | 'Service' | 'PodDisruptionBudget' | 'Job' | 'PyTorchJob';
export const RESOURCE_KINDS: readonly ResourceKind[] = ['Node', 'Pod', 'Event', 'Deployment', 'Service', 'PodDisruptionBudget', 'Job', 'PyTorchJob'];

export interface KindMap {
  Node: V1Node;
  Pod: V1Pod;
  Event: CoreV1Event;
  Deployment: V1Deployment;
  Service: V1Service;
  PodDisruptionBudget: V1PodDisruptionBudget;
  Job: V1Job;
  PyTorchJob: PyTorchJob;
}
export type KubeObject = KindMap[ResourceKind];

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchEvent = { [K in ResourceKind]: { type: WatchEventType; kind: K; object: KindMap[K] } }[ResourceKind];

export interface ObjectRef { kind: ResourceKind; namespace?: string; name: string }

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
