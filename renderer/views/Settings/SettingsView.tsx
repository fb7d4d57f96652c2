/** Language, theme, read-only mode, which kube contexts count as production, where live drills may run, and the training CRDs the cluster serves. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/contract';
import type { Locale } from '../../../shared/explainers/types';
import { useApi } from '../../api/ApiContext';
import { shownError, type ShownError } from '../../api/backendError';
import type { ViewProps } from '../../app/routes';
import { LANGUAGE_NAMES } from '../../app/shell/Preferences';
import { ExplainTerm } from '../../components/ExplainTerm';
import { ErrorNote, Panel } from '../../components/Panel';
import { ErrorText, useReasonText, useSentencesText } from '../../components/ReasonText';
import { useBulwark } from '../../store';
import type { Theme } from '../../store/uiSlice';

export function SettingsView(_: ViewProps) {
  const { t } = useTranslation('settings');
  const reasonText = useReasonText();
  const sentencesText = useSentencesText();
  const api = useApi();
  const locale = useBulwark((s) => s.locale);
  const setLocale = useBulwark((s) => s.setLocale);
  const theme = useBulwark((s) => s.theme);
  const setTheme = useBulwark((s) => s.setTheme);
  const sources = useBulwark((s) => s.sources);
  const trainingCrds = useBulwark((s) => s.status?.trainingCrds);
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<ShownError | undefined>();
  const [saving, setSaving] = useState(false);
  const [newContext, setNewContext] = useState('');

  useEffect(() => {
    let cancelled = false;
    api.getSettings({}).then(
      (s) => { if (!cancelled) setSettings(s); },
      (err: unknown) => { if (!cancelled) setError(shownError(err)); },
    );
    return () => { cancelled = true; };
  }, [api]);

  const save = async (patch: Partial<Pick<Settings, 'readOnly' | 'productionContexts' | 'liveDrillContexts'>>) => {
    setSaving(true);
    setError(undefined);
    try {
      setSettings(await api.setSettings(patch));
      useBulwark.getState().setStatus(await api.getStatus({}));
    } catch (err) {
      setError(shownError(err));
    } finally {
      setSaving(false);
    }
  };

  const production = new Set(settings?.productionContexts ?? []);
  const known = sources?.kubeContexts.map((c) => c.name) ?? [];
  const extra = [...production].filter((c) => !known.includes(c));
  const toggleContext = (name: string, on: boolean) => {
    const next = new Set(production);
    if (on) next.add(name);
    else next.delete(name);
    void save({ productionContexts: [...next] });
  };
  const liveDrills = new Set(settings?.liveDrillContexts ?? []);
  const toggleLiveDrills = (name: string, on: boolean) => {
    const next = new Set(liveDrills);
    if (on) next.add(name);
    else next.delete(name);
    void save({ liveDrillContexts: [...next] });
  };
  const contextReadOnly = (name: string) => settings?.readOnly === true || production.has(name);

  return (
    <div className="view settings">
      <div className="view-head"><h1>{t('title')}</h1></div>
      {error ? <ErrorNote><ErrorText error={error} /></ErrorNote> : null}
      {settings?.loadError ? (
        <ErrorNote>{t('loadError', { message: reasonText(settings.loadErrorCode, settings.loadError) })}</ErrorNote>
      ) : null}
      <div className="settings-grid">
        <Panel id="appearance" title={t('appearance')}>
          <fieldset className="radio-group">
            <legend>{t('language')}</legend>
            {(Object.keys(LANGUAGE_NAMES) as Locale[]).map((l) => (
              <label key={l} lang={l}>
                <input type="radio" name="settings-language" value={l} checked={locale === l} onChange={() => setLocale(l)} />
                {LANGUAGE_NAMES[l]}
              </label>
            ))}
          </fieldset>
          <fieldset className="radio-group">
            <legend>{t('theme')}</legend>
            {(['light', 'dark'] as Theme[]).map((th) => (
              <label key={th}>
                <input type="radio" name="settings-theme" value={th} checked={theme === th} onChange={() => setTheme(th)} data-testid={`settings-theme-${th}`} />
                {t(`themeValue.${th}`)}
              </label>
            ))}
          </fieldset>
        </Panel>
        <Panel id="safety" title={<>{t('safety')} <ExplainTerm id="read-only-mode" /></>}>
          {!settings ? <p className="loading">{t('common:loading')}</p> : (
            <>
              <label className="switch-row">
                <input type="checkbox" role="switch" checked={settings.readOnly} disabled={saving} onChange={(e) => void save({ readOnly: e.target.checked })} data-testid="settings-read-only" />
                <span>
                  <strong>{t('readOnly')}</strong>
                  <span className="muted block">{t('readOnlyHelp')}</span>
                </span>
              </label>
              <p className="muted">{t('user', { user: settings.user })}</p>
            </>
          )}
        </Panel>
        <Panel id="production" title={<>{t('productionContexts')} <ExplainTerm id="rbac" /></>} className="span-2">
          <p className="muted">{t('productionHelp')}</p>
          {sources?.kubeconfigError ? <ErrorNote>{t('kubeconfigError', { message: sentencesText(sources.kubeconfigErrorCodes, sources.kubeconfigError) })}</ErrorNote> : null}
          {!settings ? null : (
            <>
              {known.length === 0 && extra.length === 0 ? <p className="empty">{t('noContexts')}</p> : null}
              <ul className="check-list">
                {[...known, ...extra].map((name) => (
                  <li key={name}>
                    <label>
                      <input type="checkbox" checked={production.has(name)} disabled={saving} onChange={(e) => toggleContext(name, e.target.checked)} />
                      <span className="name">{name}</span>
                      {!known.includes(name) ? <span className="muted">{` (${t('notInKubeconfig')})`}</span> : null}
                    </label>
                  </li>
                ))}
              </ul>
              <form className="inline-form" onSubmit={(e) => { e.preventDefault(); const v = newContext.trim(); if (v) { toggleContext(v, true); setNewContext(''); } }}>
                <label className="filter">
                  <span className="filter-label">{t('addContext')}</span>
                  <input type="text" value={newContext} maxLength={253} onChange={(e) => setNewContext(e.target.value)} />
                </label>
                <button type="submit" disabled={!newContext.trim() || saving}>{t('add')}</button>
              </form>
            </>
          )}
        </Panel>
        <Panel id="live-drills" title={<>{t('liveDrills')} <ExplainTerm id="fault-injection-game-days" /></>} className="span-2">
          <p className="muted">{t('liveDrillsHelp')}</p>
          {!settings ? null : known.length === 0 ? <p className="empty">{t('noContexts')}</p> : (
            <ul className="check-list" data-testid="settings-live-drills">
              {known.map((name) => (
                <li key={name}>
                  <label>
                    <input
                      type="checkbox"
                      checked={liveDrills.has(name) && !contextReadOnly(name)}
                      disabled={saving || contextReadOnly(name)}
                      onChange={(e) => toggleLiveDrills(name, e.target.checked)}
                    />
                    <span className="name">{name}</span>
                    {contextReadOnly(name) ? <span className="muted">{` (${t('liveDrillsReadOnly')})`}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel id="training-crds" title={t('trainingCrds')} className="span-2">
          <p className="muted">{t('trainingCrdsHelp')}</p>
          {!trainingCrds ? <p className="muted">{t('trainingCrdsUnknown')}</p>
            : trainingCrds.length === 0 ? <p className="empty" data-testid="settings-training-crds-none">{t('trainingCrdsNone')}</p> : (
              <ul className="check-list" data-testid="settings-training-crds">
                {trainingCrds.map((c) => (
                  <li key={`${c.group}/${c.kind}`}>
                    <span className="name">{c.kind}</span> <code>{`${c.group}/${c.version}`}</code>
                    {c.forbidden ? <span className="muted">{` — ${t('trainingCrdForbidden')}`}</span> : null}
                  </li>
                ))}
              </ul>
            )}
        </Panel>
      </div>
    </div>
  );
}
