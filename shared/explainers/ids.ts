/**
 * Every explainer id, in display order. Other code can reference explainers
 * with the `ExplainerId` type so that a typo fails type-checking.
 */
export const EXPLAINER_IDS = [
  // GPU health
  'gpu-allocation-vs-utilization',
  'dcgm-metrics',
  'gpu-health',
  'xid-errors',
  'ecc-row-remapping',
  'nvlink-errors',
  'thermal-throttling',
  'stragglers',
  'power-energy',
  'mig-partitioning',
  'gpu-reset',
  // Kubernetes
  'node-conditions',
  'notready-eviction-timeout',
  'cordon',
  'drain',
  'taints-tolerations',
  'pod-disruption-budget',
  'eviction-api',
  'kubernetes-events',
  'readiness-liveness-probes',
  // Resilience
  'checkpointing',
  'checkpoint-interval',
  'async-checkpoints',
  'lost-work',
  'rpo',
  'rto',
  'mtbf-mttr',
  'goodput',
  'elastic-training',
  'redundancy',
  'failure-detection',
  'isolation',
  'retries-error-masking',
  'failure-domains',
  'failover-active-passive-active-active',
  'headroom-n-plus-1',
  'disaster-recovery',
  'fault-injection-game-days',
  // Parallelism
  'data-parallelism',
  'model-parallelism',
  'pipeline-parallelism',
  'tensor-parallelism',
  'allreduce-vs-parameter-server',
  'nccl-hangs',
  // Scheduling
  'gang-scheduling',
  'priority-preemption',
  'quotas',
  'topology-aware-scheduling',
  'autoscaling',
  // Inference
  'model-compression',
  'kv-cache',
  'inference-latency-slo',
  // Console
  'data-age',
  'dry-run',
  'blast-radius',
  'rbac',
  'audit-log',
  'read-only-mode',
] as const;

export type ExplainerId = (typeof EXPLAINER_IDS)[number];
