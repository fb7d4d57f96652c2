/**
 * Charts never draw more points than they have pixels: each bucket keeps its minimum and
 * maximum (in time order), so spikes such as a thermal excursion survive the reduction.
 */
export function downsample<T>(points: readonly T[], maxPoints: number, value: (p: T) => number | undefined): T[] {
  const limit = Math.max(2, Math.floor(maxPoints));
  if (points.length <= limit) return points.slice();
  const buckets = Math.max(1, Math.floor(limit / 2));
  const size = points.length / buckets;
  const out: T[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let minI = -1;
    let maxI = -1;
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i++) {
      const v = value(points[i]);
      if (v === undefined || Number.isNaN(v)) continue;
      if (v < min) { min = v; minI = i; }
      if (v > max) { max = v; maxI = i; }
    }
    if (minI < 0) { out.push(points[start]); continue; }
    if (minI === maxI) out.push(points[minI]);
    else if (minI < maxI) out.push(points[minI], points[maxI]);
    else out.push(points[maxI], points[minI]);
  }
  return out;
}
