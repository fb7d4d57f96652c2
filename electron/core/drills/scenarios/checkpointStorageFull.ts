/**
 * checkpoint-storage-full: a team's checkpoint volume fills up. Training keeps going, so
 * nothing looks wrong — but every checkpoint fails with ENOSPC, the last good one ages, and
 * the work a crash would lose (the RPO exposure) grows by the minute. Freeing space happens
 * outside Kubernetes (delete old checkpoints, grow the volume); the guide's button stands for
 * doing that, and the drill then clears the fault. What the operator must not do is restart
 * the job: it would resume from the stale checkpoint and throw the work away.
 */
import { eventsSince, shortestCheckpointJob, splitKey } from '../clusterFacts';
import { L, type DrillContext, type DrillScenario } from '../scenario';
import { found } from './common';

/** The volume a storage URI lives on: `pvc://research-ckpt/rlhf-reward` → `pvc://research-ckpt/`. */
export function storageVolume(uri: string): string {
  const m = /^([a-z0-9]+:\/\/[^/]+\/)/.exec(uri);
  return m ? m[1] : uri;
}

/**
 * Jobs on the volume that have reported a failed checkpoint since the drill started. Remembered
 * in the memo: the event ring may drop old events on a busy cluster.
 */
function failingJobs(ctx: DrillContext): string[] {
  return ctx.targets.affectedWorkloads.filter((k) => {
    if (ctx.memo[`failed:${k}`] !== undefined) return true;
    const { kind, namespace, name } = splitKey(k);
    if (eventsSince(ctx.model, { kind, namespace, name }, 'CheckpointFailed', ctx.startedAt) === 0) return false;
    ctx.memo[`failed:${k}`] = ctx.sec;
    return true;
  });
}

function failuresSeen(ctx: DrillContext): boolean {
  return failingJobs(ctx).length > 0;
}

