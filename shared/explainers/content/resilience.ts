import type { ExplainerTable } from '../types';
import { defineExplainers } from '../define';
import { SRC } from '../sources';

/** Young's first-order optimum √(2·δ·MTBF) for a few representative cases. */
const CHECKPOINT_INTERVAL_TABLE: ExplainerTable = {
  columns: [
    { en: 'Checkpoint write time δ', 'zh-CN': '检查点写入耗时 δ' },
    { en: 'Job MTBF', 'zh-CN': '作业 MTBF' },
    { en: 'Interval √(2·δ·MTBF)', 'zh-CN': '间隔 √(2·δ·MTBF)' },
  ],
  rows: [
    [{ en: '10 s', 'zh-CN': '10 秒' }, { en: '4 h', 'zh-CN': '4 小时' }, { en: '≈ 9 min', 'zh-CN': '约 9 分钟' }],
    [{ en: '30 s', 'zh-CN': '30 秒' }, { en: '4 h', 'zh-CN': '4 小时' }, { en: '≈ 15 min', 'zh-CN': '约 15 分钟' }],
    [{ en: '60 s', 'zh-CN': '60 秒' }, { en: '4 h', 'zh-CN': '4 小时' }, { en: '≈ 22 min', 'zh-CN': '约 22 分钟' }],
    [{ en: '60 s', 'zh-CN': '60 秒' }, { en: '24 h', 'zh-CN': '24 小时' }, { en: '≈ 54 min', 'zh-CN': '约 54 分钟' }],
    [{ en: '5 min', 'zh-CN': '5 分钟' }, { en: '24 h', 'zh-CN': '24 小时' }, { en: '≈ 2 h', 'zh-CN': '约 2 小时' }],
  ],
};

