/**
 * Per-GPU state (latest DCGM values, XID, health) and its GpuView.
 *
 * Health, decided per node because the device plugin reports unhealthy devices only as a lower
 * `allocatable` count, not which ones:
 *  - lost:      the last XID is of class gpu-lost (79: fallen off the bus), or the GPU vanished
 *               from dcgm-exporter's output while the device plugin withdrew a device.
 *  - unhealthy: the last XID needs a reset and withdraws the device (memory/ECC, driver/GSP,
 *               NVLink), or the device plugin lowered allocatable below capacity. Withdrawn
 *               devices no XID explains are attributed to the likeliest suspects (a GPU with a
 *               degrading XID, then one dcgm-exporter stopped reporting, then the highest
 *               index): the plugin does not say which device it dropped. So a node's
 *               unhealthy count is max(capacity − allocatable, GPUs with a withdrawing XID).
 *  - degraded:  temperature ≥ 87 °C (the slowdown region of data-center GPUs), an SM clock
 *               below 80 % of the highest seen for that GPU model while busy (≥ 20 % util),
 *               i.e. throttled, or an XID that signals trouble without withdrawing the device
 *               (63 pending row remap, 92, thermal/power).
 *  - healthy:   otherwise, including application-class XIDs (13, 31, 43, 94: the workload's
 *               fault, the GPU stays usable).
 * A GPU without samples keeps the health Kubernetes tells us; its metrics are undefined.
 */
import { reasonList, reasonOf } from '../../../shared/reasons';
import type { GpuHealth, GpuView, ReasonView } from '../../../shared/views';
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
  /** Missing from the last scrape that reported other GPUs of its node (fell off the bus?). */
  absent: boolean;
  /** onMetrics batch that last reported it, and the source time of its last sample. */
  seenBatch: number;
  lastSampleAt: number;
  health: GpuHealth;
  healthReason: string | undefined;
  /** healthReason as a code (set together with it). */
  healthReasonCode: ReasonView | undefined;
  /** Pod holding the GPU (set by gpuAllocation). */
  pod: string | undefined;
  /**
   * Telemetry as displayed (and sent): the raw values above rounded to integers, NaN = none.
   * Health and history use the raw values; views and deltas these (see telemetry.ts).
   */
  shownUtil: number;
  shownTemp: number;
  shownPower: number;
  shownFbUsed: number;
  shownFbFree: number;
  shownSmClock: number;
  /** Cached views, undefined when stale: without telemetry (`core`), and complete (`view`). */
  core: GpuView | undefined;
  view: GpuView | undefined;
  /** The view last put in a delta or snapshot, to skip upserts that change nothing structural. */
  sent: GpuView | undefined;
}

export function newGpuState(node: string, index: number, slot: number): GpuState {
  return {
    id: `${node}/${index}`, node, index, slot, uuid: '', modelName: '', hasSample: false,
    shownUtil: NaN, shownTemp: NaN, shownPower: NaN, shownFbUsed: NaN, shownFbFree: NaN, shownSmClock: NaN, core: undefined, sent: undefined,
    util: NaN, fbUsed: NaN, fbFree: NaN, temp: NaN, power: NaN, smClock: NaN,
    xid: 0, xidAt: 0, dcgmPod: undefined, absent: false, seenBatch: 0, lastSampleAt: -Infinity, health: 'healthy', healthReason: undefined, healthReasonCode: undefined, pod: undefined, view: undefined,
  };
}

type XidSeverity = 'lost' | 'unhealthy' | 'degraded' | undefined;

/**
 * What the last XID says about the GPU itself. gpu-lost → lost; memory, driver and NVLink
 * codes that need a reset → unhealthy (the device plugin withdraws such devices); a pending
 * row remap (63), a high single-bit ECC rate (92), thermal/power events and the rest of
 * those classes → degraded; application and "other" codes (13, 31, 43, 45, 94, 154: the
 * workload's fault or a follow-on report) → no effect. Unknown codes → degraded.
 */
function xidSeverity(code: number): XidSeverity {
  if (!code) return undefined;
  const info = xidInfo(code);
  if (!info) return 'degraded';
  switch (info.class) {
    case 'gpu-lost': return 'lost';
    case 'application':
    case 'other': return undefined;
    case 'thermal-power': return 'degraded';
    default: return info.resetRequired && code !== 63 ? 'unhealthy' : 'degraded';
  }
}

export function xidText(code: number): string {
  const info = xidInfo(code);
  return info ? `XID ${code}: ${info.name.en}` : `XID ${code} (unknown code)`;
}

export function xidCode(code: number): ReasonView {
  return xidInfo(code) ? reasonOf('gpu.xid', { xid: code }) : reasonOf('gpu.xidUnknown', { xid: code });
}

/** An English reason and the same as a code (the code follows the text: equal texts, equal codes). */
interface Reason { text: string; code: ReasonView | undefined }

