/**
 * gpu-off-the-bus: XID 79 under the biggest gang-scheduled training job. The GPU disappears
 * from the PCIe bus, its worker dies, the whole gang restarts from the last checkpoint, and
 * the node comes back with 7 of 8 GPUs allocatable. The operator finds the GPU, takes the node
 * out of scheduling until the hardware is reset or replaced, and sees the job training again.
 */
import { allReplicasReady, gpuOfWorkload, largestJob, trainingAtSpeed, workloadOnNode, workloadsOnNodes } from '../clusterFacts';
import { L, type DrillScenario } from '../scenario';
import { found, heldFor, isolated } from './common';

export const gpuOffTheBus: DrillScenario = {
  id: 'gpu-off-the-bus',
  difficulty: 'easy',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 300,
  title: L('GPU fell off the bus', 'GPU 掉卡（从总线上消失）'),
  summary: L(
    'XID 79 under a running training job: find the GPU, isolate its node, get the job training again.',
    '训练作业下出现 XID 79：找到出问题的 GPU，隔离所在节点，让作业恢复训练。',
  ),
  briefing: (t) => L(
    `Pager: ${t.job} restarted unexpectedly and its throughput dropped to zero. Find out which hardware failed, keep the scheduler away from it, and confirm the job is training again.`,
    `告警：${t.job} 意外重启，吞吐量跌到零。查明是哪块硬件出了故障，别让调度器再往上放 Pod，并确认作业重新开始训练。`,
  ),
  pickTargets(model) {
    const job = largestJob(model, { elastic: false });
    const { gpu, node } = gpuOfWorkload(model, job);
    return {
      objective: job.key, job: job.key, gpu, node,
      affectedNodes: [node],
      affectedWorkloads: [...new Set([job.key, ...workloadsOnNodes(model, [node])])],
      extra: {},
    };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'xid', gpu: t.gpu!, code: 79 } }, tag: 'xid', note: L(`XID 79 (GPU has fallen off the bus) on ${t.gpu}`, `${t.gpu} 出现 XID 79（GPU 从总线上掉了）`) }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the failed GPU', '找到故障 GPU'),
      goal: L('Open the lost GPU, its node, or the job that restarted.', '打开丢失的 GPU、它所在的节点，或重启的作业。'),
      done: (ctx) => found(ctx, { gpus: [ctx.targets.gpu], nodes: [ctx.targets.node], workloads: [ctx.targets.job] }),
      hints: (t) => [
        L('Open the job in Workloads: its reason and events say why it restarted.', '在“工作负载”里打开该作业：状态原因和事件会说明它为什么重启。'),
        L('On the GPU map a lost GPU has its own colour. XID 79 means the GPU fell off the PCIe bus.', 'GPU 地图上“丢失”的 GPU 颜色不同。XID 79 表示 GPU 从 PCIe 总线上掉了。'),
        L(`It is GPU ${t.gpu} on node ${t.node}.`, `是节点 ${t.node} 上的 GPU ${t.gpu}。`),
      ],
      explainers: ['xid-errors', 'gpu-health'],
    },
    {
      id: 'mitigate',
      role: 'mitigate',
      title: L('Isolate the node, get the job running', '隔离节点，让作业跑起来'),
      goal: L(
        'Cordon (or taint) the node with the lost GPU; the job is Running again with every worker ready, none on that node.',
        '封锁（cordon）或打污点隔离有丢失 GPU 的节点；作业重新进入 Running，所有 worker 就绪，且都不在该节点上。',
      ),
      done: (ctx) => {
        const t = ctx.targets;
        return isolated(ctx, t.node!) && allReplicasReady(ctx.model.workload(t.job!)) && !workloadOnNode(ctx.model, t.job!, t.node!);
      },
      hints: (t) => [
        L('XID 79 does not heal by itself: the GPU needs a reset, the node a reboot or an RMA. Until then no new pod should land there.', 'XID 79 不会自愈：GPU 需要重置，节点需要重启或返修。在那之前不应再有新 Pod 调度上去。'),
        L(`Nodes → ${t.node} → Cordon. The training-operator recreates the failed worker on another node by itself.`, `节点 → ${t.node} → 封锁（Cordon）。training-operator 会自动在其他节点上重建失败的 worker。`),
      ],
      explainers: ['cordon', 'xid-errors', 'gang-scheduling'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm training resumed', '确认训练已恢复'),
      goal: L(
        'The job reports throughput again (at least 80 % of what it had before the fault) for a minute.',
        '作业重新上报吞吐量（至少为故障前的 80%），并持续一分钟。',
      ),
      done: (ctx) => heldFor(ctx, 'verify', 60, trainingAtSpeed(ctx.model.workload(ctx.targets.job!), ctx.baseline.samplesPerSec, 0.8)),
      hints: [
        L('After a restart the trainer first loads the last checkpoint (samples/s stays 0 for a couple of minutes), then steps again. Speed up the demo clock to get there sooner.', '重启后训练程序先加载最近的检查点（几分钟内 samples/s 为 0），然后继续训练。可以加快演示时钟更快看到结果。'),
      ],
      explainers: ['checkpointing', 'lost-work', 'rto'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the job that restarted' },
    { kind: 'view', what: 'gpu', id: (t) => t.gpu, note: 'open the lost GPU from the GPU map' },
    { kind: 'action', request: (t) => ({ kind: 'cordon', node: t.node! }), note: 'cordon the node with the lost GPU' },
    { kind: 'waitStage', stage: 'mitigate', timeoutSec: 1800, note: 'the job comes back with all workers elsewhere' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'throughput back' },
  ],
};
