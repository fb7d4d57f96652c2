/**
 * A drill without a window: a DemoSource on a virtual clock (realtime off), a real
 * ClusterModel, the real ActionEngine with its audit log, and the DrillEngine — the same
 * parts the console runs — with the scenario's autopilot script playing the operator. Used by
 * `npm run drill` and the unit tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DrillDebrief, DrillState } from '../../../shared/drills';
import { ActionEngine } from '../actions/actionEngine';
import { AuditLog } from '../actions/auditLog';
import { ClusterModel } from '../model/clusterModel';
import { DemoSource } from '../sources/demo/demoSource';
import { runAutopilot } from './autopilot';
import { DrillEngine } from './drillEngine';
import { SCENARIOS } from './scenarios';

export interface HeadlessDrillOptions {
  /** Where drills.jsonl goes; default a fresh temp dir. */
  dataDir?: string;
  seed?: number;
  /** Source seconds the cluster runs before the drill starts (metrics, settled pods). Default 120. */
  warmupSec?: number;
  log?: (line: string) => void;
}

export interface HeadlessHarness {
  source: DemoSource;
  model: ClusterModel;
  actions: ActionEngine;
  engine: DrillEngine;
  audit: AuditLog;
  dataDir: string;
  /** Advance the virtual clock by whole seconds, ticking the model and the engine each second. */
  advance(sec: number): Promise<void>;
  states: (DrillState | null)[];
  close(): Promise<void>;
}

/** Builds the parts and starts the demo; the caller starts a drill. */
export async function createHeadlessHarness(preset: 'lab' | 'region' | 'large', opts: HeadlessDrillOptions = {}): Promise<HeadlessHarness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-drill-'));
  const tmpAudit = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-drill-audit-'));
  const source = new DemoSource({ preset, seed: opts.seed ?? 42, realtime: false });
  const model = new ClusterModel({ now: () => source.now() });
  const audit = new AuditLog(path.join(tmpAudit, 'audit.jsonl'));
  const states: (DrillState | null)[] = [];
  const tickAll = () => {
    model.tick(source.now());
    engine.tick();
    model.takeDelta();
  };
  // Actions that wait for the cluster (drain, failover) sleep on the virtual clock.
  const sleep = async (ms: number) => {
    for (let left = ms; left > 0; left -= 1000) {
      source.advance(Math.min(1000, left));
      tickAll();
    }
  };
  const actions = new ActionEngine({
    model,
    source: () => source,
    audit,
    context: () => ({ sourceName: `demo:${preset}`, readOnly: false }),
    onProgress: () => {},
    sleep,
  });
  const engine = new DrillEngine({
    dataDir,
    source: () => source,
    model: () => model,
    onChange: (s) => states.push(s),
    recordTags: () => ({ autopilot: true, seed: opts.seed ?? 42 }),
  });
  await source.start({
    onSync: (k, o) => model.onSync(k, o),
    onEvents: (e) => model.onEvents(e),
    onMetrics: (s, at) => model.onMetrics(s, at),
    onStatus: () => {},
  });
  const advance = async (sec: number) => {
    for (let i = 0; i < sec; i++) {
      source.advance(1000);
      tickAll();
    }
    // Let promise callbacks (fault injection, cleanup) run between seconds of virtual time.
    await Promise.resolve();
  };
  await advance(opts.warmupSec ?? 120);
  return {
    source, model, actions, engine, audit, dataDir, advance, states,
    async close() {
      await engine.abortIfRunning();
      await source.stop();
      fs.rmSync(tmpAudit, { recursive: true, force: true });
    },
  };
}

export interface HeadlessResult { debrief: DrillDebrief; state: DrillState; log: string[] }

/** Runs one scenario with its autopilot and returns the debrief. */
export async function runHeadlessDrill(scenarioId: string, opts: HeadlessDrillOptions = {}): Promise<HeadlessResult> {
  const scenario = SCENARIOS.find((s) => s.id === scenarioId);
  if (!scenario) throw new Error(`Unknown drill scenario "${scenarioId}". Known: ${SCENARIOS.map((s) => s.id).join(', ')}.`);
  const h = await createHeadlessHarness(scenario.preset, opts);
  const log: string[] = [];
  const say = (line: string) => {
    log.push(line);
    opts.log?.(line);
  };
  try {
    await h.engine.start(scenarioId);
    await runAutopilot(scenarioId, {
      engine: h.engine,
      model: () => h.model,
      preview: (r) => h.actions.preview(r),
      run: (r, c) => h.actions.run(r, c),
      advance: (sec) => h.advance(sec),
      log: say,
    });
    if (h.engine.state()?.running) await h.engine.abort();
    await h.engine.settled();
    const state = h.engine.state();
    if (!state?.debrief) throw new Error(`Drill ${scenarioId} ended without a debrief.`);
    return { debrief: state.debrief, state, log };
  } finally {
    await h.close();
  }
}
