import type { ExplainerTable } from '../types';
import { defineExplainers } from '../define';
import { SRC } from '../sources';
import { XID_CODES, xidClassLabel } from '../../xid';

/** The XID reference table, generated from shared/xid.ts so the two never disagree. */
export const XID_TABLE: ExplainerTable = {
  columns: [
    { en: 'Code', 'zh-CN': '代码' },
    { en: 'Meaning', 'zh-CN': '含义' },
    { en: 'Class', 'zh-CN': '类别' },
    { en: 'Recommended action', 'zh-CN': '建议操作' },
  ],
  rows: XID_CODES.map((x) => [
    { en: String(x.code), 'zh-CN': String(x.code) },
    x.name,
    xidClassLabel(x.class),
    x.action,
  ]),
};

export const gpuHealthExplainers = defineExplainers([
  {
    id: 'gpu-allocation-vs-utilization',
    title: { en: 'GPU allocation vs. utilization', 'zh-CN': 'GPU 分配率与利用率' },
    summary: {
      en: 'Allocation counts GPUs that Kubernetes has handed to pods through the nvidia.com/gpu resource; utilization measures how busy those GPUs actually are. A GPU can be 100% allocated and nearly idle.',
      'zh-CN': '分配率统计 Kubernetes 通过 nvidia.com/gpu 资源分给 Pod 的 GPU 数量；利用率衡量这些 GPU 实际有多忙。一块 GPU 可能已被 100% 分配，却几乎处于空闲状态。',
    },
    whyItMatters: {
      en: 'GPUs are allocated whole and are never overcommitted, so an allocated-but-idle GPU is capacity nobody else can use. Idle allocated GPUs often mean a stalled data loader, a job waiting on a dead peer, or a notebook left running.',
      'zh-CN': 'GPU 按整块分配且不能超售，分配了却闲置的 GPU 就是别人也用不上的容量。已分配却空闲，往往意味着数据加载卡住、作业在等待已失效的对端，或有人忘了关掉 Notebook。',
    },
    whereInBulwark: {
      en: 'Overview shows allocated and busy GPUs side by side; the GPU map colours each GPU by allocation and shades it by utilization; Nodes and Workloads list both per row.',
      'zh-CN': 'Overview（总览）并列显示已分配与繁忙的 GPU 数；GPU map（GPU 图）按分配状态着色、按利用率调深浅；Nodes（节点）和 Workloads（工作负载）每行同时列出两者。',
    },
    whatToDo: {
      en: 'Sort Workloads by "allocated but idle" and ask owners about anything idle for more than a few minutes. Remember DCGM_FI_DEV_GPU_UTIL only says a kernel was running; a GPU spinning in a hung NCCL collective also reads near 100%, so check step progress too.',
      'zh-CN': '在 Workloads 中按“已分配但空闲”排序，对空闲超过几分钟的作业联系其负责人。注意 DCGM_FI_DEV_GPU_UTIL 只表示有内核在运行；卡在 NCCL 集合通信里空转的 GPU 同样接近 100%，所以还要看训练步数是否在前进。',
    },
    related: ['dcgm-metrics', 'nccl-hangs', 'quotas', 'headroom-n-plus-1', 'mig-partitioning'],
    sources: [SRC.k8sGpus, SRC.dcgmOverview, SRC.dcgmFields],
    keywords: ['allocation', 'utilization', 'idle', 'nvidia.com/gpu', 'DCGM_FI_DEV_GPU_UTIL', 'SM active', '分配', '利用率', '空闲'],
  },
  {
    id: 'dcgm-metrics',
    title: { en: 'DCGM metrics', 'zh-CN': 'DCGM 指标' },
    summary: {
      en: 'NVIDIA Data Center GPU Manager (DCGM) collects per-GPU telemetry and health data; dcgm-exporter publishes it to Prometheus under names such as DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED, DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_POWER_USAGE and DCGM_FI_DEV_XID_ERRORS.',
      'zh-CN': 'NVIDIA 数据中心 GPU 管理器（DCGM）采集每块 GPU 的遥测与健康数据；dcgm-exporter 以 DCGM_FI_DEV_GPU_UTIL、DCGM_FI_DEV_FB_USED、DCGM_FI_DEV_GPU_TEMP、DCGM_FI_DEV_POWER_USAGE、DCGM_FI_DEV_XID_ERRORS 等名称把它们暴露给 Prometheus。',
    },
    whyItMatters: {
      en: 'Kubernetes only knows that a GPU is allocated; DCGM is how you see that it is hot, throttling, logging ECC errors or sitting idle. Profiling fields such as DCGM_FI_PROF_SM_ACTIVE and DCGM_FI_PROF_PIPE_TENSOR_ACTIVE show real compute use far better than the coarse utilization gauge.',
      'zh-CN': 'Kubernetes 只知道 GPU 是否被分配；要看到 GPU 过热、降频、出现 ECC 错误或闲置，要靠 DCGM。DCGM_FI_PROF_SM_ACTIVE、DCGM_FI_PROF_PIPE_TENSOR_ACTIVE 等性能剖析字段比粗粒度的利用率指标更能反映真实算力使用情况。',
    },
    whereInBulwark: {
      en: 'The GPU map tooltip, the node detail panel and the Workloads GPU columns are all drawn from DCGM samples, in demo mode and against Prometheus alike.',
      'zh-CN': 'GPU map 的悬停提示、节点详情面板以及 Workloads 中的 GPU 列都来自 DCGM 采样，演示模式和连接 Prometheus 时都一样。',
    },
    whatToDo: {
      en: 'Check the data-age badge before trusting a value: a stopped exporter leaves stale numbers. Treat XID and ECC counters as events (look at changes), and temperatures, power and utilization as gauges (look at levels and trends).',
      'zh-CN': '先看数据时效标记再相信数值：exporter 停止后留下的是过时数据。XID 和 ECC 计数器应看作事件（关注变化），温度、功耗和利用率则是瞬时值（关注水平和趋势）。',
    },
    related: ['gpu-health', 'gpu-allocation-vs-utilization', 'data-age', 'xid-errors', 'thermal-throttling', 'power-energy'],
    sources: [SRC.dcgmOverview, SRC.dcgmFields, SRC.dcgmExporter],
    keywords: ['DCGM', 'dcgm-exporter', 'Prometheus', 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_GPU_TEMP', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_XID_ERRORS', 'DCGM_FI_PROF_SM_ACTIVE', 'telemetry', '遥测', '监控'],
  },
  {
    id: 'gpu-health',
    title: { en: 'GPU health', 'zh-CN': 'GPU 健康状态' },
    summary: {
      en: 'Bulwark rolls XID events, ECC and row-remapping state, NVLink errors, temperature, clock-throttle reasons and DCGM health-check results into one state per GPU: healthy, degraded or failed.',
      'zh-CN': 'Bulwark 把 XID 事件、ECC 与行重映射状态、NVLink 错误、温度、降频原因以及 DCGM 健康检查结果汇总为每块 GPU 的一个状态：健康、降级或故障。',
    },
    whyItMatters: {
      en: 'A single bad GPU can stop or slow a job spanning thousands of GPUs, and large training runs see hardware interruptions every few hours. Catching a degrading GPU before it fails lets you move work off it on your schedule instead of the hardware’s.',
      'zh-CN': '一块坏 GPU 就能让跨越数千块 GPU 的作业停下或变慢，而大规模训练每隔几小时就会遇到一次硬件中断。在 GPU 彻底失效前发现其劣化，就能按自己的节奏迁走工作，而不是被硬件牵着走。',
    },
    whereInBulwark: {
      en: 'The GPU map colours each GPU by health; Nodes has a GPU-health column; Events lists the XIDs and health transitions behind each state.',
      'zh-CN': 'GPU map 按健康状态为每块 GPU 着色；Nodes 页有 GPU 健康列；Events（事件）页列出导致每次状态变化的 XID 与健康转换。',
    },
    whatToDo: {
      en: 'Cordon nodes with a failed GPU, then drain once running jobs have checkpointed. Before returning a node to service, reset the GPU and run DCGM diagnostics (dcgmi diag, level 3 or higher) and confirm no row remap is pending.',
      'zh-CN': '对含故障 GPU 的节点先执行 cordon（封锁调度），待作业完成检查点后再 drain（排空）。节点重新投入使用前，先重置 GPU、运行 DCGM 诊断（dcgmi diag，级别 3 及以上），并确认没有待生效的行重映射。',
    },
    related: ['xid-errors', 'ecc-row-remapping', 'nvlink-errors', 'thermal-throttling', 'gpu-reset', 'cordon', 'drain', 'failure-detection'],
    sources: [SRC.dcgmOverview, SRC.gpuDebug, SRC.llama3],
    keywords: ['health', 'degraded', 'failed', 'dcgmi diag', 'health check', '健康', '降级', '故障', '诊断'],
  },
  {
    id: 'xid-errors',
    title: { en: 'XID errors', 'zh-CN': 'XID 错误' },
    summary: {
      en: 'An XID is an error report from the NVIDIA kernel driver, written to the kernel log as "NVRM: Xid" with a numeric code; DCGM exposes the latest code as DCGM_FI_DEV_XID_ERRORS. The code says what went wrong, from an application bug to a GPU that has fallen off the bus.',
      'zh-CN': 'XID 是 NVIDIA 内核驱动上报的错误，以“NVRM: Xid”加数字代码的形式写入内核日志；DCGM 通过 DCGM_FI_DEV_XID_ERRORS 暴露最近一次的代码。代码说明出了什么问题，从应用程序缺陷到 GPU 从总线上掉线都有。',
    },
    whyItMatters: {
      en: 'Not every XID means broken hardware: 13, 31 and 43 are usually the workload’s own fault, while 48, 79 or 95 mean the GPU must be reset or replaced. Reacting to the class, not just the presence of an XID, avoids both pulling healthy GPUs and rescheduling onto bad ones.',
      'zh-CN': '并非所有 XID 都意味着硬件损坏：13、31、43 通常是工作负载自身的问题，而 48、79、95 则意味着 GPU 必须重置或更换。按类别而不是“出现了 XID”来处理，既不会误下线健康 GPU，也不会把作业重新调度到坏 GPU 上。',
    },
    whereInBulwark: {
      en: 'Events shows every XID with its class and advice; the GPU map marks GPUs with recent XIDs; the node detail panel keeps each GPU’s XID history.',
      'zh-CN': 'Events 页显示每个 XID 及其类别和建议；GPU map 标记近期出现过 XID 的 GPU；节点详情面板保留每块 GPU 的 XID 历史。',
    },
    whatToDo: {
      en: 'Act on the first XID in a burst, since later ones (such as 45) are often side effects. Application class: restart the job from its checkpoint. Memory, NVLink, driver or GPU-lost class: cordon, drain, reset or reboot, and run diagnostics before reuse.',
      'zh-CN': '按一连串 XID 中的第一个处理，后面的（如 45）往往只是连带现象。应用程序类：从检查点重启作业。显存、NVLink、驱动或 GPU 丢失类：cordon、drain，重置 GPU 或重启节点，并在重新使用前运行诊断。',
    },
    related: ['gpu-health', 'ecc-row-remapping', 'nvlink-errors', 'gpu-reset', 'drain', 'dcgm-metrics'],
    sources: [SRC.xid, SRC.xidCatalog, SRC.gpuDebug],
    table: XID_TABLE,
    keywords: ['XID', 'Xid', 'NVRM', 'DCGM_FI_DEV_XID_ERRORS', 'fallen off the bus', 'XID 79', 'XID 48', 'XID 74', 'XID 94', 'XID 95', '掉卡', '驱动错误'],
  },
  {
    id: 'ecc-row-remapping',
    title: { en: 'ECC errors and row remapping', 'zh-CN': 'ECC 错误与行重映射' },
    summary: {
      en: 'GPU memory carries error-correcting codes: single-bit errors are corrected silently, double-bit errors are not. On A100 and newer GPUs the driver permanently replaces a faulty memory row with a spare (row remapping); the remap is recorded at once but takes effect only after a GPU reset.',
      'zh-CN': 'GPU 显存带有纠错码（ECC）：单比特错误会被自动纠正，双比特错误则无法纠正。在 A100 及更新的 GPU 上，驱动会用备用行永久替换故障显存行（行重映射）；重映射会立即记录，但要在 GPU 重置后才生效。',
    },
    whyItMatters: {
      en: 'An uncorrectable error kills the processes on that GPU (or only the one that touched it, if contained), which stops a synchronous training job. A GPU that has run out of spare rows keeps failing and must be replaced.',
      'zh-CN': '不可纠正错误会终止该 GPU 上的进程（若被隔离，则只终止访问到坏内存的那个进程），同步训练作业因此中断。备用行耗尽的 GPU 会反复出错，必须更换。',
    },
    whereInBulwark: {
      en: 'The GPU map flags GPUs with a pending remap or remap failure; Nodes shows ECC counts; Events lists XID 48, 63, 64, 92, 94 and 95.',
      'zh-CN': 'GPU map 标出有待生效重映射或重映射失败的 GPU；Nodes 页显示 ECC 计数；Events 页列出 XID 48、63、64、92、94 和 95。',
    },
    whatToDo: {
      en: 'Pending remap: cordon, let jobs checkpoint, drain and reset the GPU. Remap failure (XID 64) or repeated uncorrectable errors: keep the node cordoned and open a hardware ticket. Check the state with nvidia-smi -q -d ROW_REMAPPER or the DCGM remap fields.',
      'zh-CN': '有待生效的重映射：先 cordon，等作业保存检查点后 drain 并重置 GPU。重映射失败（XID 64）或反复出现不可纠正错误：保持节点封锁并提交硬件工单。可用 nvidia-smi -q -d ROW_REMAPPER 或 DCGM 的重映射字段查看状态。',
    },
    related: ['xid-errors', 'gpu-health', 'gpu-reset', 'drain', 'cordon'],
    sources: [SRC.memErrA100, SRC.pageRetirement, SRC.xid],
    keywords: ['ECC', 'SBE', 'DBE', 'double bit', 'row remap', 'page retirement', 'RMA', 'HBM', '双比特', '行重映射', '页退役', '显存错误'],
  },
  {
    id: 'nvlink-errors',
    title: { en: 'NVLink errors', 'zh-CN': 'NVLink 错误' },
    summary: {
      en: 'NVLink is the high-bandwidth GPU-to-GPU interconnect inside a node (through NVSwitch on HGX systems). Link errors show up as CRC and replay counters, link-down events and XID 74.',
      'zh-CN': 'NVLink 是节点内 GPU 之间的高带宽互连（HGX 系统通过 NVSwitch 连接）。链路错误表现为 CRC 与重传计数、链路断开事件以及 XID 74。',
    },
    whyItMatters: {
      en: 'Tensor parallelism and NCCL collectives lean on NVLink bandwidth. A flaky link slows every step of a job or makes collectives fail or hang, and on NVSwitch systems a fabric problem can take out all GPUs in the node.',
      'zh-CN': '张量并行和 NCCL 集合通信都依赖 NVLink 带宽。一条不稳定的链路会拖慢作业的每一步，甚至导致集合通信失败或挂起；在 NVSwitch 系统上，互连结构（fabric）出问题可能让整个节点的 GPU 都不可用。',
    },
    whereInBulwark: {
      en: 'The GPU map draws NVLink-degraded GPUs with a link badge; Nodes shows NVLink error counters; Events records XID 74.',
      'zh-CN': 'GPU map 用链路标记显示 NVLink 降级的 GPU；Nodes 页显示 NVLink 错误计数；Events 页记录 XID 74。',
    },
    whatToDo: {
      en: 'Compare error counters across GPUs in the node (nvidia-smi nvlink -e); a steadily rising counter on one link is a hardware fault. Cordon and drain the node, reset the GPUs (with Fabric Manager running on NVSwitch systems), and request service if errors return.',
      'zh-CN': '比较同一节点内各 GPU 的错误计数（nvidia-smi nvlink -e）；某条链路计数持续上升即为硬件故障。cordon 并 drain 该节点，重置 GPU（NVSwitch 系统需运行 Fabric Manager），若错误再次出现则申请维修。',
    },
    related: ['xid-errors', 'tensor-parallelism', 'nccl-hangs', 'stragglers', 'gpu-reset'],
    sources: [SRC.xid, SRC.fabricManager, SRC.dcgmFields],
    keywords: ['NVLink', 'NVSwitch', 'CRC', 'replay', 'XID 74', 'Fabric Manager', 'interconnect', '互连', '链路'],
  },
  {
    id: 'thermal-throttling',
    title: { en: 'Thermal and power throttling', 'zh-CN': '过热与功耗降频' },
    summary: {
      en: 'A GPU lowers its clocks when it hits a temperature, power or hardware slowdown limit. The driver reports why through clock event (throttle) reasons such as SW power cap, HW slowdown and SW or HW thermal slowdown.',
      'zh-CN': 'GPU 触及温度、功耗或硬件减速限制时会降低时钟频率。驱动通过时钟事件（降频）原因报告具体缘由，例如软件功耗上限、硬件减速、软件或硬件过热减速。',
    },
    whyItMatters: {
      en: 'Synchronous training runs at the speed of its slowest GPU, so one throttled GPU with poor airflow slows the whole job without any error being raised.',
      'zh-CN': '同步训练的速度取决于最慢的那块 GPU，因此一块散热不良而降频的 GPU 会在没有任何报错的情况下拖慢整个作业。',
    },
    whereInBulwark: {
      en: 'The GPU map heat layer shows temperature; the node detail panel shows SM clock, power and throttle reasons; Workloads marks jobs with a throttled GPU.',
      'zh-CN': 'GPU map 的热力图层显示温度；节点详情面板显示 SM 时钟、功耗与降频原因；Workloads 页标记包含降频 GPU 的作业。',
    },
    whatToDo: {
      en: 'Compare the GPU’s SM clock and temperature (DCGM_FI_DEV_GPU_TEMP, DCGM_FI_DEV_MEMORY_TEMP) with its neighbours. A single hot GPU points to airflow, fans or a cold-plate problem; a whole hot rack points to facilities. Power-cap throttling under heavy load is expected; HW slowdown is not.',
      'zh-CN': '将该 GPU 的 SM 时钟和温度（DCGM_FI_DEV_GPU_TEMP、DCGM_FI_DEV_MEMORY_TEMP）与相邻 GPU 对比。只有一块过热，多半是风道、风扇或冷板问题；整个机柜都热，则要找机房设施。高负载下触及功耗上限降频属于正常，硬件减速（HW slowdown）则不正常。',
    },
    related: ['stragglers', 'power-energy', 'gpu-health', 'dcgm-metrics'],
    sources: [SRC.nvidiaSmi, SRC.dcgmFields, SRC.gpuDebug],
    keywords: ['throttle', 'clocks event reasons', 'HW slowdown', 'thermal', 'temperature', 'DCGM_FI_DEV_GPU_TEMP', '降频', '温度', '过热', '散热'],
  },
  {
    id: 'stragglers',
    title: { en: 'Stragglers', 'zh-CN': '掉队者（straggler，慢节点）' },
    summary: {
      en: 'A straggler is a worker that runs noticeably slower than its peers. In synchronous training every rank waits for the slowest one at each collective, so one straggler sets the pace for the whole job.',
      'zh-CN': '掉队者是明显慢于同伴的工作进程。同步训练中每个集合通信都要等最慢的 rank，所以一个掉队者就决定了整个作业的速度。',
    },
    whyItMatters: {
      en: 'Stragglers waste capacity silently: nothing fails, but thousands of GPUs idle a little on every step. Common causes are throttled GPUs, degraded NVLink or network links, a noisy host, or slow storage.',
      'zh-CN': '掉队者会悄无声息地浪费算力：没有任何报错，但数千块 GPU 每一步都在空等。常见原因包括 GPU 降频、NVLink 或网络链路降级、主机上有干扰进程，或存储变慢。',
    },
    whereInBulwark: {
      en: 'Workloads shows per-job step time and flags ranks whose GPUs are slower than their peers; the GPU map highlights the nodes hosting them.',
      'zh-CN': 'Workloads 页显示每个作业的步时，并标出 GPU 明显慢于同伴的 rank；GPU map 会高亮这些 rank 所在的节点。',
    },
    whatToDo: {
      en: 'Map the slow rank to its node, then check its GPU clocks, temperatures and link errors. If the node is at fault, cordon it and restart the job from its checkpoint without that node; tell the job owner, since frequent restarts cost more than a mild straggler.',
      'zh-CN': '把慢 rank 对应到节点，检查其 GPU 时钟、温度和链路错误。若确是节点问题，cordon 该节点，并在排除它之后从检查点重启作业；同时告知作业负责人，因为频繁重启的代价可能高于轻微的掉队。',
    },
    related: ['thermal-throttling', 'nvlink-errors', 'nccl-hangs', 'data-parallelism', 'goodput', 'cordon'],
    sources: [SRC.tailAtScale, SRC.llama3, SRC.metaReliability],
    keywords: ['straggler', 'slow rank', 'step time', 'tail latency', 'slow node', '慢节点', '掉队', '步时'],
  },
  {
    id: 'power-energy',
    title: { en: 'Power and energy', 'zh-CN': '功耗与能耗' },
    summary: {
      en: 'DCGM reports each GPU’s board power draw in watts (DCGM_FI_DEV_POWER_USAGE) and cumulative energy (DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION). Each GPU has a configurable power limit, and racks and data halls have power budgets of their own.',
      'zh-CN': 'DCGM 报告每块 GPU 的板卡功耗（瓦，DCGM_FI_DEV_POWER_USAGE）和累计能耗（DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION）。每块 GPU 都有可配置的功耗上限，机柜和机房也各有自己的供电预算。',
    },
    whyItMatters: {
      en: 'Large synchronous jobs make thousands of GPUs ramp power up and down together, which stresses power delivery and can trip breakers or force power caps. Power caps trade throughput for headroom, and energy per step or per token is a real cost.',
      'zh-CN': '大型同步作业会让数千块 GPU 同时升降功耗，给供电系统带来冲击，可能跳闸或被迫限功率。功耗上限以吞吐量换取供电余量，而每步或每个 token 的能耗是实打实的成本。',
    },
    whereInBulwark: {
      en: 'Overview shows cluster power against budget; the GPU map has a power layer; the node detail panel shows per-GPU power and limit.',
      'zh-CN': 'Overview 显示集群总功耗与预算对比；GPU map 有功耗图层；节点详情面板显示每块 GPU 的功耗和上限。',
    },
    whatToDo: {
      en: 'Watch for racks near their budget before starting large jobs. If a GPU draws far less power than its peers under the same job it is likely throttled or stalled; if one sits at its limit with low clocks, check cooling. Coordinate power-limit changes with facilities.',
      'zh-CN': '启动大型作业前，留意接近供电预算的机柜。同一作业下某块 GPU 的功耗远低于同伴，多半是降频或卡住了；若某块 GPU 一直顶着上限且时钟偏低，检查散热。调整功耗上限需与机房设施团队协调。',
    },
    related: ['thermal-throttling', 'dcgm-metrics', 'failure-domains', 'model-compression'],
    sources: [SRC.dcgmFields, SRC.nvidiaSmi, SRC.llama3],
    keywords: ['power', 'watts', 'energy', 'power cap', 'power limit', 'DCGM_FI_DEV_POWER_USAGE', '功耗', '能耗', '功率上限', '电力'],
  },
  {
    id: 'mig-partitioning',
    title: { en: 'Multi-Instance GPU (MIG)', 'zh-CN': '多实例 GPU（MIG）' },
    summary: {
      en: 'MIG splits one A100, H100 or newer GPU into as many as seven instances, each with its own compute, memory and cache. Kubernetes can expose them as separate resources such as nvidia.com/mig-1g.10gb.',
      'zh-CN': 'MIG 可把一块 A100、H100 或更新的 GPU 划分为最多 7 个实例，每个实例拥有独立的算力、显存和缓存。Kubernetes 可以把它们作为独立资源暴露，例如 nvidia.com/mig-1g.10gb。',
    },
    whyItMatters: {
      en: 'Small inference models rarely fill a whole GPU; MIG raises utilization while keeping tenants isolated from each other’s faults and memory. A MIG-partitioned GPU cannot host a job that needs the full GPU until it is reconfigured.',
      'zh-CN': '小型推理模型很少能占满整块 GPU；MIG 在提高利用率的同时，让租户之间的故障和显存互不影响。但划分了 MIG 的 GPU 在重新配置前无法承载需要整卡的作业。',
    },
    whereInBulwark: {
      en: 'The GPU map subdivides partitioned GPUs into their instances; Nodes lists the MIG profile of each GPU.',
      'zh-CN': 'GPU map 把已划分的 GPU 细分显示为各个实例；Nodes 页列出每块 GPU 的 MIG 配置。',
    },
    whatToDo: {
      en: 'Keep MIG layouts on dedicated node pools labelled by profile, so training jobs are not scheduled onto partitioned GPUs. Changing a layout requires the GPU to be idle, so drain the node first.',
      'zh-CN': '把 MIG 配置放在按配置打标签的专用节点池中，避免训练作业被调度到已划分的 GPU 上。修改划分需要 GPU 空闲，因此先 drain 节点。',
    },
    related: ['isolation', 'gpu-allocation-vs-utilization', 'drain', 'taints-tolerations'],
    sources: [SRC.mig, SRC.gpuOperator, SRC.k8sGpus],
    keywords: ['MIG', 'multi-instance', 'partition', 'nvidia.com/mig', '多实例', '切分', '划分'],
  },
  {
    id: 'gpu-reset',
    title: { en: 'GPU reset', 'zh-CN': 'GPU 重置' },
    summary: {
      en: 'A GPU reset (for example nvidia-smi --gpu-reset) reinitialises one GPU without rebooting the host. It needs every process on that GPU stopped, and some faults, such as a GPU that has fallen off the bus, need a full node reboot or power cycle instead.',
      'zh-CN': 'GPU 重置（例如 nvidia-smi --gpu-reset）在不重启主机的情况下重新初始化一块 GPU。执行前必须停止该 GPU 上的所有进程；有些故障（如 GPU 从总线上掉线）则需要整机重启或断电重启。',
    },
    whyItMatters: {
      en: 'Many memory, NVLink and firmware errors, and every pending row remap, are cleared only by a reset. A reset is much faster than a reboot, so it shortens repair time when it is enough.',
      'zh-CN': '许多显存、NVLink 和固件错误，以及所有待生效的行重映射，都只能靠重置来解决。重置比重启快得多，在足以解决问题时能明显缩短修复时间。',
    },
    whereInBulwark: {
      en: 'The node detail panel shows which GPUs need a reset (from XID class and remap state); a drain must finish first, and the repair is recorded in Audit.',
      'zh-CN': '节点详情面板根据 XID 类别和重映射状态显示哪些 GPU 需要重置；必须先完成 drain，维修过程会记录在 Audit（审计）中。',
    },
    whatToDo: {
      en: 'Cordon and drain the node, stop node-local GPU agents if they hold the device, reset, then run DCGM diagnostics. If the reset fails or the GPU is missing from nvidia-smi, reboot the node; if the fault returns, send the GPU for replacement.',
      'zh-CN': '先 cordon 并 drain 节点；若节点上的 GPU 代理进程占用设备，先停止它们；然后重置并运行 DCGM 诊断。重置失败或 nvidia-smi 中看不到该 GPU 时，重启节点；若故障复现，则送修更换。',
    },
    related: ['xid-errors', 'ecc-row-remapping', 'drain', 'gpu-health', 'mtbf-mttr'],
    sources: [SRC.nvidiaSmi, SRC.gpuDebug, SRC.memErrA100],
    keywords: ['reset', 'nvidia-smi -r', 'reboot', 'power cycle', '重置', '重启', '复位'],
  },
]);
