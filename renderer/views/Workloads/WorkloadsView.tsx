/** Training jobs and inference services: how each is doing, what a failure now would cost. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { WORKLOAD_HEALTH } from '../../../shared/views';
import type { WorkloadView } from '../../../shared/views';
import type { ViewProps } from '../../app/routes';
import { navigate } from '../../app/useRoute';
import { ExplainTerm } from '../../components/ExplainTerm';
import { HealthBadge } from '../../components/HealthBadge';
import { Name } from '../../components/Panel';
import { useReasonText } from '../../components/ReasonText';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { workloadHref } from '../../store/selectors/attention';
import { distinct, toggleSort } from '../../store/selectors/nodeTable';
import { filterWorkloads, kindLabel, sortWorkloads, workloadKeyFromParts } from '../../store/selectors/workloadTable';
import { FilterSelect } from '../../components/FilterSelect';
import { CheckpointCell, placementSummary, ProgressCell, ServingCell } from './WorkloadCells';
import { WorkloadDetailPanel } from './WorkloadDetailPanel';

export function WorkloadsView({ route }: ViewProps) {
  const { t } = useTranslation('workloads');
  const f = useFormat();
  const reasonText = useReasonText();
  const workloads = useBulwark((s) => s.model.workloads);
  const loaded = useBulwark((s) => s.model.loaded);
  const filters = useBulwark((s) => s.workloadFilters);
  const setFilters = useBulwark((s) => s.setWorkloadFilters);
  const sort = useBulwark((s) => s.workloadSort);
  const setSort = useBulwark((s) => s.setWorkloadSort);
  const selected = workloadKeyFromParts(route.params);

  const rows = useMemo(() => sortWorkloads(filterWorkloads(workloads.values(), filters), sort), [workloads, filters, sort]);
  const namespaces = useMemo(() => distinct(workloads.values(), (w) => w.namespace), [workloads]);
  // The selected kind stays an option after its last workload went, so the filter can be seen and cleared.
  const kinds = useMemo(() => {
    const present = distinct(workloads.values(), (w) => w.kind);
    return filters.kind && !present.includes(filters.kind) ? [...present, filters.kind] : present;
  }, [workloads, filters.kind]);

  const columns: Column<WorkloadView>[] = useMemo(() => [
    {
      id: 'name', header: t('col.name'), width: 'minmax(12rem, 2.2fr)', sortable: true,
      cell: (w) => (
        <span className="name-cell">
          <a href={workloadHref(w.key)} className="row-link"><Name>{w.name}</Name></a>
          <span className="muted small"><Name>{`${kindLabel(w.kind)} · ${w.namespace}`}</Name></span>
        </span>
      ),
    },
    {
      id: 'health', header: t('col.health'), width: 'minmax(10rem, 1.6fr)', sortable: true,
      cell: (w) => <span className="health-cell"><HealthBadge value={w.health} />{w.reason ? <Name className="reason-text">{reasonText(w.reasonCode, w.reason)}</Name> : null}</span>,
    },
    { id: 'replicas', header: t('col.replicas'), width: '5.5rem', sortable: true, align: 'end', cell: (w) => `${f.number(w.replicas.ready)} / ${f.number(w.replicas.desired)}` },
    { id: 'gpus', header: t('col.gpus'), width: '4.5rem', sortable: true, align: 'end', cell: (w) => f.number(w.gpus) },
    { id: 'restarts', header: t('col.restarts'), width: '5.5rem', sortable: true, align: 'end', cell: (w) => f.number(w.restarts) },
    { id: 'progress', header: t('col.progressServing'), width: 'minmax(13rem, 1.6fr)', sortable: true, cell: (w) => (w.inference ? <ServingCell w={w} /> : <ProgressCell w={w} />), headerExtra: <ExplainTerm id="goodput" /> },
    { id: 'checkpoint', header: t('col.checkpoint'), width: 'minmax(9.5rem, 1.3fr)', sortable: true, cell: (w) => <CheckpointCell w={w} />, headerExtra: <ExplainTerm id="checkpoint-interval" /> },
    { id: 'risk', header: t('col.atRisk'), width: '7rem', sortable: true, align: 'end', cell: (w) => f.duration(w.workAtRiskSec, 1), headerExtra: <ExplainTerm id="lost-work" /> },
    { id: 'elastic', header: t('col.elastic'), width: '6.5rem', cell: (w) => (w.elastic ? t('elasticValue', { min: w.elastic.minReplicas, max: w.elastic.maxReplicas, current: w.elastic.current }) : '—'), headerExtra: <ExplainTerm id="elastic-training" /> },
    { id: 'placement', header: t('col.placement'), width: '8.5rem', cell: (w) => { const p = placementSummary(w); return p.nodes ? t('placementValue', { nodes: p.nodes, zones: p.zones }) : '—'; }, headerExtra: <ExplainTerm id="failure-domains" /> },
  ], [t, f, reasonText]);

  return (
    <div className={`view workloads ${selected ? 'with-detail' : ''}`}>
      <div className="view-head">
        <h1>{t('title')}</h1>
        <span className="count" data-testid="workloads-count">{t('count', { shown: f.number(rows.length), total: f.number(workloads.size) })}</span>
      </div>
      <div className="toolbar" role="search" aria-label={t('filters')}>
        <label className="filter">
          <span className="filter-label">{t('search')}</span>
          <input type="search" value={filters.text} onChange={(e) => setFilters({ text: e.target.value })} placeholder={t('searchPlaceholder')} data-search data-testid="workloads-search" />
        </label>
        <label className="filter">
          <span className="filter-label">{t('type')}</span>
          <select value={filters.type} onChange={(e) => setFilters({ type: e.target.value })} data-testid="workloads-type">
            <option value="">{t('common:all')}</option>
            {(['training', 'inference', 'batch'] as const).map((x) => <option key={x} value={x}>{t(`typeValue.${x}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t('kind')}</span>
          <select value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value })} data-testid="workloads-kind">
            <option value="">{t('common:all')}</option>
            {kinds.map((k) => <option key={k} value={k}>{kindLabel(k as WorkloadView['kind'])}</option>)}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t('col.health')}</span>
          <select value={filters.health} onChange={(e) => setFilters({ health: e.target.value })} data-testid="workloads-health">
            <option value="">{t('common:all')}</option>
            {WORKLOAD_HEALTH.map((h) => <option key={h} value={h}>{t(`common:health.${h}`)}</option>)}
          </select>
        </label>
        <FilterSelect label={t('namespace')} value={filters.namespace} options={namespaces} onChange={(v) => setFilters({ namespace: v })} testId="workloads-namespace" />
      </div>
      <div className="split">
        <VirtualTable
          label={t('tableLabel')}
          columns={columns}
          rows={rows}
          rowKey={(w) => w.key}
          sort={sort}
          onSort={(c) => setSort(toggleSort(sort, c))}
          selectedKey={selected}
          onRowClick={(w) => navigate(workloadHref(w.key))}
          rowHeight={44}
          empty={loaded ? t('noMatch') : t('common:loading')}
          testId="workloads-table"
        />
        {selected ? <WorkloadDetailPanel workloadKey={selected} onClose={() => navigate('#/workloads')} /> : null}
      </div>
    </div>
  );
}
