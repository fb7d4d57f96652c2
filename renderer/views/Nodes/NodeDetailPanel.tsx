/** One node: live state, taints, conditions, GPUs, pods, events, and the actions area. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { useNoteViewed } from '../../app/useNoteViewed';
import { usePolled } from '../../app/usePolled';
import { NodeActions } from '../../components/actions/NodeActions';
import { DetailPane } from '../../components/DetailPane';
import { ExplainTerm, TermLabel } from '../../components/ExplainTerm';
import { HealthBadge, toneOf } from '../../components/HealthBadge';
import { EmptyState, ErrorNote, KeyValue } from '../../components/Panel';
import { ErrorText, ReasonText, useReasonText } from '../../components/ReasonText';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { gpuHref, workloadHref } from '../../store/selectors/attention';
import { EventRows } from '../Events/EventRows';

export function NodeDetailPanel({ name, onClose }: { name: string; onClose(): void }) {
  const { t } = useTranslation('nodes');
  const f = useFormat();
  const reasonText = useReasonText();
  const api = useApi();
  const live = useBulwark((s) => s.model.nodes.get(name));
  const detail = usePolled(name, (key) => api.getNodeDetail({ name: key }), 5000);
  useNoteViewed('node', name);
  const node = live ?? detail.data?.node;
  const d = detail.data;

  return (
    <DetailPane
      title={name}
      subtitle={node ? `${node.zone} · ${node.pool} · ${node.gpuModel}` : undefined}
      badge={node ? <HealthBadge value={node.health} /> : undefined}
      onClose={onClose}
      testId="node-detail"
    >
      {detail.error && !node ? <ErrorNote><ErrorText error={detail.error} /></ErrorNote> : null}
      {!node && !detail.error ? <p className="loading">{t('common:loading')}</p> : null}
      {node ? (
        <>
          {node.healthReason ? <p className={`reason tone-${toneOf(node.health)}`}><ReasonText reason={node.healthReasonCode} text={node.healthReason} /></p> : null}
          <KeyValue items={[
            [<TermLabel id="gpu-allocation-vs-utilization" key="k">{t('col.gpus')}</TermLabel>, t('gpusTitle', { allocated: node.gpuAllocated, allocatable: node.gpuAllocatable, capacity: node.gpuCapacity })],
            [t('col.util'), f.percent(node.utilAvg)],
            [<TermLabel id="node-conditions" key="k">{t('ready')}</TermLabel>, node.ready ? t('common:yes') : t('common:no')],
            [<TermLabel id="cordon" key="k">{t('col.schedulable')}</TermLabel>, node.schedulable ? t('schedulable') : t('cordoned')],
            [t('pods'), t('podsValue', { pods: f.number(node.podCount), gpuPods: f.number(node.gpuPodCount) })],
          ]} />
          <section className="detail-section actions-area" aria-labelledby="node-actions-title">
            <h3 id="node-actions-title">{t('actions')} <ExplainTerm id="drain" /></h3>
            <NodeActions node={node} />
          </section>
          <section className="detail-section" aria-labelledby="node-taints-title">
            <h3 id="node-taints-title">{t('col.taints')} <ExplainTerm id="taints-tolerations" /></h3>
            {node.taints.length === 0 ? <EmptyState>{t('noTaints')}</EmptyState> : (
              <ul className="chips">
                {node.taints.map((x) => <li key={`${x.key}:${x.effect}`} className="chip"><code>{`${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`}</code></li>)}
              </ul>
            )}
          </section>
          <section className="detail-section" aria-labelledby="node-cond-title">
            <h3 id="node-cond-title">{t('conditions')} <ExplainTerm id="node-conditions" /></h3>
            <table className="table">
              <thead><tr><th scope="col">{t('cond.type')}</th><th scope="col">{t('cond.status')}</th><th scope="col">{t('cond.reason')}</th><th scope="col">{t('cond.since')}</th></tr></thead>
              <tbody>
                {node.conditions.map((c) => (
                  <tr key={c.type}>
                    <td>{c.type}</td>
                    <td>{c.status}</td>
                    <td title={c.message}>{c.reason ?? '—'}{c.message ? <span className="muted">{` — ${c.message}`}</span> : null}</td>
                    <td className="nowrap">{c.lastTransitionTime ? f.clock(Date.parse(c.lastTransitionTime)) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="detail-section" aria-labelledby="node-gpus-title">
            <h3 id="node-gpus-title">{t('gpus')} <ExplainTerm id="gpu-health" /></h3>
            {!d ? <p className="loading">{t('common:loading')}</p> : (
              <table className="table" data-testid="node-gpus">
                <thead><tr><th scope="col">#</th><th scope="col">{t('gpu.health')}</th><th scope="col">{t('gpu.util')}</th><th scope="col">{t('gpu.temp')}</th><th scope="col">{t('gpu.pod')}</th></tr></thead>
                <tbody>
                  {d.gpus.map((g) => (
                    <tr key={g.id}>
                      <td><a href={gpuHref(g.id)}>{g.index}</a></td>
                      <td><HealthBadge value={g.health} title={g.healthReason && reasonText(g.healthReasonCode, g.healthReason)} />{g.lastXid !== undefined ? <span className="muted">{` XID ${g.lastXid}`}</span> : null}</td>
                      <td>{f.percent(g.util)}</td>
                      <td>{f.temp(g.tempC)}</td>
                      <td className="wrap">{g.pod ?? <span className="muted">{t('free')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="detail-section" aria-labelledby="node-pods-title">
            <h3 id="node-pods-title">{t('pods')} <ExplainTerm id="drain" /> <ExplainTerm id="pod-disruption-budget" /></h3>
            {d && d.pods.length === 0 ? <EmptyState>{t('noPods')}</EmptyState> : null}
            {d && d.pods.length > 0 ? (
              <table className="table">
                <thead><tr><th scope="col">{t('pod.name')}</th><th scope="col">{t('pod.phase')}</th><th scope="col">{t('pod.gpus')}</th><th scope="col">{t('pod.restarts')}</th><th scope="col">{t('pod.workload')}</th></tr></thead>
                <tbody>
                  {d.pods.map((p) => (
                    <tr key={p.key}>
                      <td className="wrap">{p.key}</td>
                      <td>{p.phase}{p.lastTerminationReason ? <span className="muted">{` (${p.lastTerminationReason})`}</span> : null}</td>
                      <td>{f.number(p.gpus)}</td>
                      <td>{f.number(p.restarts)}</td>
                      <td className="wrap">{p.workload ? <a href={workloadHref(p.workload)}>{p.workload}</a> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
          <section className="detail-section" aria-labelledby="node-events-title">
            <h3 id="node-events-title">{t('events')} <ExplainTerm id="kubernetes-events" /></h3>
            {d && d.events.length === 0 ? <EmptyState>{t('noEvents')}</EmptyState> : null}
            {d && d.events.length > 0 ? <EventRows events={d.events.slice(0, 50)} /> : null}
          </section>
        </>
      ) : null}
    </DetailPane>
  );
}
