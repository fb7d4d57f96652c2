/**
 * How one dcgm-exporter sample updates a GPU's state. Only fields present in the sample
 * change; the caller learns what moved so it can adjust utilization sums, XID history and the
 * GPU-holder assignment without comparing anything itself.
 */
import type { DcgmSample } from '../sources/dcgm';
import type { GpuState } from './gpuView';
import { parseCount } from './kubeValues';

export interface SampleChange {
  /** Any raw value or label changed (health may need re-deriving). */
  changed: boolean;
  /** A label or the XID changed: the GPU's structural view (not only its telemetry) is stale. */
  structural: boolean;
  /** The util before the sample (NaN when there was none), when util changed. */
  utilChanged: boolean;
  utilBefore: number;
  /** The new XID gauge value, when it changed. */
  xid: number | undefined;
  /** dcgm-exporter's pod/namespace labels changed. */
  holderChanged: boolean;
}

function metricValue(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The same "ns/pod" as the labels, without building the string. */
function samePod(current: string | undefined, ns: unknown, pod: unknown): boolean {
  if (typeof pod !== 'string' || !pod || typeof ns !== 'string' || !ns) return current === undefined;
  return current !== undefined && current.length === ns.length + 1 + pod.length && current.startsWith(ns) && current.endsWith(pod)
    && current.charCodeAt(ns.length) === 47;
}

/** Reused result object: applySample runs 16,000 times per scrape on a large cluster. */
const result: SampleChange = { changed: false, structural: false, utilChanged: false, utilBefore: NaN, xid: undefined, holderChanged: false };

export function applySample(g: GpuState, s: DcgmSample, at: number): SampleChange {
  const l = s.labels;
  const v = s.values ?? {};
  let changed = !g.hasSample || g.absent;
  g.hasSample = true;
  g.absent = false;
  g.lastSampleAt = at;
  result.utilChanged = false;
  result.utilBefore = g.util;
  const util = metricValue(v.DCGM_FI_DEV_GPU_UTIL);
  if (util !== undefined && util !== g.util) {
    g.util = util;
    result.utilChanged = true;
    changed = true;
  }
  let x = metricValue(v.DCGM_FI_DEV_FB_USED);
  if (x !== undefined && x !== g.fbUsed) { g.fbUsed = x; changed = true; }
  x = metricValue(v.DCGM_FI_DEV_FB_FREE);
  if (x !== undefined && x !== g.fbFree) { g.fbFree = x; changed = true; }
  x = metricValue(v.DCGM_FI_DEV_GPU_TEMP);
  if (x !== undefined && x !== g.temp) { g.temp = x; changed = true; }
  x = metricValue(v.DCGM_FI_DEV_POWER_USAGE);
  if (x !== undefined && x !== g.power) { g.power = x; changed = true; }
  x = metricValue(v.DCGM_FI_DEV_SM_CLOCK);
  if (x !== undefined && x !== g.smClock) { g.smClock = x; changed = true; }
  const xid = parseCount(v.DCGM_FI_DEV_XID_ERRORS);
  result.xid = xid !== undefined && xid !== g.xid ? xid : undefined;
  let structural = result.xid !== undefined;
  if (typeof l.UUID === 'string' && l.UUID !== g.uuid && l.UUID.length <= 128) { g.uuid = l.UUID; structural = true; }
  if (typeof l.modelName === 'string' && l.modelName !== g.modelName && l.modelName.length <= 128) { g.modelName = l.modelName; structural = true; }
  if (structural) changed = true;
  result.structural = structural;
  result.holderChanged = !samePod(g.dcgmPod, l.namespace, l.pod);
  if (result.holderChanged) {
    g.dcgmPod = typeof l.pod === 'string' && l.pod && typeof l.namespace === 'string' && l.namespace ? `${l.namespace}/${l.pod}` : undefined;
  }
  result.changed = changed;
  return result;
}

/** Forgets a GPU's metric values (it dropped out of the exporter, or was removed). */
export function clearSampleValues(g: GpuState): void {
  g.util = g.fbUsed = g.fbFree = g.temp = g.power = g.smClock = NaN;
  g.hasSample = false;
}
