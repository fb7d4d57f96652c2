/** One GPU: live values, DCGM series (util, temperature, power, memory), XID history, its pod. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricPoint } from '../../../shared/views';
import { xidInfo } from '../../../shared/xid';
import { useApi } from '../../api/ApiContext';
import { useNoteViewed } from '../../app/useNoteViewed';
import { usePolled } from '../../app/usePolled';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { DetailPane } from '../../components/DetailPane';
import { ExplainTerm, TermLabel } from '../../components/ExplainTerm';
import { HealthBadge, toneOf } from '../../components/HealthBadge';
import { EmptyState, ErrorNote, KeyValue } from '../../components/Panel';
import { ErrorText, ReasonText } from '../../components/ReasonText';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { nodeHref, workloadHref } from '../../store/selectors/attention';
import { formatHash } from '../../app/hashRoute';

function toRows(points: MetricPoint[]) {
  return points.map((p) => ({ t: p.t, v: p.v }));
}

export function GpuDetailPanel({ id, onClose }: { id: string; onClose(): void }) {
  const { t } = useTranslation('gpus');
  const f = useFormat();
  const api = useApi();
  const locale = useBulwark((s) => s.locale);
  const live = useBulwark((s) => s.model.gpus.get(id));
  const detail = usePolled(id, (key) => api.getGpuDetail({ id: key }), 5000);
  useNoteViewed('gpu', id);
  const gpu = live ?? detail.data?.gpu;
  const series = detail.data?.series;
  const util = useMemo(() => toRows(series?.util ?? []), [series]);
  const temp = useMemo(() => toRows(series?.tempC ?? []), [series]);
  const power = useMemo(() => toRows(series?.powerW ?? []), [series]);
  const mem = useMemo(() => toRows(series?.fbUsedMiB ?? []), [series]);
  const pod = detail.data?.pod;

  return (
    <DetailPane title={id} subtitle={gpu ? `${gpu.model} · ${gpu.zone} · ${gpu.pool}` : undefined} badge={gpu ? <HealthBadge value={gpu.health} /> : undefined} onClose={onClose} testId="gpu-detail">
      {detail.error && !gpu ? <ErrorNote><ErrorText error={detail.error} /></ErrorNote> : null}
      {!gpu && !detail.error ? <p className="loading">{t('common:loading')}</p> : null}
      {gpu ? (
        <>
          {gpu.healthReason ? <p className={`reason tone-${toneOf(gpu.health)}`}><TermLabel id="gpu-health">{t('field.reason')}</TermLabel>{' '}<ReasonText reason={gpu.healthReasonCode} text={gpu.healthReason} /></p> : null}
          <KeyValue items={[
            [t('field.node'), <a href={nodeHref(gpu.node)} key="n">{gpu.node}</a>],
            [t('field.index'), f.number(gpu.index)],
            [t('field.uuid'), <code key="u" className="wrap">{gpu.uuid}</code>],
            [t('field.pod'), gpu.pod ?? t('free')],
            [t('field.workload'), gpu.workload ? (
              <span key="w" className="link-group">
                <a href={workloadHref(gpu.workload)}>{gpu.workload}</a>
                <a href={formatHash({ view: 'gpus', query: { workload: gpu.workload, select: gpu.id } })} className="small">{t('highlightWorkload')}</a>
              </span>
            ) : '—'],
            [<TermLabel id="dcgm-metrics" key="l">{t('field.util')}</TermLabel>, f.percent(gpu.util)],
            [<TermLabel id="thermal-throttling" key="l">{t('field.temp')}</TermLabel>, f.temp(gpu.tempC)],
            [<TermLabel id="power-energy" key="l">{t('field.power')}</TermLabel>, f.watts(gpu.powerW)],
            [t('field.memory'), t('memoryValue', { used: f.mib(gpu.fbUsedMiB), total: f.mib(gpu.fbUsedMiB !== undefined && gpu.fbFreeMiB !== undefined ? gpu.fbUsedMiB + gpu.fbFreeMiB : undefined) })],
            [t('field.smClock'), gpu.smClockMHz !== undefined ? `${f.number(gpu.smClockMHz)} MHz` : '—'],
          ]} />
          {pod ? (
            <section className="detail-section" aria-labelledby="gpu-pod-title">
              <h3 id="gpu-pod-title">{t('pod')}</h3>
              <KeyValue items={[
                [t('field.pod'), pod.key],
                [t('field.phase'), pod.phase],
                [t('field.restarts'), f.number(pod.restarts)],
                [t('field.priority'), pod.priorityClass ?? '—'],
                ...(pod.lastTerminationReason ? [[t('field.lastTermination'), pod.lastTerminationReason] as [string, string]] : []),
              ]} />
            </section>
          ) : null}
          <section className="detail-section charts-2" aria-labelledby="gpu-charts-title">
            <h3 id="gpu-charts-title">{t('metrics')} <ExplainTerm id="dcgm-metrics" /></h3>
            {series ? (
              <>
                <ChartBlock title={t('field.util')}><TimeSeriesChart data={util} series={[{ key: 'v', label: t('field.util') }]} yDomain={[0, 100]} yFormat={(v) => f.percent(v)} height={120} ariaLabel={t('chartAria', { what: t('field.util'), value: f.percent(gpu.util) })} testId="gpu-chart-util" /></ChartBlock>
                <ChartBlock title={t('field.temp')}><TimeSeriesChart data={temp} series={[{ key: 'v', label: t('field.temp') }]} yFormat={(v) => f.temp(v)} height={120} ariaLabel={t('chartAria', { what: t('field.temp'), value: f.temp(gpu.tempC) })} /></ChartBlock>
                <ChartBlock title={t('field.power')}><TimeSeriesChart data={power} series={[{ key: 'v', label: t('field.power') }]} yFormat={(v) => f.watts(v)} height={120} ariaLabel={t('chartAria', { what: t('field.power'), value: f.watts(gpu.powerW) })} /></ChartBlock>
                <ChartBlock title={t('field.memory')}><TimeSeriesChart data={mem} series={[{ key: 'v', label: t('field.memory') }]} yFormat={(v) => f.mib(v)} height={120} ariaLabel={t('chartAria', { what: t('field.memory'), value: f.mib(gpu.fbUsedMiB) })} /></ChartBlock>
              </>
            ) : <p className="loading">{t('common:loading')}</p>}
          </section>
          <section className="detail-section" aria-labelledby="gpu-xid-title">
            <h3 id="gpu-xid-title">{t('xidHistory')} <ExplainTerm id="xid-errors" /></h3>
            {detail.data && detail.data.xidHistory.length === 0 ? <EmptyState>{t('noXid')}</EmptyState> : null}
            {detail.data && detail.data.xidHistory.length > 0 ? (
              <table className="table" data-testid="xid-table">
                <thead><tr><th scope="col">{t('xid.time')}</th><th scope="col">{t('xid.code')}</th><th scope="col">{t('xid.meaning')}</th></tr></thead>
                <tbody>
                  {[...detail.data.xidHistory].reverse().map((x, i) => (
                    <tr key={`${x.t}-${i}`}><td>{f.dateTime(x.t)}</td><td>{x.code}</td><td>{xidInfo(x.code)?.name[locale] ?? t('xid.unknown')}</td></tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        </>
      ) : null}
    </DetailPane>
  );
}

function ChartBlock({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <figure className="chart-block">
      <figcaption>{title}</figcaption>
      {children}
    </figure>
  );
}
