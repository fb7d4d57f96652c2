/**
 * The option fields of an action (drain budget and flags, taint effect/key/value, replicas).
 * Controlled: the dialog owns the values and previews again when they change. No <form>: Enter
 * in a field must not run an action.
 */
import { useTranslation } from 'react-i18next';
import type { ActionRequest } from '../../../shared/actions';
import { useFormat } from '../../i18n';
import { fieldsOf } from './actionRequestForm';
import type { FieldError, FieldName, OptionFields, ReplicaLimits } from './actionRequestForm';
import { DialogExplainTerm } from './DialogExplainTerm';

export function ActionOptions({ kind, fields, errors, limits, current, disabled, onChange }: {
  kind: ActionRequest['kind'];
  fields: OptionFields;
  errors: Partial<Record<FieldName, FieldError>>;
  limits?: ReplicaLimits;
  /** Current replica count, shown beside the field. */
  current?: number;
  disabled: boolean;
  onChange(patch: Partial<OptionFields>): void;
}) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  const names = fieldsOf(kind);
  if (names.length === 0) return null;
  const error = (name: FieldName) => errors[name]
    ? <span className="ad-field-error" id={`ad-err-${name}`} role="alert">{t(`fieldError.${errors[name]}`, { min: limits?.min ?? 0, max: limits?.max ?? 10000 })}</span>
    : null;
  const described = (name: FieldName, hint?: boolean) => [hint ? `ad-hint-${name}` : '', errors[name] ? `ad-err-${name}` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <fieldset className="ad-options" disabled={disabled} data-testid="ad-options">
      <legend>{t('options.title')}</legend>
      {kind === 'drain' ? (
        <div className="ad-grid">
          <label className="ad-field">
            <span className="ad-label">{t('options.gracePeriod')}</span>
            <input
              type="text" inputMode="numeric" value={fields.gracePeriod} placeholder={t('options.gracePeriodPlaceholder')}
              aria-invalid={!!errors.gracePeriod} aria-describedby={described('gracePeriod', true)}
              onChange={(e) => onChange({ gracePeriod: e.target.value })} data-field="gracePeriod" data-testid="ad-grace"
            />
            <span className="ad-hint" id="ad-hint-gracePeriod">{t('options.gracePeriodHint')}</span>
            {error('gracePeriod')}
          </label>
          <label className="ad-field">
            <span className="ad-label">{t('options.timeout')}</span>
            <input
              type="text" inputMode="numeric" value={fields.timeout}
              aria-invalid={!!errors.timeout} aria-describedby={described('timeout', true)}
              onChange={(e) => onChange({ timeout: e.target.value })} data-field="timeout" data-testid="ad-timeout"
            />
            <span className="ad-hint" id="ad-hint-timeout">{t('options.timeoutHint')}</span>
            {error('timeout')}
          </label>
          <label className="ad-check">
            <input type="checkbox" checked={fields.ignoreDaemonSets} onChange={(e) => onChange({ ignoreDaemonSets: e.target.checked })} data-testid="ad-ignore-ds" />
            <span>{t('options.ignoreDaemonSets')}<span className="ad-hint block">{t('options.ignoreDaemonSetsHint')}</span></span>
          </label>
          <label className="ad-check">
            <input type="checkbox" checked={fields.deleteEmptyDirData} onChange={(e) => onChange({ deleteEmptyDirData: e.target.checked })} data-testid="ad-delete-emptydir" />
            <span>{t('options.deleteEmptyDirData')}<span className="ad-hint block">{t('options.deleteEmptyDirDataHint')}</span></span>
          </label>
        </div>
      ) : null}
      {kind === 'taint' ? (
        <div className="ad-grid">
          <fieldset className="ad-radio-row">
            <legend className="ad-label">{t('options.effect')} <DialogExplainTerm id="taints-tolerations" /></legend>
            {(['NoSchedule', 'NoExecute'] as const).map((e) => (
              <label key={e} className="ad-check">
                <input type="radio" name="ad-effect" value={e} checked={fields.effect === e} onChange={() => onChange({ effect: e })} data-testid={`ad-effect-${e}`} />
                <span><code>{e}</code><span className="ad-hint block">{t(`options.effectHint.${e}`)}</span></span>
              </label>
            ))}
          </fieldset>
          <label className="ad-field">
            <span className="ad-label">{t('options.taintKey')}</span>
            <input
              type="text" value={fields.taintKey} spellCheck={false} autoCapitalize="off" autoComplete="off"
              aria-invalid={!!errors.taintKey} aria-describedby={described('taintKey')}
              onChange={(e) => onChange({ taintKey: e.target.value })} data-testid="ad-taint-key"
            />
            {error('taintKey')}
          </label>
          <label className="ad-field">
            <span className="ad-label">{t('options.taintValue')}</span>
            <input
              type="text" value={fields.taintValue} spellCheck={false} autoCapitalize="off" autoComplete="off" placeholder={t('options.optional')}
              aria-invalid={!!errors.taintValue} aria-describedby={described('taintValue')}
              onChange={(e) => onChange({ taintValue: e.target.value })} data-testid="ad-taint-value"
            />
            {error('taintValue')}
          </label>
        </div>
      ) : null}
      {kind === 'scaleTraining' || kind === 'scaleInference' ? (
        <div className="ad-grid">
          <label className="ad-field">
            <span className="ad-label">{kind === 'scaleTraining' ? t('options.workers') : t('options.replicas')}</span>
            <input
              type="number" min={limits?.min ?? 0} max={limits?.max ?? 10000} step={1} value={fields.replicas}
              aria-invalid={!!errors.replicas} aria-describedby={described('replicas', true)}
              onChange={(e) => onChange({ replicas: e.target.value })} data-testid="ad-replicas"
            />
            <span className="ad-hint" id="ad-hint-replicas">
              {limits
                ? t('options.replicasElastic', { current: f.number(current), min: f.number(limits.min), max: f.number(limits.max) })
                : t('options.replicasCurrent', { current: f.number(current) })}
            </span>
            {error('replicas')}
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}
