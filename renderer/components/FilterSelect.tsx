import { useTranslation } from 'react-i18next';

/** A labelled drop-down filter with an "All" option first. */
export function FilterSelect({ label, value, options, onChange, testId, allLabel }: {
  label: string;
  value: string;
  options: readonly string[];
  onChange(v: string): void;
  testId?: string;
  allLabel?: string;
}) {
  const { t } = useTranslation('common');
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{allLabel ?? t('all')}</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
}
