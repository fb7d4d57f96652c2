/**
 * NVIDIA XID codes that matter to operators of GPU clusters, with the class the
 * console (and the demo simulator) uses to decide consequences.
 *
 * Meanings follow NVIDIA's XID documentation
 * (https://docs.nvidia.com/deploy/xid-errors/index.html and the XID catalog for
 * Ampere and newer). The class is an operator-oriented grouping, not NVIDIA's:
 *  - gpu-lost:      the GPU is gone from the host until reset / reboot.
 *  - memory:        GPU memory (HBM) errors: ECC, row remapping.
 *  - application:   usually caused by the workload; the GPU itself stays usable.
 *  - nvlink:        GPU-to-GPU interconnect errors.
 *  - thermal-power: cooling or power delivery.
 *  - driver:        driver / firmware (GSP, micro-controller) problems.
 *  - other:         everything else, and unknown codes.
 */
import type { Localized } from './explainers/types';

export type XidClass = 'gpu-lost' | 'memory' | 'application' | 'nvlink' | 'thermal-power' | 'driver' | 'other';

export interface XidCode {
  code: number;
  name: Localized;
  class: XidClass;
  action: Localized;
  /** True when the GPU must be reset (or the node rebooted) before it is trusted again. */
  resetRequired: boolean;
}

export const XID_CLASS_LABELS: Readonly<Record<XidClass, Localized>> = {
  'gpu-lost': { en: 'GPU lost', 'zh-CN': 'GPU 丢失' },
  memory: { en: 'Memory (ECC)', 'zh-CN': '显存（ECC）' },
  application: { en: 'Application', 'zh-CN': '应用程序' },
  nvlink: { en: 'NVLink', 'zh-CN': 'NVLink 互连' },
  'thermal-power': { en: 'Thermal / power', 'zh-CN': '散热 / 供电' },
  driver: { en: 'Driver / firmware', 'zh-CN': '驱动 / 固件' },
  other: { en: 'Other', 'zh-CN': '其他' },
};

const APP_RESTART: Localized = {
  en: 'Usually a fault in the workload (bad address, illegal instruction). Restart the job from its last checkpoint; suspect the GPU only if the code repeats on the same GPU with different jobs.',
  'zh-CN': '通常是工作负载自身的问题（非法地址、非法指令等）。从最近的检查点重启作业；只有当同一块 GPU 在不同作业下反复出现该错误时，才怀疑硬件。',
};

