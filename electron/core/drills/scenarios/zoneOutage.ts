/**
 * zone-outage: every node of one zone goes NotReady at once (power, network partition). The
 * biggest inference service runs its primary there and keeps a standby in another zone. The
 * operator fails the service over to the standby zone — and only that service: failing over a
 * healthy service, or one whose standby is in the dead zone, makes things worse.
 */
import { largestInferencePair, workloadsOnNodes } from '../clusterFacts';
import { L, type DrillScenario } from '../scenario';
import { found, heldFor } from './common';

export const zoneOutage: DrillScenario = {
  id: 'zone-outage',
  difficulty: 'hard',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 120,
  // Inference services carry no RPO (no state to lose); their RTO is the team's objective.
  defaultObjectives: { rtoSec: 600 },
  title: L('Zone outage', '可用区故障'),
  summary: L(
    'A whole zone goes dark under an inference service: fail it over to its standby zone, and nothing else.',
    '整个可用区宕机，推理服务的主副本在其中：把它切换到备用可用区，且不要误切其他服务。',
  ),
  briefing: (t) => L(
    `Pager: error rate of ${t.extra.serviceName} jumped to 100 % and many nodes stopped reporting. Restore the service for its users as fast as you can; do not disturb services that are fine.`,
    `告警：${t.extra.serviceName} 的错误率飙升到 100%，大量节点停止上报。尽快为用户恢复服务；不要惊动正常的服务。`,
  ),
  pickTargets(model) {
    const svc = largestInferencePair(model);
    const zone = svc.inference!.primaryZone!;
    const nodes = [...model.nodes()].filter((n) => n.zone === zone).map((n) => n.name).sort();
    return {
      objective: svc.key, service: svc.key, zone,
      node: nodes[0],
      affectedNodes: nodes,
      affectedWorkloads: [...new Set([svc.key, ...workloadsOnNodes(model, nodes)])],
      extra: { serviceName: svc.name.replace(/-primary$/, ''), standbyZone: svc.inference!.standbyZone! },
    };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'zoneOutage', zone: t.zone! } }, tag: 'zone', note: L(`Zone ${t.zone} lost: every node NotReady`, `可用区 ${t.zone} 失联：所有节点 NotReady`) }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find what is down', '找出宕掉的部分'),
      goal: L('Open the failing inference service or a node of the dead zone.', '打开故障的推理服务，或故障可用区中的某个节点。'),
      done: (ctx) => found(ctx, { workloads: [ctx.targets.service], nodes: ctx.targets.affectedNodes }),
      hints: (t) => [
        L('Overview: many nodes NotReady at once, all with the same topology.kubernetes.io/zone label, is a zone, not a node.', '总览：大量节点同时 NotReady，且 topology.kubernetes.io/zone 标签相同——这是可用区故障，不是单个节点。'),
        L(`Zone ${t.zone} is down. ${t.extra.serviceName} serves from there (primary) and has a standby in ${t.extra.standbyZone}.`, `可用区 ${t.zone} 宕了。${t.extra.serviceName} 的主副本在那里，备用副本在 ${t.extra.standbyZone}。`),
      ],
      explainers: ['failure-domains', 'node-conditions'],
    },
    {
      id: 'failover',
      role: 'mitigate',
      title: L('Fail the service over', '切换服务'),
      goal: L('The Service selects the standby side in the healthy zone, with ready replicas.', 'Service 已切到健康可用区中的备用副本，且有就绪副本。'),
      done: (ctx) => {
        const w = ctx.model.workload(ctx.targets.service!);
        return w?.inference?.activeRole === 'standby' && w.replicas.ready > 0;
      },
      hints: (t) => [
        L('A standby in another zone exists exactly for this. Waiting for the zone to return is not a plan with an RTO.', '另一个可用区的备用副本正是为此准备的。等可用区自己恢复算不上满足 RTO 的方案。'),
        L(`Workloads → ${t.extra.serviceName} → Fail over. Leave the other services alone: check where their standby runs before touching them.`, `工作负载 → ${t.extra.serviceName} → 故障切换（Fail over）。别动其他服务：动之前先看它们的备用副本在哪个可用区。`),
      ],
      explainers: ['failover-active-passive-active-active', 'rto', 'failure-domains'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm users are served', '确认用户恢复访问'),
      goal: L('The service is healthy on the standby side, every replica ready, for a minute.', '服务在备用侧健康运行，所有副本就绪，并持续一分钟。'),
      done: (ctx) => {
        const w = ctx.model.workload(ctx.targets.service!);
        return heldFor(ctx, 'verify', 60, w?.inference?.activeRole === 'standby' && w.replicas.ready >= w.replicas.desired && w.health !== 'failed');
      },
      hints: [L('After the switch, p99 latency and ready replicas of the standby side tell you whether it carries the load.', '切换后，看备用侧的 p99 延迟和就绪副本数，判断它能否扛住流量。')],
      explainers: ['headroom-n-plus-1', 'readiness-liveness-probes'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'workload', id: (t) => t.service, note: 'open the failing service' },
    { kind: 'view', what: 'node', id: (t) => t.node, note: 'confirm a whole zone is NotReady' },
    { kind: 'action', request: (t) => ({ kind: 'failover', workload: t.service! }), note: 'fail over to the standby zone' },
    { kind: 'waitStage', stage: 'failover', timeoutSec: 900, note: 'Service selects the standby' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 900, note: 'standby carries the load' },
  ],
};
