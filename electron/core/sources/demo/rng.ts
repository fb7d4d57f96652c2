/**
 * Seeded randomness for the simulator. Two kinds:
 *  - `Rng` (mulberry32): a stream, for choices made in order (uids, which pod fails).
 *  - `noise(...)`: a pure hash of its keys, for telemetry and jitter that must not depend on
 *    how often it is sampled (advance(10 s) and ten advance(1 s) give the same GPU readings).
 */

/** mulberry32: tiny, fast, good enough for simulation; https://gist.github.com/tommyettinger/46a874533244883189143505d203312c */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** 32 random bits as an unsigned integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** FNV-1a over a string, then a murmur3 finalizer for avalanche. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines integers into one 32-bit hash. */
export function hashInts(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) h = fmix32((h ^ (x | 0)) + 0x7f4a7c15 + Math.imul(h, 31));
  return h >>> 0;
}

/** Deterministic noise in [0, 1) from a seed and integer keys. */
export function noise(seed: number, ...keys: number[]): number {
  return hashInts(seed, ...keys) / 4294967296;
}
