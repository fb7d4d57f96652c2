/**
 * Annotations the demo writes beyond shared/conventions.ts ANNOTATIONS: live serving metrics
 * of an inference service, published on its primary Deployment (the workload the console
 * shows), refreshed every 10 s of virtual time. On a real cluster a metrics adapter would
 * provide the same numbers; the model reads these keys when present.
 */
export const DEMO_ANNOTATIONS = {
  /** Requests per second the service answered successfully. */
  rps: 'bulwark.io/rps',
  /** Requests per second offered by clients (answered or not). */
  offeredRps: 'bulwark.io/offered-rps',
  latencyP50: 'bulwark.io/latency-p50-ms',
  latencyP99: 'bulwark.io/latency-p99-ms',
  /** Fraction of requests failing (0..1): no ready backend, or overload shedding. */
  errorRate: 'bulwark.io/error-rate',
  /** The team's p99 latency objective, set on both Deployments of a pair (static). */
  latencySloP99: 'bulwark.io/latency-slo-p99-ms',
  /** Which Deployment currently serves (primary|standby), as the Service selects it. */
  servingRole: 'bulwark.io/active-serving-role',
} as const;
