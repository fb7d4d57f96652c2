/**
 * The views the model computes from Kubernetes objects and DCGM samples, and that the
 * renderer shows. Plain data: no Node, no DOM. Keys are stable strings so the renderer can
 * keep Maps and apply deltas.
 */

export type GpuHealth = 'healthy' | 'degraded' | 'unhealthy' | 'lost';
export type NodeHealth = 'healthy' | 'degraded' | 'unhealthy' | 'notready';
export type WorkloadHealth = 'healthy' | 'degraded' | 'recovering' | 'failed' | 'pending' | 'succeeded';
export const WORKLOAD_HEALTH: readonly WorkloadHealth[] = ['healthy', 'degraded', 'recovering', 'failed', 'pending', 'succeeded'];

/**
 * A reason as a code and parameters, so the renderer can show it in the user's language
 * (codes, parameter names and kinds: `shared/reasons.ts`). Sent beside the English text, which
 * stays the reference (API summary, logs) and the fallback for a code the renderer does not know.
 */
export interface ReasonView {
  code: string;
  params?: Record<string, string | number>;
  /** Reasons inside this one, by name, interpolated as `{{name}}` (a GPU's own reason in "straggler on …"). */
  nested?: Record<string, ReasonView>;
  /** Code `list`: several reasons shown one after another ("a; b"). */
  parts?: ReasonView[];
}

/** "ns/name" for namespaced objects. */
export type PodKey = string;
/** "Kind/ns/name", e.g. "PyTorchJob/research/llama-70b". */
export type WorkloadKey = string;
/** "node/index", e.g. "gpu-a-0012/3". */
export type GpuId = string;

export interface GpuView {
  id: GpuId;
  node: string;
  index: number;
  uuid: string;
  model: string;
  zone: string;
  pool: string;
  /** Pod holding this GPU (device-plugin assignment as reported by dcgm-exporter, else by request order). */
  pod?: PodKey;
  namespace?: string;
  workload?: WorkloadKey;
  /** Telemetry (GPU_METRIC_FIELDS): the latest sample, rounded to integers as shown. */
  util?: number; // DCGM_FI_DEV_GPU_UTIL, %
  fbUsedMiB?: number; // DCGM_FI_DEV_FB_USED
  fbFreeMiB?: number; // DCGM_FI_DEV_FB_FREE
  tempC?: number; // DCGM_FI_DEV_GPU_TEMP
  powerW?: number; // DCGM_FI_DEV_POWER_USAGE
  smClockMHz?: number; // DCGM_FI_DEV_SM_CLOCK
  lastXid?: number; // DCGM_FI_DEV_XID_ERRORS (value = last XID code)
  lastXidAt?: number; // ms epoch (source clock)
  health: GpuHealth;
  healthReason?: string;
  healthReasonCode?: ReasonView;
}

export interface TaintView { key: string; value?: string; effect: string }
export interface ConditionView { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }

export interface NodeView {
  name: string;
  zone: string;
  pool: string;
  gpuModel: string;
  gpuCapacity: number;
  gpuAllocatable: number;
  gpuAllocated: number;
  /**
   * Mean DCGM_FI_DEV_GPU_UTIL of the node's GPUs, undefined without metrics. An integer,
   * republished when the mean moves at least one point away from it (so within 1 of the mean).
   */
  utilAvg?: number;
  ready: boolean;
  schedulable: boolean;
  taints: TaintView[];
  health: NodeHealth;
  healthReason?: string;
  healthReasonCode?: ReasonView;
  conditions: ConditionView[];
  podCount: number;
  gpuPodCount: number;
}

export interface CheckpointView {
  time?: number; // ms epoch
  step?: number;
  storage?: string;
  intervalSec?: number;
  ageSec?: number;
  /** Age above twice the interval. */
  stale: boolean;
}

export interface PlacementView { node: string; zone: string; gpus: number; pods: number }

export interface InferenceView {
  primaryDeployment: string;
  standbyDeployment?: string;
  primaryZone?: string;
  standbyZone?: string;
  /** Which side the Service currently selects. */
  activeRole: 'primary' | 'standby';
  rps?: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
}

