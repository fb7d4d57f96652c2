import { describe, expect, it } from 'vitest';
import { drillScore, type ScoreInput } from '../../electron/core/drills/score';
import { parseDrillArgs } from '../../electron/core/drills/drillCli';

const perfect: ScoreInput = {
  outcome: 'solved', stagesDone: 3, detectBudgetSec: 300, timeToDetectSec: 30, timeToRecoverSec: 600,
  workLostSec: 900, rpoSec: 1800, rtoSec: 1800, harmfulActions: 0, hintsUsed: 0,
};

describe('drill score', () => {
  it.each<[string, Partial<ScoreInput>, number]>([
    ['a clean, fast response scores 100', {}, 100],
    ['each hint costs 5', { hintsUsed: 3 }, 85],
    ['each harmful action costs 15', { harmfulActions: 1 }, 85],
    ['harmful actions cost at most 45', { harmfulActions: 5 }, 55],
    ['detection costs 1 point per started minute beyond the budget', { timeToDetectSec: 300 + 61 }, 98],
    ['detection costs at most 15', { timeToDetectSec: 10_000 }, 85],
    ['recovery at twice the RTO costs the full 25', { timeToRecoverSec: 3600 }, 75],
    ['recovery 50 % over the RTO costs 12.5 (rounded)', { timeToRecoverSec: 2700 }, 88],
    ['work lost within the RPO costs nothing', { workLostSec: 1800 }, 100],
    ['work lost at twice the RPO costs the full 20', { workLostSec: 3600 }, 80],
    ['exposure replaces recovery time when given: checkpoint age 50 % over the RPO', { exposureSec: 2700, timeToRecoverSec: 99_999 }, 88],
    ['never below 0', { harmfulActions: 3, hintsUsed: 20 }, 0],
    ['a timeout keeps 10 per completed stage', { outcome: 'timeout', stagesDone: 2 }, 20],
    ['a timeout still pays for hints', { outcome: 'timeout', stagesDone: 1, hintsUsed: 1 }, 5],
    ['an aborted drill scores 0', { outcome: 'aborted' }, 0],
  ])('%s', (_, change, expected) => {
    expect(drillScore({ ...perfect, ...change }).score).toBe(expected);
  });
});

describe('npm run drill arguments', () => {
  const known = ['gpu-off-the-bus', 'zone-outage'];
  it.each<[string[], unknown]>([
    [['--list'], { kind: 'list' }],
    [['--scenario', 'zone-outage', '--autopilot'], { kind: 'run', scenarios: ['zone-outage'], seed: 42, verbose: false }],
    [['--scenario', 'all', '--autopilot', '--seed', '7'], { kind: 'run', scenarios: known, seed: 7, verbose: false }],
  ])('%j', (argv, expected) => {
    expect(parseDrillArgs(argv, known)).toMatchObject(expected as object);
  });

  it.each<[string[], RegExp]>([
    [['--scenario', 'nope', '--autopilot'], /Unknown scenario "nope"/],
    [['--scenario', 'zone-outage'], /--autopilot/],
    [['--scenario', 'zone-outage', '--autopilot', '--seed', '-1'], /--seed/],
    [['--bogus'], /bogus/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseDrillArgs(argv, known)).toThrow(message);
  });
});
