/**
 * Timers on virtual time (container starts, grace periods, taint evictions). A binary heap
 * ordered by (time, insertion order) so equal-time timers fire in the order they were set,
 * which keeps runs reproducible. Timers are not cancelled: each callback checks that what it
 * was set for still holds.
 */
interface Timer { at: number; seq: number; fn: () => void }

export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  at(time: number, fn: () => void): void {
    const t = { at: time, seq: this.seq++, fn };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], t)) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = t;
  }

  /** Runs every timer due at or before `now` (including ones they set for `now`). */
  runDue(now: number): void {
    while (this.heap.length > 0 && this.heap[0].at <= now) this.pop().fn();
  }

  private pop(): Timer {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(h[r], h[l]) ? r : l;
        if (less(last, h[c])) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
