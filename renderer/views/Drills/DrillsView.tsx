/** Placeholder: the Drills UI (scenario list, briefing, stages, hints, debrief) replaces this. */
import { useTranslation } from 'react-i18next';
import type { ViewProps } from '../../app/routes';
import { ComingPanel } from '../../components/ComingPanel';

export function DrillsView(_: ViewProps) {
  const { t } = useTranslation('common');
  return <ComingPanel title={t('nav.drills')} text={t('coming.drills')} />;
}
