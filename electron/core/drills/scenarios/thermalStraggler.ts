/**
 * thermal-straggler: one GPU of a large data-parallel job overheats and throttles its SM
 * clock. Synchronous all-reduce makes every step wait for the slowest rank, so the whole job
 * runs at about half speed while 63 GPUs look perfectly fine. The operator finds the hot GPU,
 * cordons its node, and moves the worker away — the job is elastic, so draining the node lets
 * it continue while the training-operator recreates the worker elsewhere.
 */
import { allReplicasReady, gpuOfWorkload, largestJob, trainingAtSpeed, workloadOnNode, workloadsOnNodes } from '../clusterFacts';
import { L, type DrillScenario } from '../scenario';
import { found, heldFor, isolated } from './common';

export const thermalStraggler: DrillScenario = {
  id: 'thermal-straggler',
  difficulty: 'medium',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 300,
  title: L('Thermal straggler', '过热拖慢的 GPU'),
  summary: L(
    'One throttled GPU slows a 64-GPU elastic job to half speed: find it, cordon its node, move the worker away.',
    '一块降频的 GPU 把 64 卡弹性作业拖到半速：找到它，封锁节点，把 worker 挪走。',
  ),
  briefing: (t) => L(
    `The owners of ${t.job} report that it runs at about half its usual samples per second. No pod failed and nothing restarted. Find out why, fix it without losing work, and confirm the speed is back.`,
    `${t.job} 的负责人反馈：每秒样本数只有平时的一半左右。没有 Pod 失败，也没有重启。查明原因，在不丢失训练进度的前提下修复，并确认速度恢复。`,
  ),
  pickTargets(model) {
    const job = largestJob(model, { elastic: true });
    const { gpu, node } = gpuOfWorkload(model, job);
    return {
      objective: job.key, job: job.key, gpu, node,
      affectedNodes: [node],
      affectedWorkloads: [...new Set([job.key, ...workloadsOnNodes(model, [node])])],
      extra: {},
    };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'thermal', gpu: t.gpu! } }, tag: 'thermal', note: L(`GPU ${t.gpu} overheats (>90 °C) and throttles its SM clock`, `GPU ${t.gpu} 过热（>90 °C），SM 时钟降频`) }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the straggler', '找到拖后腿的 GPU'),
      goal: L('Open the hot GPU or its node.', '打开过热的 GPU 或它所在的节点。'),
      done: (ctx) => found(ctx, { gpus: [ctx.targets.gpu], nodes: [ctx.targets.node] }),
      hints: (t) => [
        L('In data-parallel training every step waits for the slowest GPU. Look at the job\'s GPUs, not its pods.', '数据并行训练中，每一步都要等最慢的那块 GPU。要看作业的 GPU，而不是 Pod。'),
        L('Colour the GPU map by temperature (or SM clock): one GPU stands out above 90 °C.', '把 GPU 地图按温度（或 SM 时钟）着色：有一块 GPU 超过 90 °C，非常显眼。'),
        L(`It is ${t.gpu}.`, `是 ${t.gpu}。`),
      ],
      explainers: ['stragglers', 'thermal-throttling', 'dcgm-metrics'],
    },
    {
      id: 'move',
      role: 'mitigate',
      title: L('Cordon and move the worker', '封锁节点并迁走 worker'),
      goal: L(
        'The hot node is cordoned, no worker of the job runs there, and the job is back to its full size.',
        '过热节点已封锁，作业不再有 worker 在上面运行，并恢复到完整规模。',
      ),
      done: (ctx) => {
        const t = ctx.targets;
        return isolated(ctx, t.node!) && !workloadOnNode(ctx.model, t.job!, t.node!) && allReplicasReady(ctx.model.workload(t.job!));
      },
      hints: (t) => [
        L('The job is elastic: it can lose a worker and keep training while a replacement starts elsewhere. No need to restart the whole job.', '该作业是弹性的：少一个 worker 也能继续训练，替补会在别处启动。没必要重启整个作业。'),
        L(`Cordon ${t.node}, then Drain it: the worker is evicted and recreated on another node.`, `先封锁 ${t.node}，再排空：该 worker 会被驱逐并在其他节点上重建。`),
      ],
      explainers: ['cordon', 'drain', 'elastic-training'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm full speed', '确认恢复全速'),
      goal: L('Throughput is back to at least 90 % of before, for a minute.', '吞吐量恢复到故障前的至少 90%，并持续一分钟。'),
      done: (ctx) => heldFor(ctx, 'verify', 60, trainingAtSpeed(ctx.model.workload(ctx.targets.job!), ctx.baseline.samplesPerSec, 0.9)),
      hints: [L('Samples per second is reported every few seconds; after the new worker joins, the rendezvous takes a moment.', 'samples/s 每隔几秒上报一次；新 worker 加入后，重新组网（rendezvous）需要一点时间。')],
      explainers: ['goodput', 'stragglers'],
    },
  ],
  autopilot: [
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the slow job' },
    { kind: 'view', what: 'gpu', id: (t) => t.gpu, note: 'open the GPU running at 90 °C with a cut SM clock' },
    { kind: 'action', request: (t) => ({ kind: 'cordon', node: t.node! }), note: 'cordon its node' },
    { kind: 'action', request: (t) => ({ kind: 'drain', node: t.node!, timeoutSeconds: 600, ignoreDaemonSets: true, deleteEmptyDirData: true }), note: 'drain it: the elastic job keeps going' },
    { kind: 'waitStage', stage: 'move', timeoutSec: 1800, note: 'worker recreated elsewhere' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'full speed' },
  ],
};