/**
 * Kueue's admission of a job (its kueue.x-k8s.io Workload): queued in a LocalQueue, quota
 * reserved in a ClusterQueue, admitted, evicted, finished.
 */
export interface QueueView {
  /** The Kueue Workload's name. */
  workload: string;
  state: 'queued' | 'quotaReserved' | 'admitted' | 'evicted' | 'finished';
  localQueue?: string;
  clusterQueue?: string;
  /** Why it was evicted (preemption, pods not ready…). */
  message?: string;
}

/** The workload kinds; JobSet, VolcanoJob (batch.volcano.sh Job) and RayJob only where their CRDs are installed. */
export const WORKLOAD_KINDS = ['PyTorchJob', 'Job', 'Deployment', 'JobSet', 'VolcanoJob', 'RayJob'] as const;

export interface WorkloadView {
  key: WorkloadKey;
  kind: (typeof WORKLOAD_KINDS)[number];
  type: 'training' | 'inference' | 'batch';
  namespace: string;
  name: string;
  health: WorkloadHealth;
  reason: string;
  reasonCode?: ReasonView;
  replicas: { desired: number; ready: number };
  gpus: number;
  restarts: number;
  priorityClass?: string;
  progress?: { step: number; totalSteps?: number; samplesPerSec?: number };
  checkpoint?: CheckpointView;
  /** Training seconds that a failure now would lose: time since the last checkpoint while running. */
  workAtRiskSec?: number;
  /** Training seconds lost to failures so far. */
  lostWorkSec?: number;
  elastic?: { minReplicas: number; maxReplicas: number; current: number; maxRestarts?: number };
  rpoSec?: number;
  rtoSec?: number;
  placement: PlacementView[];
  inference?: InferenceView;
  /** Kueue admission, when a Kueue Workload belongs to this job. */
  queue?: QueueView;
  createdAt?: number;
}

export interface FleetKpis {
  gpus: { total: number; allocated: number; idle: number; unhealthy: number };
  nodes: { total: number; ready: number; cordoned: number };
  /** Mean utilization over GPUs that report metrics, %. */
  utilizationAvg?: number;
  workloads: Record<WorkloadHealth, number>;
  byNamespace: { namespace: string; gpus: number }[];
  byWorkload: { workload: WorkloadKey; gpus: number }[];
}

export interface EventView {
  id: string;
  time: number; // ms epoch
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: { kind: string; namespace?: string; name: string };
  count: number;
}

export interface UtilPoint { t: number; util?: number; allocated: number; unhealthy: number }

export type SourceKind = 'demo' | 'kube';

/** A training-workload CRD the cluster serves, e.g. JobSet jobset.x-k8s.io/v1alpha2. */
export interface TrainingCrdView {
  /** The CRD's own kind (Volcano's is "Job", Kueue's "Workload"). */
  kind: string;
  group: string;
  version: string;
  /** Listing it was refused (403): its objects are not shown. */
  forbidden?: boolean;
}

export interface ConnectionStatus {
  source: { kind: SourceKind; name: string; context?: string; preset?: string };
  state: 'connecting' | 'live' | 'reconnecting' | 'error' | 'stopped';
  /** The source's sentence in English, and its reason code (shared/sourceReasons.ts) for the user's language. */
  message?: string;
  messageCode?: ReasonView;
  /** When the source last delivered objects (ms epoch, wall clock); the UI shows the age. */
  lastSyncAt?: number;
  metrics: { state: 'ok' | 'down' | 'unconfigured'; message?: string; messageCode?: ReasonView; lastScrapeAt?: number };
  /** Training-workload CRDs the cluster serves; undefined until discovery answered. */
  trainingCrds?: TrainingCrdView[];
  /** Demo only: virtual clock. */
  clock?: { now: number; speed: number; paused: boolean };
  readOnly: boolean;
  /** Drills may run on this source: always on the demo; on a live context only when opted in (Settings). */
  drillsAllowed: boolean;
}

/** The GpuView fields that are telemetry (DCGM gauges), carried as columns on the wire. */
export const GPU_METRIC_FIELDS = ['util', 'tempC', 'powerW', 'fbUsedMiB', 'fbFreeMiB', 'smClockMHz'] as const;
export type GpuMetricField = (typeof GPU_METRIC_FIELDS)[number];

