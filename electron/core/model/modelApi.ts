/**
 * The model's public surface. Actions, drills and the backend read the cluster only through
 * ModelReader; sources feed it through the SourceSink methods. Implemented by ClusterModel.
 */
import type { KindMap, ResourceKind, V1Deployment, V1Node, V1Pod, V1PodDisruptionBudget, V1Service } from '../k8s/objects';
import type { SourceSink } from '../sources/clusterSource';
import type {
  EventView, FleetKpis, GpuDetail, GpuView, ModelDelta, ModelSnapshot, NodeView, PodKey, PodView, WorkloadDetail, WorkloadKey, WorkloadView,
} from '../../../shared/views';

export type { WorkloadObject } from './workloadFacts';
import type { WorkloadObject } from './workloadFacts';

export interface InferencePair {
  service: V1Service;
  primary: V1Deployment;
  standby?: V1Deployment;
  activeRole: 'primary' | 'standby';
}

export interface ModelReader {
  /** Source clock, ms epoch. */
  now(): number;
  object<K extends ResourceKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
  list<K extends ResourceKind>(kind: K): Iterable<KindMap[K]>;

  node(name: string): NodeView | undefined;
  nodeObject(name: string): V1Node | undefined;
  nodes(): Iterable<NodeView>;
  gpu(id: string): GpuView | undefined;
  gpusOfNode(name: string): GpuView[];
  pod(key: PodKey): V1Pod | undefined;
  podView(key: PodKey): PodView | undefined;
  podsOnNode(name: string): V1Pod[];
  workload(key: WorkloadKey): WorkloadView | undefined;
  workloads(): Iterable<WorkloadView>;
  workloadObject(key: WorkloadKey): WorkloadObject | undefined;
  podsOfWorkload(key: WorkloadKey): V1Pod[];
  workloadOfPod(key: PodKey): WorkloadKey | undefined;
  /** PDBs whose selector matches the pod (same namespace). */
  pdbsForPod(pod: V1Pod): V1PodDisruptionBudget[];
  /** For an inference workload key (its primary Deployment), the Service and both Deployments. */
  inferencePair(key: WorkloadKey): InferencePair | undefined;
  kpis(): FleetKpis;
  recentEvents(limit: number, filter?: { kind?: string; namespace?: string; name?: string }): EventView[];
  nodeDetail(name: string): import('../../../shared/views').NodeDetail | undefined;
  gpuDetail(id: string): GpuDetail | undefined;
  workloadDetail(key: WorkloadKey): WorkloadDetail | undefined;
}

export interface ClusterModelApi extends ModelReader, Omit<SourceSink, 'onStatus'> {
  /** Recompute time-dependent fields (checkpoint age, stalls) at the source clock `now`. */
  tick(now: number): void;
  /** Every view; `wire` gives the wire form (GPUs as a column table, telemetry as columns). */
  snapshot(opts?: { wire?: boolean }): ModelSnapshot;
  /**
   * Changes since the last call, coalesced (an entity changed ten times appears once); null when
   * nothing changed. `telemetry: false` leaves pending telemetry columns for a later call.
   */
  takeDelta(opts?: { telemetry?: boolean }): Omit<ModelDelta, 'seq' | 'at'> | null;
  /** Whether a takeDelta with telemetry would send telemetry columns or clock-driven workload refreshes. */
  hasPendingTelemetry(): boolean;
}
