import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../electron/core/sources/demo';
import type { PyTorchJob, V1Pod } from '../../electron/core/k8s/objects';
import { ANNOTATIONS } from '../../shared/conventions';
import { DEMO_ANNOTATIONS } from '../../electron/core/sources/demo/demoAnnotations';

const lab = () => new DemoSource({ preset: 'lab', realtime: false });
const region = () => new DemoSource({ preset: 'region', realtime: false });

function job(src: DemoSource, ns: string, name: string): PyTorchJob {
  return src.get('PyTorchJob', ns, name)!;
}
function cond(j: PyTorchJob, type: string): string | undefined {
  return j.status?.conditions?.find((c) => c.type === type)?.status;
}
function ann(j: PyTorchJob, key: string): number {
  return Number(j.metadata.annotations?.[key]);
}
function pod(src: DemoSource, ns: string, name: string): V1Pod {
  return src.get('Pod', ns, name)!;
}
/** "node/index" of the first GPU the pod holds. */
function gpuOf(src: DemoSource, ns: string, name: string): string {
  const ps = src.simulation.pods.get(`${ns}/${name}`)!;
  return `${ps.node}/${ps.gpuIdx[0]}`;
}
function allocatable(src: DemoSource, node: string): number {
  return Number(src.get('Node', undefined, node)!.status!.allocatable!['nvidia.com/gpu']);
}
function sample(src: DemoSource, gpu: string) {
  const [node, idx] = gpu.split('/');
  return src.dcgmSamples().find((s) => s.labels.Hostname === node && s.labels.gpu === idx);
}
function eventsOf(src: DemoSource, reason: string, name?: string) {
  return src.list('Event').filter((e) => e.reason === reason && (name === undefined || e.involvedObject.name === name));
}

