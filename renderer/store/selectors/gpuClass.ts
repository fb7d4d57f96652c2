/**
 * Which colour class a GPU cell gets under each colouring. Classes, not colours: the palette
 * (per theme) and the legend live with the map, the decision lives here and is tested.
 */
import type { GpuView } from '../../../shared/views';
import type { GpuColorBy } from '../uiSlice';

export const GPU_CLASSES: Record<GpuColorBy, readonly string[]> = {
  allocation: ['allocated', 'free', 'cordoned', 'faulty'],
  utilization: ['u0', 'u1', 'u2', 'u3', 'u4', 'na'],
  temperature: ['t0', 't1', 't2', 't3', 't4', 'na'],
  health: ['healthy', 'degraded', 'unhealthy', 'lost'],
};

/** Lower bounds of the utilization (%) and temperature (°C) bands, for the legend. */
export const UTIL_BANDS = [0, 10, 40, 70, 90] as const;
export const TEMP_BANDS = [0, 50, 65, 75, 85] as const;

function band(value: number, bands: readonly number[]): number {
  let i = 0;
  while (i + 1 < bands.length && value >= bands[i + 1]) i++;
  return i;
}

export function gpuClass(gpu: GpuView, colorBy: GpuColorBy, nodeSchedulable = true): string {
  switch (colorBy) {
    case 'allocation':
      if (gpu.health === 'unhealthy' || gpu.health === 'lost') return 'faulty';
      if (gpu.pod) return 'allocated';
      return nodeSchedulable ? 'free' : 'cordoned';
    case 'utilization':
      return gpu.util === undefined ? 'na' : `u${band(gpu.util, UTIL_BANDS)}`;
    case 'temperature':
      return gpu.tempC === undefined ? 'na' : `t${band(gpu.tempC, TEMP_BANDS)}`;
    case 'health':
      return gpu.health;
  }
}

/** Namespace/workload filters highlight matching GPUs (the layout stays put, the rest dims). */
export function gpuHighlighted(gpu: GpuView, namespace: string, workload: string): boolean {
  if (namespace && gpu.namespace !== namespace) return false;
  if (workload && gpu.workload !== workload) return false;
  return true;
}

export interface GpuMapSummary { gpus: number; nodes: number; zones: number; allocated: number; free: number; faulty: number; utilAvg?: number }

export function summarizeGpus(gpus: Iterable<GpuView>, nodes: number, zones: number): GpuMapSummary {
  let count = 0;
  let allocated = 0;
  let faulty = 0;
  let utilSum = 0;
  let utilN = 0;
  for (const g of gpus) {
    count++;
    if (g.pod) allocated++;
    if (g.health === 'unhealthy' || g.health === 'lost') faulty++;
    if (g.util !== undefined) { utilSum += g.util; utilN++; }
  }
  return { gpus: count, nodes, zones, allocated, free: count - allocated, faulty, utilAvg: utilN ? utilSum / utilN : undefined };
}
