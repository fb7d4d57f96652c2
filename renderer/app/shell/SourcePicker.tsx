/**
 * Chooses what the console looks at: a demo preset or a kubeconfig context. A broken
 * kubeconfig does not hide the picker: its error is shown beside it and demo stays available.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceRequest } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { useErrorText, useSentencesText } from '../../components/ReasonText';
import { useBulwark } from '../../store';
import { useSwitchSource } from '../useSwitchSource';

export function sourceValue(s: SourceRequest | undefined): string {
  if (!s) return '';
  return s.kind === 'demo' ? `demo:${s.preset}` : `kube:${s.context}`;
}

export function SourcePicker() {
  const { t } = useTranslation('common');
  const sentencesText = useSentencesText();
  const errorText = useErrorText();
  const switchSource = useSwitchSource();
  const sources = useBulwark((s) => s.sources);
  const sourcesError = useBulwark((s) => s.sourcesError);
  const switching = useBulwark((s) => s.switching);
  const linkOpen = useBulwark((s) => s.link.state === 'open');
  const id = useId();

  const onChange = (value: string) => {
    const [kind, ...rest] = value.split(':');
    const name = rest.join(':');
    const req: SourceRequest = kind === 'demo'
      ? { kind: 'demo', preset: name as 'lab' | 'region' | 'large' }
      : { kind: 'kube', context: name };
    void switchSource(req);
  };

  const current = sourceValue(sources?.current);
  const error = sources?.kubeconfigError !== undefined ? sentencesText(sources.kubeconfigErrorCodes, sources.kubeconfigError) : sourcesError ? errorText(sourcesError) : undefined;
  return (
    <div className="source-picker">
      <label htmlFor={id} className="header-label">{t('source.label')}</label>
      <select
        id={id}
        value={current}
        disabled={!sources || switching || !linkOpen}
        aria-busy={switching}
        onChange={(e) => onChange(e.target.value)}
        data-testid="source-picker"
      >
        {!sources ? <option value="">{t('source.loading')}</option> : null}
        {sources ? (
          <optgroup label={t('source.demo')}>
            {sources.demoPresets.map((p) => (
              <option key={p.id} value={`demo:${p.id}`}>
                {t('source.demoPreset', { preset: t(`source.preset.${p.id}`, { defaultValue: p.id }), nodes: p.nodes, gpus: p.gpus })}
              </option>
            ))}
          </optgroup>
        ) : null}
        {sources ? (
          <optgroup label={t('source.kube')}>
            {sources.kubeContexts.length === 0 ? <option disabled value="kube:">{t('source.noContexts')}</option> : null}
            {sources.kubeContexts.map((c) => (
              <option key={c.name} value={`kube:${c.name}`}>
                {c.production ? t('source.contextProduction', { name: c.name, cluster: c.cluster }) : t('source.context', { name: c.name, cluster: c.cluster })}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
      {error ? (
        <span className="source-error" role="note" title={error} data-testid="kubeconfig-error">
          <Icon name="warning" size={14} />
          <span className="source-error-text">{t('source.kubeconfigError', { message: error })}</span>
        </span>
      ) : null}
    </div>
  );
}
