import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../electron/core/sources/demo';
import { SourceError } from '../../electron/core/sources/clusterSource';
import type { SourceSink } from '../../electron/core/sources/clusterSource';
import type { WatchEvent } from '../../electron/core/k8s/objects';

const region = (rbac?: ConstructorParameters<typeof DemoSource>[0]['rbac']) => new DemoSource({ preset: 'region', realtime: false, rbac });

async function started(src: DemoSource): Promise<WatchEvent[][]> {
  const batches: WatchEvent[][] = [];
  const sink: SourceSink = { onSync() {}, onEvents: (e) => batches.push(e), onMetrics() {}, onStatus() {} };
  await src.start(sink);
  return batches;
}

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('demo ops: eviction', () => {
  it("refuses to evict a pod of a gang job whose PDB allows no disruption, with the API server's message", async () => {
    const src = region();
    const out = await src.ops.evictPod('llm-pretrain', 'llama-70b-pretrain-worker-3', { dryRun: false });
    // The 429's message with its DisruptionBudget cause, as KubeOps reports it.
    expect(out).toEqual({ outcome: 'blocked', reason: "Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget llama-70b-pretrain-pdb needs 16 healthy pods and has 16 currently)" });
    expect(src.get('Pod', 'llm-pretrain', 'llama-70b-pretrain-worker-3')!.metadata!.deletionTimestamp).toBeUndefined();
  });

  it('allows evictions down to minAvailable, then blocks; the evicted pod is replaced', async () => {
    const src = region();
    const pods = src.list('Pod').filter((p) => p.metadata!.labels?.app === 'chat-llama-70b-primary').map((p) => p.metadata!.name!);
    const pdb = () => src.get('PodDisruptionBudget', 'inference-prod', 'chat-llama-70b-primary-pdb')!;
    expect(pdb().status).toMatchObject({ currentHealthy: 4, desiredHealthy: 3, disruptionsAllowed: 1, expectedPods: 4 });
    expect(await src.ops.evictPod('inference-prod', pods[0], { dryRun: false })).toEqual({ outcome: 'evicted' });
    expect(pdb().status!.disruptionsAllowed).toBe(0);
    expect((await src.ops.evictPod('inference-prod', pods[1], { dryRun: false })).outcome).toBe('blocked');
    expect(await src.ops.evictPod('inference-prod', 'no-such-pod', { dryRun: false })).toEqual({ outcome: 'not-found' });
    src.advance(240_000);
    expect(src.get('Pod', 'inference-prod', pods[0])).toBeUndefined();
    expect(src.get('Deployment', 'inference-prod', 'chat-llama-70b-primary')!.status!.readyReplicas).toBe(4);
    expect(pdb().status!.disruptionsAllowed).toBe(1);
  });
});

describe('demo ops: DaemonSet pods', () => {
  it('a deleted DaemonSet pod comes back on the same node', async () => {
    const src = region();
    const ds = src.list('Pod').find((p) => p.spec?.nodeName === 'gpu-h100-a-0003' && p.metadata!.name!.startsWith('nvidia-dcgm-exporter-'))!;
    await src.ops.delete({ kind: 'Pod', namespace: 'gpu-operator', name: ds.metadata!.name! }, { dryRun: false });
    src.advance(60_000);
    const again = src.list('Pod').filter((p) => p.spec?.nodeName === 'gpu-h100-a-0003' && p.metadata!.name!.startsWith('nvidia-dcgm-exporter-'));
    expect(again).toHaveLength(1);
    expect(again[0].metadata!.uid).not.toBe(ds.metadata!.uid);
    expect(again[0].status!.phase).toBe('Running');
  });
});

describe('demo ops: dry run', () => {
  it('validates and returns the would-be object but changes nothing and emits no watch events', async () => {
    const src = region();
    const batches = await started(src);
    const before = JSON.stringify(src.list('Node').concat() .map((n) => n.metadata!.resourceVersion));
    const node = await src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-a-0001' }, { spec: { unschedulable: true } }, { dryRun: true });
    expect((node as { spec?: { unschedulable?: boolean } }).spec?.unschedulable).toBe(true);
    expect(src.get('Node', undefined, 'gpu-h100-a-0001')!.spec!.unschedulable).toBeUndefined();
    const victim = src.list('Pod').find((p) => p.metadata!.labels?.app === 'chat-llama-70b-primary')!.metadata!.name!;
    expect(await src.ops.evictPod('inference-prod', victim, { dryRun: true })).toEqual({ outcome: 'evicted' });
    await src.ops.delete({ kind: 'Pod', namespace: 'inference-prod', name: victim }, { dryRun: true });
    await src.ops.scale({ kind: 'Deployment', namespace: 'inference-prod', name: 'embed-e5-large-primary' }, 9, { dryRun: true });
    await src.ops.scale({ kind: 'PyTorchJob', namespace: 'llm-pretrain', name: 'mixtral-8x7b-sft' }, 8, { dryRun: true });
    expect(batches).toHaveLength(0);
    expect(JSON.stringify(src.list('Node').map((n) => n.metadata!.resourceVersion))).toBe(before);
    expect(src.get('Pod', 'inference-prod', victim)!.metadata!.deletionTimestamp).toBeUndefined();
    expect(src.get('Deployment', 'inference-prod', 'embed-e5-large-primary')!.spec!.replicas).toBe(4);
    // A dry run still reports what would fail.
    const err = await rejection(src.ops.scale({ kind: 'PyTorchJob', namespace: 'llm-pretrain', name: 'mixtral-8x7b-sft' }, 20, { dryRun: true }));
    expect(err.status).toBe(422);
  });
});

