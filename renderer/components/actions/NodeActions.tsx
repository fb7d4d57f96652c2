/**
 * The node detail pane's actions: cordon/uncordon, drain, taint to isolate, remove taints, and
 * on the demo a reset per faulty GPU. Each opens the action dialog (preview, permission, dry
 * run, typed confirmation for destructive ones, progress, result, undo).
 */
import { useCallback, useMemo } from 'react';
import type { ActionRequest } from '../../../shared/actions';
import type { GpuView, NodeView } from '../../../shared/views';
import { useBulwark } from '../../store';
import { nodeActionOffers, nodeOfRequest, resettableGpuIds } from './actionOffers';
import type { ActionOffer } from './actionOffers';
import { ActionPanel } from './ActionPanel';

export function NodeActions({ node }: { node: NodeView }): React.ReactNode {
  const demo = useBulwark((s) => s.status?.source.kind === 'demo');
  // GPU ids are "<node>/<index>": look the node's GPUs up instead of scanning the fleet.
  const gpuIds = useBulwark((s) => {
    const mine: GpuView[] = [];
    for (let i = 0; i < Math.max(node.gpuCapacity, 8); i++) {
      const g = s.model.gpus.get(`${node.name}/${i}`);
      if (g) mine.push(g);
    }
    return resettableGpuIds(mine, node.name).join(',');
  });
  // The offers depend on the name, schedulability, taints and faulty GPUs, not on every metric
  // update: memoize on their serialized form so the probe and the panel see a stable list.
  const sig = JSON.stringify(nodeActionOffers(node, gpuIds ? gpuIds.split(',') : [], { demo }));
  const offers = useMemo(() => JSON.parse(sig) as ActionOffer[], [sig]);
  const probes = useMemo(() => {
    const scheduling = offers.find((o) => o.group === 'scheduling');
    const drain = offers.find((o) => o.id === 'drain');
    return [scheduling, drain].filter((o): o is ActionOffer => !!o).map((o) => o.request);
  }, [offers]);
  const probeFor = useCallback((o: ActionOffer) => (o.id === 'drain' ? probes[1] : probes[0]), [probes]);
  const owns = useCallback((r: ActionRequest) => nodeOfRequest(r) === node.name, [node.name]);
  return <ActionPanel offers={offers} probes={probes} probeFor={probeFor} owns={owns} testId="node-actions" />;
}
