/**
 * Reconnect delay: exponential with full jitter (AWS Builders' Library, "Timeouts, retries and
 * backoff with jitter"), so many consoles behind one jump host do not reconnect in lockstep.
 */
export interface BackoffOptions { baseMs: number; maxMs: number }
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 15_000 };

export function reconnectDelayMs(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  // Never below a quarter of the base, so a flapping server is not hammered.
  return Math.round(Math.max(opts.baseMs / 4, ceiling * random()));
}
