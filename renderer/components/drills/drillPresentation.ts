/**
 * Pure view-model helpers for the drill screens (no React, no DOM): clock text, the timeline
 * chart's points, and the debrief's objective checks.
 */
import type { DrillDebrief, DrillTimelineEntry } from '../../../shared/drills';
import type { Locale, Localized } from '../../../shared/explainers/types';
import type { ReasonView } from '../../../shared/views';

/**
 * A reason code in the user's language, else the English — what components/ReasonText's
 * useReasonText returns (declared here so this pure module does not pull in the i18n setup).
 */
export type ReasonTextFn = (reason: ReasonView | undefined, fallback: string) => string;

/** "4:07", "1:02:09": a stopwatch, not a duration sentence. */
export function stopwatch(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function pick(text: Localized | undefined, locale: Locale): string {
  return text ? text[locale] || text.en : '';
}

/** A timeline line in the locale; an action's result sentence from its reason code when `reasonText` is given. */
export function entryText(e: DrillTimelineEntry, locale: Locale, reasonText?: ReasonTextFn): string {
  if (e.result && reasonText) return `${pick(e.result.before, locale)}${reasonText(e.result.messageCode, e.result.message)}${pick(e.result.after, locale)}`;
  return e.localized ? pick(e.localized, locale) : e.text;
}

/** Lanes of the timeline chart, top to bottom. */
export const TIMELINE_LANES: readonly DrillTimelineEntry['kind'][] = ['fault', 'action', 'hint', 'stage'];

export interface TimelinePoint { t: number; lane: number; kind: DrillTimelineEntry['kind']; text: string }

/**
 * One point per fault, action, hint and completed stage; notes (opened X, cleanup) stay in the
 * list below the chart. `lane` is the row index (0 = top) so the Y axis can be numeric.
 */
export function timelinePoints(timeline: readonly DrillTimelineEntry[], locale: Locale, reasonText?: ReasonTextFn): TimelinePoint[] {
  const out: TimelinePoint[] = [];
  for (const e of timeline) {
    const lane = TIMELINE_LANES.indexOf(e.kind);
    if (lane < 0) continue;
    out.push({ t: e.tSec, lane: TIMELINE_LANES.length - 1 - lane, kind: e.kind, text: entryText(e, locale, reasonText) });
  }
  return out;
}

/** Round ticks for a time axis of `maxSec` seconds: whole minutes (or 15/30 s) and at most ~8 of them. */
export function timeTicks(maxSec: number): { domainMax: number; ticks: number[] } {
  const steps = [15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const max = Math.max(60, maxSec);
  const step = steps.find((s) => max / s <= 8) ?? 3600;
  const domainMax = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= domainMax; t += step) ticks.push(t);
  return { domainMax, ticks };
}

export type ObjectiveCheck = 'ok' | 'over' | 'none';

/** Recovery against the RTO and work lost against the RPO, for the debrief's colouring. */
export function objectiveChecks(d: DrillDebrief): { recovery: ObjectiveCheck; workLost: ObjectiveCheck } {
  const recovery: ObjectiveCheck = d.rtoSec === undefined || d.timeToRecoverSec === undefined ? 'none' : d.timeToRecoverSec <= d.rtoSec ? 'ok' : 'over';
  const workLost: ObjectiveCheck = d.rpoSec === undefined ? 'none' : d.workLostSec <= d.rpoSec ? 'ok' : 'over';
  return { recovery, workLost };
}

export function scoreTone(score: number): 'ok' | 'warn' | 'bad' {
  return score >= 80 ? 'ok' : score >= 50 ? 'warn' : 'bad';
}
