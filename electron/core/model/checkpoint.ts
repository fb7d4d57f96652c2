/**
 * The checkpoint convention (shared/conventions.ts): a training job reports its last completed
 * checkpoint with annotations on the job object. From them and the source clock we derive the
 * CheckpointView (age, stale when older than 2 × the intended interval) and the work at risk.
 */
import { ANNOTATIONS } from '../../../shared/conventions';
import { reasonOf } from '../../../shared/reasons';
import type { CheckpointView, ReasonView } from '../../../shared/views';
import { durationParam, durationText, nonNegative, text, timeMs } from './kubeValues';

export interface CheckpointFacts { timeMs?: number; step?: number; storage?: string; intervalSec?: number }

export function checkpointFacts(annotations: Readonly<Record<string, string>>): CheckpointFacts | undefined {
  const f: CheckpointFacts = {
    timeMs: timeMs(annotations[ANNOTATIONS.checkpointTime]),
    step: nonNegative(annotations[ANNOTATIONS.checkpointStep]),
    storage: text(annotations[ANNOTATIONS.checkpointStorage]),
    intervalSec: positive(nonNegative(annotations[ANNOTATIONS.checkpointInterval])),
  };
  return f.timeMs === undefined && f.step === undefined && f.storage === undefined && f.intervalSec === undefined ? undefined : f;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}

/**
 * `runningSince` (when the job started running) lets a job that never checkpointed go stale:
 * running for more than 2 × interval without any checkpoint is the same risk as an old one.
 */
export function checkpointView(f: CheckpointFacts, now: number, runningSince: number | undefined): CheckpointView {
  const ageSec = f.timeMs !== undefined ? Math.max(0, Math.floor((now - f.timeMs) / 1000)) : undefined;
  let stale = false;
  if (f.intervalSec !== undefined) {
    if (ageSec !== undefined) stale = ageSec > 2 * f.intervalSec;
    else if (runningSince !== undefined) stale = (now - runningSince) / 1000 > 2 * f.intervalSec;
  }
  return { time: f.timeMs, step: f.step, storage: f.storage, intervalSec: f.intervalSec, ageSec, stale };
}

export function staleReason(c: CheckpointView, now: number, runningSince: number | undefined): string {
  const interval = c.intervalSec !== undefined ? `, interval ${durationText(c.intervalSec)}` : '';
  if (c.ageSec !== undefined) return `checkpoint ${durationText(c.ageSec)} old${interval}`;
  const since = runningSince !== undefined ? ` in ${durationText((now - runningSince) / 1000)}` : '';
  return `no checkpoint${since}${interval}`;
}

/** staleReason as a code; undefined for the cases a stale checkpoint cannot have (no interval). */
export function staleReasonCode(c: CheckpointView, now: number, runningSince: number | undefined): ReasonView | undefined {
  if (c.intervalSec === undefined) return undefined;
  const interval = durationParam(c.intervalSec);
  if (c.ageSec !== undefined) return reasonOf('checkpoint.stale', { age: durationParam(c.ageSec), interval });
  if (runningSince === undefined) return undefined;
  return reasonOf('checkpoint.missing', { elapsed: durationParam((now - runningSince) / 1000), interval });
}

/**
 * Seconds of training a failure now would lose: since the last checkpoint while running, or
 * since the job started running when it has not checkpointed yet; 0 when not running or
 * unknown.
 */
export function workAtRiskSec(f: CheckpointFacts | undefined, running: boolean, runningSince: number | undefined, now: number): number {
  if (!running) return 0;
  const from = f?.timeMs ?? runningSince;
  return from === undefined ? 0 : Math.max(0, Math.floor((now - from) / 1000));
}
