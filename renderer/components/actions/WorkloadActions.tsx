/**
 * Extension point: the workload detail pane renders this in its "Actions" area
 * (restart from checkpoint, scale, failover/failback…). Replace the stub.
 */
import type { WorkloadView } from '../../../shared/views';

export function WorkloadActions(_props: { workload: WorkloadView }): React.ReactNode {
  return null;
}
