/**
 * stray-taint: someone left a maintenance taint with effect NoExecute on a healthy node. The
 * taint-eviction controller evicts every pod that does not tolerate it — a training worker
 * among them — and the node sits idle. The operator finds the node behind the evictions,
 * removes the taint, and sees the job training again.
 *
 * The only scenario that may run on a live cluster (opt-in): its fault is one reversible
 * Kubernetes write (a taint), which cleanup removes if the operator did not.
 */
import { allReplicasReady, jobsBySize, trainingAtSpeed, workloadPodsOnNode, workloadsOnNodes } from '../clusterFacts';
import { DrillSetupError, L, type DrillContext, type DrillScenario } from '../scenario';
import { found, heldFor, took } from './common';

export const STRAY_TAINT_KEY = 'bulwark.io/maintenance';

/**
 * The taint is on the node now. Remembers having seen it: on a live cluster the watch brings
 * the taint a moment after the drill wrote it, and "gone" must not count before it arrived.
 */
function taintPresent(ctx: DrillContext): boolean {
  const present = (ctx.model.node(ctx.targets.node!)?.taints ?? []).some((x) => x.key === STRAY_TAINT_KEY);
  if (present) ctx.memo.taintSeen ??= ctx.sec;
  return present;
}

export const strayTaint: DrillScenario = {
  id: 'stray-taint',
  difficulty: 'easy',
  preset: 'region',
  live: true,
  timeLimitSec: 3600,
  detectBudgetSec: 300,
  title: L('Stray NoExecute taint', '遗留的 NoExecute 污点'),
  summary: L(
    'A forgotten maintenance taint evicts a healthy node\'s pods: find it, remove it, get the job back.',
    '一个被遗忘的维护污点驱逐了健康节点上的 Pod：找到它、移除它，让作业恢复。',
  ),
  briefing: (t) => L(
    `${t.job} lost a worker although no hardware reported a problem, and its pod events mention an eviction. Find what evicted it, undo that without touching anything else, and confirm the job trains at full size again.`,
    `${t.job} 丢了一个 worker，但没有任何硬件报告问题，Pod 事件里提到了驱逐。找出是什么驱逐了它，在不碰其他东西的前提下撤销，并确认作业恢复完整规模训练。`,
  ),
  pickTargets(model) {
    // The smallest running training job (least blast radius on a live cluster), on the node
    // with the fewest other pods.
    const jobs = [...jobsBySize(model, { elastic: false }), ...jobsBySize(model, { elastic: true })].sort((a, b) => a.gpus - b.gpus || (a.key < b.key ? -1 : 1));
    for (const job of jobs) {
      const nodes = job.placement.map((p) => p.node).filter((n) => model.node(n)?.health === 'healthy' && model.node(n)?.schedulable);
      nodes.sort((a, b) => workloadPodsOnNode(model, a).length - workloadPodsOnNode(model, b).length || (a < b ? -1 : 1));
      const node = nodes[0];
      if (!node) continue;
      return {
        objective: job.key, job: job.key, node,
        affectedNodes: [node],
        affectedWorkloads: workloadsOnNodes(model, [node]),
        extra: {},
      };
    }
    throw new DrillSetupError('No running training job on a healthy, schedulable node to drill on.');
  },
  faults: (t) => [{
    atSec: 0, tag: 'taint',
    fault: { kind: 'taint', node: t.node!, key: STRAY_TAINT_KEY, value: 'drill', effect: 'NoExecute' },
    note: L(`Taint ${STRAY_TAINT_KEY}=drill:NoExecute left on ${t.node}`, `${t.node} 上遗留了污点 ${STRAY_TAINT_KEY}=drill:NoExecute`),
  }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find what evicted the pods', '找出是什么驱逐了 Pod'),
      goal: L('Open the node that evicted its pods, or the job that lost a worker.', '打开驱逐了 Pod 的节点，或失去 worker 的作业。'),
      done: (ctx) => {
        taintPresent(ctx);
        return found(ctx, { nodes: [ctx.targets.node], workloads: [ctx.targets.job] });
      },
      hints: (t) => [
        L('Events: TaintManagerEviction means a NoExecute taint the pod does not tolerate.', '事件：TaintManagerEviction 表示 Pod 不容忍某个 NoExecute 污点。'),
        L(`Node ${t.node} carries a ${STRAY_TAINT_KEY} taint and no workload pods.`, `节点 ${t.node} 带有 ${STRAY_TAINT_KEY} 污点，上面已没有业务 Pod。`),
      ],
      explainers: ['taints-tolerations', 'kubernetes-events'],
    },
    {
      id: 'untaint',
      role: 'mitigate',
      title: L('Remove the stray taint', '移除遗留的污点'),
      goal: L('The maintenance taint is gone from the node (it is healthy: nothing to isolate).', '节点上的维护污点已移除（节点是健康的，无需隔离）。'),
      done: (ctx) => !taintPresent(ctx) && (ctx.memo.taintSeen !== undefined || took(ctx, (r) => r.kind === 'untaint' && r.node === ctx.targets.node && r.key === STRAY_TAINT_KEY)),
      hints: (t) => [
        L('The node is healthy: the right fix is to undo the taint, not to drain or cordon more.', '节点是健康的：正确做法是撤销污点，而不是再排空或封锁。'),
        L(`Nodes → ${t.node} → Remove ${STRAY_TAINT_KEY}:NoExecute.`, `节点 → ${t.node} → 移除 ${STRAY_TAINT_KEY}:NoExecute。`),
      ],
      explainers: ['taints-tolerations', 'eviction-api'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm the job trains', '确认作业在训练'),
      goal: L('The job is Running with every worker ready and reports throughput, for a minute.', '作业处于 Running，所有 worker 就绪并上报吞吐量，持续一分钟。'),
      done: (ctx) => {
        const w = ctx.model.workload(ctx.targets.job!);
        return heldFor(ctx, 'verify', 60, allReplicasReady(w) && trainingAtSpeed(w, undefined, 0));
      },
      hints: [L('The evicted worker is recreated (on this node again, or elsewhere) and the job resumes from its checkpoint.', '被驱逐的 worker 会被重建（回到该节点或去别处），作业从检查点恢复。')],
      explainers: ['checkpointing'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the job that lost a worker' },
    { kind: 'view', what: 'node', id: (t) => t.node, note: 'open the node with the stray taint' },
    { kind: 'action', request: (t) => ({ kind: 'untaint', node: t.node!, key: STRAY_TAINT_KEY, effect: 'NoExecute' }), note: 'remove the taint' },
    { kind: 'waitStage', stage: 'untaint', timeoutSec: 300, note: 'taint gone' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'training again' },
  ],
};
