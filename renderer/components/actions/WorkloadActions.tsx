/**
 * The workload detail pane's actions: restart a training job from its last checkpoint, scale an
 * elastic job within its min..max or an inference Deployment, fail an inference service over to
 * its standby and back. Each opens the action dialog.
 */
import { useCallback, useMemo } from 'react';
import type { ActionRequest } from '../../../shared/actions';
import type { WorkloadView } from '../../../shared/views';
import { workloadActionOffers, workloadOfRequest } from './actionOffers';
import type { ActionOffer, OfferGroup } from './actionOffers';
import { ActionPanel } from './ActionPanel';

export function WorkloadActions({ workload: w }: { workload: WorkloadView }): React.ReactNode {
  // Offers change with the type, health, size and serving side, not with every metric update:
  // memoize on their serialized form so the probe and the panel see a stable list.
  const sig = JSON.stringify(workloadActionOffers(w));
  const offers = useMemo(() => JSON.parse(sig) as ActionOffer[], [sig]);
  const probes = useMemo(() => offers.map((o) => o.request), [offers]);
  const probeFor = useCallback((o: ActionOffer) => o.request, []);
  const owns = useCallback((r: ActionRequest) => workloadOfRequest(r) === w.key, [w.key]);
  const groupLabel = useCallback((g: OfferGroup) => (g === 'capacity' && w.type === 'training' ? 'group.workers' : undefined), [w.type]);
  return <ActionPanel offers={offers} probes={probes} probeFor={probeFor} owns={owns} groupLabel={groupLabel} testId="workload-actions" />;
}
