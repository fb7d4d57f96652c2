/**
 * Bounded metric history in typed arrays.
 *
 * GpuHistory keeps POINTS samples of util/temp/power/fb per GPU in flat typed arrays, one
 * row ("slot") per GPU, in chunks of 256 rows allocated on first use: times as Uint32 epoch seconds (good until 2106) and values as
 * Float32. 16,000 GPUs × 120 points cost ≈ 38 MB, with no per-sample objects.
 * A point is recorded at most once per `stepMs` of source time, so the window is
 * POINTS × step (30 min at the default 15 s) whatever the scrape rate.
 */
import type { MetricPoint, UtilPoint } from '../../../shared/views';

export const GPU_HISTORY_POINTS = 120;
export const GPU_HISTORY_STEP_MS = 15_000;
const SERIES = 4; // util, temp, power, fb
const CHUNK = 256;

export interface GpuSeries { util: MetricPoint[]; tempC: MetricPoint[]; powerW: MetricPoint[]; fbUsedMiB: MetricPoint[] }

export class GpuHistory {
  /** Rows are stored in chunks of CHUNK slots, allocated on the first sample of a chunk (no copying on growth). */
  private readonly times: (Uint32Array | undefined)[] = [];
  private readonly values: (Float32Array | undefined)[] = [];
  private readonly heads: number[] = [];
  private readonly counts: number[] = [];
  private readonly lastMs: number[] = [];
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly points = GPU_HISTORY_POINTS, readonly stepMs = GPU_HISTORY_STEP_MS) {}

  allocSlot(): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.next++;
    this.heads[slot] = 0;
    this.counts[slot] = 0;
    this.lastMs[slot] = -Infinity;
    return slot;
  }

  freeSlot(slot: number): void {
    this.counts[slot] = 0;
    this.free.push(slot);
  }

  /** Records a point unless one was recorded less than stepMs ago; NaN marks a missing value. */
  push(slot: number, atMs: number, util: number, temp: number, power: number, fb: number): void {
    const last = this.lastMs[slot];
    if (atMs < last) {
      // The source clock went back (new demo run, relist from another cluster): start over.
      this.counts[slot] = 0;
      this.heads[slot] = 0;
    } else if (atMs - last < this.stepMs) {
      return;
    }
    this.lastMs[slot] = atMs;
    const chunk = (slot / CHUNK) | 0;
    let times = this.times[chunk];
    let values = this.values[chunk];
    if (!times || !values) {
      times = this.times[chunk] = new Uint32Array(CHUNK * this.points);
      values = this.values[chunk] = new Float32Array(CHUNK * this.points * SERIES);
    }
    const head = this.heads[slot];
    const i = (slot % CHUNK) * this.points + head;
    times[i] = Math.max(0, Math.floor(atMs / 1000));
    const v = i * SERIES;
    values[v] = util;
    values[v + 1] = temp;
    values[v + 2] = power;
    values[v + 3] = fb;
    this.heads[slot] = (head + 1) % this.points;
    if (this.counts[slot] < this.points) this.counts[slot]++;
  }

  series(slot: number): GpuSeries {
    const out: GpuSeries = { util: [], tempC: [], powerW: [], fbUsedMiB: [] };
    const chunk = (slot / CHUNK) | 0;
    const times = this.times[chunk];
    const values = this.values[chunk];
    const n = this.counts[slot] ?? 0;
    if (!times || !values || n === 0) return out;
    const row = (slot % CHUNK) * this.points;
    const start = (this.heads[slot] - n + this.points) % this.points;
    const lists = [out.util, out.tempC, out.powerW, out.fbUsedMiB];
    for (let k = 0; k < n; k++) {
      const i = row + ((start + k) % this.points);
      const t = times[i] * 1000;
      for (let s = 0; s < SERIES; s++) {
        const v = values[i * SERIES + s];
        if (!Number.isNaN(v)) lists[s].push({ t, v });
      }
    }
    return out;
  }
}

/** A fixed-size ring of (t, v) points, e.g. a workload's throughput. */
export class PointRing {
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity = GPU_HISTORY_POINTS) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    this.t[this.head] = t;
    this.v[this.head] = v;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  last(): MetricPoint | undefined {
    if (this.count === 0) return undefined;
    const i = (this.head - 1 + this.capacity) % this.capacity;
    return { t: this.t[i], v: this.v[i] };
  }

  points(): MetricPoint[] {
    const out: MetricPoint[] = [];
    const start = (this.head - this.count + this.capacity) % this.capacity;
    for (let k = 0; k < this.count; k++) {
      const i = (start + k) % this.capacity;
      out.push({ t: this.t[i], v: this.v[i] });
    }
    return out;
  }
}

export const FLEET_HISTORY_POINTS = 480;
export const FLEET_HISTORY_STEP_MS = 15_000;

/** Fleet utilization/allocation history: one UtilPoint per step of source time. */
export class FleetHistory {
  private readonly ring: UtilPoint[] = [];
  private head = 0;
  private lastT = -Infinity;

  constructor(readonly capacity = FLEET_HISTORY_POINTS, readonly stepMs = FLEET_HISTORY_STEP_MS) {}

  due(now: number): boolean {
    return now < this.lastT || now - this.lastT >= this.stepMs;
  }

  push(p: UtilPoint): void {
    if (p.t < this.lastT) {
      this.ring.length = 0;
      this.head = 0;
    }
    this.lastT = p.t;
    if (this.ring.length < this.capacity) this.ring.push(p);
    else {
      this.ring[this.head] = p;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  points(): UtilPoint[] {
    return this.ring.length < this.capacity ? this.ring.slice() : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }
}
