/**
 * The audit log as the Audit view shows it: one row per action, its `start` and `end` entries
 * paired by id. A start without an end is an action whose process died mid-way ("interrupted")
 * unless the renderer knows it is still running. An attempt the engine refused before writing
 * anything is one `refused` entry and one row of its own. Pure functions
 * (test/unit/renderer-actions-audit.test.ts).
 */
import type { ActionKind, AuditEntry, AuditRefusal } from '../../../shared/actions';
import type { ReasonView } from '../../../shared/views';

export type AuditOutcome = 'ok' | 'error' | 'running' | 'interrupted' | 'refused';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['ok', 'error', 'running', 'interrupted', 'refused'];

export interface AuditRow {
  id: string;
  start?: AuditEntry;
  end?: AuditEntry;
  refused?: AuditEntry;
  /** Why a refused attempt was refused. */
  refusal?: AuditRefusal;
  /** When the action started (ms epoch); the end's time if the start is outside the loaded window. */
  time: number;
  user: string;
  source: string;
  action: ActionKind;
  target: string;
  params: Record<string, unknown>;
  outcome: AuditOutcome;
  durationMs?: number;
  message?: string;
  messageCode?: ReasonView;
}

function timeOf(e: AuditEntry): number {
  const t = Date.parse(e.time);
  return Number.isFinite(t) ? t : 0;
}

/** Pairs entries by id, newest action first. `running`: ids of actions known to be in flight. */
export function pairAuditEntries(entries: readonly AuditEntry[], running: ReadonlySet<string> = new Set()): AuditRow[] {
  const byId = new Map<string, { start?: AuditEntry; end?: AuditEntry; refused?: AuditEntry }>();
  for (const e of entries) {
    const pair = byId.get(e.id) ?? {};
    // A duplicated line (a retried append) keeps the first of each phase.
    if (e.phase === 'start') pair.start ??= e;
    else if (e.phase === 'end') pair.end ??= e;
    else pair.refused ??= e;
    byId.set(e.id, pair);
  }
  const rows: AuditRow[] = [];
  for (const [id, { start, end, refused }] of byId) {
    if (refused && !start && !end) {
      rows.push({
        id, refused, refusal: refused.refusal, time: timeOf(refused), user: refused.user, source: refused.source, action: refused.action,
        target: refused.target, params: refused.params ?? {}, outcome: 'refused', message: refused.message, messageCode: refused.messageCode,
      });
      continue;
    }
    // The engine never writes `refused` beside a start or end; if a log has both, the run is what happened.
    const base = (start ?? end)!;
    const outcome: AuditOutcome = end
      ? end.result === 'ok' ? 'ok' : 'error'
      : running.has(id) ? 'running' : 'interrupted';
    const startMs = start ? timeOf(start) : undefined;
    const endMs = end ? timeOf(end) : undefined;
    rows.push({
      id,
      start,
      end,
      time: startMs ?? endMs ?? 0,
      user: base.user,
      source: base.source,
      action: base.action,
      target: base.target,
      params: base.params ?? {},
      outcome,
      durationMs: end?.durationMs ?? (startMs !== undefined && endMs !== undefined ? Math.max(0, endMs - startMs) : undefined),
      message: end?.message,
      messageCode: end?.messageCode,
    });
  }
  return rows.sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export interface AuditFilters {
  action: '' | ActionKind;
  outcome: '' | AuditOutcome;
  text: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { action: '', outcome: '', text: '' };

/** Rows matching the filters; text matches target, user, source, message, action, refusal code, id and parameters, case-insensitively. */
export function filterAuditRows(rows: readonly AuditRow[], f: AuditFilters): AuditRow[] {
  const needle = f.text.trim().toLowerCase();
  return rows.filter((r) => {
    if (f.action && r.action !== f.action) return false;
    if (f.outcome && r.outcome !== f.outcome) return false;
    if (!needle) return true;
    const hay = `${r.target} ${r.user} ${r.source} ${r.message ?? ''} ${r.action} ${r.refusal ?? ''} ${r.id} ${JSON.stringify(r.params)}`.toLowerCase();
    return hay.includes(needle);
  });
}

export function countOutcomes(rows: readonly AuditRow[]): Record<AuditOutcome, number> {
  const out: Record<AuditOutcome, number> = { ok: 0, error: 0, running: 0, interrupted: 0, refused: 0 };
  for (const r of rows) out[r.outcome] += 1;
  return out;
}

/** `bulwark-audit-20250101-120000.jsonl`, from a local wall-clock time. */
export function exportFileName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `bulwark-audit-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.jsonl`;
}
