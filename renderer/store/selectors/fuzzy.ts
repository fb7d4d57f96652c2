/**
 * Fuzzy matching for the command palette: the query's characters must appear in order; runs of
 * consecutive characters and matches at word starts score higher ("gpa3" finds gpu-a-0003).
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  const direct = t.indexOf(q);
  if (direct >= 0) return 1000 - direct * 2 - (t.length - q.length) * 0.1 + (isWordStart(t, direct) ? 50 : 0);
  let score = 0;
  let ti = 0;
  let run = 0;
  for (let qi = 0; qi < q.length; qi++) {
    const c = q[qi];
    if (c === ' ') { run = 0; continue; }
    const found = t.indexOf(c, ti);
    if (found < 0) return null;
    if (found === ti && qi > 0) run++;
    else run = 0;
    score += 10 + run * 8 + (isWordStart(t, found) ? 12 : 0) - Math.min(found - ti, 20) * 0.5;
    ti = found + 1;
  }
  return score - (t.length - q.length) * 0.05;
}

function isWordStart(t: string, i: number): boolean {
  return i === 0 || /[\s\-_/.:]/.test(t[i - 1]);
}

export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string, limit = 50): T[] {
  if (!query.trim()) return items.slice(0, limit);
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const s = fuzzyScore(query, text(item));
    if (s !== null) scored.push({ item, score: s });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map((s) => s.item);
}
