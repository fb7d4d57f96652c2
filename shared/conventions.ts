/**
 * Labels and annotations Bulwark reads on real clusters and writes in the demo.
 * One convention for demo and live: a training job reports its last checkpoint with
 * annotations on the job object (the trainer, or a sidecar, patches them after each save).
 * Kubernetes has no standard for this, so we keep it small and documented in README.md.
 */
export const ANNOTATIONS = {
  /** RFC 3339 time of the last completed checkpoint. */
  checkpointTime: 'bulwark.io/checkpoint-time',
  /** Training step saved in the last checkpoint. */
  checkpointStep: 'bulwark.io/checkpoint-step',
  /** Where checkpoints are written (URI), e.g. s3://ckpt/llama or pvc://ckpt-store. */
  checkpointStorage: 'bulwark.io/checkpoint-storage',
  /** Intended seconds between checkpoints; checkpoint age above 2× this is "stale". */
  checkpointInterval: 'bulwark.io/checkpoint-interval-seconds',
  /** Current training step and the planned total (progress). */
  progressStep: 'bulwark.io/progress-step',
  totalSteps: 'bulwark.io/total-steps',
  /** Current throughput, samples per second (the whole job). */
  samplesPerSecond: 'bulwark.io/samples-per-second',
  /** Recovery objectives the owning team set for this workload, in seconds. */
  rpo: 'bulwark.io/rpo-seconds',
  rto: 'bulwark.io/rto-seconds',
  /** On an inference Service: the Deployments that serve it from the primary and standby zone. */
  primaryDeployment: 'bulwark.io/primary-deployment',
  standbyDeployment: 'bulwark.io/standby-deployment',
  /** Cumulative work lost to failures, in seconds of training (written by Bulwark in the demo). */
  lostWork: 'bulwark.io/lost-work-seconds',
} as const;

export const LABELS = {
  zone: 'topology.kubernetes.io/zone',
  gpuProduct: 'nvidia.com/gpu.product',
  gpuCount: 'nvidia.com/gpu.count',
  gpuMemory: 'nvidia.com/gpu.memory',
  /** Node pool; GKE/EKS/AKS each have their own key, we read this one and fall back to the product. */
  pool: 'bulwark.io/pool',
  /** Inference Deployments: which side of a primary/standby pair this is; the Service selects one. */
  servingRole: 'bulwark.io/serving-role',
  /** Set on the Service/Deployments of an inference service: its name. */
  inferenceService: 'bulwark.io/inference-service',
  /** kubeflow's label naming the job a pod belongs to. */
  trainingJobName: 'training.kubeflow.org/job-name',
  trainingReplicaType: 'training.kubeflow.org/replica-type',
} as const;

export const GPU_RESOURCE = 'nvidia.com/gpu';

/** Taint Bulwark applies to isolate a node ("taint to isolate"). */
export const ISOLATION_TAINT_KEY = 'bulwark.io/isolated';
