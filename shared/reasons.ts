/**
 * Reason codes: the structured form of the short English reasons the model writes on
 * workloads (`WorkloadView.reason`), nodes and GPUs (`healthReason`). The model sends both —
 * the English text for the API summary, logs and tests, and a `ReasonView` (code + parameters)
 * that the renderer turns into the user's language (`renderer/i18n/reasonFormat.ts`, texts in
 * `renderer/i18n/locales/<lang>/reasons.json` under `code.<code>`).
 *
 * Every code is listed in REASON_SPECS with the kind of each parameter (how the renderer
 * formats it) and the names of the reasons nested inside it (a GPU's own reason inside
 * "straggler on …", the side of an inference pair). The special code `list` holds several
 * reasons shown one after another ("a; b"). A renderer that meets a code it does not know
 * shows the English text instead.
 */
import type { ReasonView } from './views';
import { ACTION_REASON_SPECS } from './actionReasons';
import { SOURCE_REASON_SPECS } from './sourceReasons';
import { ERROR_REASON_SPECS } from './errorReasons';

/**
 * How a parameter is formatted:
 * - count, number: an integer / a number, with the locale's digits and grouping;
 * - duration: seconds, as the locale's duration ("47m" / "47分钟");
 * - ms, celsius, mhz, percent (0–100): a measurement with its unit;
 * - text: shown as is (object names, Kubernetes messages);
 * - xid: an XID code; the template may also use `{{<param>Name}}`, the XID's name in the locale;
 * - role: 'primary' | 'standby' (an inference pair's side), translated;
 * - nodeCondition: a Node condition type (MemoryPressure…), translated when known;
 * - actionKind: an ActionKind (drain, failover…), translated.
 */
export type ReasonParamKind = 'count' | 'number' | 'duration' | 'ms' | 'celsius' | 'mhz' | 'percent' | 'text' | 'xid' | 'role' | 'nodeCondition' | 'actionKind';

export interface ReasonSpec {
  readonly params: Readonly<Record<string, ReasonParamKind>>;
  /** Names of nested reasons, interpolated as `{{name}}`. */
  readonly nested?: readonly string[];
  /** A count parameter that picks the text's plural form (`code.<code>_one` / `_other`, by the locale's rules). */
  readonly plural?: string;
}

const READY = { ready: 'count', desired: 'count' } as const;

