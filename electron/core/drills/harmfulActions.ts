/**
 * Actions that make an incident worse, judged against what the cluster looked like at the last
 * tick before the action (the model may already show the action's effect when we hear of it).
 * These apply to every drill; scenarios add their own (scenario.harmful).
 */
import type { ActionRequest } from '../../../shared/actions';
import type { DrillContext, DrillSnapshot, HarmfulRule } from './scenario';

function nodeWasHealthy(before: DrillSnapshot, node: string): boolean {
  const n = before.nodeHealth.get(node);
  return !!n && n.ready && n.health === 'healthy';
}

function affectedNode(ctx: DrillContext, node: string): boolean {
  return ctx.targets.affectedNodes.includes(node);
}

function affectedWorkload(ctx: DrillContext, key: string): boolean {
  return ctx.targets.affectedWorkloads.includes(key);
}

export const COMMON_HARMFUL_RULES: HarmfulRule[] = [
  {
    id: 'drain-healthy-node',
    check(r, ctx, before) {
      if (r.kind !== 'drain' || affectedNode(ctx, r.node) || !nodeWasHealthy(before, r.node)) return undefined;
      return `drained healthy node ${r.node}: its pods were evicted for nothing`;
    },
  },
  {
    id: 'evict-healthy-node',
    check(r, ctx, before) {
      if (r.kind !== 'taint' || r.effect !== 'NoExecute' || affectedNode(ctx, r.node) || !nodeWasHealthy(before, r.node)) return undefined;
      return `NoExecute taint on healthy node ${r.node} evicted its pods`;
    },
  },
  {
    id: 'return-broken-node',
    check(r, ctx, before) {
      if ((r.kind !== 'uncordon' && r.kind !== 'untaint') || !affectedNode(ctx, r.node)) return undefined;
      if (nodeWasHealthy(before, r.node)) return undefined;
      return `${r.kind === 'uncordon' ? 'uncordoned' : 'untainted'} ${r.node} while it is still faulty: new pods will land on broken hardware`;
    },
  },
  {
    id: 'failover-healthy-service',
    check(r, ctx, before) {
      if (r.kind !== 'failover') return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (w && w.health === 'healthy' && w.activeRole !== 'standby' && !affectedWorkload(ctx, r.workload)) {
        return `failed over healthy service ${r.workload}: its users were moved for nothing`;
      }
      if (w && w.standbyReady === 0) return `failed over ${r.workload} to a standby with no ready replicas`;
      return undefined;
    },
  },
  {
    id: 'restart-healthy-job',
    check(r, ctx, before) {
      if (r.kind !== 'restartFromCheckpoint' || affectedWorkload(ctx, r.workload)) return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (!w || w.health !== 'healthy') return undefined;
      return `restarted healthy job ${r.workload}: the work since its last checkpoint was thrown away`;
    },
  },
  {
    id: 'scale-down-healthy-inference',
    check(r, ctx, before) {
      if (r.kind !== 'scaleInference' || affectedWorkload(ctx, r.workload)) return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (!w || w.health !== 'healthy' || r.replicas >= w.desired) return undefined;
      return `scaled healthy inference service ${r.workload} down from ${w.desired} to ${r.replicas} replicas`;
    },
  },
  {
    id: 'reset-healthy-gpu',
    check(r, ctx, before) {
      if (r.kind !== 'resetGpu') return undefined;
      const node = r.gpu.slice(0, r.gpu.lastIndexOf('/'));
      if (affectedNode(ctx, node) || r.gpu === ctx.targets.gpu || !nodeWasHealthy(before, node)) return undefined;
      return `reset GPU ${r.gpu} on a healthy node`;
    },
  },
];

/** Short operator-log text of an action. */
export function describeAction(r: ActionRequest): string {
  switch (r.kind) {
    case 'cordon': case 'uncordon': return `${r.kind} ${r.node}`;
    case 'drain': return `drain ${r.node}`;
    case 'taint': return `taint ${r.node} ${r.key}${r.value ? `=${r.value}` : ''}:${r.effect}`;
    case 'untaint': return `untaint ${r.node} ${r.key}:${r.effect}`;
    case 'restartFromCheckpoint': return `restart ${r.workload} from checkpoint`;
    case 'scaleTraining': case 'scaleInference': return `scale ${r.workload} to ${r.replicas}`;
    case 'failover': return `fail over ${r.workload}`;
    case 'failback': return `fail back ${r.workload}`;
    case 'resetGpu': return `reset GPU ${r.gpu}`;
  }
}
