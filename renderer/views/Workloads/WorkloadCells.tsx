/** Cells shared by the Workloads table and the detail pane. */
import { useTranslation } from 'react-i18next';
import type { WorkloadView } from '../../../shared/views';
import { Badge } from '../../components/HealthBadge';
import { useFormat } from '../../i18n';
import { checkpointState, progressFraction } from '../../store/selectors/workloadTable';

export function ProgressCell({ w }: { w: WorkloadView }) {
  const { t } = useTranslation('workloads');
  const f = useFormat();
  const p = w.progress;
  if (!p) return <>—</>;
  const frac = progressFraction(w);
  return (
    <span className="progress-cell" title={p.samplesPerSec !== undefined ? t('throughputValue', { value: f.number(p.samplesPerSec, 1) }) : undefined}>
      {frac >= 0 ? (
        <span className="meter" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)} aria-label={t('col.progress')}>
          <span style={{ width: `${frac * 100}%` }} />
        </span>
      ) : null}
      <span>{frac >= 0 ? f.share(frac) : t('stepValue', { step: f.number(p.step) })}</span>
      {p.samplesPerSec !== undefined ? <span className="muted">{t('throughputShort', { value: f.number(p.samplesPerSec, 0) })}</span> : null}
    </span>
  );
}

export function CheckpointCell({ w }: { w: WorkloadView }) {
  const { t } = useTranslation('workloads');
  const f = useFormat();
  const state = checkpointState(w);
  const c = w.checkpoint;
  if (!c || state === 'none') return <span className="muted">{w.type === 'training' ? t('checkpoint.none') : '—'}</span>;
  return (
    <span className="checkpoint-cell" data-state={state}>
      <span>{t('checkpoint.ageOfInterval', { age: f.duration(c.ageSec, 1), interval: c.intervalSec ? f.duration(c.intervalSec, 1) : '—' })}</span>
      {state === 'stale' ? <Badge tone="bad">{t('checkpoint.stale')}</Badge> : state === 'late' ? <Badge tone="warn">{t('checkpoint.late')}</Badge> : null}
    </span>
  );
}

export function ServingCell({ w }: { w: WorkloadView }) {
  const { t } = useTranslation('workloads');
  const f = useFormat();
  const inf = w.inference;
  if (!inf) return <>—</>;
  const zone = inf.activeRole === 'primary' ? inf.primaryZone : inf.standbyZone;
  return (
    <span className="serving-cell">
      <Badge tone={inf.activeRole === 'primary' ? 'info' : 'warn'}>{t(`serving.${inf.activeRole}`)}</Badge>
      <span>{zone ?? '—'}</span>
      <span className="muted">{t('serving.rpsValue', { value: f.number(inf.rps, 0) })}</span>
      <span className="muted">{t('serving.p99', { value: f.ms(inf.latencyP99Ms) })}</span>
    </span>
  );
}

export function placementSummary(w: WorkloadView): { nodes: number; zones: number } {
  return { nodes: w.placement.length, zones: new Set(w.placement.map((p) => p.zone)).size };
}
