/**
 * Which actions a node or a workload offers, and the small rules the action UI shares (request
 * identity, lock keys, typed confirmation). Pure functions of views: no React, no API, so the
 * rules are unit-tested (test/unit/renderer-actions.test.ts) and the palette uses the same ones.
 *
 * "Offered" means the action makes sense for this target; whether it may run now (read-only
 * mode, RBAC, already running) is decided separately and shown as a disabled button with its
 * reason — an operator should see that an action exists and why it is unavailable.
 */
import type { ActionKind, ActionPreview, ActionRequest, PermissionCheck } from '../../../shared/actions';
import type { GpuHealth, GpuView, NodeView, TaintView, WorkloadView } from '../../../shared/views';

/** The taint "Taint to isolate" proposes; an operator-owned key, easy to find and remove later. */
export const ISOLATION_TAINT_KEY = 'bulwark.io/isolated';

/**
 * Taints the panel does not offer to remove: those Kubernetes controllers own (they come
 * straight back), and the GPU-pool taint `nvidia.com/gpu` that keeps CPU-only pods off GPU nodes
 * — node-pool configuration, not an operator's isolation (the actions engine treats it the same
 * way when it counts free GPUs).
 */
const INFRASTRUCTURE_TAINT_PREFIXES = ['node.kubernetes.io/', 'node.cloudprovider.kubernetes.io/', 'node-role.kubernetes.io/control-plane'];
const INFRASTRUCTURE_TAINT_KEYS = ['nvidia.com/gpu'];

export type OfferGroup = 'scheduling' | 'isolation' | 'gpu' | 'training' | 'serving' | 'capacity';

export interface ActionOffer {
  /** Stable within one target (React key, test id). */
  id: string;
  group: OfferGroup;
  request: ActionRequest;
}

/** Drain defaults, as `kubectl drain --ignore-daemonsets` with a 5-minute budget. */
export const DRAIN_DEFAULTS = { timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false } as const;

const RESETTABLE: readonly GpuHealth[] = ['degraded', 'unhealthy', 'lost'];

export function isRemovableTaint(t: TaintView): boolean {
  return !INFRASTRUCTURE_TAINT_PREFIXES.some((p) => t.key.startsWith(p)) && !INFRASTRUCTURE_TAINT_KEYS.includes(t.key);
}

/** The GPUs of `node` among `gpus` (ids are "node/index"), by index. */
export function gpusOfNode(gpus: Iterable<GpuView>, node: string): GpuView[] {
  const out: GpuView[] = [];
  for (const g of gpus) if (g.node === node) out.push(g);
  return out.sort((a, b) => a.index - b.index);
}

/** Ids of the node's GPUs that a (demo) reset could help: degraded, unhealthy or lost. */
export function resettableGpuIds(gpus: Iterable<GpuView>, node: string): string[] {
  return gpusOfNode(gpus, node).filter((g) => RESETTABLE.includes(g.health)).map((g) => g.id);
}

/**
 * What the node's action panel offers. `resettableGpus` are GPU ids of this node; they are
 * offered only on the demo, where a reset is simulated — on a live cluster it is a procedure on
 * the node (drain, `nvidia-smi -r`), which Bulwark does not run.
 */
export function nodeActionOffers(node: NodeView, resettableGpus: readonly string[], opts: { demo: boolean }): ActionOffer[] {
  const offers: ActionOffer[] = [];
  offers.push(node.schedulable
    ? { id: 'cordon', group: 'scheduling', request: { kind: 'cordon', node: node.name } }
    : { id: 'uncordon', group: 'scheduling', request: { kind: 'uncordon', node: node.name } });
  offers.push({ id: 'drain', group: 'scheduling', request: { kind: 'drain', node: node.name, ...DRAIN_DEFAULTS } });
  offers.push({ id: 'taint', group: 'isolation', request: { kind: 'taint', node: node.name, key: ISOLATION_TAINT_KEY, effect: 'NoSchedule' } });
  for (const t of node.taints) {
    if (!isRemovableTaint(t) || !isTaintEffect(t.effect)) continue;
    offers.push({ id: `untaint:${t.key}:${t.effect}`, group: 'isolation', request: { kind: 'untaint', node: node.name, key: t.key, effect: t.effect } });
  }
  if (opts.demo) {
    for (const id of resettableGpus) {
      if (nodeOfGpu(id) === node.name) offers.push({ id: `resetGpu:${id}`, group: 'gpu', request: { kind: 'resetGpu', gpu: id } });
    }
  }
  return offers;
}

function nodeOfGpu(id: string): string {
  return id.slice(0, id.lastIndexOf('/'));
}

