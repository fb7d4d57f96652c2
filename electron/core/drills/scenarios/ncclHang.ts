/**
 * nccl-hang: a collective never completes. Nothing crashes, no pod restarts, every pod stays
 * Ready — the job just stops stepping and its GPUs idle. Detection is by what is missing:
 * progress that no longer advances and utilization near zero. The fix is to restart the job
 * from its last checkpoint (the hung processes go away with the pods); every second of the
 * hang is lost training time, which the debrief counts as lost work.
 */
import type { WorkloadView } from '../../../../shared/views';
import { allReplicasReady, jobsBySize, trainingAtSpeed } from '../clusterFacts';
import { DrillSetupError, L, type DrillScenario } from '../scenario';
import { found, heldFor, took } from './common';

function stalled(w: WorkloadView | undefined): boolean {
  return !!w && w.health === 'degraded' && /no progress/.test(w.reason);
}

export const ncclHang: DrillScenario = {
  id: 'nccl-hang',
  difficulty: 'medium',
  preset: 'region',
  timeLimitSec: 3600,
  // The model calls a job stalled after 5 minutes without a new step.
  detectBudgetSec: 600,
  stallCountsAsLostWork: true,
  title: L('Silent NCCL hang', '静默的 NCCL 挂起'),
  summary: L(
    'No crash, no restart — a training job just stops making progress. Notice it, restart from checkpoint.',
    '没有崩溃、没有重启——训练作业只是不再推进。发现它，并从检查点重启。',
  ),
  briefing: () => L(
    'Nothing is paging. A researcher messages you that their loss curve "looks frozen". Check the training jobs, find the one that stopped, and get it moving again with as little lost work as possible.',
    '没有任何告警。一位研究员发消息说他的 loss 曲线“好像冻住了”。检查训练作业，找到停下来的那个，让它以尽量少的损失重新跑起来。',
  ),
  pickTargets(model) {
    // The second-largest gang job of the H100 pool (the largest is gpu-off-the-bus's), else the largest.
    const jobs = jobsBySize(model, { elastic: false, pool: 'h100' });
    const job = jobs[1] ?? jobs[0];
    if (!job) throw new DrillSetupError('No running gang-scheduled PyTorchJob in the h100 pool to hang.');
    const gpu = model.gpusOfNode(job.placement[0].node).find((g) => g.workload === job.key);
    return { objective: job.key, job: job.key, gpu: gpu?.id, affectedNodes: [], affectedWorkloads: [job.key], extra: {} };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'ncclHang', job: t.job! } }, tag: 'hang', note: L(`NCCL all-reduce hangs in ${t.job}`, `${t.job} 的 NCCL all-reduce 挂起`) }],
  clearsOnAction: (r, ok, t) => (ok && r.kind === 'restartFromCheckpoint' && r.workload === t.job ? ['hang'] : []),
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the stalled job', '找到停滞的作业'),
      goal: L('Open the job that stopped making progress (or one of its idle GPUs).', '打开不再推进的作业（或它某块空转的 GPU）。'),
      done: (ctx) => found(ctx, { workloads: [ctx.targets.job], gpus: ctx.targets.gpu ? [ctx.targets.gpu] : [] }),
      hints: (t) => [
        L('A hang does not crash anything. Look for a job whose step counter stopped while its pods are all Running, or GPUs allocated but near 0 % utilization.', '挂起不会让任何东西崩溃。找一个 Pod 全部 Running、但步数不再增长的作业，或者已分配却利用率接近 0% 的 GPU。'),
        L('Bulwark marks a job degraded after 5 minutes without a new step ("possible NCCL hang").', 'Bulwark 会在作业 5 分钟没有新步数后把它标为降级（“possible NCCL hang”）。'),
        L(`It is ${t.job}.`, `是 ${t.job}。`),
      ],
      explainers: ['nccl-hangs', 'gpu-allocation-vs-utilization', 'failure-detection'],
    },
    {
      id: 'restart',
      role: 'mitigate',
      title: L('Restart from checkpoint', '从检查点重启'),
      goal: L('Restart the job from its last checkpoint; it is Running again with every worker ready.', '让作业从最近的检查点重启；重新 Running，所有 worker 就绪。'),
      done: (ctx) => took(ctx, (r) => r.kind === 'restartFromCheckpoint' && r.workload === ctx.targets.job) && allReplicasReady(ctx.model.workload(ctx.targets.job!)),
      hints: (t) => [
        L('The stuck processes do not recover on their own and NCCL\'s watchdog may be disabled or set to hours. Every minute waiting is lost GPU time.', '卡住的进程不会自己恢复，NCCL 看门狗可能被关闭或设成了几个小时。多等一分钟就多浪费一分钟 GPU 时间。'),
        L(`Workloads → ${t.job} → Restart from checkpoint. The preview tells you how much work since the checkpoint is redone.`, `工作负载 → ${t.job} → 从检查点重启。预览会告诉你自检查点以来有多少工作要重做。`),
      ],
      explainers: ['nccl-hangs', 'checkpointing', 'lost-work'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm it is stepping again', '确认重新开始迭代'),
      goal: L('Throughput is back to at least 80 % of before the hang, for a minute.', '吞吐量恢复到挂起前的至少 80%，并持续一分钟。'),
      done: (ctx) => heldFor(ctx, 'verify', 60, trainingAtSpeed(ctx.model.workload(ctx.targets.job!), ctx.baseline.samplesPerSec, 0.8)),
      hints: [L('Loading the checkpoint takes a couple of minutes; then samples/s climbs back.', '加载检查点需要几分钟，之后 samples/s 会回升。')],
      explainers: ['goodput', 'rto'],
    },
  ],
  autopilot: [
    { kind: 'waitUntil', until: (ctx) => stalled(ctx.model.workload(ctx.targets.job!)), timeoutSec: 900, note: 'the stall becomes visible (5 min without a step)' },
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the stalled job' },
    { kind: 'view', what: 'gpu', id: (t) => t.gpu, note: 'its GPUs idle at ~0 %' },
    { kind: 'action', request: (t) => ({ kind: 'restartFromCheckpoint', workload: t.job! }), note: 'restart it from the last checkpoint' },
    { kind: 'waitStage', stage: 'restart', timeoutSec: 1800, note: 'all workers back' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'stepping again' },
  ],
};
