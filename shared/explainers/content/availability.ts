import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const availabilityExplainers = defineExplainers([
  {
    id: 'redundancy',
    title: { en: 'Redundancy', 'zh-CN': '冗余' },
    summary: {
      en: 'Redundancy means having more components than the minimum needed, so one can fail without an outage: extra inference replicas, spare GPU nodes, replicated storage and multiple network paths.',
      'zh-CN': '冗余是指部署多于最低需求的组件，使其中一个失效时不致中断服务：额外的推理副本、备用 GPU 节点、多副本存储以及多条网络路径。',
    },
    whyItMatters: {
      en: 'GPUs are expensive, so redundancy is a trade-off you should make on purpose. Inference usually gets redundant replicas; training usually relies on checkpoints plus spare nodes rather than duplicate jobs.',
      'zh-CN': 'GPU 价格昂贵，冗余是需要有意权衡的取舍。推理服务通常采用冗余副本；训练则通常依靠检查点加备用节点，而不是重复运行作业。',
    },
    whereInBulwark: {
      en: 'Workloads shows replicas per failure domain for services; Overview shows spare GPU nodes; the fail-over action uses whatever redundancy exists.',
      'zh-CN': 'Workloads 页显示服务在每个故障域中的副本数；Overview 显示备用 GPU 节点；fail over 操作依赖现有的冗余。',
    },
    whatToDo: {
      en: 'Check that redundant copies do not share a failure domain: two replicas on one node or in one rack are not redundant. Verify with a drill that the spare actually takes over.',
      'zh-CN': '检查冗余副本是否共享同一故障域：同一节点或同一机柜上的两个副本并不构成冗余。通过演练验证备份确实能够接管。',
    },
    related: ['failure-domains', 'headroom-n-plus-1', 'failover-active-passive-active-active', 'pod-disruption-budget', 'retries-error-masking'],
    sources: [SRC.avizienis, SRC.k8sTopologySpread],
    keywords: ['redundancy', 'replica', 'spare', 'single point of failure', 'SPOF', '冗余', '副本', '单点故障', '备用'],
  },
  {
    id: 'failure-detection',
    title: { en: 'Failure detection', 'zh-CN': '故障检测' },
    summary: {
      en: 'Failure detection is how the system learns something broke: kubelet heartbeats and node conditions, DCGM health watches and XIDs, container probes, NCCL and PyTorch watchdog timeouts, and training-progress heartbeats.',
      'zh-CN': '故障检测是系统得知故障发生的途径：kubelet 心跳与节点状况、DCGM 健康监测与 XID、容器探针、NCCL 与 PyTorch 的看门狗超时，以及训练进度心跳。',
    },
    whyItMatters: {
      en: 'Detection time is often the largest part of recovery time: a hung collective may wait for the whole watchdog timeout before anything reacts. Detecting too eagerly causes false alarms and needless restarts, so thresholds are a trade-off.',
      'zh-CN': '检测时间往往是恢复时间中最大的一块：挂起的集合通信可能要等整个看门狗超时结束才有反应。检测过于激进又会造成误报和不必要的重启，因此阈值需要权衡。',
    },
    whereInBulwark: {
      en: 'Events shows when each failure was first detected and by which signal; Drills measure detection time separately from recovery time.',
      'zh-CN': 'Events 页显示每个故障最早由哪个信号、在何时检测到；Drills 将检测时间与恢复时间分开计量。',
    },
    whatToDo: {
      en: 'Combine signals: a node that is Ready but whose job has not advanced a step in minutes is failing. Alert on missing progress, not just on errors, and check the data age so that a dead exporter is not read as "all healthy".',
      'zh-CN': '综合多个信号：节点显示 Ready，但其上作业几分钟没有前进一步，说明已经出了问题。不仅要对错误告警，也要对“没有进展”告警；同时检查数据时效，免得把失效的 exporter 误读为“一切正常”。',
    },
    related: ['node-conditions', 'nccl-hangs', 'gpu-health', 'readiness-liveness-probes', 'data-age', 'rto'],
    sources: [SRC.k8sNodes, SRC.dcgmOverview, SRC.torchDistributed, SRC.sreMonitoring],
    keywords: ['detection', 'heartbeat', 'watchdog', 'timeout', 'health check', 'alert', '检测', '心跳', '看门狗', '告警'],
  },
  {
    id: 'isolation',
    title: { en: 'Isolation', 'zh-CN': '隔离' },
    summary: {
      en: 'Isolation keeps a fault or a noisy tenant from spreading: separate node pools for training and inference, namespaces with quotas, taints for dedicated hardware, MIG partitions, and cell or bulkhead designs for services.',
      'zh-CN': '隔离用于防止故障或“吵闹的邻居”扩散：训练与推理使用不同节点池、带配额的命名空间、为专用硬件设置污点、MIG 分区，以及服务的单元化（bulkhead）设计。',
    },
    whyItMatters: {
      en: 'Without isolation a training job can starve production inference of GPUs, a runaway job can fill shared storage, and one bad rollout can reach every replica at once.',
      'zh-CN': '缺少隔离时，训练作业可能抢光生产推理所需的 GPU，失控的作业可能写满共享存储，一次错误的发布也可能同时波及所有副本。',
    },
    whereInBulwark: {
      en: 'The GPU map can be grouped by node pool and namespace; Workloads shows which pool and quota each job uses; the taint action quarantines single nodes.',
      'zh-CN': 'GPU map 可按节点池和命名空间分组；Workloads 页显示每个作业使用的节点池和配额；taint 操作可隔离单个节点。',
    },
    whatToDo: {
      en: 'Quarantine suspect hardware with a taint rather than leaving it in the general pool. Keep serving and training on separate pools or guarded by priority and quota, and roll changes out to one cell or zone at a time.',
      'zh-CN': '用污点隔离可疑硬件，而不是把它留在通用资源池里。让推理与训练使用不同节点池，或用优先级和配额加以保护；变更按单元或可用区逐个发布。',
    },
    related: ['taints-tolerations', 'quotas', 'mig-partitioning', 'failure-domains', 'blast-radius', 'priority-preemption'],
    sources: [SRC.awsBulkheads, SRC.k8sTaints, SRC.mig],
    keywords: ['isolation', 'bulkhead', 'cell', 'node pool', 'noisy neighbor', 'quarantine', '隔离', '舱壁', '节点池'],
  },
  {
    id: 'retries-error-masking',
    title: { en: 'Retries and error masking', 'zh-CN': '重试与错误掩盖' },
    summary: {
      en: 'Retries hide transient faults by trying again; restart policies and job backoff limits do the same for crashed pods. Used well they mask errors from users; used blindly they hide a failing component and multiply load.',
      'zh-CN': '重试通过再次尝试来掩盖瞬时故障；重启策略和作业的 backoffLimit 对崩溃的 Pod 起同样作用。用得好，可以对用户屏蔽错误；用得盲目，则会掩盖失效的组件并成倍放大负载。',
    },
    whyItMatters: {
      en: 'A training job that auto-restarts may land on the same bad node again and again, each time losing work while looking "Running". Unbounded client retries against an overloaded inference service can turn a slowdown into an outage.',
      'zh-CN': '自动重启的训练作业可能一次又一次落到同一个坏节点上，每次都损失进度，表面上却一直显示“Running”。对过载的推理服务无限制地重试，可能把一次变慢演变成全面故障。',
    },
    whereInBulwark: {
      en: 'Workloads shows restart counts and the nodes each restart landed on; Events groups repeated failures so a masked problem stands out.',
      'zh-CN': 'Workloads 页显示重启次数以及每次重启所在的节点；Events 页会把重复出现的故障归并显示，使被掩盖的问题一目了然。',
    },
    whatToDo: {
      en: 'Treat a rising restart count as an incident: find the common node or GPU and cordon it. Make sure clients use exponential backoff with jitter and a retry budget, and that job backoff limits are finite.',
      'zh-CN': '把不断上升的重启次数当作事故处理：找出共同的节点或 GPU 并将其 cordon。确保客户端使用带随机抖动的指数退避和重试预算，并为作业设置有限的 backoffLimit。',
    },
    related: ['failure-detection', 'redundancy', 'eviction-api', 'inference-latency-slo', 'cordon'],
    sources: [SRC.awsRetries, SRC.sreCascading, SRC.k8sJob],
    keywords: ['retry', 'backoff', 'jitter', 'backoffLimit', 'restartPolicy', 'CrashLoopBackOff', 'masking', '重试', '退避', '掩盖', '重启次数'],
  },
  {
    id: 'failure-domains',
    title: { en: 'Failure domains', 'zh-CN': '故障域' },
    summary: {
      en: 'A failure domain is a set of resources that can fail together: a GPU, a node, an NVLink or NVSwitch domain, a rack and its top-of-rack switch or power feed, a zone. Kubernetes exposes some as node labels such as topology.kubernetes.io/zone.',
      'zh-CN': '故障域是可能一起失效的一组资源：一块 GPU、一个节点、一个 NVLink 或 NVSwitch 域、一个机柜及其柜顶交换机或供电线路、一个可用区。Kubernetes 把其中一部分暴露为节点标签，如 topology.kubernetes.io/zone。',
    },
    whyItMatters: {
      en: 'Replicas in the same domain fail together, so serving should spread across domains. Training pulls the other way: it wants its ranks close together for bandwidth, which concentrates risk in one rack or network spine.',
      'zh-CN': '位于同一故障域的副本会一起失效，因此推理服务应跨域分布。训练则恰恰相反：为了带宽，它希望各 rank 靠得越近越好，这会把风险集中在一个机柜或一个网络汇聚层上。',
    },
    whereInBulwark: {
      en: 'The GPU map can be grouped by zone and rack; Workloads shows how each service’s replicas are spread; fail over picks targets in a different domain.',
      'zh-CN': 'GPU map 可按可用区和机柜分组；Workloads 页显示每个服务的副本分布；fail over 会在不同的故障域中选择目标。',
    },
    whatToDo: {
      en: 'Use topology spread constraints for inference so no single rack or zone holds a majority of replicas. For training, keep spare capacity in the same network domain so a restart does not have to cross a slower link.',
      'zh-CN': '为推理服务配置拓扑分布约束，避免任一机柜或可用区承载多数副本。对训练，在同一网络域内预留备用容量，使重启无需跨越较慢的链路。',
    },
    related: ['redundancy', 'topology-aware-scheduling', 'headroom-n-plus-1', 'isolation', 'blast-radius', 'disaster-recovery'],
    sources: [SRC.k8sMultiZone, SRC.k8sTopologySpread, SRC.k8sLabels],
    keywords: ['failure domain', 'zone', 'rack', 'topology.kubernetes.io/zone', 'blast radius', '故障域', '可用区', '机柜', '拓扑'],
  },
  {
    id: 'failover-active-passive-active-active',
    title: { en: 'Fail-over: active-passive vs. active-active', 'zh-CN': '故障切换：主备（active-passive）与双活（active-active）' },
    summary: {
      en: 'In active-passive, a standby waits idle and takes over when the active side fails. In active-active, every site serves traffic all the time and the survivors absorb the failed site’s share.',
      'zh-CN': '主备模式下，备用端平时闲置，在主用端失效时接管。双活模式下，各站点始终同时承载流量，某个站点失效后由其余站点分摊其流量。',
    },
    whyItMatters: {
      en: 'Active-passive wastes idle GPUs and its fail-over is only as good as its last test; active-active uses everything but each site must have headroom to absorb the others’ load. Training is rarely run active-active; its fail-over is a restart from checkpoint on other nodes.',
      'zh-CN': '主备模式会让 GPU 闲置，而且切换是否可靠取决于上一次测试；双活模式充分利用资源，但每个站点都必须留有余量来吸收其他站点的负载。训练作业很少双活运行，它的故障切换就是在其他节点上从检查点重启。',
    },
    whereInBulwark: {
      en: '"Fail over" is an action on a job or service: it shows the target capacity, the expected downtime and lost work, and is recorded in Audit. Drills rehearse both styles.',
      'zh-CN': '“fail over（故障切换）”是作业或服务上的操作：它会显示目标容量、预计停机时间和丢失的工作量，并记录到 Audit 中。Drills 可以演练这两种方式。',
    },
    whatToDo: {
      en: 'Before failing over, confirm the target has enough free GPUs of the right type and that the checkpoint or model is reachable from it. For active-active services, keep each site below the load it could carry alone minus the lost share.',
      'zh-CN': '执行故障切换前，确认目标端有足够的同型号空闲 GPU，且能访问到检查点或模型。对双活服务，使每个站点的负载保持在“失去一个站点后仍能承接”的水平以下。',
    },
    related: ['redundancy', 'headroom-n-plus-1', 'rto', 'disaster-recovery', 'failure-domains', 'fault-injection-game-days'],
    sources: [SRC.awsDr, SRC.sreCascading],
    keywords: ['failover', 'fail over', 'active-passive', 'active-active', 'standby', 'hot standby', '故障切换', '主备', '双活', '热备'],
  },
  {
    id: 'headroom-n-plus-1',
    title: { en: 'Headroom and N+1', 'zh-CN': '容量余量与 N+1' },
    summary: {
      en: 'Headroom is the free capacity kept in reserve. N+1 means you can lose one unit (a node, a rack, a zone) and still run everything you need; the unit you plan for is your largest likely failure.',
      'zh-CN': '容量余量是预留的空闲容量。N+1 表示即使失去一个单元（一个节点、一个机柜或一个可用区），仍能运行所有必需的工作；规划时所针对的单元应是最可能发生的最大故障。',
    },
    whyItMatters: {
      en: 'Without spare GPUs a failed training job waits for capacity instead of restarting, and surviving inference replicas overload. Because jobs need whole nodes of identical GPUs, headroom must be counted in free whole nodes, not scattered free GPUs.',
      'zh-CN': '没有备用 GPU，失败的训练作业只能等待容量而无法立即重启，幸存的推理副本也会过载。由于作业需要成整台、同型号 GPU 的节点，余量必须按空闲整机计算，而不是零散的空闲 GPU。',
    },
    whereInBulwark: {
      en: 'Overview shows headroom per GPU type as free whole nodes and whether the cluster is N+1 for its largest job; cordon and drain previews show the headroom left afterwards.',
      'zh-CN': 'Overview 按 GPU 型号以空闲整机数显示余量，并指出集群对最大作业是否满足 N+1；cordon 和 drain 预览显示操作后剩余的余量。',
    },
    whatToDo: {
      en: 'Keep at least one spare node per GPU type for the largest training job, and enough spare replicas for serving to lose a failure domain. Use low-priority preemptible work to keep spares busy without losing the ability to reclaim them.',
      'zh-CN': '为最大的训练作业按每种 GPU 型号至少预留一台备用节点；为推理服务预留足以承受失去一个故障域的副本。可让低优先级、可抢占的任务使用备用资源，既不闲置又能随时收回。',
    },
    related: ['redundancy', 'failure-domains', 'priority-preemption', 'gpu-allocation-vs-utilization', 'autoscaling', 'rto'],
    sources: [SRC.sreCascading, SRC.k8sPriority],
    keywords: ['headroom', 'N+1', 'spare capacity', 'hot spare', 'capacity planning', '余量', '备用容量', '容量规划', '冗余容量'],
  },
  {
    id: 'disaster-recovery',
    title: { en: 'Disaster recovery', 'zh-CN': '灾难恢复' },
    summary: {
      en: 'Disaster recovery (DR) restores service after losing a whole cluster, zone or storage system. Common strategies, from cheap to fast, are backup and restore, pilot light, warm standby and multi-site active-active.',
      'zh-CN': '灾难恢复（DR）是在整个集群、可用区或存储系统丢失后恢复服务。常见策略按成本从低到高、恢复速度从慢到快依次为：备份与恢复、指示灯（pilot light）、温备（warm standby）以及多站点双活。',
    },
    whyItMatters: {
      en: 'Checkpoints, model weights and training data stored only next to the cluster disappear with it, and months of training may be impossible to recreate. GPU capacity elsewhere is also scarce, so DR needs capacity planning as well as copies.',
      'zh-CN': '只存放在集群本地的检查点、模型权重和训练数据会随集群一起丢失，而数月的训练可能无法重现。其他地方的 GPU 容量同样稀缺，因此 DR 不仅需要数据副本，还需要容量规划。',
    },
    whereInBulwark: {
      en: 'Drills include zone- and cluster-loss scenarios; Workloads shows whether each job’s latest checkpoint has an off-site copy.',
      'zh-CN': 'Drills 包含可用区和集群丢失场景；Workloads 页显示每个作业的最新检查点是否有异地副本。',
    },
    whatToDo: {
      en: 'Copy checkpoints and model artefacts off-site at least as often as the RPO, keep cluster configuration in version control, and rehearse a restore end to end. A backup that has never been restored is not a backup.',
      'zh-CN': '至少按 RPO 的频率把检查点和模型文件复制到异地，用版本控制管理集群配置，并端到端地演练恢复流程。从未恢复验证过的备份不能算备份。',
    },
    related: ['rpo', 'rto', 'failover-active-passive-active-active', 'failure-domains', 'fault-injection-game-days', 'checkpointing'],
    sources: [SRC.awsDr, SRC.sreDisaster],
    keywords: ['disaster recovery', 'DR', 'backup', 'restore', 'pilot light', 'warm standby', 'off-site', '灾备', '备份', '恢复', '异地'],
  },
  {
    id: 'fault-injection-game-days',
    title: { en: 'Fault injection and game days', 'zh-CN': '故障注入与演练日（game day）' },
    summary: {
      en: 'Fault injection deliberately breaks things, such as killing a node, failing a GPU or cutting a link, to check that detection and recovery work. A game day is a planned session where the team rehearses this together and measures the results.',
      'zh-CN': '故障注入是有意制造故障，例如关掉节点、让 GPU 失效或切断链路，以检验检测与恢复机制是否有效。演练日（game day）则是团队有计划地一起演练并度量结果的活动。',
    },
    whyItMatters: {
      en: 'Recovery paths that are rarely exercised tend to be broken when needed: expired credentials, missing spare capacity, PDBs that block drains. Rehearsing also trains on-call operators before the real incident.',
      'zh-CN': '很少走到的恢复路径，真正需要时往往已经失效：凭据过期、备用容量不足、PDB 阻塞 drain 等。演练还能在真实事故发生前训练值班人员。',
    },
    whereInBulwark: {
      en: 'The Drills screen runs guided scenarios on the simulated cluster (XID 79 on a training node, a rack power loss, a zone outage) and scores detection time, recovery time, lost work and goodput.',
      'zh-CN': 'Drills（演练）页在模拟集群上运行引导式场景（训练节点出现 XID 79、机柜断电、可用区故障），并对检测时间、恢复时间、丢失的工作量和 Goodput 评分。',
    },
    whatToDo: {
      en: 'Start in the simulator, then inject faults on a small real slice with a clear stop condition. State the expected outcome beforehand, record what actually happened, and turn each gap into a fix with an owner.',
      'zh-CN': '先在模拟器中进行，再在一小部分真实资源上注入故障，并事先明确停止条件。提前写下预期结果，记录实际发生的情况，并把每个差距转化为有负责人的改进项。',
    },
    related: ['disaster-recovery', 'rto', 'failure-detection', 'failover-active-passive-active-active', 'read-only-mode'],
    sources: [SRC.chaos, SRC.sreTesting],
    keywords: ['fault injection', 'chaos engineering', 'game day', 'drill', 'rehearsal', '故障注入', '混沌工程', '演练'],
  },
]);
