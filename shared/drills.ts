import type { DemoPreset } from './contract';
import type { Localized } from './explainers/types';
import type { ReasonView } from './views';

export type DrillDifficulty = 'easy' | 'medium' | 'hard';

export interface DrillScenarioSummary {
  id: string;
  title: Localized;
  summary: Localized;
  difficulty: DrillDifficulty;
  /** May run on a live cluster (opted in): its faults are reversible Kubernetes writes. */
  live: boolean;
  /** The demo preset its targets are picked from; on another preset it cannot start. */
  preset: DemoPreset;
  bestScore?: number;
  attempts: number;
}

export interface DrillStageState {
  id: string;
  title: Localized;
  goal: Localized;
  done: boolean;
  doneAtSec?: number;
  explainers: string[];
  /** Set on the current stage when it waits for a step outside Kubernetes that the operator confirms. */
  manualStep?: { id: string; label: Localized };
}

export interface DrillTimelineEntry {
  tSec: number;
  kind: 'fault' | 'stage' | 'action' | 'hint' | 'note';
  /** English operator-log line (what the CLI prints). */
  text: string;
  /** The same line for the UI in each language (Kubernetes names and API messages stay as they are). */
  localized?: Localized;
  /**
   * An action line in three parts, so the UI can show the action's result sentence in its
   * language from its reason code: `before` + the result + `after` (`localized` holds the result
   * in English, for clients that do not know this field).
   */
  result?: { before: Localized; message: string; messageCode?: ReasonView; after: Localized };
}

export interface DrillDebrief {
  scenarioId: string;
  outcome: 'solved' | 'aborted' | 'timeout';
  score: number;
  timeToDetectSec?: number;
  timeToMitigateSec?: number;
  timeToRecoverSec?: number;
  workLostSec: number;
  rpoSec?: number;
  rtoSec?: number;
  harmfulActions: string[];
  /** harmfulActions, in each language, same order. */
  harmfulActionsLocalized?: Localized[];
  hintsUsed: number;
  timeline: DrillTimelineEntry[];
}

export interface DrillState {
  running: boolean;
  scenarioId: string;
  title: Localized;
  briefing: Localized;
  stages: DrillStageState[];
  currentStage: number;
  hintsShown: Localized[];
  hintsLeft: number;
  elapsedSec: number;
  /** Source-clock seconds the drill may take before it times out. */
  timeLimitSec?: number;
  debrief?: DrillDebrief;
}
