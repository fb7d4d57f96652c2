/**
 * Actions that make an incident worse, judged against what the cluster looked like at the last
 * tick before the action (the model may already show the action's effect when we hear of it).
 * These apply to every drill; scenarios add their own (scenario.harmful).
 */
import type { ActionRequest } from '../../../shared/actions';
import type { Localized } from '../../../shared/explainers/types';
import { L, type DrillContext, type DrillSnapshot, type HarmfulRule } from './scenario';

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
      return L(`drained healthy node ${r.node}: its pods were evicted for nothing`, `排空了健康节点 ${r.node}：其上的 Pod 被白白驱逐`);
    },
  },
  {
    id: 'evict-healthy-node',
    check(r, ctx, before) {
      if (r.kind !== 'taint' || r.effect !== 'NoExecute' || affectedNode(ctx, r.node) || !nodeWasHealthy(before, r.node)) return undefined;
      return L(`NoExecute taint on healthy node ${r.node} evicted its pods`, `给健康节点 ${r.node} 打了 NoExecute 污点，驱逐了其上的 Pod`);
    },
  },
  {
    id: 'return-broken-node',
    check(r, ctx, before) {
      if ((r.kind !== 'uncordon' && r.kind !== 'untaint') || !affectedNode(ctx, r.node)) return undefined;
      if (nodeWasHealthy(before, r.node)) return undefined;
      return r.kind === 'uncordon'
        ? L(`uncordoned ${r.node} while it is still faulty: new pods will land on broken hardware`, `在 ${r.node} 仍有故障时解除了封锁：新 Pod 会被调度到坏掉的硬件上`)
        : L(`untainted ${r.node} while it is still faulty: new pods will land on broken hardware`, `在 ${r.node} 仍有故障时移除了污点：新 Pod 会被调度到坏掉的硬件上`);
    },
  },
  {
    id: 'failover-healthy-service',
    check(r, ctx, before) {
      if (r.kind !== 'failover') return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (w && w.health === 'healthy' && w.activeRole !== 'standby' && !affectedWorkload(ctx, r.workload)) {
        return L(`failed over healthy service ${r.workload}: its users were moved for nothing`, `切换了健康的服务 ${r.workload}：用户流量被白白迁移`);
      }
      if (w && w.standbyReady === 0) return L(`failed over ${r.workload} to a standby with no ready replicas`, `把 ${r.workload} 切换到了没有就绪副本的备用侧`);
      return undefined;
    },
  },
  {
    id: 'restart-healthy-job',
    check(r, ctx, before) {
      if (r.kind !== 'restartFromCheckpoint' || affectedWorkload(ctx, r.workload)) return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (!w || w.health !== 'healthy') return undefined;
      return L(`restarted healthy job ${r.workload}: the work since its last checkpoint was thrown away`, `重启了健康的作业 ${r.workload}：自上次检查点以来的训练进度全部作废`);
    },
  },
  {
    id: 'scale-down-healthy-inference',
    check(r, ctx, before) {
      if (r.kind !== 'scaleInference' || affectedWorkload(ctx, r.workload)) return undefined;
      const w = before.workloadHealth.get(r.workload);
      if (!w || w.health !== 'healthy' || r.replicas >= w.desired) return undefined;
      return L(`scaled healthy inference service ${r.workload} down from ${w.desired} to ${r.replicas} replicas`, `把健康的推理服务 ${r.workload} 从 ${w.desired} 个副本缩到了 ${r.replicas} 个`);
    },
  },
  {
    id: 'reset-healthy-gpu',
    check(r, ctx, before) {
      if (r.kind !== 'resetGpu') return undefined;
      const node = r.gpu.slice(0, r.gpu.lastIndexOf('/'));
      if (affectedNode(ctx, node) || r.gpu === ctx.targets.gpu || !nodeWasHealthy(before, node)) return undefined;
      return L(`reset GPU ${r.gpu} on a healthy node`, `重置了健康节点上的 GPU ${r.gpu}`);
    },
  },
];

/** Short operator-log text of an action, in both languages (Kubernetes names unchanged). */
export function describeAction(r: ActionRequest): Localized {
  switch (r.kind) {
    case 'cordon': return L(`cordon ${r.node}`, `封锁 ${r.node}`);
    case 'uncordon': return L(`uncordon ${r.node}`, `解除封锁 ${r.node}`);
    case 'drain': return L(`drain ${r.node}`, `排空 ${r.node}`);
    case 'taint': {
      const taint = `${r.key}${r.value ? `=${r.value}` : ''}:${r.effect}`;
      return L(`taint ${r.node} ${taint}`, `给 ${r.node} 打污点 ${taint}`);
    }
    case 'untaint': return L(`untaint ${r.node} ${r.key}:${r.effect}`, `移除 ${r.node} 的污点 ${r.key}:${r.effect}`);
    case 'restartFromCheckpoint': return L(`restart ${r.workload} from checkpoint`, `从检查点重启 ${r.workload}`);
    case 'scaleTraining': case 'scaleInference': return L(`scale ${r.workload} to ${r.replicas}`, `把 ${r.workload} 扩缩到 ${r.replicas}`);
    case 'failover': return L(`fail over ${r.workload}`, `故障切换 ${r.workload}`);
    case 'failback': return L(`fail back ${r.workload}`, `回切 ${r.workload}`);
    case 'resetGpu': return L(`reset GPU ${r.gpu}`, `重置 GPU ${r.gpu}`);
  }
}
