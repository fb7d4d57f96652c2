/** The live Kubernetes event stream: virtualized, filter by severity, search by text. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventView } from '../../../shared/views';
import type { ViewProps } from '../../app/routes';
import { ExplainTerm } from '../../components/ExplainTerm';
import { HealthBadge } from '../../components/HealthBadge';
import { Name } from '../../components/Panel';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { eventObjectHref, filterEvents } from '../../store/selectors/eventList';

export function EventsView(_: ViewProps) {
  const { t } = useTranslation('events');
  const f = useFormat();
  const events = useBulwark((s) => s.model.events);
  const loaded = useBulwark((s) => s.model.loaded);
  const filters = useBulwark((s) => s.eventFilters);
  const setFilters = useBulwark((s) => s.setEventFilters);
  const rows = useMemo(() => filterEvents(events, filters), [events, filters]);
  const warnings = useMemo(() => events.reduce((n, e) => n + (e.type === 'Warning' ? 1 : 0), 0), [events]);

  const columns: Column<EventView>[] = useMemo(() => [
    { id: 'time', header: t('col.time'), width: '9.5rem', cell: (e) => <time dateTime={new Date(e.time).toISOString()} title={f.dateTime(e.time)}>{f.clock(e.time)}</time> },
    { id: 'type', header: t('col.type'), width: '7rem', cell: (e) => <HealthBadge value={e.type} label={t(`type.${e.type}`)} /> },
    { id: 'reason', header: t('col.reason'), width: 'minmax(8rem, 1fr)', cell: (e) => <Name>{e.reason}</Name> },
    {
      id: 'object', header: t('col.object'), width: 'minmax(10rem, 1.6fr)',
      cell: (e) => {
        const label = `${e.object.kind}/${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`;
        const href = eventObjectHref(e);
        return href ? <a href={href}><Name>{label}</Name></a> : <Name>{label}</Name>;
      },
    },
    { id: 'message', header: t('col.message'), width: 'minmax(14rem, 4fr)', cell: (e) => <Name>{e.message}</Name> },
    { id: 'count', header: t('col.count'), width: '4.5rem', align: 'end', cell: (e) => f.number(e.count) },
  ], [t, f]);

  return (
    <div className="view events">
      <div className="view-head">
        <h1>{t('title')} <ExplainTerm id="kubernetes-events" /></h1>
        <span className="count" data-testid="events-count">{t('count', { shown: f.number(rows.length), total: f.number(events.length), warnings: f.number(warnings) })}</span>
      </div>
      <div className="toolbar" role="search" aria-label={t('filters')}>
        <fieldset className="segmented-field">
          <legend>{t('severity')}</legend>
          <div className="segmented">
            {(['', 'Normal', 'Warning'] as const).map((v) => (
              <label key={v || 'all'} className={filters.type === v ? 'checked' : ''}>
                <input type="radio" name="event-type" value={v} checked={filters.type === v} onChange={() => setFilters({ type: v })} data-testid={`events-type-${v || 'all'}`} />
                {v ? t(`type.${v}`) : t('common:all')}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="filter grow">
          <span className="filter-label">{t('search')}</span>
          <input type="search" value={filters.text} onChange={(e) => setFilters({ text: e.target.value })} placeholder={t('searchPlaceholder')} data-search data-testid="events-search" />
        </label>
      </div>
      <VirtualTable
        label={t('tableLabel')}
        columns={columns}
        rows={rows}
        rowKey={(e) => e.id}
        empty={loaded ? t('noMatch') : t('common:loading')}
        testId="events-table"
      />
    </div>
  );
}
