/**
 * Drills: the scenario list (difficulty, best score, attempts, start) and, once a drill has
 * ended, its debrief. While a drill runs, the guide panel beside every screen carries it; this
 * view marks the running scenario.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillScenarioSummary } from '../../../shared/drills';
import { useApi } from '../../api/ApiContext';
import { shownError, type ShownError } from '../../api/backendError';
import type { ViewProps } from '../../app/routes';
import { useSwitchSource } from '../../app/useSwitchSource';
import { Badge } from '../../components/HealthBadge';
import { ErrorNote, Panel } from '../../components/Panel';
import { ErrorText, useErrorText } from '../../components/ReasonText';
import { DrillDebrief } from '../../components/drills/DrillDebrief';
import { drillRequest, useDrillState, useDrillStore } from '../../components/drills/drillStore';
import { pick } from '../../components/drills/drillPresentation';
import '../../components/drills/drills.css';
import { useBulwark } from '../../store';

const DIFFICULTY_TONE = { easy: 'ok', medium: 'warn', hard: 'bad' } as const;

export function DrillsView(_: ViewProps) {
  const { t } = useTranslation('drills');
  const api = useApi();
  const locale = useBulwark((s) => s.locale);
  const status = useBulwark((s) => s.status);
  const state = useDrillState();
  const error = useDrillStore((s) => s.error);
  const errorText = useErrorText();
  const [scenarios, setScenarios] = useState<DrillScenarioSummary[] | undefined>();
  const [listError, setListError] = useState<ShownError | undefined>();
  const [starting, setStarting] = useState<string | undefined>();

  const reload = useCallback(() => {
    api.listDrills({}).then((list) => { setScenarios(list); setListError(undefined); }, (err: unknown) => setListError(shownError(err)));
  }, [api]);
  // Best scores change when a drill ends.
  const finishedKey = state?.debrief ? `${state.scenarioId}:${state.debrief.score}:${state.debrief.outcome}` : '';
  useEffect(() => { reload(); }, [reload, finishedKey]);

  const running = state?.running === true;
  const switching = useBulwark((s) => s.switching);
  const switchSource = useSwitchSource();
  const demo = status?.source.kind === 'demo';
  // On a live context only opted-in (Settings) and only the scenarios whose fault is reversible.
  const liveAllowed = !demo && status?.drillsAllowed === true;
  const demoPreset = demo ? status?.source.preset : undefined;
  const wrongPreset = (s: DrillScenarioSummary) => demoPreset !== undefined && demoPreset !== s.preset;
  const unavailable = (s: DrillScenarioSummary): string | undefined => {
    if (demo) return wrongPreset(s) ? t('list.wrongPreset', { preset: s.preset, current: demoPreset }) : undefined;
    if (!liveAllowed) return t('liveOff');
    return s.live ? undefined : t('list.needsSimulator');
  };
  const start = async (id: string) => {
    setStarting(id);
    await drillRequest(() => api.startDrill({ id }));
    setStarting(undefined);
  };

  return (
    <div className="view drills-view">
      <div className="view-head"><h1>{t('title')}</h1></div>
      <p className="drills-intro muted">{t('intro')}</p>
      {status && !demo ? <p className="banner banner-info drills-note" data-testid="drills-live-note">{t(liveAllowed ? 'liveOn' : 'liveOff')}</p> : null}
      {error ? <ErrorNote>{t('error', { message: errorText(error) })}</ErrorNote> : null}
      {state && !state.running && state.debrief ? (
        <DrillDebrief
          state={state}
          onAgain={() => { void start(state.scenarioId); }}
          onClose={() => { void drillRequest(() => api.abortDrill({})); }}
        />
      ) : null}
      <Panel id="drill-scenarios" title={t('list.heading')}>
        {listError ? <ErrorNote><ErrorText error={listError} /></ErrorNote> : null}
        {!scenarios && !listError ? <p className="loading">…</p> : null}
        {scenarios ? (
          <ul className="drill-cards" data-testid="drill-scenarios">
            {scenarios.map((s) => {
              const isRunning = running && state?.scenarioId === s.id;
              const why = unavailable(s);
              return (
                <li key={s.id} className={`drill-card ${isRunning ? 'running' : ''}`} data-scenario={s.id}>
                  <div className="drill-card-head">
                    <h3 className="drill-card-title">{pick(s.title, locale)}</h3>
                    <Badge tone={DIFFICULTY_TONE[s.difficulty]}>{t(`difficulty.${s.difficulty}`)}</Badge>
                    {s.live && !demo ? <Badge tone="info">{t('list.liveBadge')}</Badge> : null}
                  </div>
                  <p className="drill-card-summary">{pick(s.summary, locale)}</p>
                  {demo && why ? <p className="drill-card-note small muted" data-testid={`drill-unavailable-${s.id}`}>{why}</p> : null}
                  <div className="drill-card-foot">
                    <span className="drill-card-stats small">
                      <span>{t('list.best')}: <strong data-testid="drill-best">{s.bestScore ?? '—'}</strong></span>
                      <span>{t('list.attempts')}: <strong>{s.attempts}</strong></span>
                    </span>
                    {isRunning ? (
                      <span className="badge badge-info">{t('list.running')}</span>
                    ) : wrongPreset(s) ? (
                      // The drill's targets come from another preset: offer the switch, not a Start that would be refused.
                      <button
                        type="button"
                        disabled={running || switching}
                        title={why}
                        onClick={() => void switchSource({ kind: 'demo', preset: s.preset })}
                        data-testid={`drill-switch-${s.id}`}
                      >
                        {t('list.switchPreset', { preset: s.preset })}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="primary"
                        disabled={running || why !== undefined || starting !== undefined}
                        title={running ? t('list.busy') : why}
                        onClick={() => void start(s.id)}
                        data-testid={`drill-start-${s.id}`}
                      >
                        {starting === s.id ? t('list.starting') : t('list.start')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Panel>
    </div>
  );
}