function setHealth(g: GpuState, health: GpuHealth, reason: Reason | undefined, changed: GpuState[]): void {
  if (g.health !== health || g.healthReason !== reason?.text) {
    g.health = health;
    g.healthReason = reason?.text;
    g.healthReasonCode = reason?.code;
    changed.push(g);
  }
}

function xidReason(code: number): Reason {
  return { text: xidText(code), code: xidCode(code) };
}

/**
 * The devices the device plugin withdrew (capacity − allocatable) that no reset-class XID
 * explains, attributed to the likeliest suspects: GPUs whose last XID degraded them, then GPUs
 * that vanished from dcgm-exporter's output, then the highest indices.
 */
function withdrawnSuspects(gpus: readonly GpuState[], count: number): Set<number> {
  const out = new Set<number>();
  const bad = (g: GpuState) => { const s = xidSeverity(g.xid); return s === 'lost' || s === 'unhealthy'; };
  for (const g of gpus) if (out.size < count && !bad(g) && xidSeverity(g.xid) === 'degraded') out.add(g.index);
  for (const g of gpus) if (out.size < count && !bad(g) && g.absent && !out.has(g.index)) out.add(g.index);
  for (let i = gpus.length - 1; i >= 0 && out.size < count; i--) if (!bad(gpus[i]) && !out.has(i)) out.add(i);
  return out;
}

/**
 * Re-derives the health of one node's GPUs; pushes GPUs whose health or reason changed onto
 * `changed` and returns how many are unhealthy or lost.
 */
export function assignGpuHealth(
  gpus: readonly GpuState[], capacity: number, allocatable: number, maxClockOf: (model: string) => number, changed: GpuState[],
): number {
  let bad = 0;
  for (const g of gpus) {
    const s = xidSeverity(g.xid);
    if (s === 'lost' || s === 'unhealthy') bad++;
  }
  const unexplained = Math.max(0, capacity - allocatable) - bad;
  const withdrawn = unexplained > 0 ? withdrawnSuspects(gpus, unexplained) : undefined;
  const plugin = `withdrawn by the device plugin (allocatable ${allocatable} of ${capacity})`;
  const counts = { allocatable, capacity };
  for (const g of gpus) {
    const s = xidSeverity(g.xid);
    if (s === 'lost') setHealth(g, 'lost', xidReason(g.xid), changed);
    else if (s === 'unhealthy') setHealth(g, 'unhealthy', xidReason(g.xid), changed);
    else if (withdrawn?.has(g.index)) {
      bad++;
      if (s === 'degraded') {
        setHealth(g, 'unhealthy', { text: `${xidText(g.xid)}; ${plugin}`, code: reasonList([xidCode(g.xid), reasonOf('gpu.withdrawn', counts)]) }, changed);
      } else if (g.absent) {
        setHealth(g, 'lost', { text: `no longer reported by dcgm-exporter and ${plugin}`, code: reasonOf('gpu.absentWithdrawn', counts) }, changed);
      } else setHealth(g, 'unhealthy', { text: plugin, code: reasonOf('gpu.withdrawn', counts) }, changed);
    } else {
      const reason = degradedReason(g, s, maxClockOf);
      setHealth(g, reason ? 'degraded' : 'healthy', reason, changed);
    }
  }
  return bad;
}

function degradedReason(g: GpuState, s: XidSeverity, maxClockOf: (model: string) => number): Reason | undefined {
  if (s === 'degraded') return xidReason(g.xid);
  if (g.temp >= HOT_TEMP_C) {
    const temp = Math.round(g.temp);
    return { text: `temperature ${temp} °C (slowdown at ${HOT_TEMP_C} °C)`, code: reasonOf('gpu.hot', { temp, limit: HOT_TEMP_C }) };
  }
  if (g.util >= THROTTLE_MIN_UTIL && g.smClock > 0) {
    const peak = maxClockOf(g.modelName);
    if (peak > 0 && g.smClock < THROTTLE_CLOCK_RATIO * peak) {
      const p = { clock: Math.round(g.smClock), percent: Math.round((100 * g.smClock) / peak), peak: Math.round(peak) };
      return { text: `SM clock throttled: ${p.clock} MHz, ${p.percent}% of ${p.peak} MHz`, code: reasonOf('gpu.throttled', p) };
    }
  }
  return undefined;
}

export interface GpuPlacement { zone: string; pool: string; model: string }

/** The view without telemetry; telemetry.ts adds the displayed values (complete view, columns). */
export function gpuCoreViewOf(g: GpuState, at: GpuPlacement, pod: { key: string; namespace: string } | undefined, workload: string | undefined): GpuView {
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
    lastXid: g.xid || undefined,
    lastXidAt: g.xid ? g.xidAt : undefined,
    health: g.health,
    healthReason: g.healthReason,
    healthReasonCode: g.healthReasonCode,
  };
}
