/**
 * priority-preemption: an urgent fine-tune (PriorityClass training-urgent) arrives bigger than
 * the free capacity. The scheduler preempts lower-priority pods to place it; the displaced
 * workers of an elastic job come back and preempt in turn, and the chain ends at the
 * lowest-priority gang job, whose pods now wait forever. Nobody did anything wrong — the
 * priorities did exactly what they say — but a team is starved. The operator finds the starved
 * job and gives it GPUs back by scaling an elastic job in the same pool down to its minimum,
 * then confirms the team's job runs again.
 */
import type { WorkloadView } from '../../../../shared/views';
import type { ModelReader } from '../../model/modelApi';
import { allReplicasReady, jobsBySize, largestJob, pendingPods, scheduledPods, trainingAtSpeed } from '../clusterFacts';
import { DrillSetupError, L, type DrillContext, type DrillScenario } from '../scenario';
import { found, heldFor, took } from './common';

const URGENT = 'training-urgent';

function burstJob(model: ModelReader, namespace: string): WorkloadView | undefined {
  return [...model.workloads()].find((w) => w.namespace === namespace && w.kind === 'PyTorchJob' && w.priorityClass === URGENT);
}

/** The starved job lost its pods at some point since the burst (remembered once seen). */
function disrupted(ctx: DrillContext): boolean {
  if (ctx.memo.disrupted !== undefined) return true;
  const w = ctx.model.workload(ctx.targets.job!);
  if (!w || w.health === 'recovering' || w.health === 'pending' || w.health === 'failed' || w.replicas.ready < w.replicas.desired) {
    ctx.memo.disrupted = ctx.sec;
    return true;
  }
  return false;
}

function scaledDownElastic(ctx: DrillContext): boolean {
  return took(ctx, (r) => r.kind === 'scaleTraining' && !r.workload.startsWith(`PyTorchJob/${ctx.targets.namespace}/`));
}

