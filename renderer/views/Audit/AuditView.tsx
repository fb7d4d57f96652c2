/**
 * The audit log: every action taken on a cluster from this console, newest first, one row per
 * action with its start and end paired by id (a start without an end is an action the process
 * died in the middle of), and one row per attempt the console refused (read-only, RBAC,
 * confirmation…). Filter by action, result and text; export the log as JSON Lines.
 * Reloads when an action finishes (actionProgress `done`) or starts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_KINDS } from '../../../shared/actions';
import type { AuditEntry } from '../../../shared/actions';
import { useApi } from '../../api/ApiContext';
import { shownError, type ShownError } from '../../api/backendError';
import type { ViewProps } from '../../app/routes';
import { connectActionActivity, useActionActivity } from '../../components/actions/actionActivity';
import { ExplainTerm } from '../../components/ExplainTerm';
import { useErrorText, useReasonText } from '../../components/ReasonText';
import { Badge } from '../../components/HealthBadge';
import type { BadgeTone } from '../../components/HealthBadge';
import { ErrorNote, KeyValue, Name } from '../../components/Panel';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { useFormat } from '../../i18n';
import type { Formatters } from '../../i18n/format';
import { AUDIT_OUTCOMES, countOutcomes, EMPTY_AUDIT_FILTERS, exportFileName, filterAuditRows, pairAuditEntries } from './auditRows';
import type { AuditFilters, AuditOutcome, AuditRow } from './auditRows';
import './audit.css';

const LIMIT = 20_000;
// Refused is not an error of the cluster but a denied attempt an auditor looks for: its own
// label, the muted pill so failed changes (bad) stand out from attempts that changed nothing.
const TONE: Record<AuditOutcome, BadgeTone> = { ok: 'ok', error: 'bad', running: 'info', interrupted: 'warn', refused: 'muted' };

function durationText(f: Formatters, ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? f.ms(ms) : f.duration(ms / 1000);
}

export function AuditView(_: ViewProps) {
  const { t } = useTranslation('audit');
  const reasonText = useReasonText();
  const errorText = useErrorText();
  const f = useFormat();
  const api = useApi();
  const finished = useActionActivity((s) => s.finished);
  const running = useActionActivity((s) => s.running);
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [error, setError] = useState<ShownError | undefined>();
  const [reload, setReload] = useState(0);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const [selected, setSelected] = useState<string | undefined>();
  const [exportState, setExportState] = useState<{ file?: string; error?: ShownError; busy?: boolean }>({});

  useEffect(() => { connectActionActivity(api); }, [api]);

  // Reload when an action starts (a new running id: its start entry is on disk) or finishes.
  const runningIds = [...running.keys()].sort().join(',');
  useEffect(() => {
    let cancelled = false;
    api.listAudit({ limit: LIMIT }).then(
      (list) => { if (!cancelled) { setEntries(list); setError(undefined); } },
      (err: unknown) => { if (!cancelled) setError(shownError(err)); },
    );
    return () => { cancelled = true; };
  }, [api, finished, runningIds, reload]);

  const runningSet = useMemo(() => new Set(runningIds ? runningIds.split(',') : []), [runningIds]);
  const rows = useMemo(() => pairAuditEntries(entries ?? [], runningSet), [entries, runningSet]);
  const shown = useMemo(() => filterAuditRows(rows, filters), [rows, filters]);
  const counts = useMemo(() => countOutcomes(rows), [rows]);
  const selectedRow = selected ? rows.find((r) => r.id === selected) : undefined;

  const onExport = useCallback(async () => {
    setExportState({ busy: true });
    try {
      const { jsonl } = await api.exportAudit({});
      const file = exportFileName(new Date());
      const url = URL.createObjectURL(new Blob([jsonl], { type: 'application/x-ndjson' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Revoke after the browser has started the download.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExportState({ file });
    } catch (err) {
      setExportState({ error: shownError(err) });
    }
  }, [api]);

  const columns: Column<AuditRow>[] = useMemo(() => [
    {
      id: 'time', header: t('col.time'), width: '8.5rem',
      cell: (r) => <time dateTime={new Date(r.time).toISOString()} title={f.dateTime(r.time)}>{f.clock(r.time)}</time>,
    },
    { id: 'user', header: t('col.user'), width: 'minmax(6rem, 0.6fr)', cell: (r) => <Name>{r.user}</Name> },
    { id: 'source', header: t('col.source'), width: 'minmax(5rem, 0.6fr)', cell: (r) => <Name>{r.source}</Name> },
    { id: 'action', header: t('col.action'), width: 'minmax(6.5rem, 0.7fr)', cell: (r) => <Name>{t(`actions:kind.${r.action}`, { defaultValue: r.action })}</Name> },
    { id: 'target', header: t('col.target'), width: 'minmax(8rem, 1fr)', cell: (r) => <Name className="mono">{r.target}</Name> },
    {
      id: 'phases', header: t('col.phases'), width: '9.5rem',
      cell: (r) => r.refused ? (
        <span className="audit-phases" data-testid="audit-phases">
          <span title={f.dateTime(r.time)} data-phase="refused" data-present="true">{t('phase.refusedAt', { time: f.time(r.time) })}</span>
        </span>
      ) : (
        <span className="audit-phases" data-testid="audit-phases">
          <span title={r.start ? f.dateTime(Date.parse(r.start.time)) : undefined} data-phase="start" data-present={!!r.start}>{r.start ? f.time(Date.parse(r.start.time)) : t('phase.none')}</span>
          <span aria-hidden="true">→</span>
          <span className="sr-only">{t('phase.endLabel')}</span>
          <span title={r.end ? f.dateTime(Date.parse(r.end.time)) : undefined} data-phase="end" data-present={!!r.end}>{r.end ? f.time(Date.parse(r.end.time)) : t('phase.none')}</span>
        </span>
      ),
    },
    {
      id: 'result', header: t('col.result'), width: '5.75rem',
      cell: (r) => (
        <span data-testid="audit-result" data-outcome={r.outcome} data-refusal={r.refusal}>
          <Badge tone={TONE[r.outcome]} title={r.refusal ? t(`refusal.${r.refusal}`) : t(`outcomeHint.${r.outcome}`)}>{t(`outcome.${r.outcome}`)}</Badge>
        </span>
      ),
    },
    { id: 'duration', header: t('col.duration'), width: '4.5rem', align: 'end', cell: (r) => durationText(f, r.durationMs) },
    { id: 'message', header: t('col.message'), width: 'minmax(10rem, 4fr)', cell: (r) => <Name>{r.message !== undefined ? reasonText(r.messageCode, r.message) : r.outcome === 'interrupted' ? t('outcomeHint.interrupted') : ''}</Name> },
  ], [t, f, reasonText]);

  const kinds = ACTION_KINDS;
  return (
    <div className="view audit">
      <div className="view-head">
        <h1>{t('title')} <ExplainTerm id="audit-log" /></h1>
        <span className="count" data-testid="audit-count">
          {t('count', { shown: f.number(shown.length), total: f.number(rows.length) })}
          {counts.interrupted > 0 ? ` · ${t('interruptedCount', { count: counts.interrupted })}` : ''}
          {counts.refused > 0 ? ` · ${t('refusedCount', { count: counts.refused })}` : ''}
        </span>
        <span className="header-spacer" />
        <div className="audit-tools">
          <button type="button" onClick={() => setReload((n) => n + 1)} data-testid="audit-refresh">{t('refresh')}</button>
          <button type="button" onClick={() => void onExport()} disabled={exportState.busy} data-testid="audit-export">{t('export')}</button>
        </div>
      </div>
      {exportState.file ? <p className="audit-note" role="status" data-testid="audit-exported">{t('exported', { file: exportState.file })}</p> : null}
      {exportState.error ? <ErrorNote>{t('exportFailed', { message: errorText(exportState.error) })}</ErrorNote> : null}
      {error ? <ErrorNote>{t('loadFailed', { message: errorText(error) })}</ErrorNote> : null}
      <div className="toolbar" role="search" aria-label={t('filters')}>
        <label className="filter">
          <span className="filter-label">{t('action')}</span>
          <select value={filters.action} onChange={(e) => setFilters((x) => ({ ...x, action: e.target.value as AuditFilters['action'] }))} data-testid="audit-filter-action">
            <option value="">{t('all')}</option>
            {kinds.map((k) => <option key={k} value={k}>{t(`actions:kind.${k}`)}</option>)}
          </select>
        </label>
        <fieldset className="segmented-field">
          <legend>{t('result')}</legend>
          <div className="segmented">
            {(['', ...AUDIT_OUTCOMES] as const).map((o) => (
              <label key={o || 'all'} className={filters.outcome === o ? 'checked' : ''}>
                <input type="radio" name="audit-outcome" value={o} checked={filters.outcome === o} onChange={() => setFilters((x) => ({ ...x, outcome: o }))} data-testid={`audit-outcome-${o || 'all'}`} />
                {o ? t(`outcome.${o}`) : t('all')}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="filter grow">
          <span className="filter-label">{t('search')}</span>
          <input type="search" value={filters.text} onChange={(e) => setFilters((x) => ({ ...x, text: e.target.value }))} placeholder={t('searchPlaceholder')} data-search data-testid="audit-search" />
        </label>
      </div>
      <p className="audit-legend muted small">{t('legend')}</p>
      <div className={`audit-split ${selectedRow ? 'has-detail' : ''}`}>
        <VirtualTable
          label={t('tableLabel')}
          columns={columns}
          rows={shown}
          rowKey={(r) => r.id}
          selectedKey={selected}
          onRowClick={(r) => setSelected((s) => (s === r.id ? undefined : r.id))}
          empty={entries === undefined ? t('common:loading') : rows.length === 0 ? t('empty') : t('noMatch')}
          testId="audit-table"
        />
        {selectedRow ? <AuditDetail row={selectedRow} onClose={() => setSelected(undefined)} /> : null}
      </div>
    </div>
  );
}

function AuditDetail({ row, onClose }: { row: AuditRow; onClose(): void }) {
  const { t } = useTranslation('audit');
  const reasonText = useReasonText();
  const f = useFormat();
  return (
    <section className="audit-detail" aria-labelledby="audit-detail-title" data-testid="audit-detail">
      <div className="audit-detail-head">
        <h2 id="audit-detail-title">{t('detail.title', { action: t(`actions:kind.${row.action}`, { defaultValue: row.action }), target: row.target })}</h2>
        <button type="button" className="icon-button" aria-label={t('detail.close')} title={t('detail.close')} onClick={onClose}>×</button>
      </div>
      <KeyValue items={[
        [t('detail.id'), <code key="id" className="wrap">{row.id}</code>],
        [t('col.result'), <Badge key="r" tone={TONE[row.outcome]}>{t(`outcome.${row.outcome}`)}</Badge>],
        ...(row.refused ? [
          [t('detail.refused'), f.dateTime(row.time)],
          [t('detail.refusal'), <span key="why" data-testid="audit-detail-refusal">{row.refusal ? t(`refusal.${row.refusal}`) : t('phase.none')}</span>],
        ] satisfies [string, React.ReactNode][] : [
          [t('detail.start'), row.start ? f.dateTime(Date.parse(row.start.time)) : t('phase.none')],
          [t('detail.end'), row.end ? f.dateTime(Date.parse(row.end.time)) : t(`outcomeHint.${row.outcome}`)],
          [t('col.duration'), durationText(f, row.durationMs)],
        ] satisfies [string, React.ReactNode][]),
        [t('col.user'), row.user],
        [t('col.source'), row.source],
        [t('detail.params'), <code key="p" className="wrap">{JSON.stringify(row.params)}</code>],
        [t('col.message'), row.message !== undefined ? reasonText(row.messageCode, row.message) : '—'],
      ]} />
    </section>
  );
}
