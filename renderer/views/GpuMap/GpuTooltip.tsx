import { useTranslation } from 'react-i18next';
import type { GpuView } from '../../../shared/views';
import { HealthBadge } from '../../components/HealthBadge';
import { ReasonText } from '../../components/ReasonText';
import { useFormat } from '../../i18n';

export function GpuTooltip({ gpu, node }: { gpu?: GpuView; node: string }) {
  const { t } = useTranslation('gpus');
  const f = useFormat();
  if (!gpu) return <div className="tooltip-title">{t('nodeTooltip', { node })}</div>;
  return (
    <>
      <div className="tooltip-title">{gpu.id} <HealthBadge value={gpu.health} /></div>
      <dl className="tooltip-kv">
        <dt>{t('field.model')}</dt><dd>{gpu.model}</dd>
        <dt>{t('field.zonePool')}</dt><dd>{`${gpu.zone} · ${gpu.pool}`}</dd>
        <dt>{t('field.pod')}</dt><dd>{gpu.pod ?? t('free')}</dd>
        {gpu.workload ? <><dt>{t('field.workload')}</dt><dd>{gpu.workload}</dd></> : null}
        <dt>{t('field.util')}</dt><dd>{f.percent(gpu.util)}</dd>
        <dt>{t('field.temp')}</dt><dd>{f.temp(gpu.tempC)}</dd>
        <dt>{t('field.power')}</dt><dd>{f.watts(gpu.powerW)}</dd>
        <dt>{t('field.memory')}</dt><dd>{t('memoryValue', { used: f.mib(gpu.fbUsedMiB), total: f.mib(gpu.fbUsedMiB !== undefined && gpu.fbFreeMiB !== undefined ? gpu.fbUsedMiB + gpu.fbFreeMiB : undefined) })}</dd>
        {gpu.lastXid !== undefined ? <><dt>{t('field.lastXid')}</dt><dd>{`XID ${gpu.lastXid}`}</dd></> : null}
        {gpu.healthReason ? <><dt>{t('field.reason')}</dt><dd data-testid="gpu-tooltip-reason"><ReasonText reason={gpu.healthReasonCode} text={gpu.healthReason} /></dd></> : null}
      </dl>
    </>
  );
}
