/**
 * Per-node state: facts read from the v1 Node (zone, pool, GPU capacity/allocatable, Ready,
 * cordon, pressure), the node's GPUs, running totals for utilization, and its NodeView.
 *
 * Node health, most severe first: notready (Ready condition not True) › unhealthy (a GPU is
 * lost or unhealthy) › degraded (a degraded GPU, or a Memory/Disk/PID pressure or
 * NetworkUnavailable condition) › healthy.
 */
import type { V1Node } from '../k8s/objects';
import { GPU_RESOURCE, LABELS } from '../../../shared/conventions';
import { reasonOf } from '../../../shared/reasons';
import type { ConditionView, NodeHealth, NodeView, ReasonView, TaintView } from '../../../shared/views';
import type { GpuState } from './gpuView';
import { resourceCount, stringMap, text, timeMs } from './kubeValues';
import type { NodePods } from './objectIndex';

export interface NodeFacts {
  zone: string;
  pool: string;
  gpuModel: string;
  capacity: number;
  allocatable: number;
  ready: boolean;
  readyReason: string | undefined;
  readyReasonCode: ReasonView | undefined;
  schedulable: boolean;
  /** First adverse condition (MemoryPressure…) that is True, as "Type: message". */
  pressure: string | undefined;
  pressureCode: ReasonView | undefined;
}

/** What one node adds to the fleet KPIs; kept so an update can subtract it exactly. */
export interface NodeContribution {
  nodes: number;
  ready: number;
  cordoned: number;
  gpuTotal: number;
  gpuAllocated: number;
  gpuIdle: number;
  gpuUnhealthy: number;
}

export const ZERO_CONTRIBUTION: Readonly<NodeContribution> = Object.freeze({ nodes: 0, ready: 0, cordoned: 0, gpuTotal: 0, gpuAllocated: 0, gpuIdle: 0, gpuUnhealthy: 0 });

export interface NodeState extends NodeFacts {
  name: string;
  obj: V1Node;
  gpus: GpuState[];
  /** GPUs whose health is unhealthy or lost. */
  badGpus: number;
  degradedGpus: number;
  /** Sum of util × UTIL_SCALE (integer, so incremental sums never drift) and how many GPUs report util. */
  utilFixed: number;
  utilCount: number;
  allocationDirty: boolean;
  contribution: NodeContribution;
  view: NodeView | undefined;
  /** Taints and conditions as views, rebuilt only when the Node object changes. */
  parts: { obj: V1Node; taints: TaintView[]; conditions: ConditionView[] } | undefined;
  /** onMetrics batch markers (avoid a Set per batch): a GPU changed / any GPU reported. */
  touched: number;
  sampled: number;
  /** utilAvg as published: an integer, NaN = none (see telemetry.ts refreshShownUtil). */
  utilShown: number;
  /** The view last put in a delta, to skip upserts that change nothing. */
  sent: NodeView | undefined;
}

/** Utilization is summed as integers of 1/1000 % so adding and subtracting never drifts. */
export const UTIL_SCALE = 1000;

const ADVERSE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

export function nodeFacts(node: V1Node): NodeFacts {
  const labels = stringMap(node.metadata?.labels);
  const status = node.status;
  const capacity = resourceCount(status?.capacity, GPU_RESOURCE) ?? 0;
  // A missing allocatable means "same as capacity" (older kubelets); never above capacity.
  const allocatable = Math.min(capacity, resourceCount(status?.allocatable, GPU_RESOURCE) ?? capacity);
  let ready = false;
  let readyReason: string | undefined;
  let readyReasonCode: ReasonView | undefined;
  let pressure: string | undefined;
  let pressureCode: ReasonView | undefined;
  if (Array.isArray(status?.conditions)) {
    for (const c of status.conditions) {
      if (!c || typeof c.type !== 'string') continue;
      if (c.type === 'Ready') {
        ready = c.status === 'True';
        readyReason = ready ? undefined : text(`${c.reason ?? 'NotReady'}${c.message ? `: ${c.message}` : ''}`, 300);
        readyReasonCode = ready ? undefined : notReadyCode(`${c.reason ?? 'NotReady'}`, c.message);
      } else if (c.status === 'True' && ADVERSE.has(c.type) && pressure === undefined) {
        pressure = text(`${c.type}${c.message ? `: ${c.message}` : ''}`, 300);
        pressureCode = c.message
          ? reasonOf('node.conditionWith', { condition: c.type, message: text(`${c.message}`, 300) ?? '' })
          : reasonOf('node.condition', { condition: c.type });
      }
    }
  }
  if (!ready && readyReason === undefined) {
    readyReason = 'no Ready condition reported';
    readyReasonCode = reasonOf('node.noReadyCondition', {});
  }
  const product = labels[LABELS.gpuProduct];
  return {
    zone: text(labels[LABELS.zone], 253) ?? 'unknown',
    pool: text(labels[LABELS.pool], 253) ?? text(product, 253) ?? (capacity > 0 ? 'gpu' : 'cpu'),
    gpuModel: text(product, 253) ?? '',
    capacity,
    allocatable,
    ready,
    readyReason,
    readyReasonCode,
    schedulable: node.spec?.unschedulable !== true,
    pressure,
    pressureCode,
  };
}

