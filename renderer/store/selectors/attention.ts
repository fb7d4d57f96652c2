/**
 * The Overview's "needs attention" list: what an operator should look at first, worst first,
 * each pointing at the detail that explains it.
 */
import type { GpuView, NodeView, ReasonView, WorkloadView } from '../../../shared/views';
import { compareNames } from './compare';

export type AttentionKind = 'gpu' | 'node' | 'workload' | 'checkpoint';
export type AttentionSeverity = 'critical' | 'warning';

export interface AttentionItem {
  key: string;
  kind: AttentionKind;
  severity: AttentionSeverity;
  /** i18n key in the `overview` namespace. */
  labelKey: string;
  target: string;
  reason?: string;
  /** The reason as a code, shown in the user's language (falls back to `reason`). */
  reasonCode?: ReasonView;
  href: string;
  /** Seconds, for stale checkpoints. */
  ageSec?: number;
}

export function nodeHref(name: string): string { return `#/nodes/${encodeURIComponent(name)}`; }
export function gpuHref(id: string): string { return `#/gpus?select=${encodeURIComponent(id)}`; }
export function workloadHref(key: string): string { return `#/workloads/${key.split('/').map(encodeURIComponent).join('/')}`; }

const WORKLOAD_SEVERITY: Partial<Record<WorkloadView['health'], AttentionSeverity>> = {
  failed: 'critical',
  degraded: 'warning',
  recovering: 'warning',
};

export function needsAttention(nodes: Iterable<NodeView>, gpus: Iterable<GpuView>, workloads: Iterable<WorkloadView>): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const n of nodes) {
    if (!n.ready || n.health === 'notready') {
      items.push({ key: `node:${n.name}`, kind: 'node', severity: 'critical', labelKey: 'attention.nodeNotReady', target: n.name, reason: n.healthReason, reasonCode: n.healthReasonCode, href: nodeHref(n.name) });
    } else if (n.health === 'unhealthy') {
      items.push({ key: `node:${n.name}`, kind: 'node', severity: 'warning', labelKey: 'attention.nodeUnhealthy', target: n.name, reason: n.healthReason, reasonCode: n.healthReasonCode, href: nodeHref(n.name) });
    }
  }
  for (const g of gpus) {
    if (g.health === 'unhealthy' || g.health === 'lost') {
      items.push({ key: `gpu:${g.id}`, kind: 'gpu', severity: 'critical', labelKey: g.health === 'lost' ? 'attention.gpuLost' : 'attention.gpuUnhealthy', target: g.id, reason: g.healthReason, reasonCode: g.healthReasonCode, href: gpuHref(g.id) });
    }
  }
  for (const w of workloads) {
    const sev = WORKLOAD_SEVERITY[w.health];
    if (sev) items.push({ key: `workload:${w.key}`, kind: 'workload', severity: sev, labelKey: `attention.workload.${w.health}`, target: w.key, reason: w.reason, reasonCode: w.reasonCode, href: workloadHref(w.key) });
    if (w.checkpoint?.stale && w.health !== 'succeeded') {
      items.push({ key: `ckpt:${w.key}`, kind: 'checkpoint', severity: 'warning', labelKey: 'attention.checkpointStale', target: w.key, ageSec: w.checkpoint.ageSec, href: workloadHref(w.key) });
    }
  }
  const rank = (i: AttentionItem) => (i.severity === 'critical' ? 0 : 1) * 10 + ['node', 'gpu', 'workload', 'checkpoint'].indexOf(i.kind);
  items.sort((a, b) => rank(a) - rank(b) || compareNames(a.target, b.target));
  return items;
}
