/**
 * One workload: health, progress and throughput, checkpoint age vs interval, work at risk,
 * recovery objectives, elasticity, placement by zone and node, serving state, pods, timeline,
 * and the actions area.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementView } from '../../../shared/views';
import { useApi } from '../../api/ApiContext';
import { formatHash } from '../../app/hashRoute';
import { useNoteViewed } from '../../app/useNoteViewed';
import { usePolled } from '../../app/usePolled';
import { WorkloadActions } from '../../components/actions/WorkloadActions';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { DetailPane } from '../../components/DetailPane';
import { ExplainTerm, TermLabel } from '../../components/ExplainTerm';
import { Badge, HealthBadge, toneOf } from '../../components/HealthBadge';
import { EmptyState, ErrorNote, KeyValue } from '../../components/Panel';
import { ErrorText, ReasonText } from '../../components/ReasonText';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { nodeHref } from '../../store/selectors/attention';
import { kindHasActions, kindLabel } from '../../store/selectors/workloadTable';
import { CheckpointCell, ProgressCell } from './WorkloadCells';
import { compareNames } from '../../store/selectors/compare';

export function WorkloadDetailPanel({ workloadKey, onClose }: { workloadKey: string; onClose(): void }) {
  const { t } = useTranslation('workloads');
  const f = useFormat();
  const api = useApi();
  const live = useBulwark((s) => s.model.workloads.get(workloadKey));
  const detail = usePolled(workloadKey, (key) => api.getWorkloadDetail({ key }), 5000);
  useNoteViewed('workload', workloadKey);
  const w = live ?? detail.data?.workload;
  const d = detail.data;
  const throughput = useMemo(() => (d?.throughput ?? []).map((p) => ({ t: p.t, v: p.v })), [d]);
  const byZone = useMemo(() => {
    const m = new Map<string, { gpus: number; pods: number; nodes: PlacementView[] }>();
    for (const p of w?.placement ?? []) {
      let z = m.get(p.zone);
      if (!z) m.set(p.zone, (z = { gpus: 0, pods: 0, nodes: [] }));
      z.gpus += p.gpus;
      z.pods += p.pods;
      z.nodes.push(p);
    }
    return [...m.entries()].sort((a, b) => compareNames(a[0], b[0]));
  }, [w]);

  return (
    <DetailPane
      title={w?.name ?? workloadKey}
      subtitle={w ? `${kindLabel(w.kind)} · ${w.namespace} · ${t(`typeValue.${w.type}`)}` : workloadKey}
      badge={w ? <HealthBadge value={w.health} /> : undefined}
      onClose={onClose}
      testId="workload-detail"
    >
      {detail.error && !w ? <ErrorNote><ErrorText error={detail.error} /></ErrorNote> : null}
      {!w && !detail.error ? <p className="loading">{t('common:loading')}</p> : null}
      {w ? (
        <>
          {w.reason ? <p className={`reason tone-${toneOf(w.health)}`}><ReasonText reason={w.reasonCode} text={w.reason} /></p> : null}
          <KeyValue items={[
            [t('col.replicas'), `${f.number(w.replicas.ready)} / ${f.number(w.replicas.desired)}`],
            [t('col.gpus'), <a key="g" href={formatHash({ view: 'gpus', query: { workload: w.key } })}>{t('gpusOnMap', { n: f.number(w.gpus) })}</a>],
            [t('col.restarts'), f.number(w.restarts)],
            [<TermLabel id="priority-preemption" key="k">{t('priority')}</TermLabel>, w.priorityClass ?? '—'],
            ...(w.progress ? [[<TermLabel id="goodput" key="k">{t('col.progress')}</TermLabel>, <ProgressCell key="p" w={w} />] as [React.ReactNode, React.ReactNode]] : []),
            ...(w.progress ? [[t('step'), w.progress.totalSteps ? `${f.number(w.progress.step)} / ${f.number(w.progress.totalSteps)}` : f.number(w.progress.step)] as [string, string]] : []),
            [t('created'), f.dateTime(w.createdAt)],
          ]} />
          <section className="detail-section actions-area" aria-labelledby="wl-actions-title">
            <h3 id="wl-actions-title">{t('actions')}</h3>
            {kindHasActions(w.kind) ? <WorkloadActions workload={w} /> : <p className="muted" data-testid="workload-no-actions">{t('noActions', { kind: kindLabel(w.kind) })}</p>}
          </section>
          {w.queue ? (
            <section className="detail-section" aria-labelledby="wl-queue-title" data-testid="workload-queue">
              <h3 id="wl-queue-title">{t('queue.title')}</h3>
              <KeyValue items={[
                [t('queue.state'), <Badge key="s" tone={w.queue.state === 'admitted' || w.queue.state === 'finished' ? 'info' : 'warn'}>{t(`queue.stateValue.${w.queue.state}`)}</Badge>],
                [t('queue.localQueue'), w.queue.localQueue ?? '—'],
                [t('queue.clusterQueue'), w.queue.clusterQueue ?? '—'],
                [t('queue.workload'), w.queue.workload],
                ...(w.queue.message ? [[t('queue.evicted'), w.queue.message] as [string, string]] : []),
              ]} />
            </section>
          ) : null}
          {w.type === 'training' ? (
            <section className="detail-section" aria-labelledby="wl-resilience-title">
              <h3 id="wl-resilience-title">{t('resilience')} <ExplainTerm id="checkpointing" /></h3>
              <KeyValue items={[
                [<TermLabel id="checkpoint-interval" key="k">{t('col.checkpoint')}</TermLabel>, <CheckpointCell key="c" w={w} />],
                [t('checkpoint.step'), f.number(w.checkpoint?.step)],
                [t('checkpoint.time'), f.dateTime(w.checkpoint?.time)],
                [t('checkpoint.storage'), w.checkpoint?.storage ? <code key="s" className="wrap">{w.checkpoint.storage}</code> : '—'],
                [<TermLabel id="lost-work" key="k">{t('col.atRisk')}</TermLabel>, f.duration(w.workAtRiskSec)],
                [<TermLabel id="lost-work" key="k">{t('lostWork')}</TermLabel>, f.duration(w.lostWorkSec)],
                [<TermLabel id="rpo" key="k">{t('rpo')}</TermLabel>, rpoText(w.rpoSec, w.checkpoint?.ageSec, f.duration, t)],
                [<TermLabel id="rto" key="k">{t('rto')}</TermLabel>, f.duration(w.rtoSec)],
                [<TermLabel id="elastic-training" key="k">{t('col.elastic')}</TermLabel>, w.elastic ? t('elasticLong', { min: w.elastic.minReplicas, max: w.elastic.maxReplicas, current: w.elastic.current, restarts: w.elastic.maxRestarts ?? '—' }) : t('notElastic')],
              ]} />
            </section>
          ) : null}
          {w.inference ? (
            <section className="detail-section" aria-labelledby="wl-serving-title">
              <h3 id="wl-serving-title">{t('col.serving')} <ExplainTerm id="failover-active-passive-active-active" /></h3>
              <KeyValue items={[
                [t('serving.active'), <Badge key="a" tone={w.inference.activeRole === 'primary' ? 'info' : 'warn'}>{t(`serving.${w.inference.activeRole}`)}</Badge>],
                [t('serving.primaryLabel'), `${w.inference.primaryDeployment} · ${w.inference.primaryZone ?? '—'}`],
                [t('serving.standbyLabel'), w.inference.standbyDeployment ? `${w.inference.standbyDeployment} · ${w.inference.standbyZone ?? '—'}` : '—'],
                [t('serving.rps'), f.number(w.inference.rps, 1)],
                [<TermLabel id="inference-latency-slo" key="k">{t('serving.latency')}</TermLabel>, t('serving.latencyValue', { p50: f.ms(w.inference.latencyP50Ms), p99: f.ms(w.inference.latencyP99Ms) })],
                [<TermLabel id="rto" key="k">{t('rto')}</TermLabel>, f.duration(w.rtoSec)],
              ]} />
            </section>
          ) : null}
          {w.progress ? (
            <section className="detail-section" aria-labelledby="wl-throughput-title">
              <h3 id="wl-throughput-title">{t('throughput')}</h3>
              {throughput.length ? (
                <TimeSeriesChart data={throughput} series={[{ key: 'v', label: t('throughput') }]} height={150} yFormat={(v) => f.number(v, 0)} ariaLabel={t('throughputAria', { value: f.number(w.progress.samplesPerSec, 1) })} testId="workload-throughput" />
              ) : <EmptyState>{d ? t('noThroughput') : t('common:loading')}</EmptyState>}
            </section>
          ) : null}
          <section className="detail-section" aria-labelledby="wl-placement-title">
            <h3 id="wl-placement-title">{t('col.placement')} <ExplainTerm id="failure-domains" /></h3>
            {byZone.length === 0 ? <EmptyState>{t('noPlacement')}</EmptyState> : (
              <table className="table" data-testid="workload-placement">
                <thead><tr><th scope="col">{t('placement.zone')}</th><th scope="col">{t('placement.node')}</th><th scope="col">{t('placement.gpus')}</th><th scope="col">{t('placement.pods')}</th></tr></thead>
                <tbody>
                  {byZone.flatMap(([zone, z]) => z.nodes.map((p, i) => (
                    <tr key={`${zone}/${p.node}`}>
                      {i === 0 ? <th scope="rowgroup" rowSpan={z.nodes.length}>{zone}<span className="muted small block">{t('placement.zoneTotal', { gpus: z.gpus, pods: z.pods })}</span></th> : null}
                      <td><a href={nodeHref(p.node)}>{p.node}</a></td>
                      <td>{f.number(p.gpus)}</td>
                      <td>{f.number(p.pods)}</td>
                    </tr>
                  )))}
                </tbody>
              </table>
            )}
          </section>
          <section className="detail-section" aria-labelledby="wl-pods-title">
            <h3 id="wl-pods-title">{t('pods')} <ExplainTerm id="pod-disruption-budget" /></h3>
            {d && d.pods.length === 0 ? <EmptyState>{t('noPods')}</EmptyState> : null}
            {d && d.pods.length > 0 ? (
              <table className="table">
                <thead><tr><th scope="col">{t('pod.name')}</th><th scope="col">{t('pod.node')}</th><th scope="col">{t('pod.phase')}</th><th scope="col">{t('pod.gpus')}</th><th scope="col">{t('pod.restarts')}</th></tr></thead>
                <tbody>
                  {d.pods.map((p) => (
                    <tr key={p.key}>
                      <td className="wrap">{p.name}</td>
                      <td>{p.node ? <a href={nodeHref(p.node)}>{p.node}</a> : '—'}</td>
                      <td>{p.phase}{p.lastTerminationReason ? <span className="muted">{` (${p.lastTerminationReason})`}</span> : null}</td>
                      <td>{f.number(p.gpus)}</td>
                      <td>{f.number(p.restarts)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
          <section className="detail-section" aria-labelledby="wl-timeline-title">
            <h3 id="wl-timeline-title">{t('timeline')}</h3>
            {d && d.timeline.length === 0 ? <EmptyState>{t('noTimeline')}</EmptyState> : null}
            {d && d.timeline.length > 0 ? (
              <ol className="timeline" data-testid="workload-timeline">
                {[...d.timeline].reverse().slice(0, 100).map((e, i) => (
                  <li key={`${e.t}-${i}`} className={`tl-${e.kind}`}>
                    <span className="tl-time">{f.clock(e.t)}</span>
                    <span className="tl-kind">{t(`timelineKind.${e.kind}`)}</span>
                    <span className="tl-text">{e.text}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </section>
        </>
      ) : null}
    </DetailPane>
  );
}

function rpoText(rpo: number | undefined, age: number | undefined, dur: (s: number | undefined) => string, t: (k: string, o?: Record<string, unknown>) => string): React.ReactNode {
  if (rpo === undefined) return '—';
  if (age !== undefined && age > rpo) return <span className="text-bad">{t('rpoBreached', { rpo: dur(rpo), age: dur(age) })}</span>;
  return dur(rpo);
}
