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

/** Only the fields the console reads; the CRDs' own schemas (linked) have many more. */
interface MetaCondition { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }
type PodTemplate = { metadata?: V1ObjectMeta; spec?: V1Pod['spec'] };

/** jobset.x-k8s.io/v1alpha2 JobSet (kubernetes-sigs/jobset api/jobset/v1alpha2/jobset_types.go). */
export interface JobSet {
  apiVersion: string;
  kind: 'JobSet';
  metadata: V1ObjectMeta;
  spec?: {
    suspend?: boolean;
    replicatedJobs?: { name?: string; replicas?: number; template?: { spec?: { parallelism?: number; template?: PodTemplate } } }[];
  };
  status?: {
    /** Completed, Failed, Suspended, StartupPolicyInProgress/Completed (metav1.Condition). */
    conditions?: MetaCondition[];
    restarts?: number;
    /** "Completed" or "Failed" once finished. */
    terminalState?: string;
    replicatedJobsStatus?: { name?: string; ready?: number; succeeded?: number; failed?: number; active?: number; suspended?: number }[];
  };
}

/** batch.volcano.sh/v1alpha1 Job (volcano-sh/apis pkg/apis/batch/v1alpha1/job.go); kind "Job" in its own group. */
export interface VolcanoJob {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta;
  spec?: { minAvailable?: number; queue?: string; priorityClassName?: string; tasks?: { name?: string; replicas?: number; template?: PodTemplate }[] };
  status?: {
    /** Pending, Aborting, Aborted, Running, Restarting, Completing, Completed, Terminating, Terminated, Failed. */
    state?: { phase?: string; reason?: string; message?: string; lastTransitionTime?: string };
    minAvailable?: number;
    pending?: number;
    running?: number;
    succeeded?: number;
    failed?: number;
    retryCount?: number;
  };
}

/** ray.io/v1 RayJob (ray-project/kuberay ray-operator/apis/ray/v1/rayjob_types.go). */
export interface RayJob {
  apiVersion: string;
  kind: 'RayJob';
  metadata: V1ObjectMeta;
  spec?: {
    suspend?: boolean;
    rayClusterSpec?: { headGroupSpec?: { template?: PodTemplate }; workerGroupSpecs?: { groupName?: string; replicas?: number; template?: PodTemplate }[] };
  };
  status?: {
    /** The Ray job: PENDING, RUNNING, STOPPED, SUCCEEDED, FAILED. */
    jobStatus?: string;
    /** The RayJob controller: New, Initializing, Waiting, Running, Complete, Failed, Suspending, Suspended, Retrying, ValidationFailed. */
    jobDeploymentStatus?: string;
    /** The RayCluster it runs on; its pods carry the label ray.io/cluster=<this>. */
    rayClusterName?: string;
    reason?: string;
    message?: string;
    startTime?: string;
    failed?: number;
  };
}

/** kueue.x-k8s.io/v1beta1|v1beta2 Workload: Kueue's admission record for one job (ownerReferences name the job). */
export interface KueueWorkload {
  apiVersion: string;
  kind: 'Workload';
  metadata: V1ObjectMeta;
  spec?: { queueName?: string; priorityClassName?: string };
  status?: {
    /** QuotaReserved, Admitted, Evicted, Finished, Preempted, Requeued… (metav1.Condition). */
    conditions?: MetaCondition[];
    admission?: { clusterQueue?: string };
  };
}

export type ResourceKind =
  | 'Node' | 'Pod' | 'Event' | 'Deployment' | 'Service' | 'PodDisruptionBudget' | 'Job' | 'PyTorchJob'
  | 'JobSet' | 'VolcanoJob' | 'RayJob' | 'KueueWorkload';
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'Node', 'Pod', 'Event', 'Deployment', 'Service', 'PodDisruptionBudget', 'Job', 'PyTorchJob', 'JobSet', 'VolcanoJob', 'RayJob', 'KueueWorkload',
];

export interface KindMap {
  Node: V1Node;
  Pod: V1Pod;
  Event: CoreV1Event;
  Deployment: V1Deployment;
  Service: V1Service;
  PodDisruptionBudget: V1PodDisruptionBudget;
  Job: V1Job;
  PyTorchJob: PyTorchJob;
  JobSet: JobSet;
  VolcanoJob: VolcanoJob;
  RayJob: RayJob;
  KueueWorkload: KueueWorkload;
}
export type KubeObject = KindMap[ResourceKind];

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchEvent = { [K in ResourceKind]: { type: WatchEventType; kind: K; object: KindMap[K] } }[ResourceKind];

export interface ObjectRef { kind: ResourceKind; namespace?: string; name: string }

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