export function workloadActionOffers(w: WorkloadView): ActionOffer[] {
  const offers: ActionOffer[] = [];
  if (w.type === 'training' && (w.kind === 'PyTorchJob' || w.kind === 'Job') && w.health !== 'succeeded') {
    offers.push({ id: 'restartFromCheckpoint', group: 'training', request: { kind: 'restartFromCheckpoint', workload: w.key } });
    if (w.kind === 'PyTorchJob' && w.elastic) {
      const replicas = clamp(w.elastic.current || w.replicas.desired, w.elastic.minReplicas, w.elastic.maxReplicas);
      offers.push({ id: 'scaleTraining', group: 'capacity', request: { kind: 'scaleTraining', workload: w.key, replicas } });
    }
  }
  if (w.type === 'inference' && w.kind === 'Deployment') {
    if (w.inference?.standbyDeployment) {
      offers.push(w.inference.activeRole === 'standby'
        ? { id: 'failback', group: 'serving', request: { kind: 'failback', workload: w.key } }
        : { id: 'failover', group: 'serving', request: { kind: 'failover', workload: w.key } });
    }
    offers.push({ id: 'scaleInference', group: 'capacity', request: { kind: 'scaleInference', workload: w.key, replicas: w.replicas.desired } });
  }
  return offers;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

function isTaintEffect(e: string): e is 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' {
  return e === 'NoSchedule' || e === 'PreferNoSchedule' || e === 'NoExecute';
}

/** The node, workload or GPU an action is about. */
export function targetOf(req: ActionRequest): string {
  if ('node' in req) return req.node;
  if ('workload' in req) return req.workload;
  return req.gpu;
}

/** The node a request acts on (a GPU's node for a GPU reset), if any. */
export function nodeOfRequest(req: ActionRequest): string | undefined {
  if ('node' in req) return req.node;
  if ('gpu' in req) return nodeOfGpu(req.gpu);
  return undefined;
}

export function workloadOfRequest(req: ActionRequest): string | undefined {
  return 'workload' in req ? req.workload : undefined;
}

/** Short name for messages: the node, the GPU, or the workload's own name. */
export function targetName(req: ActionRequest): string {
  const w = workloadOfRequest(req);
  return w ? w.slice(w.lastIndexOf('/') + 1) : targetOf(req);
}

/**
 * One string per distinct request, independent of key order and of absent optional fields:
 * progress events carry the backend's parsed copy of the request, and we find "our" run by it.
 */
export function requestKey(req: ActionRequest): string {
  const entries = Object.entries(req).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}

/** Mirrors the engine: two runs with the same key cannot overlap (failover and failback share one). */
export function lockKeyOf(req: ActionRequest): string {
  if (req.kind === 'failover' || req.kind === 'failback') return `serving:${req.workload}`;
  return `${req.kind}:${targetOf(req)}`;
}

/** Exact match, as the engine checks it: no trimming, no case folding. */
export function confirmationMatches(typed: string, confirmText: string | undefined): boolean {
  return confirmText === undefined || typed === confirmText;
}

/** Why Run is disabled; 'invalid' (a bad option field) is decided by the dialog before any preview. */
export type RunBlock = 'invalid' | 'loading' | 'stale' | 'blocked' | 'forbidden' | 'confirm' | undefined;

/**
 * Why Run is disabled, or undefined when it may be pressed: the preview must be for the request
 * on screen, nothing may block it, and a destructive action needs the exact typed text.
 */
export function runBlock(preview: ActionPreview | undefined, forRequest: ActionRequest, typed: string): RunBlock {
  if (!preview) return 'loading';
  if (requestKey(preview.request) !== requestKey(forRequest)) return 'stale';
  if (preview.blockedReason) return 'blocked';
  if (!preview.permission.allowed) return 'forbidden';
  if (preview.destructive && !confirmationMatches(typed, preview.confirmText ?? '\u0000')) return 'confirm';
  return undefined;
}

/** The first denied check of a permission result, for a one-line reason. */
export function firstDenied(p: PermissionCheck | undefined): PermissionCheck['checks'][number] | undefined {
  return p?.checks.find((c) => !c.allowed);
}

/** "evicted 3/8 pods" → 3/8, for a progress bar beside the message. */
export function progressFraction(message: string): { done: number; total: number } | undefined {
  const m = /(\d+)\s*\/\s*(\d+)/.exec(message);
  if (!m) return undefined;
  const done = Number(m[1]);
  const total = Number(m[2]);
  return total > 0 && done <= total ? { done, total } : undefined;
}

/** Kinds that act on a node (or one of its GPUs), and kinds that act on a workload. */
export const NODE_KINDS: readonly ActionKind[] = ['cordon', 'uncordon', 'drain', 'taint', 'untaint', 'resetGpu'];
export const WORKLOAD_KINDS: readonly ActionKind[] = ['restartFromCheckpoint', 'scaleTraining', 'scaleInference', 'failover', 'failback'];