export const XID_CODES: readonly XidCode[] = [
  {
    code: 8,
    name: { en: 'GPU stopped processing (idle timeout)', 'zh-CN': 'GPU 停止处理（空闲超时）' },
    class: 'application',
    action: APP_RESTART,
    resetRequired: false,
  },
  {
    code: 13,
    name: { en: 'Graphics engine exception', 'zh-CN': '图形引擎异常' },
    class: 'application',
    action: APP_RESTART,
    resetRequired: false,
  },
  {
    code: 31,
    name: { en: 'GPU memory page fault (MMU fault)', 'zh-CN': 'GPU 显存页错误（MMU 故障）' },
    class: 'application',
    action: APP_RESTART,
    resetRequired: false,
  },
  {
    code: 32,
    name: { en: 'Invalid or corrupted push buffer stream', 'zh-CN': '推送缓冲区（push buffer）命令流无效或损坏' },
    class: 'driver',
    action: {
      en: 'Restart the job. If it repeats, check the host for PCIe (AER) errors and system-memory problems, and confirm the driver version.',
      'zh-CN': '重启作业。若反复出现，检查主机的 PCIe（AER）错误和系统内存问题，并确认驱动版本。',
    },
    resetRequired: false,
  },
  {
    code: 43,
    name: { en: 'GPU stopped processing (channel reset)', 'zh-CN': 'GPU 停止处理（通道被重置）' },
    class: 'application',
    action: {
      en: 'The driver stopped the faulting application’s channel; the GPU stays healthy. Restart the job from its checkpoint and read the application log.',
      'zh-CN': '驱动终止了出错应用的通道，GPU 本身仍然健康。从检查点重启作业，并查看应用日志。',
    },
    resetRequired: false,
  },
  {
    code: 45,
    name: { en: 'Preemptive cleanup after earlier errors', 'zh-CN': '因先前错误进行的抢先清理' },
    class: 'other',
    action: {
      en: 'A follow-on event, often seen when a process is killed or after another XID. Look for the first XID just before it and act on that one.',
      'zh-CN': '这是伴随事件，常见于进程被终止或其他 XID 之后。找到紧挨在它之前的第一个 XID，按那个错误处理。',
    },
    resetRequired: false,
  },
  {
    code: 48,
    name: { en: 'Double-bit ECC error (uncorrectable)', 'zh-CN': '双比特 ECC 错误（DBE，不可纠正）' },
    class: 'memory',
    action: {
      en: 'Processes using the GPU are terminated. Drain the node, reset the GPU, then check for XID 63/64 and the row-remapping state before returning it to service.',
      'zh-CN': '使用该 GPU 的进程会被终止。排空（drain）节点、重置 GPU，再检查是否伴随 XID 63/64 以及行重映射状态，确认无误后再恢复使用。',
    },
    resetRequired: true,
  },
  {
    code: 54,
    name: { en: 'Auxiliary power not connected to the GPU board', 'zh-CN': 'GPU 板卡未接辅助供电' },
    class: 'thermal-power',
    action: {
      en: 'A hardware installation problem (older and PCIe boards). Take the node out of service and have the power cabling checked.',
      'zh-CN': '属于硬件安装问题（多见于较老的 PCIe 板卡）。将节点下线，检查供电线缆。',
    },
    resetRequired: true,
  },
  {
    code: 61,
    name: { en: 'Internal micro-controller breakpoint / warning', 'zh-CN': '内部微控制器断点 / 警告' },
    class: 'driver',
    action: {
      en: 'Firmware on the GPU hit an internal error. Drain, reset the GPU and check the driver version; contact support if it repeats.',
      'zh-CN': 'GPU 上的固件遇到内部错误。排空节点、重置 GPU 并核对驱动版本；反复出现时联系厂商支持。',
    },
    resetRequired: true,
  },
  {
    code: 62,
    name: { en: 'Internal micro-controller halt', 'zh-CN': '内部微控制器停机' },
    class: 'driver',
    action: {
      en: 'The GPU’s internal controller stopped; causes include driver, firmware or thermal problems. Drain, reset the GPU, check temperatures; contact support if it repeats.',
      'zh-CN': 'GPU 内部控制器已停机，可能由驱动、固件或散热问题引起。排空节点、重置 GPU 并检查温度；反复出现时联系厂商支持。',
    },
    resetRequired: true,
  },
  {
    code: 63,
    name: { en: 'ECC page retirement or row-remapping recording event', 'zh-CN': 'ECC 页退役或行重映射记录事件' },
    class: 'memory',
    action: {
      en: 'A faulty memory row was recorded for remapping; the remap only takes effect after a GPU reset. Drain the node and reset the GPU at the next safe moment.',
      'zh-CN': '一行故障显存已被记录待重映射，但要在 GPU 重置后才生效。在下一个安全时机排空节点并重置 GPU。',
    },
    resetRequired: true,
  },
  {
    code: 64,
    name: { en: 'ECC page retirement or row-remapping recording failure', 'zh-CN': 'ECC 页退役或行重映射记录失败' },
    class: 'memory',
    action: {
      en: 'The GPU could not record the bad row (for example, no spare rows left). Drain the node, reset the GPU and run diagnostics; if it repeats, the GPU is a candidate for replacement (RMA).',
      'zh-CN': 'GPU 无法记录故障行（例如备用行已耗尽）。排空节点、重置 GPU 并运行诊断；若再次出现，应考虑更换（RMA）。',
    },
    resetRequired: true,
  },
  {
    code: 68,
    name: { en: 'Video decoder (NVDEC) exception', 'zh-CN': '视频解码器（NVDEC）异常' },
    class: 'other',
    action: {
      en: 'Restart the application that used the video decoder; contact support if it repeats on the same GPU.',
      'zh-CN': '重启使用视频解码器的应用；若在同一块 GPU 上反复出现，联系厂商支持。',
    },
    resetRequired: false,
  },
  {
    code: 69,
    name: { en: 'Graphics engine class error', 'zh-CN': '图形引擎类错误' },
    class: 'application',
    action: APP_RESTART,
    resetRequired: false,
  },
  {
    code: 74,
    name: { en: 'NVLink error', 'zh-CN': 'NVLink 错误' },
    class: 'nvlink',
    action: {
      en: 'A GPU-to-GPU link reported an error; collectives on that node may fail or slow down. Drain the node, reset the GPUs (with Fabric Manager on NVSwitch systems) and check link error counters; persistent errors need hardware service.',
      'zh-CN': 'GPU 之间的互连链路报错，该节点上的集合通信可能失败或变慢。排空节点，重置 GPU（NVSwitch 系统需配合 Fabric Manager），并检查链路错误计数；持续出错需要硬件维修。',
    },
    resetRequired: true,
  },
  {
    code: 79,
    name: { en: 'GPU has fallen off the bus', 'zh-CN': 'GPU 已从总线上掉线（fallen off the bus）' },
    class: 'gpu-lost',
    action: {
      en: 'The GPU no longer answers on PCIe and every job using it is lost. Drain the node and reboot or power-cycle it; check PCIe, power and cooling, and send the GPU for replacement if it happens again.',
      'zh-CN': 'GPU 已无法通过 PCIe 访问，使用它的作业全部中断。排空节点并重启或断电重启；检查 PCIe、供电和散热，若再次发生则送修更换。',
    },
    resetRequired: true,
  },
  {
    code: 92,
    name: { en: 'High single-bit ECC error rate', 'zh-CN': '单比特 ECC 错误率过高' },
    class: 'memory',
    action: {
      en: 'Errors are still being corrected, but the rate is unusual. Keep the GPU in service, watch for double-bit errors and remapping events, and plan a reset and diagnostics.',
      'zh-CN': '错误仍能被纠正，但频率异常。GPU 可继续使用，同时关注双比特错误和行重映射事件，并安排重置与诊断。',
    },
    resetRequired: false,
  },
  {
    code: 94,
    name: { en: 'Contained ECC error', 'zh-CN': '受控（contained）ECC 错误' },
    class: 'application',
    action: {
      en: 'An uncorrectable memory error was contained: only the application that touched the bad memory is terminated and the GPU keeps serving others. Restart that job from its checkpoint; a pending row remap is applied at the next GPU reset.',
      'zh-CN': '不可纠正的显存错误被隔离在局部：只有访问到坏内存的应用被终止，GPU 仍可服务其他任务。从检查点重启该作业；待生效的行重映射会在下次 GPU 重置时应用。',
    },
    resetRequired: false,
  },
  {
    code: 95,
    name: { en: 'Uncontained ECC error', 'zh-CN': '非受控（uncontained）ECC 错误' },
    class: 'memory',
    action: {
      en: 'The memory error could not be contained, so every application on the GPU is affected. Drain the node and reset the GPU before reuse; check the remapping state afterwards.',
      'zh-CN': '显存错误无法被隔离，GPU 上的所有应用都会受影响。排空节点并重置 GPU 后才能再次使用；之后检查行重映射状态。',
    },
    resetRequired: true,
  },
  {
    code: 109,
    name: { en: 'Context switch timeout', 'zh-CN': '上下文切换超时' },
    class: 'driver',
    action: {
      en: 'Restart the job. If it repeats on the same GPU, reset the GPU and check the driver version and host logs.',
      'zh-CN': '重启作业。若在同一块 GPU 上反复出现，重置 GPU 并检查驱动版本和主机日志。',
    },
    resetRequired: false,
  },
  {
    code: 119,
    name: { en: 'GSP RPC timeout', 'zh-CN': 'GSP RPC 超时' },
    class: 'driver',
    action: {
      en: 'The GPU System Processor firmware stopped answering the driver; the GPU is unusable until reset. Drain, reset the GPU or reboot the node, and check for a fixed driver release.',
      'zh-CN': 'GPU 系统处理器（GSP）固件不再响应驱动，重置前 GPU 不可用。排空节点，重置 GPU 或重启节点，并确认是否有修复该问题的驱动版本。',
    },
    resetRequired: true,
  },
  {
    code: 120,
    name: { en: 'GSP error', 'zh-CN': 'GSP 错误' },
    class: 'driver',
    action: {
      en: 'The GPU System Processor reported an error. Drain, reset the GPU or reboot the node; contact support if it repeats.',
      'zh-CN': 'GPU 系统处理器（GSP）报告错误。排空节点，重置 GPU 或重启节点；反复出现时联系厂商支持。',
    },
    resetRequired: true,
  },
  {
    code: 140,
    name: { en: 'Unrecovered ECC error', 'zh-CN': '未恢复的 ECC 错误' },
    class: 'memory',
    action: {
      en: 'Uncorrectable memory errors occurred in a way the driver could not handle with page retirement or row remapping. Drain the node and reset the GPU; run diagnostics before reuse.',
      'zh-CN': '出现了驱动无法通过页退役或行重映射处理的不可纠正显存错误。排空节点并重置 GPU；再次使用前先运行诊断。',
    },
    resetRequired: true,
  },
  {
    code: 154,
    name: { en: 'GPU recovery action changed', 'zh-CN': 'GPU 恢复动作变更' },
    class: 'other',
    action: {
      en: 'The driver states what recovery the GPU now needs (none, GPU reset, node reboot, or drain and reset). Follow the action it names; it is the summary of earlier XIDs.',
      'zh-CN': '驱动给出 GPU 当前需要的恢复动作（无需处理、重置 GPU、重启节点或排空后重置）。按其指示处理；它是对先前 XID 的汇总结论。',
    },
    resetRequired: false,
  },
];

const BY_CODE: ReadonlyMap<number, XidCode> = new Map(XID_CODES.map((x) => [x.code, x]));

export function xidInfo(code: number): XidCode | undefined {
  return BY_CODE.get(code);
}

/** Operator class of an XID code; 'other' when the code is unknown. */
export function xidClass(code: number): XidClass {
  return BY_CODE.get(code)?.class ?? 'other';
}

export function xidClassLabel(cls: XidClass): Localized {
  return XID_CLASS_LABELS[cls];
}
