import { useTranslation } from 'react-i18next';
import { ExplainTerm } from '../../components/ExplainTerm';
import { Badge } from '../../components/HealthBadge';
import { EmptyState } from '../../components/Panel';
import { useReasonText } from '../../components/ReasonText';
import { useFormat } from '../../i18n';
import type { AttentionItem } from '../../store/selectors/attention';

const SHOWN = 50;

export function AttentionList({ items }: { items: AttentionItem[] }) {
  const { t } = useTranslation('overview');
  const f = useFormat();
  const reasonText = useReasonText();
  if (items.length === 0) return <EmptyState>{t('allClear')}</EmptyState>;
  return (
    <>
      <ul className="attention" data-testid="attention-list">
        {items.slice(0, SHOWN).map((i) => (
          <li key={i.key} className={`attention-item sev-${i.severity}`}>
            <Badge tone={i.severity === 'critical' ? 'bad' : 'warn'}>{t(`severity.${i.severity}`)}</Badge>
            <div className="attention-text">
              <a href={i.href} className="attention-target" title={i.target}>{i.target}</a>
              <span className="attention-label">
                {t(i.labelKey, { age: f.duration(i.ageSec) })}
                {i.kind === 'checkpoint' ? <ExplainTerm id="checkpoint-interval" /> : null}
              </span>
              {i.reason ? <span className="attention-reason" title={reasonText(i.reasonCode, i.reason)}>{reasonText(i.reasonCode, i.reason)}</span> : null}
            </div>
          </li>
        ))}
      </ul>
      {items.length > SHOWN ? <p className="more">{t('andMore', { n: f.number(items.length - SHOWN) })}</p> : null}
    </>
  );
}
