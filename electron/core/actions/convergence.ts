/**
 * Bounded waiting for the cluster to converge after a write (pods to terminate, a standby to
 * become ready). Time is counted in the slept milliseconds, so a test that advances the demo's
 * virtual clock inside `sleep` sees exactly the timeouts an operator would.
 */
import type { ExecContext } from './actionDefinition';

export const POLL_INTERVAL_MS = 2000;

export interface WaitResult { done: boolean; waitedMs: number }

export async function waitUntil(
  ctx: Pick<ExecContext, 'sleep'>,
  opts: { timeoutMs: number; intervalMs?: number; check: () => boolean; onWait?: () => void },
): Promise<WaitResult> {
  const interval = opts.intervalMs ?? POLL_INTERVAL_MS;
  let waited = 0;
  while (!opts.check()) {
    if (waited >= opts.timeoutMs) return { done: false, waitedMs: waited };
    opts.onWait?.();
    const step = Math.min(interval, opts.timeoutMs - waited);
    await ctx.sleep(step);
    waited += step;
  }
  return { done: true, waitedMs: waited };
}