function notReadyCode(reason: string, message: string | undefined): ReasonView {
  const r = text(reason, 200) ?? 'NotReady';
  const m = message ? text(`${message}`, 300) : undefined;
  return m ? reasonOf('node.notReadyWith', { reason: r, message: m }) : reasonOf('node.notReady', { reason: r });
}

export function nodeContribution(n: NodeState, pods: NodePods | undefined): NodeContribution {
  const allocated = pods?.allocated ?? 0;
  return {
    nodes: 1,
    ready: n.ready ? 1 : 0,
    cordoned: n.schedulable ? 0 : 1,
    gpuTotal: n.capacity,
    gpuAllocated: allocated,
    gpuIdle: n.ready && n.schedulable ? Math.max(0, n.allocatable - allocated) : 0,
    gpuUnhealthy: n.badGpus,
  };
}

function nodeHealth(n: NodeState): { health: NodeHealth; reason?: string; code?: ReasonView } {
  if (!n.ready) return { health: 'notready', reason: n.readyReason, code: n.readyReasonCode };
  if (n.badGpus > 0) return { health: 'unhealthy', ...gpuSummary(n, (g) => g.health === 'unhealthy' || g.health === 'lost') };
  if (n.degradedGpus > 0) return { health: 'degraded', ...gpuSummary(n, (g) => g.health === 'degraded') };
  if (n.pressure) return { health: 'degraded', reason: n.pressure, code: n.pressureCode };
  return { health: 'healthy' };
}

const GPU_CODE = { lost: 'node.gpuLost', unhealthy: 'node.gpuUnhealthy', degraded: 'node.gpuDegraded' } as const;

function gpuSummary(n: NodeState, pick: (g: GpuState) => boolean): { reason: string; code?: ReasonView } {
  const hit = n.gpus.filter(pick);
  if (hit.length === 0) return { reason: '' };
  const g = hit[0];
  const first = `GPU ${g.index} ${g.health}: ${g.healthReason ?? ''}`.trimEnd();
  const cause = g.healthReasonCode;
  const firstCode = cause && g.health !== 'healthy' ? reasonOf(GPU_CODE[g.health], { index: g.index }, { cause }) : undefined;
  if (hit.length === 1) return { reason: first, code: firstCode };
  return {
    reason: `${first} (+${hit.length - 1} more GPUs)`,
    code: firstCode && reasonOf('node.moreGpus', { more: hit.length - 1 }, { first: firstCode }),
  };
}

function taintsOf(node: V1Node): TaintView[] {
  const taints = node.spec?.taints;
  if (!Array.isArray(taints)) return [];
  const out: TaintView[] = [];
  for (const t of taints) {
    if (!t || typeof t.key !== 'string') continue;
    out.push({ key: text(t.key, 317) ?? '', value: text(t.value, 253), effect: typeof t.effect === 'string' ? t.effect : '' });
  }
  return out;
}

function conditionsOf(node: V1Node): ConditionView[] {
  const conds = node.status?.conditions;
  if (!Array.isArray(conds)) return [];
  const out: ConditionView[] = [];
  for (const c of conds) {
    if (!c || typeof c.type !== 'string') continue;
    const lt = c.lastTransitionTime as unknown;
    out.push({
      type: text(c.type, 100) ?? '',
      status: typeof c.status === 'string' ? c.status : 'Unknown',
      reason: text(c.reason, 200),
      message: text(c.message),
      lastTransitionTime: lt instanceof Date ? isoTime(lt) : text(lt, 64),
    });
  }
  return out;
}

function isoTime(d: Date): string | undefined {
  const t = timeMs(d);
  return t === undefined ? undefined : new Date(t).toISOString();
}

export function nodeViewOf(n: NodeState, pods: NodePods | undefined): NodeView {
  const { health, reason, code } = nodeHealth(n);
  if (n.parts?.obj !== n.obj) n.parts = { obj: n.obj, taints: taintsOf(n.obj), conditions: conditionsOf(n.obj) };
  return {
    name: n.name,
    zone: n.zone,
    pool: n.pool,
    gpuModel: n.gpuModel || n.gpus.find((g) => g.modelName)?.modelName || '',
    gpuCapacity: n.capacity,
    gpuAllocatable: n.allocatable,
    gpuAllocated: pods?.allocated ?? 0,
    utilAvg: Number.isNaN(n.utilShown) ? undefined : n.utilShown,
    ready: n.ready,
    schedulable: n.schedulable,
    taints: n.parts.taints,
    health,
    healthReason: reason,
    healthReasonCode: code,
    conditions: n.parts.conditions,
    podCount: pods?.podCount ?? 0,
    gpuPodCount: pods?.gpuPodCount ?? 0,
  };
}
