/**
 * The connection state (announced politely to screen readers when it changes) and the data age
 * (not announced: it ticks every second).
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { freshness } from '../../store/selectors/freshness';
import type { FreshnessLevel } from '../../store/selectors/freshness';
import type { ConnectionStatus } from '../../../shared/views';
import { useNow } from '../useNow';
import { ExplainTerm } from '../../components/ExplainTerm';
import { useReasonText } from '../../components/ReasonText';

const TONE = { live: 'ok', connecting: 'muted', paused: 'info', stale: 'warn', offline: 'bad', error: 'bad', reconnecting: 'warn' } as const;

/**
 * What the badge says. A source that failed (e.g. its credentials were rejected) or is retrying
 * a dropped API server is not merely "Stale": say which, so the header alone tells an operator
 * whether to fix a kubeconfig or wait.
 */
export function badgeLevel(level: FreshnessLevel, sourceState: ConnectionStatus['state'] | undefined): keyof typeof TONE {
  if (level !== 'stale') return level;
  if (sourceState === 'error') return 'error';
  if (sourceState === 'reconnecting') return 'reconnecting';
  return level;
}

export function ConnectionBadge() {
  const { t } = useTranslation('common');
  const f = useFormat();
  const status = useBulwark((s) => s.status);
  const link = useBulwark((s) => s.link);
  const lastDeltaAt = useBulwark((s) => s.lastDeltaAt);
  const now = useNow(1000);
  const reasonText = useReasonText();
  const fr = freshness(status, link, lastDeltaAt, now);
  const label = badgeLevel(fr.level, status?.state);
  const sourceName = status ? (status.source.kind === 'demo' ? t('source.demoName', { preset: status.source.preset ?? status.source.name }) : status.source.context ?? status.source.name) : '';
  return (
    <div className="connection" data-testid="connection" data-state={fr.level} data-source-state={status?.state}>
      <span className={`badge badge-${TONE[label]}`} role="status" aria-live="polite" aria-atomic="true" data-testid="connection-state">
        <span className="badge-dot" aria-hidden="true" />
        {t(`connection.${label}`)}
        {sourceName ? <span className="sr-only">{`, ${sourceName}`}</span> : null}
      </span>
      {fr.level === 'stale' || fr.level === 'offline' ? (
        <span className="data-age" data-testid="data-age" title={fr.message !== undefined ? reasonText(fr.messageCode, fr.message) : undefined}>
          {fr.ageSec !== undefined ? t('connection.dataAge', { age: f.duration(fr.ageSec) }) : t('connection.noData')}
        </span>
      ) : null}
      {status?.readOnly ? <span className="badge badge-info" data-testid="read-only-badge">{t('connection.readOnly')}</span> : null}
      {status?.metrics.state === 'down' ? <span className="badge badge-warn" title={status.metrics.message !== undefined ? reasonText(status.metrics.messageCode, status.metrics.message) : undefined} data-testid="metrics-down">{t('connection.metricsDown')}</span> : null}
      <ExplainTerm id="data-age" />
    </div>
  );
}
