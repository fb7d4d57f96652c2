/**
 * ecc-storm: double-bit ECC errors (XID 48) keep hitting GPUs of one node — a bad board or
 * HBM stack, not a one-off. Each error kills the pod on that GPU and withdraws the device.
 * The operator isolates the whole node (cordon or taint) and drains it so the remaining pods
 * move before the next error takes them down, then checks the services recovered elsewhere.
 * The node picked hosts the most GPU pods (inference replicas), so the drain meets real
 * PodDisruptionBudgets.
 */
import { ISOLATION_TAINT_KEY } from '../../../../shared/conventions';
import { DrillSetupError, L, type DrillScenario } from '../scenario';
import { podsLeftToDrain, workloadsOnNodes } from '../clusterFacts';
import { found, heldFor, isolated } from './common';

/** Seconds after the start at which the storm hits the next GPU. */
const STORM_AT = [0, 120, 240, 360];

export const eccStorm: DrillScenario = {
  id: 'ecc-storm',
  difficulty: 'medium',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 180,
  defaultObjectives: { rtoSec: 900 },
  title: L('ECC error storm on one node', '单节点 ECC 错误风暴'),
  summary: L(
    'Repeated XID 48 (double-bit ECC) on one node: isolate and drain it before more pods die.',
    '同一节点反复出现 XID 48（双比特 ECC 错误）：在更多 Pod 挂掉之前隔离并排空该节点。',
  ),
  briefing: (t) => L(
    `Pager: pods of ${t.extra.services} keep crashing with CUDA memory errors. More failures are coming from the same place. Find the source, stop it from taking down more pods, and confirm the services are whole again.`,
    `告警：${t.extra.services} 的 Pod 不断因 CUDA 显存错误崩溃，而且故障还在同一个地方继续发生。找到源头，阻止它拖垮更多 Pod，并确认服务重新完整。`,
  ),
  pickTargets(model) {
    let best: { node: string; gpuPods: number } | undefined;
    for (const n of model.nodes()) {
      if (!n.ready || !n.schedulable || n.health !== 'healthy') continue;
      const gpuPods = new Set(model.gpusOfNode(n.name).filter((g) => g.pod && g.workload?.startsWith('Deployment/')).map((g) => g.pod)).size;
      if (gpuPods > (best?.gpuPods ?? 1) || (best && gpuPods === best.gpuPods && n.name < best.node)) best = { node: n.name, gpuPods };
    }
    if (!best) throw new DrillSetupError('No GPU node runs several inference replicas to drill an ECC storm on.');
    const node = best.node;
    // Held GPUs first (each error there kills a pod), in index order.
    const gpus = model.gpusOfNode(node).filter((g) => g.pod).sort((a, b) => a.index - b.index).map((g) => g.id);
    const storm = [gpus[0], gpus[Math.min(2, gpus.length - 1)], gpus[Math.min(4, gpus.length - 1)], gpus[0]];
    const workloads = workloadsOnNodes(model, [node]).filter((k) => !k.startsWith('Job/'));
    const services = workloads.filter((k) => model.workload(k)?.type === 'inference');
    return {
      objective: services[0] ?? workloads[0], node,
      gpu: storm[0],
      affectedNodes: [node],
      affectedWorkloads: workloads,
      extra: { storm: storm.join(','), services: services.map((k) => k.split('/')[2].replace(/-primary$/, '')).join(', ') || workloads.join(', ') },
    };
  },
  faults: (t) => t.extra.storm.split(',').map((gpu, i) => ({
    atSec: STORM_AT[i], tag: 'ecc',
    fault: { kind: 'demo' as const, spec: { type: 'xid' as const, gpu, code: 48 } },
    note: L(`XID 48 (double-bit ECC error) on ${gpu}`, `${gpu} 出现 XID 48（双比特 ECC 错误）`),
  })),
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find where the errors come from', '找到错误来源'),
      goal: L('Open the node, or one of its GPUs reporting XID 48.', '打开出问题的节点，或其上报 XID 48 的某块 GPU。'),
      done: (ctx) => found(ctx, { nodes: [ctx.targets.node], gpus: ctx.targets.extra.storm.split(',') }),
      hints: (t) => [
        L('The crashing pods have something in common: look at where they ran (Events, or the GPU map coloured by health).', '崩溃的 Pod 有个共同点：看看它们运行在哪里（事件列表，或按健康状态着色的 GPU 地图）。'),
        L(`The GPUXidError events all name node ${t.node}.`, `GPUXidError 事件都指向节点 ${t.node}。`),
      ],
      explainers: ['xid-errors', 'ecc-row-remapping', 'kubernetes-events'],
    },
    {
      id: 'isolate',
      role: 'mitigate',
      title: L('Isolate and drain the node', '隔离并排空节点'),
      goal: L(
        'Cordon or taint the node, then drain it: no workload pods left on it (DaemonSet pods stay).',
        '封锁或给节点打污点，然后排空（drain）：节点上不再有业务 Pod（DaemonSet Pod 可保留）。',
      ),
      done: (ctx) => isolated(ctx, ctx.targets.node!) && podsLeftToDrain(ctx.model, ctx.targets.node!).length === 0,
      hints: (t) => [
        L('Repeated double-bit ECC errors across GPUs of one node point at the node, not a single GPU: resetting one GPU will not stop the storm.', '同一节点多块 GPU 反复出现双比特 ECC 错误，问题在节点本身而非单块 GPU：只重置一块 GPU 止不住。'),
        L(`Taint ${t.node} with ${ISOLATION_TAINT_KEY}:NoSchedule (or cordon it), then Drain it. The drain respects PodDisruptionBudgets, so it moves replicas one at a time.`, `给 ${t.node} 打上 ${ISOLATION_TAINT_KEY}:NoSchedule 污点（或封锁），再执行排空。排空遵守 PodDisruptionBudget，会逐个迁移副本。`),
      ],
      explainers: ['isolation', 'taints-tolerations', 'drain', 'pod-disruption-budget'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm the services recovered', '确认服务已恢复'),
      goal: L('Every workload that ran on the node is healthy again elsewhere, for a minute.', '原先运行在该节点上的所有工作负载都在别处恢复健康，并持续一分钟。'),
      done: (ctx) => heldFor(ctx, 'verify', 60, ctx.targets.affectedWorkloads.every((k) => {
        const w = ctx.model.workload(k);
        return !w || w.health === 'healthy';
      })),
      hints: [L('Replacement replicas need a free GPU elsewhere and a minute or two to load their model before they are Ready.', '替换副本需要别处有空闲 GPU，并需要一两分钟加载模型后才会就绪。')],
      explainers: ['readiness-liveness-probes', 'headroom-n-plus-1'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'gpu', id: (t) => t.gpu, note: 'open the GPU that reported XID 48' },
    { kind: 'view', what: 'node', id: (t) => t.node, note: 'open its node: more XIDs than one GPU would explain' },
    { kind: 'action', request: (t) => ({ kind: 'taint', node: t.node!, key: ISOLATION_TAINT_KEY, value: 'ecc-storm', effect: 'NoSchedule' }), note: 'taint the node to isolate it' },
    { kind: 'action', request: (t) => ({ kind: 'drain', node: t.node!, timeoutSeconds: 900, ignoreDaemonSets: true, deleteEmptyDirData: true }), note: 'drain it' },
    { kind: 'waitStage', stage: 'isolate', timeoutSec: 1200, note: 'node empty' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'services whole again' },
  ],
};
