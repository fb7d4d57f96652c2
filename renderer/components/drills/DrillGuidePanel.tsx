/**
 * The drill guide: a column beside whatever screen the operator is on while a drill runs
 * (mounted once by the app shell). Briefing, stages with their goal and done state, the
 * elapsed cluster time, hints (each costs points), explainer links, the guide's manual step
 * when a stage waits for work outside Kubernetes, and abort. When the drill ends it shows the
 * outcome and a way to the debrief. Renders nothing when no drill is active.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillStageState, DrillState } from '../../../shared/drills';
import { getExplainer, isExplainerId } from '../../../shared/explainers';
import { useApi } from '../../api/ApiContext';
import { navigate } from '../../app/useRoute';
import { useBulwark } from '../../store';
import { ExplainTerm } from '../ExplainTerm';
import { useErrorText } from '../ReasonText';
import { Icon } from '../Icon';
import { drillRequest, useDrillState, useDrillStore } from './drillStore';
import { pick, scoreTone, stopwatch } from './drillPresentation';
import './drills.css';

export function DrillGuidePanel() {
  const state = useDrillState();
  const [collapsed, setCollapsed] = useState(false);
  const { t } = useTranslation('drills');
  if (!state) return null;
  if (collapsed) {
    return (
      <aside className="drill-guide collapsed" aria-label={t('guide.label')} data-testid="drill-guide">
        <button type="button" className="icon-button drill-guide-toggle" onClick={() => setCollapsed(false)} aria-label={t('guide.expand')} title={t('guide.expand')} data-testid="drill-guide-expand">
          <span aria-hidden="true">«</span>
        </button>
        <Icon name="drills" />
        <span className="drill-guide-vertical">{stopwatch(state.elapsedSec)}</span>
      </aside>
    );
  }
  return (
    <aside className="drill-guide" aria-label={t('guide.label')} data-testid="drill-guide">
      <GuideHeader state={state} onCollapse={() => setCollapsed(true)} />
      <div className="drill-guide-body">
        {state.running ? <RunningGuide state={state} /> : <FinishedGuide state={state} />}
      </div>
    </aside>
  );
}

function GuideHeader({ state, onCollapse }: { state: DrillState; onCollapse(): void }) {
  const { t } = useTranslation('drills');
  const locale = useBulwark((s) => s.locale);
  const clock = useBulwark((s) => s.status?.clock);
  return (
    <div className="drill-guide-head">
      <div className="drill-guide-titles">
        <span className="drill-guide-kicker"><Icon name="drills" size={14} />{t('guide.drill')}</span>
        <h2 className="drill-guide-title">{pick(state.title, locale)}</h2>
        <div className="drill-guide-clock" data-testid="drill-elapsed">
          <span className="sr-only">{t('guide.elapsed')}: </span>
          <span className="drill-stopwatch">
            {state.timeLimitSec ? t('guide.elapsedOf', { elapsed: stopwatch(state.elapsedSec), limit: stopwatch(state.timeLimitSec) }) : stopwatch(state.elapsedSec)}
          </span>
          {clock ? <span className="muted small">{clock.paused ? t('guide.clockPaused') : t('guide.clock', { speed: clock.speed })}</span> : null}
        </div>
      </div>
      <button type="button" className="icon-button drill-guide-collapse" onClick={onCollapse} aria-label={t('guide.collapse')} title={t('guide.collapse')} data-testid="drill-guide-collapse">
        <span aria-hidden="true">»</span>
      </button>
    </div>
  );
}

function RunningGuide({ state }: { state: DrillState }) {
  const { t } = useTranslation('drills');
  const locale = useBulwark((s) => s.locale);
  const api = useApi();
  const error = useDrillStore((s) => s.error);
  const errorText = useErrorText();
  const [confirmAbort, setConfirmAbort] = useState(false);
  useEffect(() => {
    if (!confirmAbort) return;
    const timer = setTimeout(() => setConfirmAbort(false), 4000);
    return () => clearTimeout(timer);
  }, [confirmAbort]);
  return (
    <>
      <details className="drill-briefing" open>
        <summary>{t('guide.briefing')}</summary>
        <p>{pick(state.briefing, locale)}</p>
      </details>
      <h3 className="drill-guide-section">{t('guide.stages')}</h3>
      <ol className="drill-stages" data-testid="drill-stages">
        {state.stages.map((s, i) => (
          <StageItem key={s.id} stage={s} index={i} current={i === state.currentStage && !s.done} />
        ))}
      </ol>
      {state.hintsShown.length > 0 ? (
        <>
          <h3 className="drill-guide-section">{t('guide.hints')}</h3>
          <ol className="drill-hints" data-testid="drill-hints">
            {state.hintsShown.map((h, i) => <li key={i}>{pick(h, locale)}</li>)}
          </ol>
        </>
      ) : null}
      {error ? <p className="error-note">{t('error', { message: errorText(error) })}</p> : null}
      <div className="drill-guide-actions">
        <button
          type="button"
          onClick={() => void drillRequest(() => api.drillHint({}))}
          disabled={state.hintsLeft <= 0}
          title={state.hintsLeft <= 0 ? t('guide.noHints') : undefined}
          data-testid="drill-hint"
        >
          {t('guide.hint')}
          {state.hintsLeft > 0 ? <span className="muted small"> · {t('guide.hintsLeft', { count: state.hintsLeft })}</span> : null}
        </button>
        <button
          type="button"
          className={confirmAbort ? 'danger' : undefined}
          onClick={() => {
            if (!confirmAbort) { setConfirmAbort(true); return; }
            setConfirmAbort(false);
            void drillRequest(() => api.abortDrill({}));
          }}
          data-testid="drill-abort"
        >
          {confirmAbort ? t('guide.abortConfirm') : t('guide.abort')}
        </button>
      </div>
    </>
  );
}

function StageItem({ stage, index, current }: { stage: DrillStageState; index: number; current: boolean }) {
  const { t } = useTranslation('drills');
  const locale = useBulwark((s) => s.locale);
  const api = useApi();
  const status = stage.done ? 'done' : current ? 'current' : 'pending';
  const explainers = stage.explainers.filter(isExplainerId);
  return (
    <li className={`drill-stage drill-stage-${status}`} data-stage={stage.id} data-done={stage.done} aria-current={current ? 'step' : undefined}>
      <span className="drill-stage-mark" aria-hidden="true">{stage.done ? '✓' : index + 1}</span>
      <div className="drill-stage-body">
        <div className="drill-stage-title">
          <strong>{pick(stage.title, locale)}</strong>
          <span className="muted small">
            {stage.done ? t('guide.stageDoneAt', { time: stopwatch(stage.doneAtSec) }) : current ? t('guide.stageCurrent') : t('guide.stagePending')}
          </span>
        </div>
        {stage.done || current ? <p className="drill-stage-goal">{pick(stage.goal, locale)}</p> : null}
        {current && stage.manualStep ? (
          <div className="drill-manual">
            <p className="muted small">{t('guide.manualNote')}</p>
            <button
              type="button"
              className="primary"
              data-testid="drill-manual-step"
              onClick={() => void api.confirmDrillStep({ stepId: stage.manualStep!.id })}
            >
              {pick(stage.manualStep.label, locale)}
            </button>
          </div>
        ) : null}
        {current && explainers.length > 0 ? (
          <div className="drill-learn">
            <span className="muted small">{t('guide.learn')}:</span>
            {explainers.map((id) => (
              <span key={id} className="term-label small">
                {getExplainer(id)?.title[locale] ?? id}
                <ExplainTerm id={id} />
              </span>
            ))}
          </div>
        ) : null}
      </div>
    </li>
  );
}

function FinishedGuide({ state }: { state: DrillState }) {
  const { t } = useTranslation('drills');
  const api = useApi();
  const d = state.debrief;
  if (!d) return null;
  return (
    <div className="drill-finished" data-testid="drill-finished">
      <p className={`drill-outcome drill-outcome-${d.outcome}`}>{t(`outcome.${d.outcome}`)}</p>
      <p className={`drill-score-big drill-tone-${scoreTone(d.score)}`}>{t('guide.score', { score: d.score })}</p>
      <div className="drill-guide-actions">
        <button type="button" className="primary" onClick={() => navigate('#/drills')}>{t('guide.openDebrief')}</button>
        <button type="button" onClick={() => void drillRequest(() => api.abortDrill({}))}>{t('guide.dismiss')}</button>
      </div>
    </div>
  );
}