export const checkpointStorageFull: DrillScenario = {
  id: 'checkpoint-storage-full',
  difficulty: 'medium',
  preset: 'region',
  timeLimitSec: 5400,
  // The first failed save comes up to one checkpoint interval after the volume fills.
  detectBudgetSec: 900,
  // Nothing goes down: what matters is how old the last good checkpoint got (against the RPO).
  recoveryMeasure: 'exposure',
  title: L('Checkpoint storage full', '检查点存储已满'),
  summary: L(
    'Checkpoints silently fail with ENOSPC while training runs on: spot the stale checkpoint, get space freed, verify a fresh one.',
    '训练照常进行，检查点却因 ENOSPC 悄悄失败：发现过期的检查点，腾出空间，确认生成了新的检查点。',
  ),
  briefing: (t) => L(
    `Routine check before a long weekend: is every training job protected by a recent checkpoint? Something changed on ${t.storage} this morning. Find any job at risk, get it protected again, and do not lose work doing so.`,
    `长周末前的例行检查：每个训练作业都有足够新的检查点保护吗？今天早上 ${t.storage} 上有些变化。找出有风险的作业，让它重新受到保护，且不要因此丢失训练进度。`,
  ),
  pickTargets(model) {
    const job = shortestCheckpointJob(model);
    const volume = storageVolume(job.checkpoint!.storage!);
    const affected = [...model.workloads()]
      .filter((w) => w.kind === 'PyTorchJob' && w.checkpoint?.storage?.startsWith(volume))
      .map((w) => w.key).sort();
    return { objective: job.key, job: job.key, storage: volume, affectedNodes: [], affectedWorkloads: affected, extra: {} };
  },
  faults: (t) => [{ atSec: 0, fault: { kind: 'demo', spec: { type: 'checkpointStorage', storage: t.storage!, mode: 'full' } }, tag: 'storage', note: L(`Checkpoint volume ${t.storage} is full (ENOSPC)`, `检查点存储卷 ${t.storage} 已满（ENOSPC）`) }],
  stages: [
    {
      id: 'detect',
      role: 'detect',
      title: L('Find the job at risk', '找到有风险的作业'),
      goal: L('Open a job whose checkpoints are failing.', '打开检查点保存失败的作业。'),
      done: (ctx) => found(ctx, { workloads: failingJobs(ctx) }),
      hints: (t) => [
        L('Nothing crashed. Compare each job\'s checkpoint age with its interval; Bulwark flags a checkpoint older than twice the interval as stale.', '没有东西崩溃。对比每个作业的检查点年龄和保存间隔；超过两倍间隔的检查点会被 Bulwark 标为过期。'),
        L('The Events view has CheckpointFailed warnings: "No space left on device".', '“事件”视图里有 CheckpointFailed 警告：“No space left on device”。'),
        L(`${t.job} saves most often, so it fails first.`, `${t.job} 保存最频繁，所以最先失败。`),
      ],
      explainers: ['checkpointing', 'checkpoint-interval', 'rpo'],
    },
    {
      id: 'free',
      role: 'mitigate',
      title: L('Free space on the volume', '为存储卷腾出空间'),
      goal: L(
        'Free space on the checkpoint volume (outside Kubernetes: prune old checkpoints or grow the volume), then confirm it here. Do not restart the job.',
        '为检查点存储卷腾出空间（在 Kubernetes 之外：清理旧检查点或扩容存储卷），然后在这里确认。不要重启作业。',
      ),
      done: (ctx) => ctx.manualDoneAt('free-storage') !== undefined,
      manualStep: {
        id: 'free-storage',
        label: L('Space freed on the checkpoint volume', '已为检查点存储卷腾出空间'),
        clears: ['storage'],
      },
      hints: [
        L('Restarting would make the trainer resume from the last good checkpoint — everything since is thrown away. The job itself is fine; its storage is not.', '重启会让训练从最后一个成功的检查点恢复——之后的进度全部作废。作业本身没问题，有问题的是它的存储。'),
        L('Prune old checkpoints (keep the last few) or expand the volume, then press the button in this guide.', '清理旧检查点（保留最近几个）或扩容存储卷，然后点击本指引中的按钮。'),
      ],
      explainers: ['checkpointing', 'lost-work', 'async-checkpoints'],
    },
    {
      id: 'verify',
      role: 'verify',
      title: L('Verify a fresh checkpoint', '确认新的检查点'),
      goal: L('Every job whose checkpoints failed has saved a fresh one since the space was freed.', '所有检查点保存失败过的作业，在腾出空间后都成功保存了新的检查点。'),
      done: (ctx) => {
        const freed = ctx.manualDoneAt('free-storage');
        if (freed === undefined) return false;
        const jobs = failingJobs(ctx);
        return jobs.length > 0 && jobs.every((k) => {
          const ck = ctx.model.workload(k)?.checkpoint;
          return ck?.time !== undefined && ck.time > ctx.startedAt + freed * 1000 && !ck.stale;
        });
      },
      hints: [L('The trainer tries again at its next checkpoint interval; speed up the demo clock to get there sooner.', '训练程序会在下一个检查点间隔再次尝试保存；可以加快演示时钟更快看到结果。')],
      explainers: ['checkpoint-interval', 'rpo'],
    },
  ],
  harmful: [
    {
      id: 'restart-with-stale-checkpoint',
      check(r, ctx) {
        if (r.kind !== 'restartFromCheckpoint' || !ctx.targets.affectedWorkloads.includes(r.workload)) return undefined;
        if (ctx.stageDoneAt('verify') !== undefined) return undefined;
        return L(`restarted ${r.workload} while its checkpoints were failing: it resumed from an old checkpoint and the work since was lost`, `在 ${r.workload} 检查点持续失败时重启了它：作业从旧检查点恢复，之后的训练进度全部丢失`);
      },
    },
  ],
  autopilot: [
    { kind: 'waitUntil', until: failuresSeen, timeoutSec: 1800, note: 'the first checkpoint fails (ENOSPC)' },
    { kind: 'view', what: 'workload', id: (t, model) => [...model.workloads()].find((w) => t.affectedWorkloads.includes(w.key) && model.recentEvents(200, { kind: 'PyTorchJob', namespace: w.namespace, name: w.name }).some((e) => e.reason === 'CheckpointFailed'))?.key, note: 'open the job with failing checkpoints' },
    { kind: 'waitStage', stage: 'detect', timeoutSec: 60, note: 'detected' },
    { kind: 'manual', id: 'free-storage', note: 'prune old checkpoints on the volume' },
    { kind: 'waitStage', stage: 'verify', timeoutSec: 2400, note: 'next checkpoint succeeds' },
  ],
};
