/** Placeholder: the Audit view (listAudit / exportAudit) replaces this. */
import { useTranslation } from 'react-i18next';
import type { ViewProps } from '../../app/routes';
import { ComingPanel } from '../../components/ComingPanel';

export function AuditView(_: ViewProps) {
  const { t } = useTranslation('common');
  return <ComingPanel title={t('nav.audit')} text={t('coming.audit')} />;
}
