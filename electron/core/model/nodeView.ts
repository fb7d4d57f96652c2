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
import type { ConditionView, NodeHealth, NodeView, TaintView } from '../../../shared/views';
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
  schedulable: boolean;
  /** First adverse condition (MemoryPressure…) that is True, as "Type: message". */
  pressure: string | undefined;
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
  let pressure: string | undefined;
  if (Array.isArray(status?.conditions)) {
    for (const c of status.conditions) {
      if (!c || typeof c.type !== 'string') continue;
      if (c.type === 'Ready') {
        ready = c.status === 'True';
        readyReason = ready ? undefined : text(`${c.reason ?? 'NotReady'}${c.message ? `: ${c.message}` : ''}`, 300);
      } else if (c.status === 'True' && ADVERSE.has(c.type) && pressure === undefined) {
        pressure = text(`${c.type}${c.message ? `: ${c.message}` : ''}`, 300);
      }
    }
  }
  if (!ready && readyReason === undefined) readyReason = 'no Ready condition reported';
  const product = labels[LABELS.gpuProduct];
  return {
    zone: text(labels[LABELS.zone], 253) ?? 'unknown',
    pool: text(labels[LABELS.pool], 253) ?? text(product, 253) ?? (capacity > 0 ? 'gpu' : 'cpu'),
    gpuModel: text(product, 253) ?? '',
    capacity,
    allocatable,
    ready,
    readyReason,
    schedulable: node.spec?.unschedulable !== true,
    pressure,
  };
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

function nodeHealth(n: NodeState): { health: NodeHealth; reason?: string } {
  if (!n.ready) return { health: 'notready', reason: n.readyReason };
  if (n.badGpus > 0) return { health: 'unhealthy', reason: gpuSummary(n, (g) => g.health === 'unhealthy' || g.health === 'lost') };
  if (n.degradedGpus > 0) return { health: 'degraded', reason: gpuSummary(n, (g) => g.health === 'degraded') };
  if (n.pressure) return { health: 'degraded', reason: n.pressure };
  return { health: 'healthy' };
}

function gpuSummary(n: NodeState, pick: (g: GpuState) => boolean): string {
  const hit = n.gpus.filter(pick);
  if (hit.length === 0) return '';
  const first = `GPU ${hit[0].index} ${hit[0].health}: ${hit[0].healthReason ?? ''}`.trimEnd();
  return hit.length === 1 ? first : `${first} (+${hit.length - 1} more GPUs)`;
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
  const { health, reason } = nodeHealth(n);
  if (n.parts?.obj !== n.obj) n.parts = { obj: n.obj, taints: taintsOf(n.obj), conditions: conditionsOf(n.obj) };
  return {
    name: n.name,
    zone: n.zone,
    pool: n.pool,
    gpuModel: n.gpuModel || n.gpus.find((g) => g.modelName)?.modelName || '',
    gpuCapacity: n.capacity,
    gpuAllocatable: n.allocatable,
    gpuAllocated: pods?.allocated ?? 0,
    utilAvg: n.utilCount > 0 ? n.utilFixed / UTIL_SCALE / n.utilCount : undefined,
    ready: n.ready,
    schedulable: n.schedulable,
    taints: n.parts.taints,
    health,
    healthReason: reason,
    conditions: n.parts.conditions,
    podCount: pods?.podCount ?? 0,
    gpuPodCount: pods?.gpuPodCount ?? 0,
  };
}
