/**
 * Bounded metric history in typed arrays.
 *
 * GpuHistory keeps POINTS samples of util/temp/power/fb per GPU in flat typed arrays, one
 * row ("slot") per GPU, in chunks of 256 rows allocated on first use and grown to size: times
 * as Uint32 epoch seconds (good until 2106), values as Float32. 16,000 GPUs × 120 points cost
 * ≈ 38 MB at full size, with no per-sample objects.
 * A point is recorded at most once per `stepMs` of source time, so the window is
 * POINTS × step (30 min at the default 15 s) whatever the scrape rate.
 */
import type { MetricPoint, UtilPoint } from '../../../shared/views';

export const GPU_HISTORY_POINTS = 120;
export const GPU_HISTORY_STEP_MS = 15_000;
const SERIES = 4; // util, temp, power, fb
const CHUNK = 256;
const FIRST_CAP = 8;

export interface GpuSeries { util: MetricPoint[]; tempC: MetricPoint[]; powerW: MetricPoint[]; fbUsedMiB: MetricPoint[] }

export class GpuHistory {
  /**
   * Rows are stored in chunks of CHUNK slots. A chunk is allocated on its first sample with
   * room for a few points per row and doubles until it holds `points`: a fresh model pays
   * ≈ 2.5 MB for 16,000 GPUs, not the full 38 MB, and no copy ever happens once rows wrap.
   */
  private readonly chunks: ({ cap: number; times: Uint32Array; values: Float32Array } | undefined)[] = [];
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
    const ci = (slot / CHUNK) | 0;
    let chunk = this.chunks[ci];
    if (!chunk) chunk = this.chunks[ci] = this.newChunk(Math.min(this.points, FIRST_CAP));
    else if (this.counts[slot] === chunk.cap && chunk.cap < this.points) chunk = this.chunks[ci] = this.grow(chunk);
    const cap = chunk.cap;
    const head = this.heads[slot];
    const i = (slot % CHUNK) * cap + head;
    chunk.times[i] = Math.max(0, Math.floor(atMs / 1000));
    const v = i * SERIES;
    const values = chunk.values;
    values[v] = util;
    values[v + 1] = temp;
    values[v + 2] = power;
    values[v + 3] = fb;
    this.heads[slot] = (head + 1) % cap;
    if (this.counts[slot] < cap) this.counts[slot]++;
  }

  series(slot: number): GpuSeries {
    const out: GpuSeries = { util: [], tempC: [], powerW: [], fbUsedMiB: [] };
    const chunk = this.chunks[(slot / CHUNK) | 0];
    const n = this.counts[slot] ?? 0;
    if (!chunk || n === 0) return out;
    const cap = chunk.cap;
    const row = (slot % CHUNK) * cap;
    const start = (this.heads[slot] - n + cap) % cap;
    const lists = [out.util, out.tempC, out.powerW, out.fbUsedMiB];
    for (let k = 0; k < n; k++) {
      const i = row + ((start + k) % cap);
      const t = chunk.times[i] * 1000;
      for (let s = 0; s < SERIES; s++) {
        const v = chunk.values[i * SERIES + s];
        if (!Number.isNaN(v)) lists[s].push({ t, v });
      }
    }
    return out;
  }

  private newChunk(cap: number): { cap: number; times: Uint32Array; values: Float32Array } {
    return { cap, times: new Uint32Array(CHUNK * cap), values: new Float32Array(CHUNK * cap * SERIES) };
  }

  /**
   * Doubles a chunk's points per row. Rows only wrap at full size, so below it every row is
   * linear (head = count) and copies as is.
   */
  private grow(old: { cap: number; times: Uint32Array; values: Float32Array }): { cap: number; times: Uint32Array; values: Float32Array } {
    const next = this.newChunk(Math.min(this.points, old.cap * 2));
    for (let r = 0; r < CHUNK; r++) {
      next.times.set(old.times.subarray(r * old.cap, (r + 1) * old.cap), r * next.cap);
      next.values.set(old.values.subarray(r * old.cap * SERIES, (r + 1) * old.cap * SERIES), r * next.cap * SERIES);
    }
    return next;
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
