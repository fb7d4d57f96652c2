/**
 * Which pod holds which GPU index on a node. Kubernetes only records a count per pod; the
 * device plugin picks the devices and does not publish the choice. In order of trust:
 *  1. dcgm-exporter's pod/namespace labels on a GPU's samples (it asks the kubelet's
 *     pod-resources API, so this is the real assignment);
 *  2. otherwise, pods in creation order (then key) take the lowest free usable indices,
 *     usable = not unhealthy/lost (the plugin does not hand out unhealthy devices), then any
 *     free index (a full node: the pod was there when its GPU failed).
 * A pure function of the current pods, labels and health — not of history — so a model built
 * incrementally and one rebuilt from a relist agree. The price: without dcgm-exporter labels
 * a guessed holder can shift when an older pod on the node goes away. A pod never holds more
 * indices than it requests, and over-committed requests stay unassigned.
 */
import type { GpuState } from './gpuView';

export interface AllocationPod { key: string; gpus: number; createdAt: number }

function byCreation(a: AllocationPod, b: AllocationPod): number {
  return a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Sets `pod` on each GPU of the node; calls `changed` for each GPU whose holder changed. */
export function assignGpus(gpus: readonly GpuState[], pods: readonly AllocationPod[], changed: (g: GpuState, previous: string | undefined) => void): void {
  const n = gpus.length;
  const next: (string | undefined)[] = new Array(n).fill(undefined);
  const remaining = new Map<string, number>();
  for (const p of pods) if (p.gpus > 0) remaining.set(p.key, p.gpus);

  if (remaining.size > 0) {
    // 1. dcgm-exporter's labels.
    for (let i = 0; i < n; i++) {
      const k = gpus[i].dcgmPod;
      if (k === undefined) continue;
      const r = remaining.get(k);
      if (r) {
        next[i] = k;
        remaining.set(k, r - 1);
      }
    }
    // 2. The rest in creation order: usable indices first, then any free one.
    const waiting = pods.filter((p) => (remaining.get(p.key) ?? 0) > 0).sort(byCreation);
    for (const p of waiting) {
      let r = remaining.get(p.key)!;
      for (let pass = 0; pass < 2 && r > 0; pass++) {
        for (let i = 0; i < n && r > 0; i++) {
          if (next[i] !== undefined) continue;
          const usable = gpus[i].health !== 'unhealthy' && gpus[i].health !== 'lost';
          if (pass === 0 ? usable : !usable) {
            next[i] = p.key;
            r--;
          }
        }
      }
      remaining.set(p.key, r);
    }
  }

  for (let i = 0; i < n; i++) {
    const prev = gpus[i].pod;
    if (prev !== next[i]) {
      gpus[i].pod = next[i];
      changed(gpus[i], prev);
    }
  }
}
