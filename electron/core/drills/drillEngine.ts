/**
 * Drill engine (skeleton with the final public API; scenarios follow).
 */
import type { ActionRequest, ActionResult } from '../../../shared/actions';
import type { DrillScenarioSummary, DrillState } from '../../../shared/drills';
import type { ClusterModelApi, ModelReader } from '../model/modelApi';
import type { ClusterSource } from '../sources/clusterSource';

export interface DrillEngineOptions {
  dataDir: string;
  source: () => ClusterSource;
  model: () => ClusterModelApi | (ModelReader & { tick(now: number): void });
  onChange: (state: DrillState | null) => void;
  /** Allow drills on a kube source (reversible faults only). Off by default. */
  allowLive?: boolean;
}

export class DrillEngine {
  private current: DrillState | null = null;
  constructor(private readonly opts: DrillEngineOptions) {}
  list(): DrillScenarioSummary[] { return []; }
  async start(id: string): Promise<DrillState> { throw new Error(`Unknown drill scenario: ${id}`); }
  hint(): DrillState { if (!this.current) throw new Error('No drill is running.'); return this.current; }
  async abort(): Promise<DrillState | null> { const s = this.current; this.current = null; this.opts.onChange(null); return s; }
  async abortIfRunning(): Promise<void> { if (this.current?.running) await this.abort(); }
  state(): DrillState | null { return this.current; }
  noteViewed(_kind: 'node' | 'gpu' | 'workload', _id: string): void {}
  noteAction(_request: ActionRequest, _result: ActionResult): void {}
  tick(): void {}
}
