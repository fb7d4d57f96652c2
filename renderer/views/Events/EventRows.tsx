import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/views';
import { HealthBadge } from '../../components/HealthBadge';
import { useFormat } from '../../i18n';

/** A short, non-virtualized event list for detail panes (at most a few dozen rows). */
export function EventRows({ events }: { events: readonly EventView[] }) {
  const { t } = useTranslation('events');
  const f = useFormat();
  return (
    <ul className="event-rows">
      {events.map((e) => (
        <li key={e.id} className={`event-row type-${e.type}`}>
          <span className="event-time">{f.time(e.time)}</span>
          <HealthBadge value={e.type} label={t(`type.${e.type}`)} />
          <strong className="event-reason">{e.reason}</strong>
          <span className="event-message">{e.message}</span>
          {e.count > 1 ? <span className="muted">{t('times', { n: f.number(e.count) })}</span> : null}
        </li>
      ))}
    </ul>
  );
}
