import type { Localized } from './explainers/types';

export type DrillDifficulty = 'easy' | 'medium' | 'hard';

export interface DrillScenarioSummary {
  id: string;
  title: Localized;
  summary: Localized;
  difficulty: DrillDifficulty;
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
}

export interface DrillTimelineEntry { tSec: number; kind: 'fault' | 'stage' | 'action' | 'hint' | 'note'; text: string }

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
  debrief?: DrillDebrief;
}