describe('XID faults', () => {
  it('XID 79 under an elastic PyTorchJob above its minimum: the job continues with fewer workers and loses no work', () => {
    const src = lab();
    src.advance(60_000);
    const before = ann(job(src, 'research', 'vit-elastic'), ANNOTATIONS.progressStep);
    const gpu = gpuOf(src, 'research', 'vit-elastic-worker-0');
    const node = gpu.split('/')[0];
    const fault = src.faults.inject({ type: 'xid', gpu, code: 79 });
    src.advance(1000);
    const j = job(src, 'research', 'vit-elastic');
    expect(cond(j, 'Running')).toBe('True');
    expect(cond(j, 'Restarting')).not.toBe('True');
    expect(j.status?.replicaStatuses?.Worker?.active).toBe(1);
    expect(ann(j, ANNOTATIONS.lostWork)).toBe(0);
    expect(ann(j, ANNOTATIONS.progressStep)).toBeGreaterThanOrEqual(before);
    // The device plugin withdraws the lost GPU and DCGM no longer sees it.
    expect(allocatable(src, node)).toBe(7);
    expect(sample(src, gpu)).toBeUndefined();
    expect(eventsOf(src, 'GPUXidError', node)[0].type).toBe('Warning');
    // The replacement worker is scheduled on a healthy GPU and rejoins.
    src.advance(120_000);
    expect(job(src, 'research', 'vit-elastic').status?.replicaStatuses?.Worker?.active).toBe(2);
    expect(ann(job(src, 'research', 'vit-elastic'), ANNOTATIONS.lostWork)).toBe(0);
    fault.clear();
    src.advance(1000);
    expect(allocatable(src, node)).toBe(8);
    expect(sample(src, gpu)?.values.DCGM_FI_DEV_XID_ERRORS).toBe(0);
  });

  it('XID 79 under a gang (non-elastic) job: Restarting, progress back to the last checkpoint, lost work reported', () => {
    const src = lab();
    src.advance(60_000);
    const before = job(src, 'research', 'llama-8b-finetune');
    expect(ann(before, ANNOTATIONS.progressStep)).toBeGreaterThan(ann(before, ANNOTATIONS.checkpointStep));
    src.faults.inject({ type: 'xid', gpu: gpuOf(src, 'research', 'llama-8b-finetune-worker-0'), code: 79 });
    src.advance(1000);
    const j = job(src, 'research', 'llama-8b-finetune');
    expect(cond(j, 'Restarting')).toBe('True');
    expect(cond(j, 'Running')).toBe('False');
    expect(ann(j, ANNOTATIONS.progressStep)).toBe(ann(j, ANNOTATIONS.checkpointStep));
    expect(ann(j, ANNOTATIONS.lostWork)).toBeGreaterThan(0);
    expect(eventsOf(src, 'Restarting', 'llama-8b-finetune')).toHaveLength(1);
    // The surviving master restarts its container too (torchrun restarts the whole group).
    expect(pod(src, 'research', 'llama-8b-finetune-master-0').status!.containerStatuses![0].restartCount).toBe(1);
    // The worker is recreated on a healthy GPU and the job runs again from its checkpoint.
    src.advance(300_000);
    const after = job(src, 'research', 'llama-8b-finetune');
    expect(cond(after, 'Running')).toBe('True');
    expect(ann(after, ANNOTATIONS.progressStep)).toBeGreaterThan(ann(after, ANNOTATIONS.checkpointStep) - 1);
  });

  it('XID 13 restarts the job from its checkpoint while the GPU stays healthy and allocatable', () => {
    const src = lab();
    src.advance(60_000);
    const gpu = gpuOf(src, 'research', 'llama-8b-finetune-master-0');
    const node = gpu.split('/')[0];
    const uid = pod(src, 'research', 'llama-8b-finetune-master-0').metadata!.uid;
    const fault = src.faults.inject({ type: 'xid', gpu, code: 13 });
    src.advance(1000);
    expect(cond(job(src, 'research', 'llama-8b-finetune'), 'Restarting')).toBe('True');
    const p = pod(src, 'research', 'llama-8b-finetune-master-0');
    expect(p.metadata!.uid).toBe(uid);
    expect(p.spec!.nodeName).toBe(node);
    expect(p.status!.containerStatuses![0].restartCount).toBe(1);
    expect(p.status!.containerStatuses![0].lastState?.terminated?.reason).toBe('Error');
    expect(allocatable(src, node)).toBe(8);
    expect(sample(src, gpu)?.values.DCGM_FI_DEV_XID_ERRORS).toBe(13);
    expect(eventsOf(src, 'BackOff', 'llama-8b-finetune-master-0')).toHaveLength(1);
    src.advance(120_000);
    expect(cond(job(src, 'research', 'llama-8b-finetune'), 'Running')).toBe('True');
    fault.clear();
    expect(sample(src, gpu)?.values.DCGM_FI_DEV_XID_ERRORS).toBe(0);
  });

  it.each([
    [48, 7, 'Failed'],
    [64, 7, 'Failed'],
    [74, 7, 'Failed'],
    [63, 8, 'Running'],
  ])('XID %i leaves allocatable at %i and the pod %s', (code, expectedAllocatable, phase) => {
    const src = lab();
    src.advance(10_000);
    const ps = [...src.simulation.pods.values()].find((p) => p.owner.workload === 'inference-prod/chat-8b-primary')!;
    const gpu = `${ps.node}/${ps.gpuIdx[0]}`;
    const [node] = gpu.split('/');
    const fault = src.faults.inject({ type: 'xid', gpu, code });
    expect(allocatable(src, node)).toBe(expectedAllocatable);
    expect(src.simulation.pods.get(ps.key)?.state ?? 'Failed').toBe(phase);
    fault.clear();
    expect(allocatable(src, node)).toBe(8);
  });

  it('resetGpu clears the XID faults of that GPU', () => {
    const src = lab();
    const gpu = 'gpu-h100-a-0004/7';
    src.faults.inject({ type: 'xid', gpu, code: 48 });
    expect(allocatable(src, 'gpu-h100-a-0004')).toBe(7);
    expect(src.resetGpu(gpu)).toBe(1);
    expect(allocatable(src, 'gpu-h100-a-0004')).toBe(8);
    expect(src.faults.active()).toHaveLength(0);
  });
});