/**
 * GPU telemetry as columns, one row per GPU: the values the UI shows, integers (%, °C, W, MiB,
 * MHz), `null` for no value (never sampled, or dropped out of dcgm-exporter). A row names its
 * GPU by `slot`: a small integer the backend gives each GPU for its lifetime (reused after the
 * GPU is removed). `ModelSnapshot.gpuMetrics` rows are in `gpus` order; `ModelDelta.gpuSlots`
 * gives the slot of each upserted GPU, so a slot is always known before its metrics arrive.
 */
export type GpuMetricColumns = { slot: number[] } & Record<GpuMetricField, (number | null)[]>;

/** NodeView.utilAvg of the nodes whose published value moved (by at least one point). */
export interface NodeUtilColumns { name: string[]; utilAvg: (number | null)[] }

/**
 * Objects as columns (shared/columnTable.ts): `cols[c]` holds member `keys[c]` of each of the
 * `n` rows, `null` where absent; a column of repeated strings comes as `{ dict, idx }` (idx −1:
 * absent), a column of lists of objects as one table of all their elements and each row's
 * list length (`len`, −1: absent).
 */
export interface ColumnTable { n: number; keys: string[]; cols: TableColumn[] }
export type TableColumn = unknown[] | { dict: string[]; idx: number[] } | { table: ColumnTable; len: number[] };

export interface ModelSnapshot {
  seq: number;
  at: number;
  /** Every node; the wire form leaves this empty and sends them as `nodeTable`. */
  nodes: NodeView[];
  /**
   * Every GPU. The wire form (what `subscribe` returns) leaves this empty and sends the GPUs,
   * without telemetry, as `gpuTable`, with their telemetry in `gpuMetrics`.
   */
  gpus: GpuView[];
  workloads: WorkloadView[];
  events: EventView[];
  kpis: FleetKpis;
  utilHistory: UtilPoint[];
  /** The nodes as columns (wire form; `nodes` is then empty). */
  nodeTable?: ColumnTable;
  /** The GPUs as columns (wire form; `gpus` is then empty), telemetry left out. */
  gpuTable?: ColumnTable;
  /** Telemetry of the GPUs (row i is GPU i of `gpus` or `gpuTable`) and the slot of each GPU. */
  gpuMetrics?: GpuMetricColumns;
}

export interface Upserts<T> { upsert: T[]; remove: string[] }

/**
 * Coalesced change since the previous delta (seq increases by one per delta). Structural
 * changes (holder, health, XID, allocation, conditions…) come as whole views; telemetry comes
 * as columns of the GPUs / nodes whose displayed value changed, at most about once a second.
 * Apply in this order: removes, upserts, then the columns.
 */
export interface ModelDelta {
  seq: number;
  at: number;
  nodes?: Upserts<NodeView>;
  gpus?: Upserts<GpuView>;
  /** Slot of each GPU in `gpus.upsert` (same order). */
  gpuSlots?: number[];
  workloads?: Upserts<WorkloadView>;
  events?: EventView[];
  kpis?: FleetKpis;
  utilPoint?: UtilPoint;
  gpuMetrics?: GpuMetricColumns;
  nodeUtil?: NodeUtilColumns;
}

export interface PodView {
  key: PodKey;
  namespace: string;
  name: string;
  node?: string;
  phase: string;
  gpus: number;
  restarts: number;
  lastTerminationReason?: string;
  workload?: WorkloadKey;
  priorityClass?: string;
}

export interface NodeDetail { node: NodeView; gpus: GpuView[]; pods: PodView[]; events: EventView[] }
export interface MetricPoint { t: number; v: number }
export interface GpuDetail {
  gpu: GpuView;
  series: { util: MetricPoint[]; tempC: MetricPoint[]; powerW: MetricPoint[]; fbUsedMiB: MetricPoint[] };
  xidHistory: { t: number; code: number }[];
  pod?: PodView;
}
export interface WorkloadDetail {
  workload: WorkloadView;
  pods: PodView[];
  throughput: MetricPoint[];
  timeline: { t: number; kind: 'event' | 'checkpoint' | 'failure' | 'restart' | 'scale' | 'action'; text: string }[];
}
