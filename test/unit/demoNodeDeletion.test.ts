/**
 * Deleting a Node object in the demo, as a real cluster does it: the Node goes at once, the pod
 * garbage collector force-deletes the pods bound to it 41–60 s later (20 s passes, 40 s
 * quarantine), and their controllers recreate them on the remaining nodes.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { DemoSource } from '../../electron/core/sources/demo';
import { SourceError } from '../../electron/core/sources/clusterSource';
import type { V1Pod, WatchEvent } from '../../electron/core/k8s/objects';

const NODE = 'gpu-h100-a-0001';

async function lab(rbac?: ConstructorParameters<typeof DemoSource>[0]['rbac']) {
  const source = new DemoSource({ preset: 'lab', realtime: false, rbac });
  const model = new ClusterModel({ now: () => source.now() });
  const batches: WatchEvent[][] = [];
  await source.start({
    onSync: (k, o) => model.onSync(k, o),
    onEvents: (e) => {
      batches.push(e);
      model.onEvents(e);
    },
    onMetrics: (s, at) => model.onMetrics(s, at),
    onStatus: () => {},
  });
  const advance = (ms: number) => {
    source.advance(ms);
    model.tick(source.now());
  };
  advance(30_000);
  return { source, model, batches, advance };
}

const ownerKind = (p: V1Pod) => p.metadata?.ownerReferences?.[0]?.kind;
const podsOn = (src: DemoSource, node: string) => src.list('Pod').filter((p) => p.spec?.nodeName === node);
const gpuTotal = (model: ClusterModel) => [...model.nodes()].reduce((n, v) => n + v.gpuCapacity, 0);

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(SourceError);
  return e as SourceError;
}

describe('demo: deleting a Node', () => {
  it("a deleted node's pods are recreated by their controller and placed elsewhere", async () => {
    const { source, model, batches, advance } = await lab();
    const before = podsOn(source, NODE);
    // The lab's first node runs a bit of everything.
    expect(new Set(before.map(ownerKind))).toEqual(new Set(['ReplicaSet', 'PyTorchJob', 'Job', 'DaemonSet']));
    const lost = new Map(before.map((p) => [p.metadata!.name!, p.metadata!.uid!]));
    const daemonPods = source.list('Pod').filter((p) => ownerKind(p) === 'DaemonSet').length;
    expect(gpuTotal(model)).toBe(32);

    // Dry run: validated, nothing changes, no watch event.
    const seen = batches.length;
    await source.ops.delete({ kind: 'Node', name: NODE }, { dryRun: true });
    expect(source.get('Node', undefined, NODE)).toBeDefined();
    expect(batches.length).toBe(seen);

    await source.ops.delete({ kind: 'Node', name: NODE }, { dryRun: false });
    const deletedAt = source.now();
    expect(batches.flat()).toContainEqual(expect.objectContaining({ type: 'DELETED', kind: 'Node', object: expect.objectContaining({ metadata: expect.objectContaining({ name: NODE }) }) }));
    expect(source.get('Node', undefined, NODE)).toBeUndefined();
    expect(model.node(NODE)).toBeUndefined();
    expect(gpuTotal(model)).toBe(24);
    expect(source.list('Event').some((e) => e.reason === 'RemovingNode' && e.involvedObject.name === NODE && e.message === `Node ${NODE} event: Removing Node ${NODE} from Controller`)).toBe(true);
    // Deleting it again: the API server's 404.
    expect((await rejection(source.ops.delete({ kind: 'Node', name: NODE }, { dryRun: false }))).message).toBe(`nodes "${NODE}" not found`);

    // The pods stay bound to the missing node, untouched, until the pod GC's quarantine is over.
    advance(40_000);
    expect(podsOn(source, NODE).map((p) => p.metadata!.name).sort()).toEqual([...lost.keys()].sort());
    while (podsOn(source, NODE).length > 0) {
      expect(source.now() - deletedAt).toBeLessThanOrEqual(60_000);
      advance(1_000);
    }
    expect(source.now() - deletedAt).toBeGreaterThan(40_000);
    // PodGC marks each pod Failed with DisruptionTarget before the forced deletion.
    const gcMarks = batches.flat().filter((e) => e.kind === 'Pod' && e.type === 'MODIFIED' && lost.has(e.object.metadata!.name!)
      && (e.object as V1Pod).status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.reason === 'DeletionByPodGC' && c.message === 'PodGC: node no longer exists'));
    expect(gcMarks.length).toBeGreaterThan(0);
    expect(gcMarks.every((e) => (e.object as V1Pod).status?.phase === 'Failed')).toBe(true);

    advance(5 * 60_000);
    const pods = source.list('Pod');
    // Nothing is bound to the node any more, in the cluster or in the model; no pod lost its uid's identity.
    expect(podsOn(source, NODE)).toEqual([]);
    expect([...model.list('Pod')].filter((p) => p.spec?.nodeName === NODE)).toEqual([]);
    expect(pods.some((p) => lost.get(p.metadata!.name!) === p.metadata!.uid)).toBe(false);
    // ReplicaSets: every Deployment is back at its replica count, running on other nodes.
    for (const d of source.list('Deployment')) {
      const mine = pods.filter((p) => p.metadata!.namespace === d.metadata!.namespace && Object.entries(d.spec!.selector.matchLabels ?? {}).every(([k, v]) => p.metadata!.labels?.[k] === v));
      expect(mine.filter((p) => p.status?.phase === 'Running').length, d.metadata!.name).toBe(d.spec!.replicas);
    }
    // training-operator: the replica is recreated under the same name with a new uid. The lab has
    // no free GPUs left for it (the inference replicas took them), so the scheduler says why.
    const trainer = before.find((p) => ownerKind(p) === 'PyTorchJob')!;
    const again = source.get('Pod', trainer.metadata!.namespace, trainer.metadata!.name!)!;
    expect(again.metadata!.uid).not.toBe(trainer.metadata!.uid);
    if (again.spec!.nodeName) expect(again.spec!.nodeName).not.toBe(NODE);
    else expect(again.status!.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: expect.stringMatching(/^0\/3 nodes are available: /) }));
    // Job: the failed pod is counted and replaced.
    const jobPod = before.find((p) => ownerKind(p) === 'Job')!;
    const jobName = jobPod.metadata!.ownerReferences![0].name;
    const job = source.get('Job', jobPod.metadata!.namespace, jobName);
    if (job) expect(job.status!.failed).toBe(1);
    // DaemonSets do not recreate pods for a node that does not exist.
    expect(pods.filter((p) => ownerKind(p) === 'DaemonSet').length).toBe(daemonPods - before.filter((p) => ownerKind(p) === 'DaemonSet').length);
    // The scheduler's view: 3 nodes, and the model's GPU allocation matches the pods.
    expect(source.simulation.nodeList.map((n) => n.name)).not.toContain(NODE);
    expect(gpuTotal(model)).toBe(24);
  });

  it('a pod of a deleted node deleted gracefully stays Terminating (no kubelet to confirm) until the pod GC; its ReplicaSet replaces it at once', async () => {
    const { source, advance } = await lab();
    const victim = podsOn(source, NODE).find((p) => p.metadata!.labels?.app === 'chat-8b-primary')!;
    const ns = victim.metadata!.namespace!;
    await source.ops.delete({ kind: 'Node', name: NODE }, { dryRun: false });
    advance(1_000);
    await source.ops.delete({ kind: 'Pod', namespace: ns, name: victim.metadata!.name! }, { dryRun: false });
    advance(35_000);
    const still = source.get('Pod', ns, victim.metadata!.name!)!;
    expect(still.metadata!.deletionTimestamp).toBeDefined();
    expect(source.list('Event').some((e) => e.reason === 'Killing' && e.involvedObject.name === victim.metadata!.name)).toBe(false);
    const replicas = source.list('Pod').filter((p) => p.metadata!.labels?.app === 'chat-8b-primary' && !p.metadata!.deletionTimestamp);
    expect(replicas.some((p) => p.spec?.nodeName !== NODE)).toBe(true);
    advance(30_000);
    expect(source.get('Pod', ns, victim.metadata!.name!)).toBeUndefined();
  });

  it('faults and GPU resets refuse a deleted node; clearing a fault held on it does not bring it back', async () => {
    const { source, advance } = await lab();
    const down = source.faults.inject({ type: 'nodeNotReady', node: NODE });
    advance(5_000);
    await source.ops.delete({ kind: 'Node', name: NODE }, { dryRun: false });
    down.clear();
    advance(5_000);
    expect(source.get('Node', undefined, NODE)).toBeUndefined();
    expect(() => source.faults.inject({ type: 'nodeNotReady', node: NODE })).toThrow(/not found/);
    expect(() => source.resetGpu(`${NODE}/0`)).toThrow(/not found/);
    expect(source.dcgmSamples().some((s) => s.labels.Hostname === NODE)).toBe(false);
  });
});

describe('demo ops: kinds, verbs and scale like KubeOps', () => {
  it('checks patch on deployments/scale (the verb of the PATCH KubeOps sends), not update', async () => {
    const denyPatch = await lab({ deny: [{ verb: 'patch', resource: 'deployments', subresource: 'scale' }] });
    const ref = { kind: 'Deployment' as const, namespace: 'inference-prod', name: 'chat-8b-primary' };
    const e = await rejection(denyPatch.source.ops.scale(ref, 3, { dryRun: true }));
    expect(e.status).toBe(403);
    expect(e.message).toContain('cannot patch resource "deployments/scale" in API group "apps"');
    const denyUpdate = await lab({ deny: [{ verb: 'update', resource: 'deployments', subresource: 'scale' }] });
    await denyUpdate.source.ops.scale(ref, 3, { dryRun: false });
    expect(denyUpdate.source.get('Deployment', 'inference-prod', 'chat-8b-primary')!.spec!.replicas).toBe(3);
  });

  it('scales a Job through spec.parallelism and refuses kinds without a scale, with KubeOps messages', async () => {
    const { source, advance } = await lab();
    const job = source.list('Job').find((j) => !j.status?.completionTime && (j.status?.active ?? 0) > 0)!;
    const ref = { kind: 'Job' as const, namespace: job.metadata!.namespace!, name: job.metadata!.name! };
    const active = () => source.list('Pod').filter((p) => p.metadata?.ownerReferences?.[0]?.name === ref.name && !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
    const n = active();
    await source.ops.scale(ref, 0, { dryRun: false });
    expect(source.get('Job', ref.namespace, ref.name)!.spec!.parallelism).toBe(0);
    advance(2_000);
    expect(active()).toBe(0);
    await source.ops.scale(ref, n, { dryRun: false });
    advance(2_000);
    expect(active()).toBe(n);

    const node = await rejection(source.ops.scale({ kind: 'Node', name: NODE }, 1, { dryRun: false }));
    expect([node.status, node.message]).toEqual([400, 'Node cannot be scaled']);
    const negative = await rejection(source.ops.scale(ref, -1, { dryRun: false }));
    expect([negative.status, negative.message]).toEqual([422, 'replicas must be a non-negative integer, got -1']);
    const unknown = await rejection(source.ops.delete({ kind: 'ReplicaSet' as never, namespace: 'inference-prod', name: 'x' }, { dryRun: false }));
    expect([unknown.status, unknown.message]).toEqual([400, 'Unknown kind ReplicaSet']);
    const noNs = await rejection(source.ops.delete({ kind: 'Pod', name: 'x' }, { dryRun: false }));
    expect(noNs.status).toBe(400);
  });
});
