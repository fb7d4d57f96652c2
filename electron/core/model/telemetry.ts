/**
 * Telemetry as the console shows and sends it, apart from structure.
 *
 * A dcgm-exporter scrape changes some value of nearly every GPU (power wobbles by tenths of a
 * watt), yet almost nothing an operator sees: the UI shows integers. So each GPU keeps its raw
 * values (health rules and history use those) and, beside them, the displayed values — the raw
 * ones rounded. Only a change of a displayed value marks the GPU for the next telemetry
 * columns (`GpuMetricColumns`); it never marks the GPU's structural view (holder, health, XID),
 * which is what delta upserts carry. A node's utilAvg is published as an integer and
 * republished only when the exact mean moves a whole point away from it (hysteresis: a mean
 * hovering at 49.5 does not flap between 49 and 50).
 *
 * Views are compared with what the last delta carried, so an event that rebuilt a view without
 * changing it (a kubelet heartbeat bumps only lastHeartbeatTime) sends nothing.
 */
import { GPU_METRIC_FIELDS, type GpuMetricColumns, type GpuView, type NodeView } from '../../../shared/views';
import type { GpuState } from './gpuView';
import { UTIL_SCALE, type NodeState } from './nodeView';

function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** What the UI shows of a raw DCGM value: an integer (%, °C, W, MiB, MHz). NaN stays NaN. */
export function shownValue(v: number): number {
  return Math.round(v);
}

/** Re-derives the GPU's displayed telemetry from its raw values; true when any of it changed. */
export function refreshShownTelemetry(g: GpuState): boolean {
  const util = shownValue(g.util);
  const temp = shownValue(g.temp);
  const power = shownValue(g.power);
  const fbUsed = shownValue(g.fbUsed);
  const fbFree = shownValue(g.fbFree);
  const smClock = shownValue(g.smClock);
  if (sameNumber(util, g.shownUtil) && sameNumber(temp, g.shownTemp) && sameNumber(power, g.shownPower)
    && sameNumber(fbUsed, g.shownFbUsed) && sameNumber(fbFree, g.shownFbFree) && sameNumber(smClock, g.shownSmClock)) return false;
  g.shownUtil = util;
  g.shownTemp = temp;
  g.shownPower = power;
  g.shownFbUsed = fbUsed;
  g.shownFbFree = fbFree;
  g.shownSmClock = smClock;
  return true;
}

function value(v: number): number | undefined {
  return Number.isNaN(v) ? undefined : v;
}

function cell(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

/** The complete GpuView: the structural core plus the displayed telemetry. */
export function withTelemetry(core: GpuView, g: GpuState): GpuView {
  return {
    ...core,
    util: value(g.shownUtil),
    fbUsedMiB: value(g.shownFbUsed),
    fbFreeMiB: value(g.shownFbFree),
    tempC: value(g.shownTemp),
    powerW: value(g.shownPower),
    smClockMHz: value(g.shownSmClock),
  };
}

export function newGpuMetricColumns(): GpuMetricColumns {
  return { slot: [], util: [], tempC: [], powerW: [], fbUsedMiB: [], fbFreeMiB: [], smClockMHz: [] };
}

/** Appends the GPU's displayed telemetry as one row. */
export function pushGpuMetricRow(cols: GpuMetricColumns, g: GpuState): void {
  cols.slot.push(g.slot);
  cols.util.push(cell(g.shownUtil));
  cols.tempC.push(cell(g.shownTemp));
  cols.powerW.push(cell(g.shownPower));
  cols.fbUsedMiB.push(cell(g.shownFbUsed));
  cols.fbFreeMiB.push(cell(g.shownFbFree));
  cols.smClockMHz.push(cell(g.shownSmClock));
}

/** The node's exact mean utilization, NaN without metrics. */
export function exactUtilAvg(n: NodeState): number {
  return n.utilCount > 0 ? n.utilFixed / UTIL_SCALE / n.utilCount : NaN;
}

/**
 * Republishes the node's utilAvg when the exact mean moved at least one point away from the
 * published integer (or appeared / went away); true when it did.
 */
export function refreshShownUtil(n: NodeState): boolean {
  const exact = exactUtilAvg(n);
  const shown = n.utilShown;
  if (Number.isNaN(exact) ? Number.isNaN(shown) : !Number.isNaN(shown) && Math.abs(exact - shown) < 1) return false;
  n.utilShown = Number.isNaN(exact) ? NaN : Math.round(exact);
  return true;
}

const TELEMETRY_KEYS = new Set<string>(GPU_METRIC_FIELDS);

/** Same view apart from telemetry (which travels in the columns). Fields compared by identity. */
export function sameGpuStructure(a: GpuView, b: GpuView): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (!TELEMETRY_KEYS.has(k) && x[k] !== y[k]) return false;
  for (const k in y) if (!TELEMETRY_KEYS.has(k) && y[k] !== undefined && !(k in x)) return false;
  return true;
}

/** Same NodeView apart from utilAvg (which travels in the columns); nested values compared deeply. */
export function sameNodeStructure(a: NodeView, b: NodeView): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'utilAvg' && !sameJson(x[k], y[k])) return false;
  for (const k in y) if (k !== 'utilAvg' && y[k] !== undefined && !(k in x)) return false;
  return true;
}

/** Deep equality of JSON-like values (undefined members count as absent, as in JSON). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!sameJson(x[k], y[k])) return false;
  for (const k in y) if (y[k] !== undefined && !(k in x)) return false;
  return true;
}
