/** Fleet at a glance: KPI cards, where the GPUs go, utilization over time, what needs attention. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { WORKLOAD_HEALTH } from '../../../shared/views';
import type { FleetKpis } from '../../../shared/views';
import { BarList } from '../../components/charts/BarList';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { ExplainTerm } from '../../components/ExplainTerm';
import { HealthBadge } from '../../components/HealthBadge';
import { EmptyState, Panel } from '../../components/Panel';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { needsAttention } from '../../store/selectors/attention';
import { workloadHref } from '../../store/selectors/attention';
import { navigate } from '../../app/useRoute';
import { AttentionList } from './AttentionList';
import type { ViewProps } from '../../app/routes';

export function OverviewView(_: ViewProps) {
  const { t } = useTranslation('overview');
  const kpis = useBulwark((s) => s.model.kpis);
  const loaded = useBulwark((s) => s.model.loaded);
  const nodes = useBulwark((s) => s.model.nodes);
  const gpus = useBulwark((s) => s.model.gpus);
  const workloads = useBulwark((s) => s.model.workloads);
  const utilHistory = useBulwark((s) => s.model.utilHistory);
  const f = useFormat();

  const attention = useMemo(() => needsAttention(nodes.values(), gpus.values(), workloads.values()), [nodes, gpus, workloads]);
  const total = kpis?.gpus.total ?? 0;
  const history = useMemo(
    () => utilHistory.map((p) => ({ t: p.t, util: p.util, allocated: total ? (p.allocated / total) * 100 : undefined })),
    [utilHistory, total],
  );
  const byNamespace = useMemo(() => (kpis?.byNamespace ?? []).slice(0, 12).map((d) => ({ label: d.namespace, value: d.gpus })), [kpis]);
  const byWorkload = useMemo(() => (kpis?.byWorkload ?? []).slice(0, 12).map((d) => ({ label: d.workload, value: d.gpus })), [kpis]);
  const last = utilHistory[utilHistory.length - 1];

  return (
    <div className="view overview">
      <div className="view-head">
        <h1>{t('title')}</h1>
      </div>
      {!loaded || !kpis ? <p className="loading" aria-busy="true">{t('common:loading')}</p> : (
        <>
          <KpiCards kpis={kpis} />
          <div className="grid-2">
            <Panel id="alloc-ns" title={<>{t('byNamespace')} <ExplainTerm id="quotas" /></>}>
              {byNamespace.length ? <BarList data={byNamespace} valueLabel={t('gpus')} ariaLabel={t('byNamespaceAria', { list: byNamespace.map((d) => `${d.label} ${d.value}`).join(', ') })} testId="chart-by-namespace" onSelect={(ns) => { useBulwark.getState().setWorkloadFilters({ namespace: ns, health: '', type: '', text: '', kind: '' }); navigate('#/workloads'); }} /> : <EmptyState>{t('noAllocations')}</EmptyState>}
            </Panel>
            <Panel id="alloc-wl" title={t('byWorkload')}>
              {byWorkload.length ? <BarList data={byWorkload} valueLabel={t('gpus')} colorIndex={2} ariaLabel={t('byWorkloadAria', { list: byWorkload.map((d) => `${d.label} ${d.value}`).join(', ') })} testId="chart-by-workload" onSelect={(key) => navigate(workloadHref(key))} tickLabel={(key) => key.slice(key.lastIndexOf('/') + 1)} /> : <EmptyState>{t('noAllocations')}</EmptyState>}
            </Panel>
          </div>
          <div className="grid-2 wide-left">
            <Panel id="util-history" title={<>{t('utilOverTime')} <ExplainTerm id="gpu-allocation-vs-utilization" /></>}>
              {history.length ? (
                <TimeSeriesChart
                  data={history}
                  series={[{ key: 'util', label: t('utilization') }, { key: 'allocated', label: t('allocation') }]}
                  yDomain={[0, 100]}
                  yFormat={(v) => f.percent(v)}
                  ariaLabel={t('utilOverTimeAria', { util: f.percent(last?.util), allocated: f.percent(total ? ((last?.allocated ?? 0) / total) * 100 : undefined) })}
                  testId="chart-util-history"
                  height={220}
                />
              ) : <EmptyState>{t('noHistory')}</EmptyState>}
            </Panel>
            <Panel id="attention" title={t('needsAttention')}>
              <AttentionList items={attention} />
            </Panel>
          </div>
        </>
      )}
    </div>
  );
}

function KpiCards({ kpis }: { kpis: FleetKpis }) {
  const { t } = useTranslation('overview');
  const f = useFormat();
  const g = kpis.gpus;
  const share = (n: number) => (g.total ? f.share(n / g.total) : '—');
  return (
    <ul className="kpis" aria-label={t('kpis')}>
      <li className="kpi" data-testid="kpi-gpus">
        <span className="kpi-label">{t('gpusTotal')}</span>
        <span className="kpi-value" data-testid="kpi-gpus-total">{f.number(g.total)}</span>
        <span className="kpi-sub">{t('nodesCount', { count: kpis.nodes.total, n: f.number(kpis.nodes.total) })}</span>
      </li>
      <li className="kpi" data-testid="kpi-allocated">
        <span className="kpi-label">{t('allocated')} <ExplainTerm id="gpu-allocation-vs-utilization" /></span>
        <span className="kpi-value">{f.number(g.allocated)}</span>
        <span className="kpi-sub">{share(g.allocated)}</span>
      </li>
      <li className="kpi" data-testid="kpi-idle">
        <span className="kpi-label">{t('idle')} <ExplainTerm id="headroom-n-plus-1" /></span>
        <span className="kpi-value">{f.number(g.idle)}</span>
        <span className="kpi-sub">{share(g.idle)}</span>
      </li>
      <li className={`kpi ${g.unhealthy ? 'kpi-bad' : ''}`} data-testid="kpi-unhealthy">
        <span className="kpi-label">{t('unhealthy')} <ExplainTerm id="gpu-health" /></span>
        <span className="kpi-value">{f.number(g.unhealthy)}</span>
        <span className="kpi-sub">{share(g.unhealthy)}</span>
      </li>
      <li className="kpi" data-testid="kpi-util">
        <span className="kpi-label">{t('utilization')} <ExplainTerm id="dcgm-metrics" /></span>
        <span className="kpi-value">{f.percent(kpis.utilizationAvg)}</span>
        <span className="kpi-sub">{t('utilSub')}</span>
      </li>
      <li className="kpi" data-testid="kpi-nodes">
        <span className="kpi-label">{t('nodesReady')} <ExplainTerm id="node-conditions" /></span>
        <span className="kpi-value">{`${f.number(kpis.nodes.ready)} / ${f.number(kpis.nodes.total)}`}</span>
        <span className="kpi-sub">{t('cordoned', { n: f.number(kpis.nodes.cordoned) })} <ExplainTerm id="cordon" /></span>
      </li>
      <li className="kpi kpi-wide" data-testid="kpi-workloads">
        <span className="kpi-label">{t('workloadsByHealth')}</span>
        <ul className="kpi-health">
          {WORKLOAD_HEALTH.map((h) => (
            <li key={h}>
              <a href="#/workloads" className="plain-link" onClick={() => useBulwark.getState().setWorkloadFilters({ health: h, namespace: '', type: '', text: '', kind: '' })}><HealthBadge value={h} /> <strong>{f.number(kpis.workloads[h] ?? 0)}</strong></a>
            </li>
          ))}
        </ul>
      </li>
    </ul>
  );
}
