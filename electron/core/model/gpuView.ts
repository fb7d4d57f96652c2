/**
 * Per-GPU state (latest DCGM values, XID, health) and its GpuView.
 *
 * Health, decided per node because the device plugin reports unhealthy devices only as a lower
 * `allocatable` count, not which ones:
 *  - lost:      the last XID is of class gpu-lost (79: fallen off the bus).
 *  - unhealthy: the last XID needs a GPU reset (memory/ECC, driver/GSP, NVLink, power), or the
 *               device plugin lowered allocatable below capacity. The missing devices are
 *               attributed first to GPUs with such an XID and the rest to the highest indices
 *               (we cannot know which device the plugin dropped; dcgm-exporter would tell us
 *               through an XID when it is a hardware fault). So a node's unhealthy count is
 *               max(capacity − allocatable, GPUs with a reset-class XID).
 *  - degraded:  temperature ≥ 87 °C (the slowdown region of data-center GPUs), an SM clock
 *               below 80 % of the highest seen for that GPU model while busy (≥ 20 % util),
 *               i.e. throttled, or an XID that signals trouble without needing a reset (92).
 *  - healthy:   otherwise, including application-class XIDs (13, 31, 43, 94: the workload's
 *               fault, the GPU stays usable).
 * A GPU without samples keeps the health Kubernetes tells us; its metrics are undefined.
 */
import type { GpuHealth, GpuView } from '../../../shared/views';
import { xidInfo } from '../../../shared/xid';

export const HOT_TEMP_C = 87;
export const THROTTLE_CLOCK_RATIO = 0.8;
export const THROTTLE_MIN_UTIL = 20;

export interface GpuState {
  id: string;
  node: string;
  index: number;
  /** Row in the metric history rings. */
  slot: number;
  uuid: string;
  modelName: string;
  hasSample: boolean;
  util: number;
  fbUsed: number;
  fbFree: number;
  temp: number;
  power: number;
  smClock: number;
  /** Last XID code reported by DCGM_FI_DEV_XID_ERRORS; 0 = none. */
  xid: number;
  xidAt: number;
  /** "ns/name" from dcgm-exporter's pod/namespace labels. */
  dcgmPod: string | undefined;
  health: GpuHealth;
  healthReason: string | undefined;
  /** Pod holding the GPU (set by gpuAllocation). */
  pod: string | undefined;
  /** Cached view; undefined when stale. */
  view: GpuView | undefined;
}

export function newGpuState(node: string, index: number, slot: number): GpuState {
  return {
    id: `${node}/${index}`, node, index, slot, uuid: '', modelName: '', hasSample: false,
    util: NaN, fbUsed: NaN, fbFree: NaN, temp: NaN, power: NaN, smClock: NaN,
    xid: 0, xidAt: 0, dcgmPod: undefined, health: 'healthy', healthReason: undefined, pod: undefined, view: undefined,
  };
}

type XidSeverity = 'lost' | 'unhealthy' | 'degraded' | undefined;

function xidSeverity(code: number): XidSeverity {
  if (!code) return undefined;
  const info = xidInfo(code);
  if (!info) return 'degraded';
  if (info.class === 'gpu-lost') return 'lost';
  if (info.class === 'application' || info.class === 'other') return undefined;
  return info.resetRequired ? 'unhealthy' : 'degraded';
}

export function xidText(code: number): string {
  const info = xidInfo(code);
  return info ? `XID ${code}: ${info.name.en}` : `XID ${code} (unknown code)`;
}

function setHealth(g: GpuState, health: GpuHealth, reason: string | undefined, changed: GpuState[]): void {
  if (g.health !== health || g.healthReason !== reason) {
    g.health = health;
    g.healthReason = reason;
    changed.push(g);
  }
}

/**
 * Re-derives the health of one node's GPUs; pushes GPUs whose health or reason changed onto
 * `changed` and returns how many are unhealthy or lost.
 */
export function assignGpuHealth(
  gpus: readonly GpuState[], capacity: number, allocatable: number, maxClockOf: (model: string) => number, changed: GpuState[],
): number {
  let bad = 0;
  const severity: XidSeverity[] = new Array(gpus.length);
  for (let i = 0; i < gpus.length; i++) {
    const s = xidSeverity(gpus[i].xid);
    severity[i] = s;
    if (s === 'lost' || s === 'unhealthy') bad++;
  }
  let unexplained = Math.max(0, capacity - allocatable) - bad;
  for (let i = gpus.length - 1; i >= 0; i--) {
    const g = gpus[i];
    const s = severity[i];
    if (s === 'lost') {
      setHealth(g, 'lost', xidText(g.xid), changed);
    } else if (s === 'unhealthy') {
      setHealth(g, 'unhealthy', xidText(g.xid), changed);
    } else if (unexplained > 0) {
      unexplained--;
      bad++;
      setHealth(g, 'unhealthy', `device plugin reports it unavailable (allocatable ${allocatable} of ${capacity})`, changed);
    } else {
      const reason = degradedReason(g, s, maxClockOf);
      setHealth(g, reason ? 'degraded' : 'healthy', reason, changed);
    }
  }
  return bad;
}

function degradedReason(g: GpuState, s: XidSeverity, maxClockOf: (model: string) => number): string | undefined {
  if (s === 'degraded') return xidText(g.xid);
  if (g.temp >= HOT_TEMP_C) return `temperature ${Math.round(g.temp)} °C (slowdown at ${HOT_TEMP_C} °C)`;
  if (g.util >= THROTTLE_MIN_UTIL && g.smClock > 0) {
    const peak = maxClockOf(g.modelName);
    if (peak > 0 && g.smClock < THROTTLE_CLOCK_RATIO * peak) {
      return `SM clock throttled: ${Math.round(g.smClock)} MHz, ${Math.round((100 * g.smClock) / peak)}% of ${Math.round(peak)} MHz`;
    }
  }
  return undefined;
}

function metric(v: number): number | undefined {
  return Number.isNaN(v) ? undefined : v;
}

export interface GpuPlacement { zone: string; pool: string; model: string }

export function gpuViewOf(g: GpuState, at: GpuPlacement, pod: { key: string; namespace: string } | undefined, workload: string | undefined): GpuView {
  return {
    id: g.id,
    node: g.node,
    index: g.index,
    uuid: g.uuid,
    model: g.modelName || at.model,
    zone: at.zone,
    pool: at.pool,
    pod: pod?.key,
    namespace: pod?.namespace,
    workload,
    util: metric(g.util),
    fbUsedMiB: metric(g.fbUsed),
    fbFreeMiB: metric(g.fbFree),
    tempC: metric(g.temp),
    powerW: metric(g.power),
    smClockMHz: metric(g.smClock),
    lastXid: g.xid || undefined,
    lastXidAt: g.xid ? g.xidAt : undefined,
    health: g.health,
    healthReason: g.healthReason,
  };
}