export const resilienceExplainers = defineExplainers([
  {
    id: 'checkpointing',
    title: { en: 'Checkpointing', 'zh-CN': '检查点（checkpoint）' },
    summary: {
      en: 'A checkpoint is a saved copy of everything a training job needs to resume: model weights, optimizer state, learning-rate schedule, random-number state and data-loader position. Large jobs write sharded checkpoints in parallel, for example with PyTorch Distributed Checkpoint.',
      'zh-CN': '检查点是训练作业恢复所需全部状态的存档：模型权重、优化器状态、学习率调度、随机数状态以及数据加载位置。大型作业会并行写入分片检查点，例如使用 PyTorch Distributed Checkpoint（DCP）。',
    },
    whyItMatters: {
      en: 'At thousands of GPUs, hardware interruptions come every few hours, and synchronous jobs stop when any rank fails. Without recent, restorable checkpoints every failure throws away hours of cluster time.',
      'zh-CN': '在数千块 GPU 的规模下，硬件中断每隔几小时就会发生一次，而同步作业只要任一 rank 失败就会停止。没有近期且可恢复的检查点，每次故障都会白白浪费数小时的集群算力。',
    },
    whereInBulwark: {
      en: 'Workloads shows each job’s checkpoint age and last checkpoint step; "restart from checkpoint" is an action on a job; drain and fail-over previews show the work each job would lose.',
      'zh-CN': 'Workloads 页显示每个作业的检查点时效和最近检查点所在步数；“restart from checkpoint（从检查点重启）”是作业上的操作；drain 和 fail over 预览会显示每个作业将丢失的进度。',
    },
    whatToDo: {
      en: 'Alert on checkpoint age, not just on job state: a job that is running but has not checkpointed for hours is a large loss waiting to happen. Periodically test that a checkpoint actually restores, and keep at least one older copy in case the newest is corrupt.',
      'zh-CN': '要针对检查点时效告警，而不只看作业状态：一个仍在运行却数小时未做检查点的作业，随时可能造成巨大损失。定期验证检查点确实能够恢复，并至少保留一份较早的副本，以防最新的一份损坏。',
    },
    related: ['checkpoint-interval', 'async-checkpoints', 'lost-work', 'rpo', 'elastic-training', 'drain'],
    sources: [SRC.torchDcp, SRC.llama3, SRC.checkFreq],
    keywords: ['checkpoint', 'restart from checkpoint', 'resume', 'DCP', 'optimizer state', 'snapshot', '检查点', '断点续训', '恢复'],
  },
  {
    id: 'checkpoint-interval',
    title: { en: 'Checkpoint interval (Young/Daly)', 'zh-CN': '检查点间隔（Young/Daly 公式）' },
    summary: {
      en: 'The checkpoint interval is the time between checkpoints. Young’s first-order optimum is τ ≈ √(2·δ·MTBF), where δ is the time to write one checkpoint and MTBF is the job’s mean time between failures; Daly refined it for cases where δ is not small compared with MTBF.',
      'zh-CN': '检查点间隔是两次检查点之间的时间。Young 给出的一阶最优值为 τ ≈ √(2·δ·MTBF)，其中 δ 为写一次检查点的耗时，MTBF 为作业的平均故障间隔时间；Daly 对 δ 相对 MTBF 不可忽略的情况做了修正。',
    },
    whyItMatters: {
      en: 'Checkpointing too often wastes time writing; too rarely wastes time redoing work after a failure. Job MTBF shrinks as the job grows, because any one of its GPUs or nodes can stop it, so large jobs need shorter intervals.',
      'zh-CN': '检查点太频繁，时间浪费在写入上；太稀疏，故障后又要浪费时间重算。作业规模越大，作业 MTBF 越短，因为其中任何一块 GPU 或一个节点出问题都会让它停下，所以大作业需要更短的间隔。',
    },
    whereInBulwark: {
      en: 'Workloads shows each job’s configured interval next to the Young/Daly suggestion computed from its size and the observed failure rate; Drills show how the interval changes the lost work.',
      'zh-CN': 'Workloads 页将每个作业配置的间隔与依据其规模和观测故障率计算出的 Young/Daly 建议值并列显示；Drills（演练）展示间隔不同时丢失的工作量如何变化。',
    },
    whatToDo: {
      en: 'Estimate δ from recent checkpoint durations and job MTBF from the failure history of comparable jobs, then set the interval near √(2·δ·MTBF). Revisit it when the job is resized or when async checkpointing lowers δ.',
      'zh-CN': '依据近期检查点耗时估算 δ，依据同类作业的故障历史估算作业 MTBF，然后把间隔设在 √(2·δ·MTBF) 附近。作业规模调整或异步检查点降低了 δ 后，要重新计算。',
    },
    related: ['checkpointing', 'async-checkpoints', 'mtbf-mttr', 'lost-work', 'goodput'],
    sources: [SRC.young, SRC.daly, SRC.checkFreq],
    table: CHECKPOINT_INTERVAL_TABLE,
    keywords: ['Young', 'Daly', 'optimal interval', 'sqrt(2 delta MTBF)', 'checkpoint frequency', '最优间隔', '检查点频率'],
  },
  {
    id: 'async-checkpoints',
    title: { en: 'Asynchronous checkpoints', 'zh-CN': '异步检查点' },
    summary: {
      en: 'An asynchronous checkpoint pauses training only long enough to copy state from GPU to host memory, then writes it to storage in the background while training continues. PyTorch provides this as distributed checkpoint async_save.',
      'zh-CN': '异步检查点只在把状态从 GPU 拷贝到主机内存时短暂暂停训练，随后在后台写入存储，训练同时继续。PyTorch 通过分布式检查点的 async_save 提供这一能力。',
    },
    whyItMatters: {
      en: 'It cuts the stall per checkpoint (δ) from minutes to seconds, which allows much more frequent checkpoints and less lost work. The catch is that a checkpoint is not safe until the background write has finished, and the host needs spare memory for the copy.',
      'zh-CN': '它把每次检查点造成的停顿（δ）从几分钟降到几秒，从而可以更频繁地保存检查点、减少丢失的工作量。代价是后台写入完成之前检查点并不安全，而且主机需要有空余内存存放副本。',
    },
    whereInBulwark: {
      en: 'Workloads distinguishes "checkpoint started" from "checkpoint durable"; checkpoint age and lost-work estimates count only durable checkpoints.',
      'zh-CN': 'Workloads 页区分“检查点已开始”与“检查点已持久化”；检查点时效和丢失工作量估算只计入已持久化的检查点。',
    },
    whatToDo: {
      en: 'Before a planned drain, wait for the in-flight checkpoint to become durable. Watch host memory on nodes running async checkpoints, and alert if background writes start to take longer than the checkpoint interval.',
      'zh-CN': '计划内 drain 之前，等待进行中的检查点完成持久化。关注运行异步检查点的节点的主机内存；若后台写入耗时开始超过检查点间隔，应发出告警。',
    },
    related: ['checkpointing', 'checkpoint-interval', 'lost-work', 'rpo'],
    sources: [SRC.torchAsyncDcp, SRC.torchDcp, SRC.checkFreq, SRC.gemini],
    keywords: ['async', 'async_save', 'background checkpoint', 'in-memory checkpoint', 'durable', '异步', '后台写入', '持久化'],
  },
  {
    id: 'lost-work',
    title: { en: 'Lost work', 'zh-CN': '丢失的工作量（lost work）' },
    summary: {
      en: 'Lost work is the progress thrown away by a failure: the training done since the last durable checkpoint, plus the time to detect the failure, reschedule and reload. It is measured in time and, multiplied by the job’s GPUs, in GPU-hours.',
      'zh-CN': '丢失的工作量是一次故障所浪费的进度：上一个已持久化检查点之后完成的训练，加上检测故障、重新调度和重新加载所花的时间。它以时间计量，乘以作业的 GPU 数即为 GPU 小时。',
    },
    whyItMatters: {
      en: 'On average a failure lands halfway through a checkpoint interval, so each one costs about half an interval plus the restart time, across every GPU in the job. It is the number that makes the cost of a drain or a missing checkpoint concrete.',
      'zh-CN': '平均而言，故障发生在一个检查点间隔的中点，因此每次故障约损失半个间隔再加上重启时间，且作业中每块 GPU 都要承担。这个数字让 drain 或缺失检查点的代价变得具体可见。',
    },
    whereInBulwark: {
      en: 'Workloads shows "lost if it fails now" per job; drain, cordon and fail-over previews sum it over every affected job; Drills report the total after each scenario.',
      'zh-CN': 'Workloads 页按作业显示“若此刻故障将丢失多少”；drain、cordon 和 fail over 预览汇总所有受影响作业的损失；Drills 在每个场景结束后报告总量。',
    },
    whatToDo: {
      en: 'Before a voluntary disruption, compare the lost work with the cost of waiting for the next checkpoint; usually waiting a few minutes is far cheaper. When lost work per failure is large, shorten the checkpoint interval or adopt async checkpoints.',
      'zh-CN': '在自愿性中断前，比较丢失的工作量与等待下一个检查点的代价；通常多等几分钟要划算得多。若每次故障损失过大，缩短检查点间隔或采用异步检查点。',
    },
    related: ['checkpointing', 'checkpoint-interval', 'rpo', 'goodput', 'blast-radius'],
    sources: [SRC.young, SRC.checkFreq, SRC.llama3],
    keywords: ['lost work', 'wasted GPU hours', 'GPU-hours', 'rollback', 'recompute', '丢失进度', '浪费', 'GPU 小时', '回滚'],
  },
  {
    id: 'rpo',
    title: { en: 'Recovery point objective (RPO)', 'zh-CN': '恢复点目标（RPO）' },
    summary: {
      en: 'RPO is the most data or progress you accept losing in a failure, expressed as time. For a training job it is the age of the last durable checkpoint you are willing to fall back to; for serving it covers model artefacts, configuration and any state such as session data.',
      'zh-CN': 'RPO 是一次故障中可接受丢失的数据或进度上限，以时间表示。对训练作业而言，它是你愿意回退到的最近持久化检查点的最大时效；对在线服务而言，它涵盖模型文件、配置以及会话数据等状态。',
    },
    whyItMatters: {
      en: 'RPO turns "checkpoint often" into a number that can be checked: a job whose checkpoint age exceeds its RPO is out of policy even if it is running fine.',
      'zh-CN': 'RPO 把“经常做检查点”变成可以检查的数字：检查点时效超过 RPO 的作业即使运行正常，也已违反策略。',
    },
    whereInBulwark: {
      en: 'Workloads compares each job’s checkpoint age with its RPO and flags violations; Drills score each scenario against the RPO.',
      'zh-CN': 'Workloads 页将每个作业的检查点时效与其 RPO 比较并标出违规项；Drills 按 RPO 为每个场景评分。',
    },
    whatToDo: {
      en: 'Set the checkpoint interval (plus write time) below the RPO, and for disaster scenarios make sure checkpoints are copied off-site at least that often. Investigate any job that stays over its RPO.',
      'zh-CN': '让检查点间隔（加上写入耗时）小于 RPO；针对灾难场景，确保检查点至少以同样频率复制到异地。对长时间超出 RPO 的作业进行排查。',
    },
    related: ['rto', 'checkpointing', 'lost-work', 'disaster-recovery', 'async-checkpoints'],
    sources: [SRC.awsDr, SRC.sreDisaster],
    keywords: ['RPO', 'recovery point objective', 'data loss', '恢复点目标', '数据丢失'],
  },
  {
    id: 'rto',
    title: { en: 'Recovery time objective (RTO)', 'zh-CN': '恢复时间目标（RTO）' },
    summary: {
      en: 'RTO is the longest acceptable time from a failure until the service or job is working again. For training it spans detection, rescheduling, pulling images, loading the checkpoint and warming up; for inference it is the time until traffic is served by healthy replicas.',
      'zh-CN': 'RTO 是从故障发生到服务或作业恢复正常所能接受的最长时间。对训练而言，它涵盖故障检测、重新调度、拉取镜像、加载检查点和预热；对推理而言，是流量被健康副本重新接住所需的时间。',
    },
    whyItMatters: {
      en: 'Default Kubernetes timings alone (about 50 s to mark a node NotReady plus 300 s before eviction) can exceed a tight RTO before any recovery starts. Every idle minute is multiplied by the number of GPUs waiting.',
      'zh-CN': '仅 Kubernetes 的默认时序（约 50 秒判定节点 NotReady，再加 300 秒才驱逐）就可能在恢复尚未开始前超出严格的 RTO。每一分钟的空等都要乘以等待中的 GPU 数量。',
    },
    whereInBulwark: {
      en: 'Drills measure the actual recovery time of each scenario against the RTO; fail over and restart-from-checkpoint actions show the expected time to recover.',
      'zh-CN': 'Drills 测量每个场景的实际恢复时间并与 RTO 对比；fail over 和从检查点重启操作会显示预计恢复时间。',
    },
    whatToDo: {
      en: 'Break recovery time into its parts in a drill and attack the largest: detection (health checks), eviction delay (tolerations), capacity (spare nodes), image pull (pre-pulled images) and checkpoint load (faster storage).',
      'zh-CN': '在演练中把恢复时间拆分成几部分，优先解决最大的一块：检测（健康检查）、驱逐延迟（容忍度）、容量（备用节点）、镜像拉取（预拉取）以及检查点加载（更快的存储）。',
    },
    related: ['rpo', 'mtbf-mttr', 'notready-eviction-timeout', 'headroom-n-plus-1', 'failure-detection', 'fault-injection-game-days'],
    sources: [SRC.awsDr, SRC.k8sTaints],
    keywords: ['RTO', 'recovery time objective', 'downtime', '恢复时间目标', '停机时间'],
  },
  {
    id: 'mtbf-mttr',
    title: { en: 'MTBF and MTTR', 'zh-CN': 'MTBF 与 MTTR' },
    summary: {
      en: 'MTBF (mean time between failures) is the average running time between failures; MTTR (mean time to repair or recover) is the average time to get back to service. Availability is about MTBF / (MTBF + MTTR).',
      'zh-CN': 'MTBF（平均故障间隔时间）是两次故障之间的平均运行时长；MTTR（平均修复/恢复时间）是恢复服务所需的平均时间。可用性约等于 MTBF / (MTBF + MTTR)。',
    },
    whyItMatters: {
      en: 'If failures are independent, a job’s MTBF is roughly a single component’s MTBF divided by the number of components, so it collapses at scale. Meta reported 419 unexpected interruptions in 54 days while training Llama 3 on 16,384 GPUs, about one every three hours.',
      'zh-CN': '若故障相互独立，作业的 MTBF 约等于单个部件的 MTBF 除以部件数量，因此规模一大就急剧下降。Meta 在 16,384 块 GPU 上训练 Llama 3 的 54 天里，遇到 419 次意外中断，约每三小时一次。',
    },
    whereInBulwark: {
      en: 'Overview shows the observed cluster failure rate and mean recovery time; Nodes keeps per-node failure history; the checkpoint-interval suggestion uses the job MTBF.',
      'zh-CN': 'Overview 显示观测到的集群故障率和平均恢复时间；Nodes 页保留每个节点的故障历史；检查点间隔建议值使用的就是作业 MTBF。',
    },
    whatToDo: {
      en: 'Since you cannot raise MTBF much at scale, cut MTTR: faster detection, automatic cordon and replacement, spare capacity and quick checkpoint restores. Track repeat offenders; nodes that fail far more often than the fleet should be pulled for repair.',
      'zh-CN': '规模化后很难显著提高 MTBF，就要缩短 MTTR：更快的检测、自动封锁与替换、备用容量以及快速的检查点恢复。跟踪“惯犯”节点，故障频率远高于集群平均水平的节点应下线维修。',
    },
    related: ['checkpoint-interval', 'rto', 'goodput', 'failure-detection', 'headroom-n-plus-1'],
    sources: [SRC.llama3, SRC.metaReliability, SRC.avizienis],
    keywords: ['MTBF', 'MTTR', 'failure rate', 'availability', 'reliability', '平均故障间隔', '平均修复时间', '可用性', '可靠性'],
  },
  {
    id: 'goodput',
    title: { en: 'Goodput', 'zh-CN': 'Goodput（有效产出）' },
    summary: {
      en: 'Goodput is the share of allocated GPU time that produces useful training progress. Time spent waiting for scheduling, restarting after failures, redoing lost work, stalling on checkpoints or idling behind stragglers all reduces it.',
      'zh-CN': 'Goodput 指已分配的 GPU 时间中真正产生有效训练进度的比例。等待调度、故障后重启、重算丢失的工作、检查点停顿以及被掉队者拖住而空等，都会降低它。',
    },
    whyItMatters: {
      en: 'Utilization can look high while goodput is poor, for example when a job keeps crashing and redoing the same steps. Goodput is the number that connects reliability work to cost; Meta reported over 90% effective training time for Llama 3 despite frequent interruptions.',
      'zh-CN': '利用率可能看起来很高，而 Goodput 却很差，比如作业不断崩溃、反复重算相同的步数。Goodput 把可靠性工作与成本联系起来；Meta 报告 Llama 3 训练尽管中断频繁，有效训练时间仍超过 90%。',
    },
    whereInBulwark: {
      en: 'Overview shows cluster goodput and the biggest sources of loss; Workloads breaks goodput down per job; Drills report goodput for each scenario.',
      'zh-CN': 'Overview 显示集群 Goodput 以及最大的损失来源；Workloads 页按作业分解 Goodput；Drills 报告每个场景的 Goodput。',
    },
    whatToDo: {
      en: 'Look at the largest loss category first: frequent restarts call for better health checks and checkpoints, long restarts for spare capacity and faster loading, and steady slowness for straggler hunting.',
      'zh-CN': '先看最大的损失类别：重启频繁，就改进健康检查和检查点；重启耗时长，就准备备用容量并加快加载；持续偏慢，就排查掉队者。',
    },
    related: ['lost-work', 'mtbf-mttr', 'stragglers', 'gpu-allocation-vs-utilization', 'checkpoint-interval'],
    sources: [SRC.goodput, SRC.llama3],
    keywords: ['goodput', 'effective training time', 'ML productivity', 'efficiency', '有效训练时间', '有效产出', '效率'],
  },
  {
    id: 'elastic-training',
    title: { en: 'Elastic training', 'zh-CN': '弹性训练' },
    summary: {
      en: 'Elastic training lets a job run with a varying number of workers between a minimum and a maximum, for example torchrun --nnodes=MIN:MAX. When membership changes, workers re-form the group (rendezvous) and resume from the latest checkpoint.',
      'zh-CN': '弹性训练允许作业在最小和最大工作节点数之间以可变规模运行，例如 torchrun --nnodes=MIN:MAX。成员变化时，工作进程重新组队（rendezvous），并从最新检查点继续。',
    },
    whyItMatters: {
      en: 'A job that can shrink keeps training when a node fails and no spare is free, instead of waiting for capacity. The data-parallel size and global batch may change, and tensor or pipeline sizes usually cannot, so only some jobs can shrink far.',
      'zh-CN': '能缩容的作业在节点故障且没有空闲备机时可以继续训练，而不必等待容量。数据并行规模和全局批大小可能随之变化，而张量并行和流水线并行的规模通常无法改变，所以只有部分作业能大幅缩容。',
    },
    whereInBulwark: {
      en: 'Workloads shows the current, minimum and maximum size of elastic jobs; the scale action resizes them within those bounds, and fail over can restart them smaller when capacity is short.',
      'zh-CN': 'Workloads 页显示弹性作业的当前、最小和最大规模；scale 操作可在此范围内调整规模，容量不足时 fail over 也可以较小规模重启作业。',
    },
    whatToDo: {
      en: 'Confirm the job adjusts learning rate or gradient accumulation when its size changes, otherwise shrinking changes the training. Prefer shrinking by whole data-parallel replicas, and grow back once repaired nodes return.',
      'zh-CN': '确认作业在规模变化时会相应调整学习率或梯度累积，否则缩容会改变训练行为。优先以完整的数据并行副本为单位缩容，修复后的节点回归后再扩回原规模。',
    },
    related: ['data-parallelism', 'checkpointing', 'gang-scheduling', 'headroom-n-plus-1', 'autoscaling'],
    sources: [SRC.torchrun, SRC.torchDistributed],
    keywords: ['elastic', 'torchrun', 'rendezvous', 'nnodes', 'resize', 'shrink', '弹性', '缩容', '扩容'],
  },
]);
