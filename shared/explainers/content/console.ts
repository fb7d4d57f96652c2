import { defineExplainers } from '../define';
import { SRC } from '../sources';

export const consoleExplainers = defineExplainers([
  {
    id: 'data-age',
    title: { en: 'Data age', 'zh-CN': '数据时效（data age）' },
    summary: {
      en: 'Data age is how old the information on screen is: the time since the last update from the Kubernetes watch stream or the last metric sample from Prometheus. A value that has stopped updating still looks like a valid value.',
      'zh-CN': '数据时效指屏幕上信息的新旧程度：距上一次收到 Kubernetes watch 流更新或 Prometheus 指标采样的时间。已停止更新的数值看起来仍然像有效数值。',
    },
    whyItMatters: {
      en: 'Acting on stale data is dangerous: a node that looks healthy may have died a minute ago, and a GPU that looks busy may belong to an exporter that stopped. Watches can drop and must relist, and Prometheus treats a series as stale after five minutes without samples.',
      'zh-CN': '依据过时的数据行动很危险：看上去健康的节点可能一分钟前已经宕机，看上去繁忙的 GPU 可能来自一个已停止的 exporter。watch 连接可能断开并需要重新 list，而 Prometheus 在某个序列五分钟没有新样本后会将其视为过时。',
    },
    whereInBulwark: {
      en: 'The status bar shows the age of cluster and metric data; panels and GPU-map cells fade when their data is older than expected, and action previews warn if they are based on stale data.',
      'zh-CN': '状态栏显示集群数据和指标数据的时效；数据超出预期时效时，面板和 GPU map 单元格会变淡，操作预览在基于过时数据时也会发出警告。',
    },
    whatToDo: {
      en: 'Check data age before a destructive action. If it keeps growing, check the connection to the API server, the kubeconfig credentials, and Prometheus and dcgm-exporter health before trusting the numbers.',
      'zh-CN': '执行破坏性操作前先确认数据时效。若时效持续增长，先检查与 API 服务器的连接、kubeconfig 凭据以及 Prometheus 和 dcgm-exporter 的状态，再决定是否相信这些数字。',
    },
    related: ['dcgm-metrics', 'failure-detection', 'dry-run', 'kubernetes-events'],
    sources: [SRC.k8sApiConcepts, SRC.prometheusStaleness],
    keywords: ['stale', 'staleness', 'freshness', 'last updated', 'watch', 'relist', '410 Gone', '过时', '新鲜度', '更新时间'],
  },
  {
    id: 'dry-run',
    title: { en: 'Server-side dry-run', 'zh-CN': '服务端试运行（dry-run）' },
    summary: {
      en: 'A server-side dry-run (dryRun=All, or kubectl --dry-run=server) sends a real request through authentication, authorization, admission and validation, but the API server does not save the result. It shows whether the action would be accepted and what the object would look like.',
      'zh-CN': '服务端试运行（dryRun=All，或 kubectl --dry-run=server）会让真实请求完整经过认证、鉴权、准入和校验，但 API 服务器不会保存结果。它能显示操作是否会被接受以及对象最终会是什么样子。',
    },
    whyItMatters: {
      en: 'It catches permission errors, policy rejections and blocked evictions before anything changes, which matters most for actions that touch many GPU nodes at once. It does not predict what controllers will do afterwards, such as where evicted pods will be rescheduled.',
      'zh-CN': '它能在任何变更发生前发现权限错误、策略拒绝和被阻塞的驱逐，这对一次影响大量 GPU 节点的操作尤为重要。但它无法预测控制器随后的行为，例如被驱逐的 Pod 会被重新调度到哪里。',
    },
    whereInBulwark: {
      en: 'Every destructive action (cordon, drain, taint, scale, restart from checkpoint, fail over) offers a "Preview" that runs it as a server-side dry-run and shows the result before you confirm; the preview is recorded in Audit.',
      'zh-CN': '每个破坏性操作（cordon、drain、taint、scale、从检查点重启、fail over）都提供“预览”，以服务端 dry-run 方式执行并在确认前显示结果；预览同样记录在 Audit 中。',
    },
    whatToDo: {
      en: 'Run the preview for anything that affects more than one node or job, and read its warnings. If the preview fails, fix the cause rather than retrying the real action.',
      'zh-CN': '凡是影响多个节点或作业的操作都先运行预览，并阅读其中的警告。预览失败时，先解决其原因，而不是直接重试真实操作。',
    },
    related: ['blast-radius', 'rbac', 'audit-log', 'eviction-api', 'drain'],
    sources: [SRC.k8sApiConcepts, SRC.k8sEviction],
    keywords: ['dry-run', 'dryRun', 'preview', '--dry-run=server', 'simulate', '试运行', '预演', '预览'],
  },
  {
    id: 'blast-radius',
    title: { en: 'Blast radius', 'zh-CN': '影响范围（blast radius）' },
    summary: {
      en: 'The blast radius of an action or failure is everything it affects: the nodes and GPUs, the jobs and services running on them, the users behind those, and the work that would be lost.',
      'zh-CN': '一个操作或故障的影响范围是指它波及的一切：节点和 GPU、运行在其上的作业和服务、背后的用户，以及将会丢失的工作量。',
    },
    whyItMatters: {
      en: 'On a GPU cluster one click can stop training runs worth thousands of GPU-hours. Seeing the blast radius before confirming turns a risky action into an informed decision.',
      'zh-CN': '在 GPU 集群上，一次点击就可能中断价值数千 GPU 小时的训练。确认前看清影响范围，能把一次冒险的操作变成一个有依据的决策。',
    },
    whereInBulwark: {
      en: 'Every destructive action shows its blast radius first (nodes, GPUs, jobs, services, lost work, PDB conflicts, headroom left) and asks for a typed confirmation.',
      'zh-CN': '每个破坏性操作都会先展示其影响范围（节点、GPU、作业、服务、丢失的工作量、PDB 冲突、剩余余量），并要求输入确认。',
    },
    whatToDo: {
      en: 'Read the lost-work and job list, not just the node count. If the radius is bigger than expected, narrow the selection, wait for checkpoints, or split the action into smaller steps.',
      'zh-CN': '不要只看节点数，要阅读丢失的工作量和作业清单。若影响范围超出预期，缩小选择范围、等待检查点完成，或把操作拆成更小的步骤。',
    },
    related: ['dry-run', 'lost-work', 'drain', 'cordon', 'failure-domains', 'isolation'],
    sources: [SRC.awsBulkheads, SRC.k8sDrain],
    keywords: ['blast radius', 'impact', 'scope', 'confirmation', '影响范围', '爆炸半径', '确认'],
  },
  {
    id: 'rbac',
    title: { en: 'RBAC permissions', 'zh-CN': 'RBAC 权限' },
    summary: {
      en: 'Kubernetes role-based access control grants verbs (get, list, watch, patch, create, delete) on resources through Roles and ClusterRoles bound to users or groups. Cordon needs patch on nodes; drain also needs create on pods/eviction; scale needs update or patch on the scale subresource.',
      'zh-CN': 'Kubernetes 基于角色的访问控制（RBAC）通过绑定到用户或组的 Role 和 ClusterRole，授予对资源的操作动词（get、list、watch、patch、create、delete）。cordon 需要对 nodes 的 patch 权限；drain 还需要对 pods/eviction 的 create 权限；scale 需要对 scale 子资源的 update 或 patch 权限。',
    },
    whyItMatters: {
      en: 'Least privilege limits the damage of a mistake or a stolen credential. Checking permission before offering an action avoids half-finished operations, such as a drain that cordoned the node and then could not evict.',
      'zh-CN': '最小权限原则能限制误操作或凭据被盗造成的损害。在提供操作前先检查权限，可以避免半途而废，例如 drain 已经封锁了节点却无权驱逐 Pod。',
    },
    whereInBulwark: {
      en: 'Bulwark asks the API server what the current identity may do (SelfSubjectAccessReview, like kubectl auth can-i) and disables actions it cannot perform, saying which permission is missing.',
      'zh-CN': 'Bulwark 会向 API 服务器询问当前身份可以执行哪些操作（SelfSubjectAccessReview，类似 kubectl auth can-i），对无权执行的操作置灰，并说明缺少哪项权限。',
    },
    whatToDo: {
      en: 'Give on-call operators a dedicated role with exactly the verbs the console’s actions need, and everyone else read-only. If an action is disabled, ask for the specific permission shown rather than a broad admin role.',
      'zh-CN': '为值班人员设置专用角色，恰好包含控制台操作所需的动词，其他人只给只读权限。若某操作被禁用，只申请界面上提示的那项具体权限，而不是宽泛的管理员角色。',
    },
    related: ['read-only-mode', 'audit-log', 'dry-run', 'cordon', 'drain'],
    sources: [SRC.k8sRbac, SRC.k8sAuthz],
    keywords: ['RBAC', 'Role', 'ClusterRole', 'RoleBinding', 'permission', 'can-i', 'SelfSubjectAccessReview', 'least privilege', '权限', '角色', '最小权限'],
  },
  {
    id: 'audit-log',
    title: { en: 'Audit log', 'zh-CN': '审计日志' },
    summary: {
      en: 'Bulwark’s audit log is an append-only record of every action: who, what, which targets, the preview result, and the outcome, written before the action runs and again after it finishes. Kubernetes keeps its own API-server audit log, configured by an audit policy.',
      'zh-CN': 'Bulwark 的审计日志是只追加的操作记录：谁、做了什么、针对哪些对象、预览结果以及最终结果，在操作执行前写入一次，结束后再写入一次。Kubernetes 的 API 服务器也有自己的审计日志，由审计策略配置。',
    },
    whyItMatters: {
      en: 'During and after an incident you need to know exactly what was done and in what order, especially when several operators act at once. Writing before the action means even a crash mid-action leaves a trace.',
      'zh-CN': '事故期间和事后，你需要准确知道做过哪些操作、顺序如何，尤其是多名值班人员同时操作时。在操作前先写入，意味着即使操作中途崩溃也会留下记录。',
    },
    whereInBulwark: {
      en: 'The Audit screen lists every entry with filters by user, action, target and result; each action dialog links to its audit entry.',
      'zh-CN': 'Audit（审计）页列出所有记录，可按用户、操作、目标和结果筛选；每个操作对话框都链接到对应的审计记录。',
    },
    whatToDo: {
      en: 'Write a reason on every destructive action; it is the first thing the next on-call operator will read. Reconcile entries with "started" but no result against the cluster state, and use the log when writing the incident review.',
      'zh-CN': '为每个破坏性操作写明原因，这是下一位值班人员首先会看的内容。对只有“已开始”而没有结果的记录，要与集群实际状态核对；撰写事故复盘时以此日志为依据。',
    },
    related: ['rbac', 'dry-run', 'read-only-mode', 'kubernetes-events', 'blast-radius'],
    sources: [SRC.k8sAudit],
    keywords: ['audit', 'audit log', 'append-only', 'who did what', 'history', 'incident review', '审计', '操作记录', '复盘'],
  },
  {
    id: 'read-only-mode',
    title: { en: 'Read-only mode', 'zh-CN': '只读模式' },
    summary: {
      en: 'In read-only mode Bulwark shows everything but disables every action that would change the cluster. It is meant for observers, shared screens during an incident, and anyone without write permissions.',
      'zh-CN': '只读模式下，Bulwark 显示全部信息，但禁用所有会改变集群的操作。它适用于旁观者、事故期间的共享屏幕，以及所有没有写权限的人。',
    },
    whyItMatters: {
      en: 'Many people watch a cluster during an incident; only the incident lead should change it. Read-only mode removes the chance of a stray click, independent of what the credentials would allow.',
      'zh-CN': '事故期间很多人在盯着集群，但只有事故负责人应当修改它。只读模式杜绝了误点的可能，且不依赖于凭据本身允许什么。',
    },
    whereInBulwark: {
      en: 'A banner shows when the console is read-only; action buttons on Nodes, the GPU map and Workloads are disabled, while Overview, Events, Audit and explainers keep working.',
      'zh-CN': '控制台处于只读模式时会显示横幅提示；Nodes、GPU map 和 Workloads 上的操作按钮被禁用，而 Overview、Events、Audit 和概念说明照常可用。',
    },
    whatToDo: {
      en: 'Use it by default on shared or wall displays and for new team members. Pair it with a read-only Kubernetes identity (for example the built-in view ClusterRole) so the protection does not depend on the console alone.',
      'zh-CN': '在共享屏幕或大屏上以及新成员使用时默认开启。同时配合只读的 Kubernetes 身份（例如内置的 view ClusterRole），让保护不只依赖控制台本身。',
    },
    related: ['rbac', 'audit-log', 'fault-injection-game-days', 'data-age'],
    sources: [SRC.k8sRbac],
    keywords: ['read-only', 'readonly', 'view only', 'observer', 'safe mode', '只读', '查看模式', '观察者'],
  },
]);
