/**
 * The simulator's own bookkeeping beside the Kubernetes objects. The object store is the
 * truth for what an API client can see and change (spec fields, labels, annotations); these
 * records hold what the API does not show (timers, which GPU a pod got, training state) and the
 * indexes that keep a step cheap on 2,000 nodes.
 */
import type { V1Toleration } from '@kubernetes/client-node';
import type { BatchPlan, GpuModelSpec, InferencePlan, PoolId, TrainingPlan } from './presets';

export type GpuHealthState = 'ok' | 'degraded' | 'unhealthy' | 'lost';

export interface GpuSim {
  /** "node/index". */
  id: string;
  node: string;
  index: number;
  uuid: string;
  health: GpuHealthState;
  /** False when the device plugin has withdrawn the device (allocatable drops). */
  allocatable: boolean;
  /** DCGM_FI_DEV_XID_ERRORS: last XID code, 0 when none since the last reset. */
  xid: number;
  xidAt?: number;
  /** Active thermal faults on this GPU. */
  thermal: number;
  /** Pod key holding this GPU. */
  pod?: string;
}

export interface NodeSim {
  name: string;
  zone: string;
  pool: PoolId;
  model: GpuModelSpec;
  gpus: GpuSim[];
  cpuMilli: number;
  podsCap: number;
  ready: boolean;
  notReadySince?: number;
  /** Active faults holding this node NotReady (nodeNotReady and zoneOutage stack). */
  downFaults: number;
  /** Pod keys bound to the node (any phase, until the pod object is removed). */
  pods: Set<string>;
  /** Resources held by non-terminal pods bound here. */
  usedGpus: number;
  usedCpu: number;
  podCount: number;
}

/**
 * A Node object that was deleted while pods were bound to it. The scheduler, telemetry and
 * faults no longer see the node; its pods keep their last status until the pod garbage
 * collector (podGc.ts) force-deletes them.
 */
export interface OrphanNodeSim {
  node: NodeSim;
  deletedAt: number;
  /** Set by the first PodGC pass that finds the node missing; the pods go at the first pass after it. */
  quarantinedUntil?: number;
}

export type PodOwnerKind = 'PyTorchJob' | 'Job' | 'Deployment' | 'DaemonSet';

export interface PodOwner {
  kind: PodOwnerKind;
  /** "ns/name" of the workload (for Deployment pods: the Deployment, not the ReplicaSet). */
  workload: string;
  replicaType?: 'Master' | 'Worker';
  index?: number;
}

export type PodState = 'Pending' | 'Creating' | 'Running' | 'Succeeded' | 'Failed';

export interface PodSim {
  key: string;
  ns: string;
  name: string;
  uid: string;
  owner: PodOwner;
  gpus: number;
  cpuMilli: number;
  priority: number;
  nodeSelector: Record<string, string>;
  tolerations: V1Toleration[];
  /** Seconds from bind to container start, and from start to Ready. */
  startupSec: number;
  readySec: number;
  node?: string;
  gpuIdx: number[];
  state: PodState;
  /** Creation order, the scheduler's tie-break. */
  seq: number;
  /** Set when deletion was requested; the object disappears at deleteAt. */
  deleting: boolean;
  deleteAt?: number;
  startAt?: number;
  readyAt?: number;
  /** Batch pods: when the work is done. */
  finishAt?: number;
  /** Published Ready condition. */
  ready: boolean;
  restarts: number;
  nominatedNode?: string;
  lastSchedAttempt?: number;
  schedAttempts?: number;
  /** Scheduling shape (resources, selector, tolerations), computed once. */
  shape?: string;
  /** Why the pod last stopped being available (for job event messages). */
  lastFailure?: string;
  /** Inference pods: hidden from readiness by an inferenceZoneDown fault. */
  inference: boolean;
  daemon: boolean;
}

export type TrainingPhase = 'Created' | 'Running' | 'Restarting' | 'Succeeded' | 'Failed';

export interface TrainingSim {
  key: string;
  ns: string;
  name: string;
  uid: string;
  plan: TrainingPlan;
  phase: TrainingPhase;
  step: number;
  totalSteps: number;
  /** Replica pods that exist (by replica name, e.g. "master-0", "worker-3"). */
  pods: Map<string, string>;
  /** Available replicas at the end of the previous step (drops are failures). */
  lastAvailable: number;
  /** Seconds of progress since the last completed checkpoint: what a restart would lose. */
  runningSecSinceCkpt: number;
  /** Running seconds since the last checkpoint attempt (success or failure). */
  sinceCkptAttemptSec: number;
  ckptStep: number;
  ckptTime: number;
  saving?: { until: number; step: number };
  restoreUntil: number;
  lostWorkSec: number;
  restarts: number;
  elasticRestarts: number;
  /** Active NCCL hang faults. */
  hung: number;
  samplesPerSec: number;
  lastPublish: number;
  /** Annotations last published, to skip no-op writes. */
  published: Record<string, string>;
  /** Why a replica last became unavailable (kept after the pod itself is gone). */
  failureNote?: string;
  /** replicaStatuses last written (JSON), to skip no-op status writes. */
  publishedStatus?: string;
  startTime: number;
  completionTime?: number;
  lastTransition: number;
}

export interface DeploymentSim {
  key: string;
  ns: string;
  name: string;
  uid: string;
  rsName: string;
  hash: string;
  rsUid: string;
  /** The ReplicaSet's spec.replicas as the deployment controller last set it. */
  rsReplicas?: number;
  pods: Set<string>;
  /** Inference pair membership. */
  service?: string;
  role?: 'primary' | 'standby';
  gpus: number;
  cpuMilli: number;
  memoryMi: number;
  image: string;
  pool?: PoolId;
  zone?: string;
  priorityClass?: string;
  startupSec: number;
  readySec: number;
}

export interface InferenceSim {
  /** Service key "ns/name". */
  key: string;
  ns: string;
  name: string;
  plan: InferencePlan;
  primary: string;
  standby: string;
  rps: number;
  offered: number;
  p50: number;
  p99: number;
  errorRate: number;
  /** Offered load over ready capacity of the active side, 0..1 (GPU telemetry follows it). */
  utilization: number;
  lastPublish: number;
  published: Record<string, string>;
}

export interface BatchSim {
  key: string;
  ns: string;
  name: string;
  uid: string;
  cron: CronSim;
  completions: number;
  parallelism: number;
  backoffLimit: number;
  pods: Set<string>;
  /** Pod keys already counted into succeeded/failed (the Job controller's uncountedTerminatedPods). */
  counted: Set<string>;
  succeeded: number;
  failed: number;
  phase: 'Running' | 'Complete' | 'Failed';
  startTime: number;
  completionTime?: number;
}

export interface CronSim {
  plan: BatchPlan;
  uid: string;
  run: number;
  /** When to start the next run (set when the current one finishes). */
  nextRunAt?: number;
  current?: string;
  previous?: string;
}

export interface PdbSim {
  key: string;
  ns: string;
  name: string;
  matchLabels: Record<string, string>;
  pods: Set<string>;
}
