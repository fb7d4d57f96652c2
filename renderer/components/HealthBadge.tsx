import { useTranslation } from 'react-i18next';

export type BadgeTone = 'ok' | 'info' | 'warn' | 'bad' | 'muted';

const TONES: Record<string, BadgeTone> = {
  healthy: 'ok', succeeded: 'ok', live: 'ok', Normal: 'info',
  degraded: 'warn', recovering: 'warn', pending: 'muted', Warning: 'warn', late: 'warn',
  unhealthy: 'bad', failed: 'bad', lost: 'bad', notready: 'bad', stale: 'bad',
};

export function toneOf(value: string): BadgeTone { return TONES[value] ?? 'muted'; }

/** A coloured status pill with a text label (colour is never the only signal). */
export function HealthBadge({ value, label, title }: { value: string; label?: string; title?: string }) {
  const { t } = useTranslation('common');
  return (
    <span className={`badge badge-${toneOf(value)}`} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {label ?? t(`health.${value}`, { defaultValue: value })}
    </span>
  );
}

export function Badge({ tone, children, title }: { tone: BadgeTone; children: React.ReactNode; title?: string }) {
  return <span className={`badge badge-${tone}`} title={title}>{children}</span>;
}