export const priorityPreemption: DrillScenario = {
  id: 'priority-preemption',
  difficulty: 'hard',
  preset: 'region',
  timeLimitSec: 3600,
  detectBudgetSec: 420,
  title: L('Preempted by an urgent burst', '被紧急任务抢占'),
  summary: L(
    'A high-priority burst starves a team\'s job through a chain of preemptions: find it, hand GPUs back, see it run.',
    '高优先级突发任务通过一连串抢占饿死了某个团队的作业：找到它，把 GPU 还回去，确认它重新运行。',
  ),
  briefing: (t) => L(
    `An urgent fine-tune was just submitted in ${t.extra.burstNamespace} with priority ${URGENT}. Shortly after, the ${t.namespace} team says their job stopped and will not come back. Find out what happened and get their job running again without stopping the urgent one.`,
    `${t.extra.burstNamespace} 刚提交了一个优先级为 ${URGENT} 的紧急微调任务。随后 ${t.namespace} 团队反馈他们的作业停了，而且起不来。查明原因，在不停掉紧急任务的前提下让他们的作业重新运行。`,
  ),
  pickTargets(model) {
    // The victim: the lowest-priority gang job (preemption ends there); ties: fewest GPUs.
    const gang = jobsBySize(model, { elastic: false });
    const value = (w: WorkloadView) => ['research-low', 'batch-low', 'training-standard', 'training-high'].indexOf(w.priorityClass ?? '');
    const victim = [...gang].sort((a, b) => value(a) - value(b) || a.gpus - b.gpus || (a.key < b.key ? -1 : 1))[0];
    if (!victim) throw new DrillSetupError('No gang-scheduled training job to starve.');
    const pool = model.node(victim.placement[0]?.node ?? '')?.pool;
    const donor = largestJob(model, { elastic: true, pool });
    const flagship = largestJob(model, { elastic: false });
    let free = 0;
    for (const n of model.nodes()) if (n.ready && n.schedulable) free += Math.max(0, n.gpuAllocatable - n.gpuAllocated);
    // A little more than fits: the scheduler has to preempt.
    const burstGpus = Math.ceil((free + 12) / 8) * 8;
    return {
      objective: victim.key, job: victim.key, namespace: victim.namespace,
      affectedNodes: [],
      affectedWorkloads: [victim.key, donor.key],
      extra: { donor: donor.key, donorMin: String(donor.elastic?.minReplicas ?? 1), burstNamespace: flagship.namespace, burstGpus: String(burstGpus) },
    };
  },
  faults: (t) => [{
    atSec: 0, tag: 'burst',
    fault: { kind: 'demo', spec: { type: 'priorityBurst', namespace: t.extra.burstNamespace, gpus: Number(t.extra.burstGpus), priorityClass: URGENT } },
    note: L(`Urgent PyTorchJob (${t.extra.burstGpus} GPUs, ${URGENT}) submitted in ${t.extra.burstNamespace}`, `${t.extra.burstNamespace} 提交了紧急 PyTorchJob（${t.extra.burstGpus} 块 GPU，${URGENT}）`),
  }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the starved job', '找到被饿死的作业'),
      goal: L('Open the team\'s job that lost its pods (or the urgent job that started the chain).', '打开失去 Pod 的团队作业（或引发连锁抢占的紧急任务）。'),
      done: (ctx) => disrupted(ctx) && found(ctx, { workloads: [ctx.targets.job, burstJob(ctx.model, ctx.targets.extra.burstNamespace)?.key] }),
      hints: (t) => [
        L('Events: look for "Preempted" and "FailedScheduling". Preemption removes lower-priority pods to make room.', '事件：找 “Preempted” 和 “FailedScheduling”。抢占会移除低优先级 Pod 来腾出位置。'),
        L(`Filter Workloads by namespace ${t.namespace}: one gang job is pending or restarting without end.`, `在“工作负载”中按命名空间 ${t.namespace} 过滤：有一个 gang 作业一直处于等待或重启中。`),
      ],
      explainers: ['priority-preemption', 'gang-scheduling', 'kubernetes-events'],
    },
    {
      id: 'rebalance',
      role: 'mitigate',
      title: L('Hand GPUs back', '把 GPU 还回去'),
      goal: L(
        'Scale an elastic job in the same GPU pool down (not the starved team\'s) so the starved job\'s pods get scheduled.',
        '把同一 GPU 池中某个弹性作业（不是被饿死团队的）缩容，让被饿死作业的 Pod 能被调度。',
      ),
      done: (ctx) => {
        const w = ctx.model.workload(ctx.targets.job!);
        return scaledDownElastic(ctx) && !!w && w.replicas.desired > 0 && scheduledPods(ctx.model, w.key).length >= w.replicas.desired;
      },
      hints: (t) => [
        L('The urgent job must keep running. A gang job cannot shrink; an elastic job can give workers back and keep training.', '紧急任务必须继续运行。gang 作业无法缩小；弹性作业可以交还 worker 并继续训练。'),
        L(`The displaced workers of ${t.extra.donor} came back at a higher priority and preempted the starved job. Scale ${t.extra.donor} to ${t.extra.donorMin} workers.`, `${t.extra.donor} 被挤掉的 worker 以更高优先级回来，又抢占了被饿死的作业。把 ${t.extra.donor} 缩到 ${t.extra.donorMin} 个 worker。`),
      ],
      explainers: ['elastic-training', 'priority-preemption', 'quotas'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Confirm the team\'s job runs', '确认团队作业在运行'),
      goal: L('The starved job is Running with every worker ready and training, for a minute.', '被饿死的作业处于 Running，所有 worker 就绪并在训练，持续一分钟。'),
      done: (ctx) => heldFor(ctx, 'verify', 60, allReplicasReady(ctx.model.workload(ctx.targets.job!)) && trainingAtSpeed(ctx.model.workload(ctx.targets.job!), undefined, 0)),
      hints: [L('The gang job restarts from its last checkpoint once all its pods are placed.', '所有 Pod 就位后，gang 作业会从最近的检查点重启。')],
      explainers: ['checkpointing', 'quotas'],
    },
  ],
  harmful: [
    {
      id: 'shrink-starved-team',
      check: (r, ctx) => ((r.kind === 'scaleTraining' || r.kind === 'restartFromCheckpoint') && r.workload.startsWith(`PyTorchJob/${ctx.targets.namespace}/`) && r.workload !== ctx.targets.job
        ? L(`took more from the starved team: ${r.workload}`, `又从被饿死的团队手里拿走了资源：${r.workload}`)
        : undefined),
    },
  ],
  autopilot: [
    { kind: 'waitUntil', until: disrupted, timeoutSec: 900, note: 'the team\'s job loses its pods' },
    { kind: 'view', what: 'workload', id: (t) => t.job, note: 'open the starved job: pending, preempted' },
    { kind: 'view', what: 'workload', id: (t, model) => burstJob(model, t.extra.burstNamespace)?.key, note: 'open the urgent job' },
    { kind: 'waitUntil', until: (ctx) => ctx.model.workload(ctx.targets.extra.donor)?.health === 'healthy' && pendingPods(ctx.model, ctx.targets.job!).length > 0, timeoutSec: 600, note: 'the elastic donor is back to full size, the victim still pending' },
    { kind: 'action', request: (t) => ({ kind: 'scaleTraining', workload: t.extra.donor, replicas: Number(t.extra.donorMin) }), note: 'scale the elastic donor to its minimum' },
    { kind: 'waitStage', stage: 'rebalance', timeoutSec: 900, note: 'the starved pods are scheduled' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 1800, note: 'training again' },
  ],
};