describe('node and zone faults', () => {
  it('a NotReady node gets the unreachable taints; its pods are evicted after 300 s and recreated elsewhere', () => {
    const src = region();
    const node = 'gpu-h100-c-0012';
    const victims = src.list('Pod').filter((p) => p.spec?.nodeName === node && p.metadata?.ownerReferences?.[0].kind !== 'DaemonSet');
    expect(victims.length).toBeGreaterThan(0);
    const fault = src.faults.inject({ type: 'nodeNotReady', node });
    src.advance(1000);
    const n = src.get('Node', undefined, node)!;
    expect(n.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');
    expect(n.spec!.taints!.filter((t) => t.key === 'node.kubernetes.io/unreachable').map((t) => t.effect).sort()).toEqual(['NoExecute', 'NoSchedule']);
    expect(eventsOf(src, 'NodeNotReady', node)).toHaveLength(1);
    src.advance(290_000);
    for (const v of victims) expect(src.get('Pod', v.metadata!.namespace, v.metadata!.name!)?.metadata?.deletionTimestamp).toBeUndefined();
    src.advance(120_000);
    for (const v of victims) expect(src.get('Pod', v.metadata!.namespace, v.metadata!.name!)).toBeUndefined();
    expect(eventsOf(src, 'TaintManagerEviction').length).toBe(victims.length);
    // Deployment controllers recreated the pods on other nodes; DaemonSet pods stayed.
    for (const d of ['data-pipeline/tokenizer', 'platform/inference-gateway']) {
      const dep = src.get('Deployment', d.split('/')[0], d.split('/')[1])!;
      expect(dep.status!.readyReplicas).toBe(dep.spec!.replicas);
    }
    expect(src.list('Pod').filter((p) => p.spec?.nodeName === node).every((p) => p.metadata?.ownerReferences?.[0].kind === 'DaemonSet')).toBe(true);
    fault.clear();
    src.advance(1000);
    const back = src.get('Node', undefined, node)!;
    expect(back.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(back.spec!.taints!.some((t) => t.key === 'node.kubernetes.io/unreachable')).toBe(false);
  });

  it('a zone outage takes every node of the zone down and the inference primary there loses all ready replicas', () => {
    const src = region();
    const zone = 'us-central1-c';
    const fault = src.faults.inject({ type: 'zoneOutage', zone });
    src.advance(15_000);
    const zoneNodes = src.list('Node').filter((n) => n.metadata!.labels!['topology.kubernetes.io/zone'] === zone);
    expect(zoneNodes).toHaveLength(21);
    for (const n of zoneNodes) expect(n.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('Unknown');
    const primary = src.get('Deployment', 'inference-prod', 'code-assist-34b-primary')!;
    expect(primary.status!.readyReplicas).toBe(0);
    expect(Number(primary.metadata!.annotations![DEMO_ANNOTATIONS.errorRate])).toBe(1);
    // Gang jobs with a replica in the zone restart.
    expect(cond(job(src, 'research', 'rlhf-reward-7b'), 'Restarting')).toBe('True');
    // No DCGM samples from unreachable exporters.
    expect(src.dcgmSamples().some((s) => s.labels.Hostname.startsWith('gpu-h100-c-'))).toBe(false);
    fault.clear();
    src.advance(240_000);
    for (const n of src.list('Node')) expect(n.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    expect(src.get('Deployment', 'inference-prod', 'code-assist-34b-primary')!.status!.readyReplicas).toBe(3);
  });
});

describe('training faults', () => {
  it('an NCCL hang stops progress without restarts or events, and the GPUs go quiet', () => {
    const src = region();
    src.advance(30_000);
    const key = 'PyTorchJob/llm-pretrain/llama-70b-pretrain';
    const before = ann(job(src, 'llm-pretrain', 'llama-70b-pretrain'), ANNOTATIONS.progressStep);
    const eventsBefore = src.list('Event').filter((e) => e.involvedObject.name?.startsWith('llama-70b-pretrain')).length;
    const fault = src.faults.inject({ type: 'ncclHang', job: key });
    src.advance(180_000);
    const j = job(src, 'llm-pretrain', 'llama-70b-pretrain');
    expect(cond(j, 'Running')).toBe('True');
    expect(cond(j, 'Restarting')).not.toBe('True');
    expect(Math.abs(ann(j, ANNOTATIONS.progressStep) - before)).toBeLessThan(40);
    const hungStep = ann(j, ANNOTATIONS.progressStep);
    src.advance(120_000);
    expect(ann(job(src, 'llm-pretrain', 'llama-70b-pretrain'), ANNOTATIONS.progressStep)).toBe(hungStep);
    expect(src.list('Event').filter((e) => e.involvedObject.name?.startsWith('llama-70b-pretrain')).length).toBe(eventsBefore);
    const pods = src.list('Pod').filter((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'llama-70b-pretrain');
    expect(pods.every((p) => p.status!.phase === 'Running' && p.status!.containerStatuses![0].restartCount === 0)).toBe(true);
    const utils = src.dcgmSamples().filter((s) => s.labels.pod?.startsWith('llama-70b-pretrain-')).map((s) => s.values.DCGM_FI_DEV_GPU_UTIL!);
    expect(utils).toHaveLength(128);
    expect(Math.max(...utils)).toBeLessThanOrEqual(5);
    fault.clear();
    src.advance(60_000);
    expect(ann(job(src, 'llm-pretrain', 'llama-70b-pretrain'), ANNOTATIONS.progressStep)).toBeGreaterThan(hungStep);
  });

  it('a thermally throttled GPU runs hot with a lower SM clock and slows its whole job', () => {
    const src = region();
    src.advance(30_000);
    const gpu = gpuOf(src, 'llm-pretrain', 'mixtral-8x7b-sft-worker-2');
    const sps = () => ann(job(src, 'llm-pretrain', 'mixtral-8x7b-sft'), ANNOTATIONS.samplesPerSecond);
    const normal = sps();
    const clockBefore = sample(src, gpu)!.values.DCGM_FI_DEV_SM_CLOCK!;
    const fault = src.faults.inject({ type: 'thermal', gpu });
    src.advance(30_000);
    expect(sps()).toBeLessThan(normal * 0.7);
    const s = sample(src, gpu)!;
    expect(s.values.DCGM_FI_DEV_GPU_TEMP).toBeGreaterThanOrEqual(90);
    expect(s.values.DCGM_FI_DEV_SM_CLOCK).toBeLessThan(clockBefore * 0.7);
    fault.clear();
    src.advance(30_000);
    expect(sps()).toBeGreaterThan(normal * 0.9);
    expect(sample(src, gpu)!.values.DCGM_FI_DEV_GPU_TEMP).toBeLessThan(85);
  });

  it('a full checkpoint storage makes checkpoints fail: CheckpointFailed events and a growing checkpoint age', () => {
    const src = lab();
    const j0 = job(src, 'research', 'vit-elastic');
    const ckptTime = j0.metadata.annotations![ANNOTATIONS.checkpointTime];
    const fault = src.faults.inject({ type: 'checkpointStorage', storage: 'pvc://lab-ckpt/vit', mode: 'full' });
    src.advance(900_000);
    const failed = eventsOf(src, 'CheckpointFailed', 'vit-elastic');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].type).toBe('Warning');
    expect(failed[0].message).toContain('No space left on device');
    const j1 = job(src, 'research', 'vit-elastic');
    expect(j1.metadata.annotations![ANNOTATIONS.checkpointTime]).toBe(ckptTime);
    // The other job's storage is fine.
    expect(eventsOf(src, 'CheckpointSaved', 'llama-8b-finetune').length).toBeGreaterThan(0);
    fault.clear();
    src.advance(400_000);
    expect(eventsOf(src, 'CheckpointSaved', 'vit-elastic').length).toBeGreaterThan(0);
    expect(job(src, 'research', 'vit-elastic').metadata.annotations![ANNOTATIONS.checkpointTime]).not.toBe(ckptTime);
  });

  it('a priority burst preempts lower-priority pods of other teams and gets its GPUs', () => {
    const src = region();
    const fault = src.faults.inject({ type: 'priorityBurst', namespace: 'llm-pretrain', gpus: 96, priorityClass: 'training-urgent' });
    src.advance(180_000);
    const preempted = eventsOf(src, 'Preempted');
    expect(preempted.length).toBeGreaterThan(0);
    const victimsNs = new Set(preempted.map((e) => e.involvedObject.namespace));
    expect([...victimsNs].some((ns) => ns !== 'llm-pretrain')).toBe(true);
    const burst = src.list('PyTorchJob').find((j) => j.metadata.name!.startsWith('urgent-'))!;
    expect(cond(burst, 'Running')).toBe('True');
    fault.clear();
    src.advance(60_000);
    expect(src.list('PyTorchJob').some((j) => j.metadata.name!.startsWith('urgent-'))).toBe(false);
  });
});

describe('inference faults', () => {
  it('inference pods in a zone fail readiness: the primary there has no ready replicas, errors and latency spike', () => {
    const src = region();
    src.advance(20_000);
    const fault = src.faults.inject({ type: 'inferenceZoneDown', zone: 'us-central1-a' });
    src.advance(20_000);
    const primary = src.get('Deployment', 'inference-prod', 'chat-llama-70b-primary')!;
    expect(primary.status!.readyReplicas).toBe(0);
    expect(Number(primary.metadata!.annotations![DEMO_ANNOTATIONS.errorRate])).toBe(1);
    expect(Number(primary.metadata!.annotations![DEMO_ANNOTATIONS.latencyP99])).toBeGreaterThan(10_000);
    expect(eventsOf(src, 'Unhealthy').length).toBeGreaterThan(0);
    // The standby in zone b is unaffected.
    expect(src.get('Deployment', 'inference-prod', 'chat-llama-70b-standby')!.status!.readyReplicas).toBe(4);
    // Nodes stay Ready: this is an application-level outage.
    expect(src.get('Node', undefined, 'gpu-h100-a-0001')!.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    fault.clear();
    src.advance(20_000);
    const back = src.get('Deployment', 'inference-prod', 'chat-llama-70b-primary')!;
    expect(back.status!.readyReplicas).toBe(4);
    expect(Number(back.metadata!.annotations![DEMO_ANNOTATIONS.errorRate])).toBeLessThan(0.01);
  });

  it('switching the Service selector to the standby moves the traffic there', async () => {
    const src = region();
    src.faults.inject({ type: 'inferenceZoneDown', zone: 'us-central1-a' });
    await src.ops.mergePatch({ kind: 'Service', namespace: 'inference-prod', name: 'chat-llama-70b' }, { spec: { selector: { 'bulwark.io/serving-role': 'standby' } } }, { dryRun: false });
    src.advance(20_000);
    const primary = src.get('Deployment', 'inference-prod', 'chat-llama-70b-primary')!;
    expect(primary.metadata!.annotations![DEMO_ANNOTATIONS.servingRole]).toBe('standby');
    expect(Number(primary.metadata!.annotations![DEMO_ANNOTATIONS.errorRate])).toBeLessThan(0.01);
    expect(Number(primary.metadata!.annotations![DEMO_ANNOTATIONS.rps])).toBeGreaterThan(0);
  });
});

describe('training job outcomes', () => {
  it('a gang job that fails more often than its backoffLimit is Failed and frees its GPUs', async () => {
    const src = lab();
    await src.ops.mergePatch({ kind: 'PyTorchJob', namespace: 'research', name: 'llama-8b-finetune' }, { spec: { runPolicy: { backoffLimit: 1 } } }, { dryRun: false });
    const gpu = gpuOf(src, 'research', 'llama-8b-finetune-master-0');
    src.faults.inject({ type: 'xid', gpu, code: 13 });
    src.advance(1000);
    expect(cond(job(src, 'research', 'llama-8b-finetune'), 'Restarting')).toBe('True');
    src.advance(300_000);
    expect(cond(job(src, 'research', 'llama-8b-finetune'), 'Running')).toBe('True');
    src.faults.inject({ type: 'xid', gpu, code: 13 });
    src.advance(1000);
    const j = job(src, 'research', 'llama-8b-finetune');
    expect(cond(j, 'Failed')).toBe('True');
    expect(eventsOf(src, 'PyTorchJobFailed', 'llama-8b-finetune')).toHaveLength(1);
    src.advance(120_000);
    expect(src.list('Pod').some((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'llama-8b-finetune')).toBe(false);
  });

  it('a job that reaches its total steps Succeeds and its pods complete', () => {
    const src = lab();
    // Skip most of the planned run (days of virtual time) by moving the trainer near the end.
    const tj = src.simulation.training.get('research/vit-elastic')!;
    tj.step = tj.totalSteps - 50;
    src.advance(180_000);
    const j = job(src, 'research', 'vit-elastic');
    expect(cond(j, 'Succeeded')).toBe('True');
    expect(ann(j, ANNOTATIONS.progressStep)).toBe(ann(j, ANNOTATIONS.totalSteps));
    const pods = src.list('Pod').filter((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'vit-elastic');
    expect(pods.length).toBe(2);
    expect(pods.every((p) => p.status!.phase === 'Succeeded' && p.status!.containerStatuses![0].state?.terminated?.reason === 'Completed')).toBe(true);
    expect(src.simulation.allocatedGpus()).toBe(28 - 8);
  });
});
