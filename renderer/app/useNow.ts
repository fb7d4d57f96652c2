import { useSyncExternalStore } from 'react';

/** Wall-clock "now", ticking once per `intervalMs` (shared timer per interval). */
const clocks = new Map<number, { now: number; listeners: Set<() => void>; timer?: ReturnType<typeof setInterval> }>();

function clockFor(intervalMs: number) {
  let c = clocks.get(intervalMs);
  if (!c) clocks.set(intervalMs, (c = { now: Date.now(), listeners: new Set() }));
  return c;
}

export function useNow(intervalMs = 1000): number {
  const c = clockFor(intervalMs);
  return useSyncExternalStore(
    (cb) => {
      c.listeners.add(cb);
      if (!c.timer) {
        c.timer = setInterval(() => {
          c.now = Date.now();
          for (const l of c.listeners) l();
        }, intervalMs);
      }
      return () => {
        c.listeners.delete(cb);
        if (c.listeners.size === 0 && c.timer) {
          clearInterval(c.timer);
          c.timer = undefined;
        }
      };
    },
    () => c.now,
  );
}