export const REASON_SPECS = {
  /** Several reasons, in `parts`, joined with the locale's separator. */
  list: { params: {} },

  // The action engine's and the sources' sentences (shared/actionReasons.ts, shared/sourceReasons.ts),
  // and the errors backend methods throw (shared/errorReasons.ts).
  ...ACTION_REASON_SPECS,
  ...SOURCE_REASON_SPECS,
  ...ERROR_REASON_SPECS,

  // Training (PyTorchJob) and batch (Job).
  'job.failed': { params: {} },
  'job.failedWith': { params: { message: 'text' } },
  'job.completed': { params: {} },
  'job.restarting': { params: {} },
  'job.restartingWith': { params: { message: 'text' } },
  'job.suspended': { params: {} },
  'job.workersPending': { params: { pending: 'count', desired: 'count' } },
  'job.podsPending': { params: { pending: 'count', desired: 'count' } },
  'job.workersStarting': { params: { running: 'count', desired: 'count' } },
  'job.podsStarting': { params: { running: 'count', desired: 'count' } },
  'job.waitingForWorkers': { params: {} },
  'job.waitingForPods': { params: {} },
  'job.workersReady': { params: READY },
  'job.workersRunning': { params: { running: 'count', desired: 'count' } },
  'job.podsRunning': { params: { running: 'count', desired: 'count' } },
  'job.workersRunningStep': { params: { running: 'count', desired: 'count', step: 'number' } },
  'job.podsRunningStep': { params: { running: 'count', desired: 'count', step: 'number' } },
  'job.workersRunningStepOf': { params: { running: 'count', desired: 'count', step: 'number', total: 'number' } },
  'job.podsRunningStepOf': { params: { running: 'count', desired: 'count', step: 'number', total: 'number' } },
  'job.stalled': { params: { duration: 'duration' } },
  'job.gpuLost': { params: { gpu: 'text' }, nested: ['cause'] },
  'job.gpuUnhealthy': { params: { gpu: 'text' }, nested: ['cause'] },
  'job.straggler': { params: { gpu: 'text' }, nested: ['cause'] },
  'job.stragglerAndMore': { params: { gpu: 'text', more: 'count' }, nested: ['cause'] },
  'job.allGpusDegraded': { params: { count: 'count' }, nested: ['cause'] },
  'checkpoint.stale': { params: { age: 'duration', interval: 'duration' } },
  'checkpoint.missing': { params: { elapsed: 'duration', interval: 'duration' } },

  // Training CRDs (JobSet, Volcano Job, RayJob) and Kueue admission — kept together for easy merging.
  'job.podsReady': { params: READY },
  'volcano.phase': { params: { phase: 'text' } },
  'volcano.phaseWith': { params: { phase: 'text', message: 'text' } },
  'ray.jobStatus': { params: { status: 'text' } },
  'ray.retrying': { params: {} },
  'ray.waitingForCluster': { params: {} },
  'kueue.queued': { params: { queue: 'text' } },
  'kueue.quotaReserved': { params: { clusterQueue: 'text' } },
  'kueue.evicted': { params: { message: 'text' } },

  // Inference (Deployment, or a primary/standby pair; `where` is a pair.side reason).
  'pair.side': { params: { role: 'role' } },
  'pair.sideInZone': { params: { role: 'role', zone: 'text' } },
  'inference.scaledToZero': { params: {} },
  'pair.scaledToZero': { params: {}, nested: ['where'] },
  'inference.noneReady': { params: { desired: 'count' } },
  'pair.noneReady': { params: { desired: 'count' }, nested: ['where'] },
  'pair.noneReadyFailOver': { params: { desired: 'count', other: 'role', otherReady: 'count' }, nested: ['where'] },
  'inference.replicasReady': { params: READY },
  'pair.replicasReady': { params: READY, nested: ['where'] },
  'inference.latencyAboveSlo': { params: { p99: 'ms', slo: 'ms' } },
  'pair.otherNotReady': { params: READY, nested: ['where'] },

  // GPUs.
  'gpu.xid': { params: { xid: 'xid' } },
  'gpu.xidUnknown': { params: { xid: 'count' } },
  'gpu.withdrawn': { params: { allocatable: 'count', capacity: 'count' } },
  'gpu.absentWithdrawn': { params: { allocatable: 'count', capacity: 'count' } },
  'gpu.hot': { params: { temp: 'celsius', limit: 'celsius' } },
  'gpu.throttled': { params: { clock: 'mhz', percent: 'percent', peak: 'mhz' } },

  // Nodes.
  'node.notReady': { params: { reason: 'text' } },
  'node.notReadyWith': { params: { reason: 'text', message: 'text' } },
  'node.noReadyCondition': { params: {} },
  'node.condition': { params: { condition: 'nodeCondition' } },
  'node.conditionWith': { params: { condition: 'nodeCondition', message: 'text' } },
  'node.gpuLost': { params: { index: 'count' }, nested: ['cause'] },
  'node.gpuUnhealthy': { params: { index: 'count' }, nested: ['cause'] },
  'node.gpuDegraded': { params: { index: 'count' }, nested: ['cause'] },
  'node.moreGpus': { params: { more: 'count' }, nested: ['first'] },
} as const satisfies Readonly<Record<string, ReasonSpec>>;

export type ReasonCode = keyof typeof REASON_SPECS;
export const REASON_CODES = Object.keys(REASON_SPECS) as ReasonCode[];

type Spec<C extends ReasonCode> = (typeof REASON_SPECS)[C];
type ParamValue<K> = K extends 'text' | 'role' | 'nodeCondition' | 'actionKind' ? string : number;

/** The parameters of a code, typed: `ReasonParams<'job.workersReady'>` is `{ ready: number; desired: number }`. */
export type ReasonParams<C extends ReasonCode> = { -readonly [P in keyof Spec<C>['params']]: ParamValue<Spec<C>['params'][P]> };

/** The nested reasons of a code, by name; `[]` (no argument) for codes without any. */
type NestedArg<C extends ReasonCode> = Spec<C> extends { nested: readonly (infer N extends string)[] } ? [nested: Record<N, ReasonView>] : [];

export function isReasonCode(code: string): code is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASON_SPECS, code);
}

/** A ReasonView with typed parameters; empty parameter sets are left out. */
export function reasonOf<C extends ReasonCode>(code: C, params: ReasonParams<C>, ...nested: NestedArg<C>): ReasonView {
  const out: ReasonView = { code };
  if (Object.keys(params).length > 0) out.params = params as Record<string, string | number>;
  if (nested.length > 0) out.nested = nested[0];
  return out;
}

/** One reason as itself, several as a `list`; undefined when any is missing (no partial codes). */
export function reasonList(parts: readonly (ReasonView | undefined)[]): ReasonView | undefined {
  if (parts.some((p) => p === undefined)) return undefined;
  return parts.length === 1 ? parts[0] : { code: 'list', parts: parts as ReasonView[] };
}
