import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const kubernetesExplainers = defineExplainers([
  {
    id: 'node-conditions',
    title: { en: 'Node conditions', 'zh-CN': '节点状况（Node conditions）' },
    summary: {
      en: 'Node conditions are status flags on each Node: Ready, MemoryPressure, DiskPressure, PIDPressure and NetworkUnavailable. If the kubelet stops renewing its heartbeat for longer than node-monitor-grace-period (50 s by default since Kubernetes 1.32, 40 s before), the node controller sets Ready to Unknown.',
      'zh-CN': '节点状况是每个 Node 上的状态标志：Ready、MemoryPressure、DiskPressure、PIDPressure 和 NetworkUnavailable。若 kubelet 停止续约心跳的时间超过 node-monitor-grace-period（自 Kubernetes 1.32 起默认 50 秒，此前为 40 秒），节点控制器会把 Ready 置为 Unknown。',
    },
    whyItMatters: {
      en: 'Conditions drive automatic reactions: the node controller adds not-ready or unreachable NoExecute taints, and pressure conditions stop new pods landing. GPU faults do not change the built-in conditions; they show up as a lower allocatable nvidia.com/gpu count (the device plugin marks GPUs unhealthy) or as custom conditions from tools such as Node Problem Detector.',
      'zh-CN': '节点状况会触发自动处理：节点控制器会添加 not-ready 或 unreachable 的 NoExecute 污点，压力类状况则阻止新 Pod 调度上来。GPU 故障不会改变内置状况，而是表现为可分配的 nvidia.com/gpu 数量减少（设备插件把 GPU 标为不健康），或由 Node Problem Detector 等工具添加的自定义状况。',
    },
    whereInBulwark: {
      en: 'Nodes shows each node’s conditions and how long it has been NotReady; the GPU map greys out GPUs on NotReady nodes; Events records every transition.',
      'zh-CN': 'Nodes 页显示每个节点的状况以及处于 NotReady 的时长；GPU map 把 NotReady 节点上的 GPU 显示为灰色；Events 页记录每一次状态转换。',
    },
    whatToDo: {
      en: 'Ready=Unknown means the control plane lost contact, not necessarily that the node is down: check the network path and kubelet before assuming the GPUs are gone. Pressure conditions usually mean full local disk (checkpoints, images) or memory; clean up before the kubelet starts evicting pods.',
      'zh-CN': 'Ready=Unknown 表示控制平面与节点失联，不一定是节点宕机：在认定 GPU 丢失之前，先检查网络链路和 kubelet。压力类状况通常意味着本地磁盘（检查点、镜像）或内存已满；应在 kubelet 开始驱逐 Pod 之前完成清理。',
    },
    related: ['notready-eviction-timeout', 'taints-tolerations', 'failure-detection', 'gpu-health', 'kubernetes-events'],
    sources: [SRC.k8sNodes, SRC.k8sNodeStatus, SRC.k8sPressure, SRC.npd, SRC.devicePlugin],
    keywords: ['Ready', 'NotReady', 'Unknown', 'MemoryPressure', 'DiskPressure', 'PIDPressure', 'heartbeat', 'Lease', 'node-monitor-grace-period', '节点状态', '心跳'],
  },
  {
    id: 'notready-eviction-timeout',
    title: { en: 'NotReady eviction timeout (300 s)', 'zh-CN': 'NotReady 驱逐超时（300 秒）' },
    summary: {
      en: 'When a node becomes NotReady or unreachable, the node controller taints it node.kubernetes.io/not-ready or node.kubernetes.io/unreachable with effect NoExecute. The DefaultTolerationSeconds admission plugin gives every pod without its own setting a toleration of 300 s for both taints, so pods are evicted about five minutes after the taint appears.',
      'zh-CN': '节点变为 NotReady 或不可达时，节点控制器会为其添加效果为 NoExecute 的 node.kubernetes.io/not-ready 或 node.kubernetes.io/unreachable 污点。DefaultTolerationSeconds 准入插件会为所有未自行设置的 Pod 添加对这两个污点 300 秒的容忍，因此 Pod 会在污点出现约五分钟后被驱逐。',
    },
    whyItMatters: {
      en: 'Counting detection time, a training job on a dead node can sit for about six minutes before Kubernetes even starts replacing its pods, with every other GPU of the job idle. On an unreachable node pods may then hang in Terminating, because the kubelet cannot confirm they stopped.',
      'zh-CN': '算上检测时间，节点宕机后训练作业可能要等约六分钟，Kubernetes 才开始替换其 Pod，期间该作业的其他 GPU 全部闲置。对于不可达节点，Pod 之后还可能一直卡在 Terminating，因为 kubelet 无法确认它们已停止。',
    },
    whereInBulwark: {
      en: 'Nodes shows a countdown to taint-based eviction for NotReady nodes; Workloads shows which jobs are waiting on it; the fail-over action lets you act before the timer runs out.',
      'zh-CN': 'Nodes 页为 NotReady 节点显示基于污点驱逐的倒计时；Workloads 页显示哪些作业在等待它；fail over（故障切换）操作让你在计时结束前主动处理。',
    },
    whatToDo: {
      en: 'If you know the node is gone, do not wait: fail the job over and restart it from its checkpoint elsewhere. For training pods, consider a shorter tolerationSeconds in the pod spec. If the node is shut down for good, apply the node.kubernetes.io/out-of-service taint or delete the Node so stuck pods and volumes are released.',
      'zh-CN': '如果确定节点已失效，就不要等待：执行故障切换，在别处从检查点重启作业。对于训练 Pod，可考虑在 Pod 规格中设置更短的 tolerationSeconds。若节点已永久关机，为其添加 node.kubernetes.io/out-of-service 污点或删除该 Node 对象，以释放卡住的 Pod 和卷。',
    },
    related: ['node-conditions', 'taints-tolerations', 'failure-detection', 'rto', 'failover-active-passive-active-active', 'lost-work'],
    sources: [SRC.k8sTaints, SRC.k8sAdmission, SRC.k8sNodes, SRC.k8sNonGraceful],
    keywords: ['DefaultTolerationSeconds', 'tolerationSeconds', '300', 'not-ready', 'unreachable', 'NoExecute', 'taint-based eviction', 'out-of-service', '驱逐超时', '五分钟'],
  },
  {
    id: 'cordon',
    title: { en: 'Cordon', 'zh-CN': 'cordon（封锁调度）' },
    summary: {
      en: 'Cordoning marks a node unschedulable (spec.unschedulable: true, shown as the node.kubernetes.io/unschedulable taint). Pods already running keep running; no new pods are placed there. Uncordon reverses it.',
      'zh-CN': 'cordon 会把节点标记为不可调度（spec.unschedulable: true，表现为 node.kubernetes.io/unschedulable 污点）。已在运行的 Pod 继续运行，只是不会再有新 Pod 被调度上来。uncordon 可撤销该操作。',
    },
    whyItMatters: {
      en: 'It is the safest first move on a suspect GPU node: it stops the scheduler from feeding new jobs to bad hardware without interrupting jobs that are still making progress.',
      'zh-CN': '面对可疑的 GPU 节点，这是最安全的第一步：它阻止调度器继续把新作业放到坏硬件上，同时不打断仍在正常推进的作业。',
    },
    whereInBulwark: {
      en: 'Cordon is an action on Nodes and on the GPU map (per node); cordoned nodes are hatched on the map, and every cordon and uncordon is written to Audit.',
      'zh-CN': 'cordon 是 Nodes 页和 GPU map（按节点）上的操作；被封锁的节点在图上以斜线填充显示，每次 cordon 和 uncordon 都写入 Audit。',
    },
    whatToDo: {
      en: 'Cordon as soon as a node shows a hardware-class XID, a pending row remap or repeated stragglers; then drain once its jobs have checkpointed. Add a reason when you cordon so the next operator knows why, and uncordon only after diagnostics pass.',
      'zh-CN': '一旦节点出现硬件类 XID、待生效的行重映射或反复出现掉队者，就立即 cordon；待其上作业保存检查点后再 drain。封锁时写明原因，方便下一位值班人员了解情况；诊断通过后再 uncordon。',
    },
    related: ['drain', 'taints-tolerations', 'gpu-health', 'blast-radius', 'audit-log', 'dry-run'],
    sources: [SRC.kubectlCordon, SRC.k8sDrain, SRC.k8sTaints],
    keywords: ['cordon', 'uncordon', 'unschedulable', 'SchedulingDisabled', '封锁', '封锁调度', '不可调度'],
  },
  {
    id: 'drain',
    title: { en: 'Drain', 'zh-CN': 'drain（排空节点）' },
    summary: {
      en: 'Draining cordons a node and then evicts its pods through the Eviction API, which honours PodDisruptionBudgets and graceful termination. DaemonSet pods are skipped, and pods using emptyDir lose that data.',
      'zh-CN': 'drain 先 cordon 节点，再通过 Eviction API 驱逐其上的 Pod，过程中遵守 PodDisruptionBudget (PDB) 和优雅终止期。DaemonSet 管理的 Pod 会被跳过，使用 emptyDir 的 Pod 会丢失其中的数据。',
    },
    whyItMatters: {
      en: 'Draining is how you take a GPU node out for repair without yanking it, but each evicted training pod usually restarts the whole job from its last checkpoint. Work since that checkpoint is lost.',
      'zh-CN': 'drain 是在不强行拔掉节点的前提下将其下线维修的方式，但每个被驱逐的训练 Pod 通常都会让整个作业从上一个检查点重启，检查点之后的进度将会丢失。',
    },
    whereInBulwark: {
      en: 'Drain is an action on Nodes and the GPU map. Its preview lists every affected pod and job, the work each would lose, and any PDB that will block it, and it can be run as a server-side dry-run first.',
      'zh-CN': 'drain 是 Nodes 页和 GPU map 上的操作。其预览会列出所有受影响的 Pod 和作业、各自将丢失的进度以及会阻塞它的 PDB，并可先以服务端 dry-run 方式预演。',
    },
    whatToDo: {
      en: 'Trigger or wait for a checkpoint on affected training jobs first, then drain. If the drain stalls, look for a PDB with no allowed disruptions or a pod ignoring SIGTERM; do not delete pods directly unless you accept bypassing the budget.',
      'zh-CN': '先让受影响的训练作业触发或完成一次检查点，再执行 drain。若 drain 卡住，检查是否有允许中断数为 0 的 PDB，或有 Pod 不响应 SIGTERM；除非能接受绕过预算，否则不要直接删除 Pod。',
    },
    related: ['cordon', 'eviction-api', 'pod-disruption-budget', 'checkpointing', 'lost-work', 'blast-radius', 'dry-run'],
    sources: [SRC.k8sDrain, SRC.kubectlDrain, SRC.k8sEviction],
    keywords: ['drain', 'kubectl drain', 'evict', 'ignore-daemonsets', 'delete-emptydir-data', 'maintenance', '排空', '驱逐', '维护'],
  },
  {
    id: 'taints-tolerations',
    title: { en: 'Taints and tolerations', 'zh-CN': 'taint（污点）与 toleration（容忍度）' },
    summary: {
      en: 'A taint (key=value:effect) on a node repels pods that do not tolerate it. NoSchedule blocks new pods, PreferNoSchedule avoids the node when possible, and NoExecute also evicts running pods, immediately or after the pod’s tolerationSeconds.',
      'zh-CN': '节点上的污点（key=value:effect）会排斥不容忍它的 Pod。NoSchedule 阻止新 Pod 调度上来，PreferNoSchedule 尽量避开该节点，NoExecute 还会驱逐正在运行的 Pod（立即驱逐，或在 Pod 的 tolerationSeconds 到期后驱逐）。',
    },
    whyItMatters: {
      en: 'GPU node pools are commonly tainted (for example nvidia.com/gpu:NoSchedule) so that CPU-only pods do not occupy expensive nodes. Taints are also how you quarantine a suspect node, and NoExecute taints are what turn a NotReady node into evictions.',
      'zh-CN': 'GPU 节点池通常带有污点（如 nvidia.com/gpu:NoSchedule），防止只用 CPU 的 Pod 占用昂贵节点。污点也是隔离可疑节点的手段，而 NoExecute 污点正是 NotReady 节点上 Pod 被驱逐的原因。',
    },
    whereInBulwark: {
      en: 'Nodes lists each node’s taints; the taint action adds or removes one, with a preview of which running pods a NoExecute taint would evict.',
      'zh-CN': 'Nodes 页列出每个节点的污点；taint 操作可添加或移除污点，并预览 NoExecute 污点会驱逐哪些正在运行的 Pod。',
    },
    whatToDo: {
      en: 'Use NoSchedule to quarantine a node while jobs finish; use NoExecute only when you want pods out now, and check the preview first. Remove quarantine taints once the node passes diagnostics, and keep taint keys consistent so tolerations in job templates keep matching.',
      'zh-CN': '在等待作业结束时，用 NoSchedule 隔离节点；只有确实要立即赶走 Pod 时才用 NoExecute，并先查看预览。节点通过诊断后移除隔离污点；保持污点键名一致，以免作业模板中的容忍度失配。',
    },
    related: ['cordon', 'notready-eviction-timeout', 'isolation', 'node-conditions', 'priority-preemption'],
    sources: [SRC.k8sTaints, SRC.k8sLabels, SRC.k8sGpus],
    keywords: ['taint', 'toleration', 'NoSchedule', 'NoExecute', 'PreferNoSchedule', 'tolerationSeconds', 'quarantine', '污点', '容忍', '隔离'],
  },
  {
    id: 'pod-disruption-budget',
    title: { en: 'PodDisruptionBudget (PDB)', 'zh-CN': 'PodDisruptionBudget (PDB，中断预算)' },
    summary: {
      en: 'A PodDisruptionBudget limits how many pods of a set may be down at once through voluntary disruptions, using minAvailable or maxUnavailable. It is enforced by the Eviction API, so it protects against drains but not against node crashes or direct pod deletion.',
      'zh-CN': 'PodDisruptionBudget (PDB) 通过 minAvailable 或 maxUnavailable 限制一组 Pod 在自愿性中断中同时不可用的数量。它由 Eviction API 执行，因此能防住 drain，却防不住节点崩溃或直接删除 Pod。',
    },
    whyItMatters: {
      en: 'For inference, a PDB keeps enough replicas serving while nodes are drained. For gang-scheduled training, where losing one pod stops the job anyway, a budget of zero disruptions simply makes every drain hang.',
      'zh-CN': '对推理服务而言，PDB 能保证 drain 期间仍有足够副本在线。对成组调度的训练作业，少一个 Pod 整个作业本就会停，此时允许中断数为 0 的预算只会让每次 drain 卡住。',
    },
    whereInBulwark: {
      en: 'Workloads shows each workload’s PDB and its currently allowed disruptions; the drain and scale previews warn when a PDB will block or be violated.',
      'zh-CN': 'Workloads 页显示每个工作负载的 PDB 及当前允许的中断数；drain 和 scale（扩缩容）预览会在 PDB 将阻塞或被违反时发出警告。',
    },
    whatToDo: {
      en: 'When a drain is blocked, read the PDB’s allowed disruptions: scale the service up, wait for unhealthy replicas to recover, or coordinate with the owner. Consider unhealthyPodEvictionPolicy: AlwaysAllow so pods that are already broken do not block maintenance.',
      'zh-CN': 'drain 被阻塞时，查看 PDB 的允许中断数：扩容服务、等待不健康副本恢复，或与负责人协调。可考虑设置 unhealthyPodEvictionPolicy: AlwaysAllow，让已经失效的 Pod 不再阻碍维护。',
    },
    related: ['eviction-api', 'drain', 'redundancy', 'headroom-n-plus-1', 'autoscaling'],
    sources: [SRC.k8sDisruptions, SRC.k8sPdbTask, SRC.k8sEviction],
    keywords: ['PDB', 'PodDisruptionBudget', 'minAvailable', 'maxUnavailable', 'disruptionsAllowed', 'voluntary disruption', '中断预算', '自愿中断'],
  },
  {
    id: 'eviction-api',
    title: { en: 'Eviction API', 'zh-CN': 'Eviction API（驱逐 API）' },
    summary: {
      en: 'The Eviction API asks the API server to remove a pod by creating a policy/v1 Eviction for it. The server checks PodDisruptionBudgets first and answers 429 Too Many Requests if the eviction would break one; otherwise the pod is deleted with its normal grace period.',
      'zh-CN': 'Eviction API 通过为 Pod 创建 policy/v1 Eviction 对象，请求 API 服务器移除该 Pod。服务器会先检查 PodDisruptionBudget，若驱逐会违反预算则返回 429 Too Many Requests；否则按正常的优雅终止期删除 Pod。',
    },
    whyItMatters: {
      en: 'Eviction is the polite way to move pods: it respects budgets and lets training processes catch SIGTERM and save state. A plain delete bypasses PDBs, which is occasionally necessary but should be a deliberate choice.',
      'zh-CN': '驱逐是迁移 Pod 的“礼貌”方式：它遵守预算，并让训练进程有机会捕获 SIGTERM 保存状态。直接删除会绕过 PDB，偶尔确有必要，但应是有意为之的决定。',
    },
    whereInBulwark: {
      en: 'Drain and fail-over actions evict through this API; the action log in Audit records each eviction and every 429 response, and the preview runs the evictions as a dry-run.',
      'zh-CN': 'drain 和 fail over 操作通过该 API 执行驱逐；Audit 中的操作记录包含每次驱逐及每个 429 响应，预览则以 dry-run 方式执行这些驱逐。',
    },
    whatToDo: {
      en: 'Treat 429 as "wait", not "failed": retry with backoff or fix the budget. A 500 response usually means the pod matches more than one PDB, which must be fixed by the owner. Give training pods a terminationGracePeriodSeconds long enough to finish an emergency checkpoint.',
      'zh-CN': '把 429 理解为“稍后再试”而不是“失败”：带退避地重试，或调整预算。500 响应通常表示该 Pod 同时匹配多个 PDB，需要负责人修正。为训练 Pod 设置足够长的 terminationGracePeriodSeconds，以便完成紧急检查点。',
    },
    related: ['pod-disruption-budget', 'drain', 'dry-run', 'checkpointing', 'retries-error-masking'],
    sources: [SRC.k8sEviction, SRC.k8sDisruptions],
    keywords: ['eviction', 'Eviction', 'policy/v1', '429', 'Too Many Requests', 'terminationGracePeriodSeconds', 'SIGTERM', '驱逐'],
  },
  {
    id: 'kubernetes-events',
    title: { en: 'Kubernetes events', 'zh-CN': 'Kubernetes 事件（Events）' },
    summary: {
      en: 'Events are short-lived API objects in which components record what happened to an object, such as FailedScheduling, Evicted, NodeNotReady or BackOff. The API server keeps them for one hour by default (--event-ttl).',
      'zh-CN': '事件（Event）是存活时间很短的 API 对象，各组件用它记录某个对象上发生了什么，例如 FailedScheduling、Evicted、NodeNotReady 或 BackOff。API 服务器默认只保留一小时（--event-ttl）。',
    },
    whyItMatters: {
      en: 'Events are often the only explanation for why a job is Pending or why pods were killed, and they disappear quickly. During an incident they link the GPU fault to the scheduling and eviction that followed.',
      'zh-CN': '事件往往是解释作业为何 Pending、Pod 为何被杀的唯一线索，而且很快就会消失。事故期间，它们把 GPU 故障与随后的调度和驱逐串联起来。',
    },
    whereInBulwark: {
      en: 'The Events screen merges Kubernetes events with XIDs and GPU health changes on one timeline, filterable by node, job and severity.',
      'zh-CN': 'Events 页把 Kubernetes 事件与 XID 和 GPU 健康变化合并到同一条时间线上，可按节点、作业和严重程度筛选。',
    },
    whatToDo: {
      en: 'Read events soon after an incident or export them, because they expire. Look for FailedScheduling messages naming the missing resource (for example insufficient nvidia.com/gpu) before changing quotas or scaling.',
      'zh-CN': '事故后尽快查看或导出事件，因为它们会过期。在调整配额或扩容之前，先看 FailedScheduling 消息中指出的缺失资源（例如 nvidia.com/gpu 不足）。',
    },
    related: ['node-conditions', 'audit-log', 'xid-errors', 'gang-scheduling', 'data-age'],
    sources: [SRC.k8sEvents, SRC.k8sApiserver],
    keywords: ['events', 'FailedScheduling', 'Evicted', 'BackOff', 'event-ttl', 'timeline', '事件', '时间线'],
  },
  {
    id: 'readiness-liveness-probes',
    title: { en: 'Readiness, liveness and startup probes', 'zh-CN': '就绪、存活与启动探针' },
    summary: {
      en: 'The kubelet runs probes against containers: a failing readiness probe takes the pod out of Service endpoints, a failing liveness probe restarts the container, and a startup probe holds the other two off until a slow application has started.',
      'zh-CN': 'kubelet 会对容器执行探针：就绪探针失败会把 Pod 从 Service 端点中移除，存活探针失败会重启容器，启动探针则在慢启动的应用就绪前暂缓另外两种探针。',
    },
    whyItMatters: {
      en: 'Inference servers can take minutes to load model weights onto GPUs. Without a startup probe, a liveness probe can kill them in a restart loop; without a readiness probe, traffic reaches replicas that cannot answer yet.',
      'zh-CN': '推理服务把模型权重加载到 GPU 上可能需要几分钟。没有启动探针，存活探针可能把它们杀死并陷入重启循环；没有就绪探针，流量会被发送到尚无法响应的副本。',
    },
    whereInBulwark: {
      en: 'Workloads shows ready versus desired replicas and restart counts for inference services; Events shows probe failures.',
      'zh-CN': 'Workloads 页显示推理服务的就绪副本数与期望副本数以及重启次数；Events 页显示探针失败。',
    },
    whatToDo: {
      en: 'Size the startup probe to the worst-case model load time, make readiness reflect "model loaded and GPU responding", and keep liveness cheap. A rising restart count with a GPU XID on the same node points to hardware rather than the probe.',
      'zh-CN': '按最坏情况下的模型加载时间设置启动探针，让就绪探针反映“模型已加载且 GPU 可响应”，存活探针则保持轻量。若重启次数上升且同一节点出现 GPU XID，问题更可能在硬件而不是探针。',
    },
    related: ['failure-detection', 'inference-latency-slo', 'autoscaling', 'retries-error-masking'],
    sources: [SRC.k8sProbes],
    keywords: ['probe', 'readiness', 'liveness', 'startup probe', 'CrashLoopBackOff', '探针', '就绪', '存活'],
  },
]);
