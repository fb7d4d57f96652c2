import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const parallelismExplainers = defineExplainers([
  {
    id: 'data-parallelism',
    title: { en: 'Data parallelism', 'zh-CN': '数据并行' },
    summary: {
      en: 'In data parallelism every worker holds a copy of the model (or, with FSDP or ZeRO, a shard of it), processes a different slice of each batch, and the workers average their gradients with an all-reduce every step.',
      'zh-CN': '数据并行中，每个工作进程持有一份模型副本（使用 FSDP 或 ZeRO 时则持有其分片），各自处理每个批次中不同的数据切片，并在每一步通过 all-reduce 对梯度求平均。',
    },
    whyItMatters: {
      en: 'It is the simplest way to use more GPUs, and the outermost layer of almost every large job. Because every step waits for all replicas, one failed or slow worker stops or slows the entire job.',
      'zh-CN': '这是利用更多 GPU 最简单的方式，也是几乎所有大型作业的最外层并行。由于每一步都要等待所有副本，任何一个工作进程失败或变慢，都会让整个作业停下或变慢。',
    },
    whereInBulwark: {
      en: 'Workloads shows each training job’s data-parallel size alongside its tensor and pipeline sizes; the GPU map groups a job’s GPUs by replica.',
      'zh-CN': 'Workloads 页显示每个训练作业的数据并行规模，以及张量并行和流水线并行规模；GPU map 按副本对作业的 GPU 分组显示。',
    },
    whatToDo: {
      en: 'When a node fails, the whole job must restart from its checkpoint, or shrink by whole data-parallel replicas if it is elastic. Watch for stragglers, since every replica waits for the slowest one.',
      'zh-CN': '节点故障时，整个作业必须从检查点重启；若作业支持弹性，也可以按完整的数据并行副本缩容。注意掉队者，因为每个副本都要等最慢的那个。',
    },
    related: ['model-parallelism', 'allreduce-vs-parameter-server', 'elastic-training', 'stragglers', 'nccl-hangs'],
    sources: [SRC.torchDdp, SRC.torchFsdp, SRC.zero],
    keywords: ['data parallel', 'DDP', 'FSDP', 'ZeRO', 'replica', 'gradient', '数据并行', '梯度同步'],
  },
  {
    id: 'model-parallelism',
    title: { en: 'Model parallelism', 'zh-CN': '模型并行' },
    summary: {
      en: 'Model parallelism splits one copy of the model across several GPUs because it does not fit, or does not run fast enough, on one. Its main forms are tensor parallelism (within layers) and pipeline parallelism (across layers); expert parallelism splits mixture-of-experts layers.',
      'zh-CN': '模型并行把一份模型拆分到多块 GPU 上，因为单块 GPU 装不下或跑得不够快。主要形式有张量并行（层内切分）和流水线并行（跨层切分）；专家并行则用于切分混合专家（MoE）层。',
    },
    whyItMatters: {
      en: 'Model-parallel groups are tightly coupled and sized to the hardware, so losing one GPU breaks its group, and the group sizes fix how a job can be placed, shrunk or restarted.',
      'zh-CN': '模型并行组之间耦合紧密，且规模与硬件绑定：失去一块 GPU 就会破坏其所在的组，而组的大小决定了作业如何放置、缩容或重启。',
    },
    whereInBulwark: {
      en: 'Workloads shows the parallelism layout of each training job; the GPU map outlines model-parallel groups so you can see which GPUs depend on each other.',
      'zh-CN': 'Workloads 页显示每个训练作业的并行布局；GPU map 勾勒出模型并行组，让你看到哪些 GPU 相互依赖。',
    },
    whatToDo: {
      en: 'Restart model-parallel jobs on the same shape of hardware (GPUs per node, interconnect), or reshard the checkpoint first. Keep spare whole nodes, because a partial node cannot host a tensor-parallel group.',
      'zh-CN': '模型并行作业应在相同规格的硬件（每节点 GPU 数、互连）上重启，否则需要先对检查点重新分片。保留备用整机，因为不完整的节点无法承载一个张量并行组。',
    },
    related: ['tensor-parallelism', 'pipeline-parallelism', 'data-parallelism', 'topology-aware-scheduling', 'headroom-n-plus-1'],
    sources: [SRC.megatron, SRC.megatron2],
    keywords: ['model parallel', 'sharding', 'mixture of experts', 'MoE', 'expert parallel', '模型并行', '专家并行', '切分'],
  },
  {
    id: 'pipeline-parallelism',
    title: { en: 'Pipeline parallelism', 'zh-CN': '流水线并行' },
    summary: {
      en: 'Pipeline parallelism places consecutive groups of layers (stages) on different GPUs and streams micro-batches through them, so stages work on different micro-batches at once. Idle time while the pipeline fills and drains is called the bubble.',
      'zh-CN': '流水线并行把连续的若干层（即阶段，stage）放到不同 GPU 上，并让微批次依次流过，使各阶段同时处理不同的微批次。流水线在填充和排空时产生的空闲时间称为气泡（bubble）。',
    },
    whyItMatters: {
      en: 'Stages exchange only activations between neighbours, so pipelines can span nodes over the network. A slow or failed stage stalls every stage behind it.',
      'zh-CN': '各阶段只在相邻阶段之间交换激活值，因此流水线可以通过网络跨节点部署。但任何一个阶段变慢或失败，都会让其后所有阶段停下。',
    },
    whereInBulwark: {
      en: 'Workloads shows the pipeline depth of each job; the GPU map can colour GPUs by pipeline stage.',
      'zh-CN': 'Workloads 页显示每个作业的流水线深度；GPU map 可按流水线阶段为 GPU 着色。',
    },
    whatToDo: {
      en: 'When one stage’s GPUs are throttled or erroring, the whole job slows down: treat it like a straggler and move the job off that node. Pipeline depth is fixed in the checkpoint layout, so plan replacement capacity accordingly.',
      'zh-CN': '某一阶段的 GPU 降频或报错时，整个作业都会变慢：按掉队者处理，把作业迁离该节点。流水线深度固定在检查点布局中，请据此规划替换容量。',
    },
    related: ['model-parallelism', 'tensor-parallelism', 'stragglers', 'data-parallelism'],
    sources: [SRC.gpipe, SRC.megatron2],
    keywords: ['pipeline', 'stage', 'micro-batch', 'bubble', '1F1B', 'GPipe', '流水线', '微批次', '气泡'],
  },
  {
    id: 'tensor-parallelism',
    title: { en: 'Tensor parallelism', 'zh-CN': '张量并行' },
    summary: {
      en: 'Tensor parallelism splits the matrices inside each layer across GPUs, which then exchange partial results with collectives several times per layer, as in Megatron-LM.',
      'zh-CN': '张量并行把每层内部的矩阵切分到多块 GPU 上，各 GPU 在每层中需要多次通过集合通信交换部分结果，Megatron-LM 即采用这种方式。',
    },
    whyItMatters: {
      en: 'That traffic is heavy and latency-sensitive, so tensor-parallel groups are normally kept inside one NVLink domain, typically one node. A degraded NVLink or one bad GPU in the group slows or stops the whole job.',
      'zh-CN': '这类通信量大且对延迟敏感，因此张量并行组通常限制在一个 NVLink 域内，一般就是一个节点。组内任一 NVLink 降级或某块 GPU 出问题，都会拖慢或中断整个作业。',
    },
    whereInBulwark: {
      en: 'The GPU map outlines tensor-parallel groups within each node; NVLink errors on any GPU of a group mark the whole group as at risk.',
      'zh-CN': 'GPU map 在每个节点内勾勒出张量并行组；组内任一 GPU 出现 NVLink 错误时，整个组都会被标记为有风险。',
    },
    whatToDo: {
      en: 'Do not run a tensor-parallel job on a node with a known NVLink problem, and do not split a tensor-parallel group across nodes to work around a missing GPU. Replace the whole node instead.',
      'zh-CN': '不要在已知存在 NVLink 问题的节点上运行张量并行作业，也不要为了绕开缺失的 GPU 而把一个张量并行组拆到多个节点上，而应替换整个节点。',
    },
    related: ['model-parallelism', 'nvlink-errors', 'pipeline-parallelism', 'topology-aware-scheduling'],
    sources: [SRC.megatron, SRC.megatron2],
    keywords: ['tensor parallel', 'TP', 'Megatron', 'intra-layer', 'NVLink domain', '张量并行', '层内并行'],
  },
  {
    id: 'allreduce-vs-parameter-server',
    title: { en: 'All-reduce vs. parameter server', 'zh-CN': 'All-reduce 与参数服务器' },
    summary: {
      en: 'With a parameter server, workers push gradients to central servers and pull updated weights back. With all-reduce (ring or tree, as in NCCL), workers combine gradients among themselves, with no central node and bandwidth spread evenly.',
      'zh-CN': '参数服务器模式下，工作进程把梯度推送到中心服务器，再拉回更新后的权重。all-reduce 模式（如 NCCL 中的环形或树形算法）则由工作进程彼此之间合并梯度，没有中心节点，带宽负载均匀分布。',
    },
    whyItMatters: {
      en: 'Large GPU training almost always uses collectives such as all-reduce, which are fast but need every rank present: one missing rank blocks the step. Parameter servers tolerate slow or lost workers more easily, but the servers can become bottlenecks.',
      'zh-CN': '大规模 GPU 训练几乎都使用 all-reduce 这类集合通信，速度快，但要求所有 rank 都在场：缺一个 rank，这一步就会阻塞。参数服务器更能容忍变慢或丢失的工作进程，但服务器本身可能成为瓶颈。',
    },
    whereInBulwark: {
      en: 'Workloads shows each job’s communication style; for collective-based jobs, a failed pod marks the whole job as blocked rather than degraded.',
      'zh-CN': 'Workloads 页显示每个作业的通信方式；对于基于集合通信的作业，任一 Pod 失败都会把整个作业标记为阻塞，而不是降级。',
    },
    whatToDo: {
      en: 'For all-reduce jobs, treat any lost rank as a job failure: restart from checkpoint quickly rather than waiting for it to come back. For parameter-server jobs, check the server pods first when throughput drops.',
      'zh-CN': '对 all-reduce 作业，丢失任何一个 rank 都应视为作业失败：尽快从检查点重启，而不是等它恢复。对参数服务器作业，吞吐下降时先检查服务器 Pod。',
    },
    related: ['data-parallelism', 'nccl-hangs', 'stragglers', 'elastic-training'],
    sources: [SRC.paramServer, SRC.horovod, SRC.ncclEnv],
    keywords: ['allreduce', 'all-reduce', 'parameter server', 'ring', 'tree', 'NCCL', 'collective', '参数服务器', '集合通信', '环形'],
  },
  {
    id: 'nccl-hangs',
    title: { en: 'NCCL hangs', 'zh-CN': 'NCCL 挂起（hang）' },
    summary: {
      en: 'A NCCL hang happens when a collective operation never completes, usually because one rank died, stalled or is waiting on a different operation. The other ranks wait with GPUs spinning, until the PyTorch watchdog timeout (10 minutes by default for NCCL) aborts the job.',
      'zh-CN': 'NCCL 挂起是指某个集合通信操作一直无法完成，通常是因为某个 rank 已退出、卡住或在等待另一个操作。其余 rank 的 GPU 会空转等待，直到 PyTorch 看门狗超时（NCCL 默认 10 分钟）中止作业。',
    },
    whyItMatters: {
      en: 'A hung job looks healthy: pods are Running and GPU utilization can read near 100%, yet no progress is made. Every minute of the timeout is lost on every GPU of the job.',
      'zh-CN': '挂起的作业看起来一切正常：Pod 处于 Running，GPU 利用率甚至接近 100%，但训练毫无进展。超时期间的每一分钟，都在作业的每块 GPU 上白白浪费。',
    },
    whereInBulwark: {
      en: 'Workloads flags jobs whose step counter has stopped while their GPUs stay busy; the GPU map highlights the ranks that differ, such as the one GPU that is idle or lost.',
      'zh-CN': 'Workloads 页会标记步数停止增长而 GPU 仍然繁忙的作业；GPU map 会高亮与众不同的 rank，例如唯一空闲或丢失的那块 GPU。',
    },
    whatToDo: {
      en: 'Look for the odd rank out: a node that is NotReady, a GPU with an XID, a rank with a different stack. Cordon its node and restart from checkpoint. For diagnosis, NCCL_DEBUG=INFO and the PyTorch flight recorder show which collective each rank was in.',
      'zh-CN': '找出与众不同的那个 rank：处于 NotReady 的节点、出现 XID 的 GPU，或调用栈与其他 rank 不同的进程。cordon 其所在节点并从检查点重启。排查时，NCCL_DEBUG=INFO 和 PyTorch flight recorder 能显示各 rank 卡在哪个集合操作上。',
    },
    related: ['allreduce-vs-parameter-server', 'failure-detection', 'gpu-allocation-vs-utilization', 'stragglers', 'nvlink-errors', 'xid-errors'],
    sources: [SRC.ncclTroubleshooting, SRC.ncclEnv, SRC.torchDistributed],
    keywords: ['NCCL', 'hang', 'timeout', 'watchdog', 'collective', 'NCCL_DEBUG', 'flight recorder', 'stuck', '挂起', '卡死', '超时'],
  },
]);
