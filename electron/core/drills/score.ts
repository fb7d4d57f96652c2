/**
 * The drill score, 0–100. Pure, so the formula is tested on its own and documented in one place
 * (README.md beside this file repeats it for operators).
 *
 * Solved drills start at 100 and lose:
 *   detection   1 point per started minute beyond the scenario's detection budget   (max 15)
 *   recovery    25 × (time to recover − RTO) / RTO, when recovery took longer than the RTO (max 25);
 *               for drills where nothing went down (checkpoints failing), the exposure instead:
 *               25 × (peak work at risk − RPO) / RPO, when the last good checkpoint got older than the RPO
 *   work lost   20 × (work lost − RPO) / RPO, when more work was lost than the RPO allows (max 20)
 *   harmful     15 per harmful action (draining a healthy node, failing over a healthy service…) (max 45)
 *   hints       5 per hint revealed
 * A drill that timed out keeps 10 points per completed stage (max 30) minus the harmful-action
 * and hint penalties; an aborted drill scores 0. The result is rounded and never below 0.
 *
 * Times are source-clock seconds since the fault (the demo clock can run faster than real
 * time, so a budget is in cluster time, which is what RPO and RTO are measured in too).
 */

export const SCORE_WEIGHTS = {
  detectPerMinute: 1,
  detectMax: 15,
  rtoMax: 25,
  rpoMax: 20,
  harmfulEach: 15,
  harmfulMax: 45,
  hintEach: 5,
  stageOnTimeout: 10,
  timeoutMax: 30,
} as const;

export interface ScoreInput {
  outcome: 'solved' | 'aborted' | 'timeout';
  stagesDone: number;
  detectBudgetSec: number;
  timeToDetectSec?: number;
  timeToRecoverSec?: number;
  workLostSec: number;
  rpoSec?: number;
  rtoSec?: number;
  /** Set for drills measured by exposure (peak work at risk) instead of recovery time. */
  exposureSec?: number;
  harmfulActions: number;
  hintsUsed: number;
}

export interface ScoreBreakdown {
  score: number;
  parts: { detect: number; recovery: number; workLost: number; harmful: number; hints: number; base: number };
}

export function drillScore(i: ScoreInput): ScoreBreakdown {
  const w = SCORE_WEIGHTS;
  const harmful = Math.min(w.harmfulMax, w.harmfulEach * i.harmfulActions);
  const hints = w.hintEach * i.hintsUsed;
  if (i.outcome === 'aborted') return { score: 0, parts: { base: 0, detect: 0, recovery: 0, workLost: 0, harmful, hints } };
  if (i.outcome === 'timeout') {
    const base = Math.min(w.timeoutMax, w.stageOnTimeout * i.stagesDone);
    return { score: clamp(base - harmful - hints), parts: { base, detect: 0, recovery: 0, workLost: 0, harmful, hints } };
  }
  const late = Math.max(0, (i.timeToDetectSec ?? 0) - i.detectBudgetSec);
  const detect = Math.min(w.detectMax, w.detectPerMinute * Math.ceil(late / 60));
  let recovery = 0;
  if (i.exposureSec !== undefined) {
    if (i.rpoSec !== undefined && i.rpoSec > 0 && i.exposureSec > i.rpoSec) recovery = w.rtoMax * Math.min(1, (i.exposureSec - i.rpoSec) / i.rpoSec);
  } else if (i.rtoSec !== undefined && i.rtoSec > 0 && i.timeToRecoverSec !== undefined && i.timeToRecoverSec > i.rtoSec) {
    recovery = w.rtoMax * Math.min(1, (i.timeToRecoverSec - i.rtoSec) / i.rtoSec);
  }
  let workLost = 0;
  if (i.rpoSec !== undefined && i.rpoSec > 0 && i.workLostSec > i.rpoSec) {
    workLost = w.rpoMax * Math.min(1, (i.workLostSec - i.rpoSec) / i.rpoSec);
  }
  const base = 100;
  return { score: clamp(base - detect - recovery - workLost - harmful - hints), parts: { base, detect, recovery, workLost, harmful, hints } };
}

function clamp(n: number): number {
  return Math.max(0, Math.min(100, Math.round(n)));
}
