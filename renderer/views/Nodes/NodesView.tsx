/** All nodes: a virtualized, sortable, filterable table, with the selected node's detail beside it. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeView } from '../../../shared/views';
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
import { nodeHref } from '../../store/selectors/attention';
import { distinct, filterNodes, sortNodes, toggleSort } from '../../store/selectors/nodeTable';
import { FilterSelect } from '../../components/FilterSelect';
import { NodeDetailPanel } from './NodeDetailPanel';

export function NodesView({ route }: ViewProps) {
  const { t } = useTranslation('nodes');
  const f = useFormat();
  const reasonText = useReasonText();
  const nodes = useBulwark((s) => s.model.nodes);
  const loaded = useBulwark((s) => s.model.loaded);
  const filters = useBulwark((s) => s.nodeFilters);
  const setFilters = useBulwark((s) => s.setNodeFilters);
  const sort = useBulwark((s) => s.nodeSort);
  const setSort = useBulwark((s) => s.setNodeSort);
  const selected = route.params[0];

  const rows = useMemo(() => sortNodes(filterNodes(nodes.values(), filters), sort), [nodes, filters, sort]);
  const zones = useMemo(() => distinct(nodes.values(), (n) => n.zone), [nodes]);
  const pools = useMemo(() => distinct(nodes.values(), (n) => n.pool), [nodes]);

  const columns: Column<NodeView>[] = useMemo(() => [
    { id: 'name', header: t('col.name'), width: 'minmax(10rem, 1.6fr)', sortable: true, cell: (n) => <a href={nodeHref(n.name)} className="row-link"><Name>{n.name}</Name></a> },
    { id: 'zone', header: t('col.zone'), width: 'minmax(7rem, 1fr)', sortable: true, cell: (n) => <Name>{n.zone}</Name>, headerExtra: <ExplainTerm id="failure-domains" /> },
    { id: 'pool', header: t('col.pool'), width: 'minmax(4.5rem, 0.7fr)', sortable: true, cell: (n) => <Name>{n.pool}</Name> },
    { id: 'model', header: t('col.model'), width: 'minmax(9rem, 1.3fr)', sortable: true, cell: (n) => <Name>{n.gpuModel}</Name> },
    {
      id: 'allocated', header: t('col.gpus'), width: 'minmax(8.5rem, 1fr)', sortable: true, align: 'end',
      headerExtra: <ExplainTerm id="gpu-allocation-vs-utilization" />,
      cell: (n) => (
        <span className="alloc-cell" title={t('gpusTitle', { allocated: n.gpuAllocated, allocatable: n.gpuAllocatable, capacity: n.gpuCapacity })}>
          <span className="meter" aria-hidden="true"><span style={{ width: `${n.gpuAllocatable ? (n.gpuAllocated / n.gpuAllocatable) * 100 : 0}%` }} /></span>
          {`${f.number(n.gpuAllocated)} / ${f.number(n.gpuAllocatable)} / ${f.number(n.gpuCapacity)}`}
        </span>
      ),
    },
    { id: 'util', header: t('col.util'), width: '4.5rem', sortable: true, align: 'end', cell: (n) => f.percent(n.utilAvg) },
    {
      id: 'health', header: t('col.health'), width: 'minmax(8rem, 1.6fr)', sortable: true,
      headerExtra: <ExplainTerm id="node-conditions" />,
      cell: (n) => <span className="health-cell"><HealthBadge value={n.health} />{n.healthReason ? <Name className="reason-text">{reasonText(n.healthReasonCode, n.healthReason)}</Name> : null}</span>,
    },
    {
      id: 'schedulable', header: t('col.schedulable'), width: '7rem', sortable: true,
      headerExtra: <ExplainTerm id="cordon" />,
      cell: (n) => (n.schedulable ? t('schedulable') : <span className="badge badge-warn">{t('cordoned')}</span>),
    },
    {
      id: 'taints', header: t('col.taints'), width: 'minmax(6rem, 1.2fr)', sortable: true,
      headerExtra: <ExplainTerm id="taints-tolerations" />,
      cell: (n) => (n.taints.length ? <Name>{n.taints.map((x) => `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`).join(', ')}</Name> : '—'),
    },
  ], [t, f, reasonText]);

  return (
    <div className={`view nodes ${selected ? 'with-detail' : ''}`}>
      <div className="view-head">
        <h1>{t('title')}</h1>
        <span className="count" data-testid="nodes-count">{t('count', { shown: f.number(rows.length), total: f.number(nodes.size) })}</span>
      </div>
      <div className="toolbar" role="search" aria-label={t('filters')}>
        <label className="filter">
          <span className="filter-label">{t('search')}</span>
          <input type="search" value={filters.text} onChange={(e) => setFilters({ text: e.target.value })} placeholder={t('searchPlaceholder')} data-search data-testid="nodes-search" />
        </label>
        <FilterSelect label={t('col.zone')} value={filters.zone} options={zones} onChange={(v) => setFilters({ zone: v })} testId="nodes-zone" />
        <FilterSelect label={t('col.pool')} value={filters.pool} options={pools} onChange={(v) => setFilters({ pool: v })} testId="nodes-pool" />
        <label className="filter">
          <span className="filter-label">{t('col.health')}</span>
          <select value={filters.health} onChange={(e) => setFilters({ health: e.target.value })} data-testid="nodes-health">
            <option value="">{t('common:all')}</option>
            {(['healthy', 'degraded', 'unhealthy', 'notready'] as const).map((h) => <option key={h} value={h}>{t(`common:health.${h}`)}</option>)}
          </select>
        </label>
        <label className="filter">
          <span className="filter-label">{t('col.schedulable')}</span>
          <select value={filters.schedulable} onChange={(e) => setFilters({ schedulable: e.target.value as '' | 'yes' | 'no' })} data-testid="nodes-schedulable">
            <option value="">{t('common:all')}</option>
            <option value="yes">{t('schedulable')}</option>
            <option value="no">{t('cordoned')}</option>
          </select>
        </label>
      </div>
      <div className="split">
        <VirtualTable
          label={t('tableLabel')}
          columns={columns}
          rows={rows}
          rowKey={(n) => n.name}
          sort={sort}
          onSort={(c) => setSort(toggleSort(sort, c))}
          selectedKey={selected}
          onRowClick={(n) => navigate(nodeHref(n.name))}
          empty={loaded ? t('noMatch') : t('common:loading')}
          testId="nodes-table"
        />
        {selected ? <NodeDetailPanel name={selected} onClose={() => navigate('#/nodes')} /> : null}
      </div>
    </div>
  );
}
