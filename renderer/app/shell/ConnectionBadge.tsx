/**
 * The connection state (announced politely to screen readers when it changes) and the data age
 * (not announced: it ticks every second).
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { freshness } from '../../store/selectors/freshness';
import { useNow } from '../useNow';
import { ExplainTerm } from '../../components/ExplainTerm';

const TONE = { live: 'ok', connecting: 'muted', paused: 'info', stale: 'warn', offline: 'bad' } as const;

export function ConnectionBadge() {
  const { t } = useTranslation('common');
  const f = useFormat();
  const status = useBulwark((s) => s.status);
  const link = useBulwark((s) => s.link);
  const lastDeltaAt = useBulwark((s) => s.lastDeltaAt);
  const now = useNow(1000);
  const fr = freshness(status, link, lastDeltaAt, now);
  const sourceName = status ? (status.source.kind === 'demo' ? t('source.demoName', { preset: status.source.preset ?? status.source.name }) : status.source.context ?? status.source.name) : '';
  return (
    <div className="connection" data-testid="connection" data-state={fr.level}>
      <span className={`badge badge-${TONE[fr.level]}`} role="status" aria-live="polite" aria-atomic="true" data-testid="connection-state">
        <span className="badge-dot" aria-hidden="true" />
        {t(`connection.${fr.level}`)}
        {sourceName ? <span className="sr-only">{`, ${sourceName}`}</span> : null}
      </span>
      {fr.level === 'stale' || fr.level === 'offline' ? (
        <span className="data-age" data-testid="data-age" title={fr.message}>
          {fr.ageSec !== undefined ? t('connection.dataAge', { age: f.duration(fr.ageSec) }) : t('connection.noData')}
        </span>
      ) : null}
      {status?.readOnly ? <span className="badge badge-info" data-testid="read-only-badge">{t('connection.readOnly')}</span> : null}
      {status?.metrics.state === 'down' ? <span className="badge badge-warn" title={status.metrics.message}>{t('connection.metricsDown')}</span> : null}
      <ExplainTerm id="data-age" />
    </div>
  );
}
