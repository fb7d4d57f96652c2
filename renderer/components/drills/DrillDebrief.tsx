/**
 * The debrief of a finished drill: outcome and score, the timings against the workload's RTO
 * and RPO, harmful actions, hints, the timeline chart and the timeline as a list, and how the
 * score was computed.
 */
import { useTranslation } from 'react-i18next';
import type { DrillState } from '../../../shared/drills';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { Panel } from '../Panel';
import { DrillTimelineChart } from './DrillTimelineChart';
import { entryText, objectiveChecks, pick, scoreTone, stopwatch, type ObjectiveCheck } from './drillPresentation';
import { useReasonText } from '../ReasonText';

export function DrillDebrief({ state, onAgain, onClose }: { state: DrillState; onAgain(): void; onClose(): void }) {
  const { t } = useTranslation('drills');
  const f = useFormat();
  const locale = useBulwark((s) => s.locale);
  const reasonText = useReasonText();
  const d = state.debrief;
  if (!d) return null;
  const checks = objectiveChecks(d);
  const time = (sec: number | undefined) => (sec === undefined ? t('debrief.notReached') : f.duration(sec));
  const harmful = d.harmfulActionsLocalized?.map((h) => pick(h, locale)) ?? d.harmfulActions;
  return (
    <Panel
      id="drill-debrief"
      className="drill-debrief"
      title={t('debrief.headingOf', { title: pick(state.title, locale) })}
      actions={(
        <span className="drill-debrief-actions">
          <button type="button" className="primary" onClick={onAgain} data-testid="drill-again">{t('debrief.again')}</button>
          <button type="button" onClick={onClose} data-testid="drill-close-debrief">{t('debrief.close')}</button>
        </span>
      )}
    >
      <div className="drill-debrief-top" data-testid="drill-debrief">
        <div className={`drill-score drill-tone-${scoreTone(d.score)}`}>
          <span className="drill-score-label">{t('debrief.score')}</span>
          <span className="drill-score-value" data-testid="drill-score">{d.score}</span>
          <span className={`badge badge-${d.outcome === 'solved' ? 'ok' : d.outcome === 'timeout' ? 'warn' : 'muted'}`}>{t(`outcome.${d.outcome}`)}</span>
        </div>
        <ul className="kpis drill-kpis">
          <Kpi label={t('debrief.timeToDetect')} value={time(d.timeToDetectSec)} testId="drill-ttd" />
          <Kpi label={t('debrief.timeToMitigate')} value={time(d.timeToMitigateSec)} testId="drill-ttm" />
          <Kpi
            label={t('debrief.timeToRecover')} value={time(d.timeToRecoverSec)} testId="drill-ttr"
            sub={d.rtoSec !== undefined ? t('debrief.rto', { value: f.duration(d.rtoSec) }) : undefined} check={checks.recovery}
          />
          <Kpi
            label={t('debrief.workLost')} value={f.duration(d.workLostSec)} testId="drill-work-lost"
            sub={d.rpoSec !== undefined ? t('debrief.rpo', { value: f.duration(d.rpoSec) }) : undefined} check={checks.workLost}
          />
          <Kpi label={t('debrief.harmful')} value={String(harmful.length)} check={harmful.length > 0 ? 'over' : undefined} />
          <Kpi label={t('debrief.hintsUsed')} value={String(d.hintsUsed)} />
        </ul>
      </div>
      {harmful.length > 0 ? (
        <>
          <h3>{t('debrief.harmful')}</h3>
          <ul className="drill-harmful" data-testid="drill-harmful">{harmful.map((h, i) => <li key={i}>{h}</li>)}</ul>
        </>
      ) : null}
      <h3>{t('debrief.timeline')}</h3>
      <DrillTimelineChart timeline={d.timeline} />
      <ol className="timeline drill-timeline" data-testid="drill-timeline">
        {d.timeline.map((e, i) => (
          <li key={i} className={`tl-${e.kind === 'fault' ? 'failure' : e.kind === 'stage' ? 'checkpoint' : e.kind === 'action' ? 'action' : e.kind}`}>
            <span className="tl-time">{stopwatch(e.tSec)}</span>
            <span className="tl-kind">{t(`kind.${e.kind}`)}</span>
            <span className="tl-text">{entryText(e, locale, reasonText)}</span>
          </li>
        ))}
      </ol>
      <details className="drill-scoring">
        <summary>{t('debrief.scoring')}</summary>
        <p>{t('debrief.scoringBase')}</p>
        <ul>
          <li>{t('debrief.scoringDetect')}</li>
          <li>{t('debrief.scoringRecover')}</li>
          <li>{t('debrief.scoringWork')}</li>
          <li>{t('debrief.scoringHarmful')}</li>
          <li>{t('debrief.scoringHints')}</li>
        </ul>
        <p>{t('debrief.scoringOther')}</p>
      </details>
    </Panel>
  );
}

function Kpi({ label, value, sub, check, testId }: { label: string; value: string; sub?: string; check?: ObjectiveCheck; testId?: string }) {
  const { t } = useTranslation('drills');
  return (
    <li className={`kpi ${check === 'over' ? 'kpi-bad' : ''}`} data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value drill-kpi-value">{value}</span>
      {sub || (check && check !== 'none') ? (
        <span className="kpi-sub">
          {sub}
          {check === 'ok' ? <span className="badge badge-ok">{t('debrief.withinObjective')}</span> : null}
          {check === 'over' ? <span className="badge badge-bad">{t('debrief.overObjective')}</span> : null}
        </span>
      ) : null}
    </li>
  );
}
