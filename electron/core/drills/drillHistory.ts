/**
 * Drill results, one JSON object per line in `<dataDir>/drills.jsonl` (append-only, like the
 * audit log). A torn or hand-edited line is skipped, never fatal: the history is a record for
 * the operator, not state the console depends on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DrillDebrief } from '../../../shared/drills';

export interface DrillRecord {
  scenarioId: string;
  /** Wall clock, RFC 3339. */
  finishedAt: string;
  /** "demo:region", "kube:<context>". */
  source: string;
  seed?: number;
  autopilot?: boolean;
  debrief: DrillDebrief;
}

export interface ScenarioStats { attempts: number; bestScore?: number }

export class DrillHistory {
  readonly file: string;
  private cache?: DrillRecord[];

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'drills.jsonl');
  }

  records(): DrillRecord[] {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      text = ''; // no history yet
    }
    const out: DrillRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as DrillRecord;
        if (r && typeof r.scenarioId === 'string' && r.debrief && typeof r.debrief.score === 'number') out.push(r);
      } catch {
        /* a torn last line after a crash: skip it */
      }
    }
    this.cache = out;
    return out;
  }

  append(record: DrillRecord): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    this.records().push(record);
  }

  stats(): Map<string, ScenarioStats> {
    const m = new Map<string, ScenarioStats>();
    for (const r of this.records()) {
      const s = m.get(r.scenarioId) ?? { attempts: 0 };
      s.attempts += 1;
      if (r.debrief.outcome !== 'aborted') s.bestScore = Math.max(s.bestScore ?? 0, r.debrief.score);
      m.set(r.scenarioId, s);
    }
    return m;
  }
}
