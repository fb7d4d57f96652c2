import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHeadlessDrill } from '../../electron/core/drills/headlessDrill';
import { SCENARIOS } from '../../electron/core/drills/scenarios';
import { DrillHistory } from '../../electron/core/drills/drillHistory';
import { EXPLAINER_IDS } from '../../shared/explainers/ids';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-drills-test-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('drill scenarios', () => {
  it('there are at least eight, each with detect, mitigate and verify stages, bilingual text and known explainers', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      const roles = s.stages.map((st) => st.role);
      expect(roles[0], s.id).toBe('detect');
      expect(roles, s.id).toContain('mitigate');
      expect(roles.at(-1), s.id).toBe('verify');
      for (const text of [s.title, s.summary, ...s.stages.flatMap((st) => [st.title, st.goal])]) {
        expect(text.en.length, s.id).toBeGreaterThan(0);
        expect(text['zh-CN'], s.id).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const st of s.stages) for (const id of st.explainers) expect(EXPLAINER_IDS as readonly string[], `${s.id}/${st.id}`).toContain(id);
      expect(s.autopilot.length, s.id).toBeGreaterThan(0);
    }
  });
});

describe('every scenario is solved by its autopilot', () => {
  it.each(SCENARIOS.map((s) => s.id))('%s: solved, scored, timed, nothing harmful, recorded', async (id) => {
    const { debrief } = await runHeadlessDrill(id, { dataDir });
    expect(debrief.outcome).toBe('solved');
    expect(debrief.score).toBeGreaterThanOrEqual(90);
    expect(debrief.score).toBeLessThanOrEqual(100);
    expect(debrief.harmfulActions).toEqual([]);
    expect(debrief.hintsUsed).toBe(0);
    // Detect, then mitigate, then recover, in source-clock seconds since the fault.
    expect(debrief.timeToDetectSec).toBeGreaterThanOrEqual(0);
    expect(debrief.timeToMitigateSec).toBeGreaterThanOrEqual(debrief.timeToDetectSec!);
    expect(debrief.timeToRecoverSec).toBeGreaterThanOrEqual(debrief.timeToMitigateSec!);
    expect(debrief.workLostSec).toBeGreaterThanOrEqual(0);
    expect(debrief.timeline.some((e) => e.kind === 'fault')).toBe(true);
    // The UI shows the timeline in either language.
    for (const e of debrief.timeline) expect(e.localized?.['zh-CN'], e.text).toBeTruthy();
    expect(debrief.timeline.filter((e) => e.kind === 'stage').length).toBe(SCENARIOS.find((s) => s.id === id)!.stages.length);
    expect(new DrillHistory(dataDir).records().some((r) => r.scenarioId === id && r.debrief.outcome === 'solved')).toBe(true);
  });
});
