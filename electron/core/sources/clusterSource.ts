/**
 * A ClusterSource speaks Kubernetes: it lists and watches real-shaped objects, delivers
 * dcgm-exporter samples, and performs actions as Kubernetes operations. The demo simulator and
 * the client-node source both implement it; nothing above this interface knows which it has.
 */
import type { KubeObject, ObjectRef, ResourceKind, V1Node, WatchEvent } from '../k8s/objects';
import type { ReasonView, TrainingCrdView } from '../../../shared/views';
import type { DcgmSample } from './dcgm';

export interface SourceInfo { kind: 'demo' | 'kube'; name: string; context?: string; preset?: string }

export interface SourceStatus {
  state: 'connecting' | 'live' | 'reconnecting' | 'error' | 'stopped';
  /** In English, with its reason code (shared/sourceReasons.ts) for the user's language. */
  message?: string;
  messageCode?: ReasonView;
  /** Wall-clock ms of the last list/watch delivery. */
  lastSyncAt?: number;
  metrics: { state: 'ok' | 'down' | 'unconfigured'; message?: string; messageCode?: ReasonView; lastScrapeAt?: number };
  /** Training-workload CRDs the cluster serves (discovery); undefined until known. */
  trainingCrds?: TrainingCrdView[];
}

export interface SourceSink {
  /** Replace every object of a kind (initial list and relist after 410 Gone). */
  onSync(kind: ResourceKind, objects: KubeObject[]): void;
  /** Watch events in arrival order; a source may batch them. */
  onEvents(events: WatchEvent[]): void;
  /** Latest sample per GPU; `at` is the source clock (ms epoch). Samples not present are unchanged. */
  onMetrics(samples: DcgmSample[], at: number): void;
  onStatus(status: SourceStatus): void;
}

export interface WriteOptions { dryRun: boolean }

export type EvictionOutcome =
  | { outcome: 'evicted' }
  /** 429 TooManyRequests from the eviction API: a PodDisruptionBudget refuses it now. */
  | { outcome: 'blocked'; reason: string }
  | { outcome: 'not-found' };

export interface AccessCheck { verb: string; group: string; resource: string; subresource?: string; namespace?: string }

/** Kubernetes write operations. Each throws SourceError with a readable message on failure. */
export interface ClusterOps {
  /** JSON merge patch (RFC 7386) of any object; for nodes, spec.unschedulable and spec.taints. */
  mergePatch(ref: ObjectRef, patch: Record<string, unknown>, opts: WriteOptions): Promise<KubeObject>;
  /** POST pods/eviction (policy/v1 Eviction). */
  evictPod(namespace: string, name: string, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<EvictionOutcome>;
  delete(ref: ObjectRef, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<void>;
  /** The scale subresource (Deployments) or the replica count of a job's workers. */
  scale(ref: ObjectRef, replicas: number, opts: WriteOptions): Promise<void>;
  /** SelfSubjectAccessReview. */
  canI(check: AccessCheck): Promise<{ allowed: boolean; reason?: string }>;
  /** Who the source acts as, for the audit log. */
  whoAmI(): Promise<string>;
}

export interface ClusterSource {
  readonly info: SourceInfo;
  readonly ops: ClusterOps;
  start(sink: SourceSink): Promise<void>;
  stop(): Promise<void>;
  /** The source clock in ms epoch: virtual in the demo, Date.now() live. */
  now(): number;
}

export class SourceError extends Error {
  constructor(message: string, readonly status?: number, readonly reason?: string) {
    super(message);
    this.name = 'SourceError';
  }
}

export type { V1Node };