describe('demo ops: writes', () => {
  it('cordon is a merge patch of spec.unschedulable with a new resourceVersion, published as MODIFIED', async () => {
    const src = region();
    const batches = await started(src);
    const rv = src.get('Node', undefined, 'gpu-h100-a-0001')!.metadata!.resourceVersion;
    const out = await src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-a-0001' }, { spec: { unschedulable: true } }, { dryRun: false });
    expect(Number(out.metadata!.resourceVersion)).toBeGreaterThan(Number(rv));
    expect(batches.flat()).toContainEqual(expect.objectContaining({ type: 'MODIFIED', kind: 'Node' }));
    await src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-a-0001' }, { spec: { unschedulable: null } }, { dryRun: false });
    expect(src.get('Node', undefined, 'gpu-h100-a-0001')!.spec!.unschedulable).toBeUndefined();
  });

  it('rejects invalid patches and unknown objects with readable API errors', async () => {
    const src = region();
    const bad = await rejection(src.ops.mergePatch({ kind: 'Node', name: 'gpu-h100-a-0001' }, { spec: { taints: [{ key: 'x', effect: 'Sometimes' }] } }, { dryRun: false }));
    expect(bad.status).toBe(422);
    expect(bad.message).toContain('Unsupported value: "Sometimes"');
    const missing = await rejection(src.ops.delete({ kind: 'Pod', namespace: 'research', name: 'ghost' }, { dryRun: false }));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe('pods "ghost" not found');
    const podSpec = await rejection(src.ops.mergePatch({ kind: 'Pod', namespace: 'llm-pretrain', name: 'llama-70b-pretrain-worker-0' }, { spec: { nodeName: 'elsewhere' } }, { dryRun: false }));
    expect(podSpec.status).toBe(422);
  });

  it('scales an elastic PyTorchJob within its elasticPolicy and refuses outside it or for gang jobs', async () => {
    const src = region();
    await src.ops.scale({ kind: 'PyTorchJob', namespace: 'llm-pretrain', name: 'mixtral-8x7b-sft' }, 4, { dryRun: false });
    src.advance(90_000);
    const workers = src.list('Pod').filter((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'mixtral-8x7b-sft' && !p.metadata!.deletionTimestamp);
    expect(workers).toHaveLength(4);
    const j = src.get('PyTorchJob', 'llm-pretrain', 'mixtral-8x7b-sft')!;
    expect(j.status!.conditions!.find((c) => c.type === 'Running')!.status).toBe('True');
    expect((await rejection(src.ops.scale({ kind: 'PyTorchJob', namespace: 'llm-pretrain', name: 'mixtral-8x7b-sft' }, 3, { dryRun: false }))).status).toBe(422);
    const gang = await rejection(src.ops.scale({ kind: 'PyTorchJob', namespace: 'llm-pretrain', name: 'llama-70b-pretrain' }, 10, { dryRun: false }));
    expect(gang.status).toBe(422);
    expect(gang.message).toContain('elasticPolicy');
  });

  it('deleting the pods of a gang job restarts it from its checkpoint (training-operator recreates them)', async () => {
    const src = region();
    src.advance(30_000);
    const pods = src.list('Pod').filter((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'rlhf-reward-7b');
    const uids = new Set(pods.map((p) => p.metadata!.uid));
    for (const p of pods) await src.ops.delete({ kind: 'Pod', namespace: 'research', name: p.metadata!.name! }, { dryRun: false });
    src.advance(1000);
    const j = src.get('PyTorchJob', 'research', 'rlhf-reward-7b')!;
    expect(j.status!.conditions!.find((c) => c.type === 'Restarting')!.status).toBe('True');
    expect(j.metadata!.annotations!['bulwark.io/progress-step']).toBe(j.metadata!.annotations!['bulwark.io/checkpoint-step']);
    src.advance(400_000);
    const again = src.list('Pod').filter((p) => p.metadata!.labels?.['training.kubeflow.org/job-name'] === 'rlhf-reward-7b');
    expect(again).toHaveLength(4);
    expect(again.every((p) => !uids.has(p.metadata!.uid))).toBe(true);
    expect(src.get('PyTorchJob', 'research', 'rlhf-reward-7b')!.status!.conditions!.find((c) => c.type === 'Running')!.status).toBe('True');
  });
});

describe('demo ops: access', () => {
  it('answers canI and refuses writes with 403 for a user denied by the RBAC patterns', async () => {
    const src = region({ deny: [{ verb: 'delete', resource: 'pods' }, { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'inference-prod' }] });
    expect(await src.ops.whoAmI()).toBe('demo-operator');
    expect(await src.ops.canI({ verb: 'delete', group: '', resource: 'pods', namespace: 'research' })).toMatchObject({ allowed: false });
    expect(await src.ops.canI({ verb: 'patch', group: '', resource: 'nodes' })).toEqual({ allowed: true });
    expect(await src.ops.canI({ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'research' })).toEqual({ allowed: true });
    const e = await rejection(src.ops.delete({ kind: 'Pod', namespace: 'research', name: 'rlhf-reward-7b-master-0' }, { dryRun: true }));
    expect(e.status).toBe(403);
    expect(e.message).toContain('is forbidden: User "demo-operator" cannot delete resource "pods"');
    const victim = src.list('Pod').find((p) => p.metadata!.labels?.app === 'chat-llama-70b-primary')!.metadata!.name!;
    expect((await rejection(src.ops.evictPod('inference-prod', victim, { dryRun: false }))).status).toBe(403);
  });
});
