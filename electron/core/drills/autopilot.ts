/**
 * Plays a scenario's autopilot script — the correct response, step by step — against a
 * running drill, the way an operator would: open what they would open, preview each action
 * and confirm it with the text the preview asks for, press the guide's manual step, and wait.
 * The driver owns time, so the same script runs headless on the demo's virtual clock (the CLI,
 * the tests) and could run against a realtime source.
 */
import type { ActionPreview, ActionRequest, ActionResult } from '../../../shared/actions';
import type { DrillEngine } from './drillEngine';
import type { ModelReader } from '../model/modelApi';

export interface AutopilotDriver {
  engine: DrillEngine;
  model: () => ModelReader;
  preview(request: ActionRequest): Promise<ActionPreview>;
  run(request: ActionRequest, confirmation?: string): Promise<ActionResult>;
  /** Let `sec` seconds of source time pass (ticking the model and the engine). */
  advance(sec: number): Promise<void>;
  log?(line: string): void;
}

export interface AutopilotOptions {
  /** Seconds the "operator" takes between steps (reading, moving the mouse). Default 5. */
  thinkSec?: number;
  /** Source seconds to let pass after the script ends for the drill to finish. Default: until its time limit. */
  settleSec?: number;
}

export async function runAutopilot(scenarioId: string, driver: AutopilotDriver, opts: AutopilotOptions = {}): Promise<void> {
  const { engine } = driver;
  const scenario = engine.scenario(scenarioId);
  if (!scenario) throw new Error(`Unknown drill scenario "${scenarioId}".`);
  const think = opts.thinkSec ?? 5;
  const log = driver.log ?? (() => {});
  const running = () => engine.state()?.running === true;

  for (const step of scenario.autopilot) {
    if (!running()) break;
    await driver.advance(think);
    if (!running()) break;
    const targets = engine.probe((ctx) => ctx.targets);
    if (!targets) break;
    const model = driver.model();
    switch (step.kind) {
      case 'view': {
        const id = step.id(targets, model);
        log(`view ${step.what} ${id ?? '(none)'} — ${step.note}`);
        if (id) engine.noteViewed(step.what, id);
        break;
      }
      case 'manual':
        log(`manual step ${step.id} — ${step.note}`);
        engine.confirmStep(step.id);
        break;
      case 'action': {
        const request = step.request(targets, model);
        if (!request) {
          log(`action skipped — ${step.note}`);
          break;
        }
        const preview = await driver.preview(request);
        if (preview.blockedReason) log(`action ${request.kind} blocked: ${preview.blockedReason}`);
        const result = await driver.run(request, preview.confirmText);
        log(`action ${request.kind} ${result.ok ? 'ok' : 'FAILED'}: ${result.message}`);
        engine.noteAction(request, result);
        break;
      }
      case 'waitStage': {
        log(`wait for stage ${step.stage} — ${step.note}`);
        for (let waited = 0; waited < step.timeoutSec && running(); waited++) {
          if (engine.probe((ctx) => ctx.stageDoneAt(step.stage)) !== undefined) break;
          await driver.advance(1);
        }
        break;
      }
      case 'waitUntil': {
        log(`wait — ${step.note}`);
        for (let waited = 0; waited < step.timeoutSec && running(); waited++) {
          if (engine.probe(step.until)) break;
          await driver.advance(1);
        }
        break;
      }
    }
  }
  const limit = opts.settleSec ?? scenario.timeLimitSec;
  for (let waited = 0; waited < limit && running(); waited++) await driver.advance(1);
}
