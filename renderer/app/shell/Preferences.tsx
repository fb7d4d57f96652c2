/** Language and theme switches in the header; both apply at once, without a reload. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/explainers/types';
import { Icon } from '../../components/Icon';
import { useBulwark } from '../../store';

/** Each language named in itself, so a reader of either can find theirs. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSwitch({ compact = true }: { compact?: boolean }) {
  const { t } = useTranslation('common');
  const locale = useBulwark((s) => s.locale);
  const setLocale = useBulwark((s) => s.setLocale);
  const id = useId();
  return (
    <div className="pref">
      <label htmlFor={id} className={compact ? 'sr-only' : 'header-label'}>{t('prefs.language')}</label>
      {compact ? <Icon name="language" /> : null}
      <select id={id} value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="language-switch">
        {(Object.keys(LANGUAGE_NAMES) as Locale[]).map((l) => (
          <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>
        ))}
      </select>
    </div>
  );
}

export function ThemeSwitch() {
  const { t } = useTranslation('common');
  const theme = useBulwark((s) => s.theme);
  const setTheme = useBulwark((s) => s.setTheme);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      role="switch"
      aria-checked={dark}
      className="icon-button"
      aria-label={t('prefs.darkTheme')}
      title={dark ? t('prefs.useLight') : t('prefs.useDark')}
      onClick={() => setTheme(dark ? 'light' : 'dark')}
      data-testid="theme-switch"
    >
      <Icon name={dark ? 'moon' : 'sun'} />
    </button>
  );
}
