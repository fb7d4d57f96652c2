/**
 * node-notready: the kubelet of a node running a gang-scheduled training worker stops
 * reporting. The node controller marks it NotReady and taints it unreachable; pods there
 * tolerate that for 300 s (DefaultTolerationSeconds) before they are evicted, and the gang
 * cannot train without the worker. The operator cordons the node (so it does not take work
 * the moment its kubelet flaps back), drains it instead of waiting out the toleration, and
 * gets the job training again.
 */
import { allReplicasReady, gpuOfWorkload, hasPdb, jobsBySize, trainingAtSpeed, workloadOnNode, workloadsOnNodes } from '../clusterFacts';
import { DrillSetupError, L, type DrillScenario } from '../scenario';
import { found, heldFor, isolated } from './common';

export const nodeNotReady: DrillScenario = {
  id: 'node-notready',
  difficulty: 'easy',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 240,
  title: L('Node went NotReady', '节点变为 NotReady'),
  summary: L(
    'A kubelet stops reporting under a training worker: cordon, drain instead of waiting out the eviction timeout, resume.',
    '训练 worker 所在节点的 kubelet 失联：封锁并排空，而不是干等驱逐超时，然后恢复训练。',
  ),
  briefing: (t) => L(
    `Pager: ${t.job} stopped making progress and one of its workers is NotReady. Find the node, get the work off it without waiting for Kubernetes' default eviction timeout, and confirm training resumed.`,
    `告警：${t.job} 停止推进，其中一个 worker 处于 NotReady。找到出问题的节点，不要干等 Kubernetes 默认的驱逐超时，把工作迁走，并确认训练已恢复。`,
  ),
  pickTargets(model) {
    // A gang job without a PodDisruptionBudget: with the default unhealthyPodEvictionPolicy
    // (IfHealthyBudget) a PDB refuses evicting the unready pod, and the drill is about draining.
    const job = jobsBySize(model, { elastic: false }).find((j) => !hasPdb(model, j.key));
    if (!job) throw new DrillSetupError('No running gang-scheduled PyTorchJob without a PodDisruptionBudget to drill on.');
    const { node } = gpuOfWorkload(model, job);
    return {
      objective: job.key, job: job.key, node,
      affectedNodes: [node],
      affectedWorkloads: [...new Set([job.key, ...workloadsOnNodes(model, [node])])],
      extra: {},
    };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'nodeNotReady', node: t.node! } }, tag: 'notready', note: L(`Kubelet on ${t.node} stopped posting status (NotReady)`, `${t.node} 上的 kubelet 停止上报状态（NotReady）`) }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the NotReady node', '找到 NotReady 节点'),
      goal: L('Open the node that went NotReady, or the job that lost its worker.', '打开变为 NotReady 的节点，或失去 worker 的作业。'),
      done: (ctx) => found(ctx, { nodes: [ctx.targets.node], workloads: [ctx.targets.job] }),
      hints: (t) => [
        L('The Nodes view sorts unhealthy nodes first; the Ready condition says why.', '“节点”视图会把不健康的节点排在前面；Ready 状况会说明原因。'),
        L(`It is ${t.node}: Ready=Unknown, "Kubelet stopped posting node status".`, `是 ${t.node}：Ready=Unknown，“Kubelet stopped posting node status”。`),
      ],
      explainers: ['node-conditions', 'failure-detection'],
    },
    {
      id: 'mitigate',
      role: 'mitigate',
      title: L('Cordon, drain, get the job running', '封锁、排空，让作业跑起来'),
      goal: L(
        'Cordon the node yourself (the unreachable taint disappears when the kubelet flaps back); the job is Running with every worker ready, none on that node.',
        '亲自封锁该节点（kubelet 一旦短暂恢复，unreachable 污点就会消失）；作业处于 Running，所有 worker 就绪，且都不在该节点上。',
      ),
      done: (ctx) => {
        const t = ctx.targets;
        return isolated(ctx, t.node!) && allReplicasReady(ctx.model.workload(t.job!)) && !workloadOnNode(ctx.model, t.job!, t.node!);
      },
      hints: (t) => [
        L('Kubernetes evicts pods from an unreachable node only after their 300 s toleration runs out; a drain moves them now.', 'Kubernetes 要等 300 秒容忍时间用完才会驱逐失联节点上的 Pod；排空可以立刻迁移它们。'),
        L(`Nodes → ${t.node} → Cordon, then Drain.`, `节点 → ${t.node} → 封锁，然后排空。`),
      ],
      explainers: ['notready-eviction-timeout', 'cordon', 'drain', 'taints-tolerations'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm training resumed', '确认训练已恢复'),
      goal: L('The job reports throughput again (at least 80 % of before) for a minute.', '作业重新上报吞吐量（至少为故障前的 80%），并持续一分钟。'),
      done: (ctx) => heldFor(ctx, 'verify', 60, trainingAtSpeed(ctx.model.workload(ctx.targets.job!), ctx.baseline.samplesPerSec, 0.8)),
      hints: [L('The gang restarts from its last checkpoint once every worker is back; loading takes a couple of minutes.', '所有 worker 回来后，作业会从最近的检查点重启；加载需要几分钟。')],
      explainers: ['checkpointing', 'rto'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the stalled job' },
    { kind: 'view', what: 'node', id: (t) => t.node, note: 'open the NotReady node' },
    { kind: 'action', request: (t) => ({ kind: 'cordon', node: t.node! }), note: 'cordon it' },
    { kind: 'action', request: (t) => ({ kind: 'drain', node: t.node!, timeoutSeconds: 600, ignoreDaemonSets: true, deleteEmptyDirData: true }), note: 'drain it rather than wait 300 s' },
    { kind: 'waitStage', stage: 'mitigate', timeoutSec: 1800, note: 'the worker comes back elsewhere' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'training again' },
  ],
};
