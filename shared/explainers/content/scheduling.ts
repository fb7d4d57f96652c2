import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const schedulingExplainers = defineExplainers([
  {
    id: 'gang-scheduling',
    title: { en: 'Gang scheduling', 'zh-CN': '成组调度（gang scheduling）' },
    summary: {
      en: 'Gang scheduling places all pods of a job at once or none of them. The default kube-scheduler places pods one by one, so add-ons such as Kueue, Volcano or the coscheduling plugin provide all-or-nothing admission for distributed training.',
      'zh-CN': '成组调度要求一个作业的所有 Pod 要么同时调度成功，要么一个都不调度。默认的 kube-scheduler 逐个调度 Pod，因此分布式训练需要借助 Kueue、Volcano 或 coscheduling 插件等组件实现“全有或全无”的准入。',
    },
    whyItMatters: {
      en: 'A training job with half its pods running does no work but holds their GPUs. Two such partial jobs can block each other indefinitely, leaving a cluster full but idle.',
      'zh-CN': '只有一半 Pod 在运行的训练作业无法做任何事，却占着这些 GPU。两个这样的“半截”作业还可能相互阻塞、无限期等待，导致集群被占满却处于空闲。',
    },
    whereInBulwark: {
      en: 'Workloads shows pods placed versus pods required for each job, and flags partially placed jobs; Events shows the scheduler’s reasons.',
      'zh-CN': 'Workloads 页显示每个作业已放置与所需的 Pod 数，并标记只放置了一部分的作业；Events 页显示调度器给出的原因。',
    },
    whatToDo: {
      en: 'If a job sits partially placed, free capacity for the rest or release the placed pods so others can run. After draining or cordoning, check that restarting jobs can still be placed whole; otherwise they will wait indefinitely.',
      'zh-CN': '若作业长时间只放置了一部分，要么为剩余部分腾出容量，要么释放已放置的 Pod 让其他作业运行。cordon 或 drain 之后，检查重启中的作业是否仍能整体放下，否则它们会无限期等待。',
    },
    related: ['quotas', 'priority-preemption', 'topology-aware-scheduling', 'headroom-n-plus-1', 'elastic-training'],
    sources: [SRC.kueue, SRC.volcano, SRC.coscheduling],
    keywords: ['gang', 'coscheduling', 'all-or-nothing', 'PodGroup', 'Kueue', 'Volcano', 'Pending', '成组调度', '全有或全无'],
  },
  {
    id: 'priority-preemption',
    title: { en: 'Priority and preemption', 'zh-CN': '优先级与抢占' },
    summary: {
      en: 'A PriorityClass gives pods a priority; when a high-priority pod cannot be placed, the scheduler may preempt (evict) lower-priority pods to make room. PodDisruptionBudgets are respected only on a best-effort basis, and preemptionPolicy: Never opts a class out of preempting others.',
      'zh-CN': 'PriorityClass 为 Pod 赋予优先级；高优先级 Pod 无法调度时，调度器可能抢占（驱逐）低优先级 Pod 来腾出空间。抢占时对 PodDisruptionBudget 的遵守只是尽力而为；设置 preemptionPolicy: Never 的优先级类不会抢占其他 Pod。',
    },
    whyItMatters: {
      en: 'Priorities let production inference and urgent jobs reclaim GPUs from research and batch work. Preempting a training job costs all its work since the last checkpoint, and with gang jobs, evicting one pod halts the whole job.',
      'zh-CN': '优先级让生产推理和紧急作业能够从研究和批处理任务手中收回 GPU。抢占一个训练作业会损失其上个检查点以来的全部进度；对于成组作业，驱逐其中一个 Pod 就会让整个作业停下。',
    },
    whereInBulwark: {
      en: 'Workloads shows each workload’s priority class; Events records preemptions; the scale and fail-over previews warn which lower-priority jobs would be preempted.',
      'zh-CN': 'Workloads 页显示每个工作负载的优先级类；Events 页记录抢占事件；scale 和 fail over 预览会提示哪些低优先级作业将被抢占。',
    },
    whatToDo: {
      en: 'Keep few priority levels with clear meaning. Make sure preemptible training jobs checkpoint often and handle SIGTERM with a final checkpoint; if a job keeps being preempted, give it a reserved quota instead of raising its priority.',
      'zh-CN': '优先级层级要少且含义明确。确保可被抢占的训练作业频繁保存检查点，并在收到 SIGTERM 时做最后一次检查点；若某作业总被抢占，应为其预留配额，而不是提高它的优先级。',
    },
    related: ['quotas', 'gang-scheduling', 'lost-work', 'headroom-n-plus-1', 'checkpointing'],
    sources: [SRC.k8sPriority, SRC.kueue],
    keywords: ['priority', 'PriorityClass', 'preemption', 'preempt', 'preemptionPolicy', '优先级', '抢占'],
  },
  {
    id: 'quotas',
    title: { en: 'GPU quotas', 'zh-CN': 'GPU 配额' },
    summary: {
      en: 'A ResourceQuota caps what a namespace may request, for GPUs as requests.nvidia.com/gpu (extended resources only support the requests. prefix). Queueing systems such as Kueue add per-team quotas that can lend unused GPUs to other teams and take them back.',
      'zh-CN': 'ResourceQuota 限制命名空间可申请的资源总量，GPU 配额写作 requests.nvidia.com/gpu（扩展资源只支持 requests. 前缀）。Kueue 等排队系统提供按团队划分的配额，可以把闲置 GPU 借给其他团队并在需要时收回。',
    },
    whyItMatters: {
      en: 'Quotas keep one team from taking the whole cluster, but they also decide whether a restarted job can be placed at all: if the quota is used up, the restart waits even when GPUs are free.',
      'zh-CN': '配额能防止单个团队占满整个集群，但也决定了重启的作业能否被放置：配额用完时，即使有空闲 GPU，重启也只能等待。',
    },
    whereInBulwark: {
      en: 'Overview and Workloads show GPU quota used versus allowed per namespace or queue; the fail-over preview checks quota on the target.',
      'zh-CN': 'Overview 和 Workloads 页按命名空间或队列显示 GPU 配额的已用量与上限；fail over 预览会检查目标端的配额。',
    },
    whatToDo: {
      en: 'When a job is Pending with GPUs free, check quota before anything else; FailedScheduling or queue events name the limit. Leave room in critical teams’ quotas for a restart during recovery.',
      'zh-CN': '作业处于 Pending 而 GPU 有空闲时，先检查配额；FailedScheduling 或队列事件会指出是哪个限制。为关键团队的配额留出余量，以便故障恢复时能够重启作业。',
    },
    related: ['priority-preemption', 'gang-scheduling', 'isolation', 'gpu-allocation-vs-utilization', 'headroom-n-plus-1'],
    sources: [SRC.k8sQuota, SRC.kueue],
    keywords: ['quota', 'ResourceQuota', 'requests.nvidia.com/gpu', 'ClusterQueue', 'borrowing', 'cohort', '配额', '资源配额', '队列'],
  },
  {
    id: 'topology-aware-scheduling',
    title: { en: 'Topology-aware scheduling', 'zh-CN': '拓扑感知调度' },
    summary: {
      en: 'Topology-aware scheduling places a job’s pods according to the network and interconnect layout: tensor-parallel groups within one NVLink domain, and the rest of the job within as few racks or network blocks as possible. Kueue and other schedulers read this layout from node labels.',
      'zh-CN': '拓扑感知调度根据网络与互连布局放置作业的 Pod：张量并行组放在同一个 NVLink 域内，作业的其余部分尽量集中在少数机柜或网络块中。Kueue 等调度器通过节点标签获取这一布局。',
    },
    whyItMatters: {
      en: 'The same job can run noticeably slower when spread across distant racks. After a failure, the replacement node should be topologically close to the rest of the job, which is why spare capacity has to be placed thoughtfully.',
      'zh-CN': '同一个作业分散在相距较远的机柜上时，可能明显变慢。故障后，替换节点应在拓扑上靠近作业的其余部分，因此备用容量的位置需要精心规划。',
    },
    whereInBulwark: {
      en: 'The GPU map can be grouped by rack and network block so you can see how compact each job is; the fail-over preview shows where replacements would land.',
      'zh-CN': 'GPU map 可按机柜和网络块分组，直观看到每个作业的紧凑程度；fail over 预览会显示替换节点将落在何处。',
    },
    whatToDo: {
      en: 'Keep topology labels on nodes accurate, since schedulers trust them. When choosing a replacement node by hand, prefer one in the same rack or block as the job’s other nodes.',
      'zh-CN': '保持节点上的拓扑标签准确，因为调度器完全信任它们。手动选择替换节点时，优先选择与作业其他节点同一机柜或同一网络块的节点。',
    },
    related: ['failure-domains', 'tensor-parallelism', 'gang-scheduling', 'headroom-n-plus-1'],
    sources: [SRC.kueueTas, SRC.k8sLabels],
    keywords: ['topology', 'rack', 'NVLink domain', 'network block', 'locality', 'placement', '拓扑', '亲和性', '放置'],
  },
  {
    id: 'autoscaling',
    title: { en: 'Autoscaling', 'zh-CN': '自动扩缩容' },
    summary: {
      en: 'Autoscaling adjusts capacity to demand: the Horizontal Pod Autoscaler changes replica counts from metrics, and node autoscalers such as Cluster Autoscaler or Karpenter add and remove nodes when pods cannot be placed or nodes sit empty.',
      'zh-CN': '自动扩缩容根据需求调整容量：Horizontal Pod Autoscaler（HPA）依据指标调整副本数，Cluster Autoscaler 或 Karpenter 等节点自动扩缩器则在 Pod 无法调度或节点空闲时增删节点。',
    },
    whyItMatters: {
      en: 'GPU capacity is slow to add: a node must boot, load drivers and pull large images, and the model must load before a replica is ready. Scaling on request latency or queue depth after overload begins is often too late for inference.',
      'zh-CN': 'GPU 容量增加得很慢：节点要启动、加载驱动、拉取大镜像，模型加载完毕后副本才能就绪。对推理服务来说，等到过载后再按请求延迟或队列深度扩容，往往为时已晚。',
    },
    whereInBulwark: {
      en: 'Workloads shows current, desired and maximum replicas for services; "scale" is an action on a service or elastic job, with a preview of the GPUs it needs and whether they are free.',
      'zh-CN': 'Workloads 页显示服务的当前、期望和最大副本数；“scale（扩缩容）”是服务或弹性作业上的操作，其预览会显示所需 GPU 数以及是否有空闲。',
    },
    whatToDo: {
      en: 'Scale inference on a leading signal (queue depth, in-flight requests, KV-cache use) with a floor of warm replicas; pre-pull images and cache weights on nodes. Check that scale-down respects PDBs and does not remove the headroom you rely on for failures.',
      'zh-CN': '推理服务应依据领先信号（队列深度、在途请求数、KV 缓存占用）扩缩容，并保留最少数量的预热副本；在节点上预拉取镜像并缓存权重。确认缩容遵守 PDB，且不会削掉故障时所依赖的余量。',
    },
    related: ['headroom-n-plus-1', 'inference-latency-slo', 'kv-cache', 'pod-disruption-budget', 'elastic-training'],
    sources: [SRC.k8sHpa, SRC.k8sClusterAutoscaling, SRC.clusterAutoscaler],
    keywords: ['autoscaling', 'HPA', 'Cluster Autoscaler', 'Karpenter', 'KEDA', 'scale', 'replicas', 'cold start', '自动扩缩容', '扩容', '缩容', '冷启动'],
  },
]);
