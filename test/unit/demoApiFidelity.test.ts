/**
 * Where the demo answers as a real API server and its controllers do, word for word: conflict
 * on a stale resourceVersion, validation messages, the eviction subresource's rules, the node
 * lifecycle controller's unschedulable taint, the disruption controller's expectedPods and the
 * deployment controller's events.
 */
import { describe, expect, it } from 'vitest';
import { DemoSource } from '../../electron/core/sources/demo';
import { SourceError } from '../../electron/core/sources/clusterSource';
import { tolerates } from '../../electron/core/sources/demo/scheduler';

const NODE = 'gpu-h100-a-0001';

async function lab() {
  const source = new DemoSource({ preset: 'lab', realtime: false });
  await source.start({ onSync() {}, onEvents() {}, onMetrics() {}, onStatus() {} });
  source.advance(30_000);
  return source;
}

async function rejection(p: Promise<unknown>): Promise<SourceError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(SourceError);
  return e as SourceError;
}

const taintPatch = (taints: unknown[]) => ({ spec: { taints } });

describe('demo API server: writes', () => {
  it('a merge patch carrying a stale metadata.resourceVersion is a 409 Conflict; the current one applies', async () => {
    const src = await lab();
    const rv = src.get('Node', undefined, NODE)!.metadata!.resourceVersion!;
    await src.ops.mergePatch({ kind: 'Node', name: NODE }, { metadata: { labels: { team: 'a' } } }, { dryRun: false });
    const stale = await rejection(src.ops.mergePatch({ kind: 'Node', name: NODE }, { metadata: { resourceVersion: rv }, spec: { unschedulable: true } }, { dryRun: false }));
    expect([stale.status, stale.reason]).toEqual([409, 'Conflict']);
    expect(stale.message).toBe(`Operation cannot be fulfilled on nodes "${NODE}": the object has been modified; please apply your changes to the latest version and try again`);
    expect(src.get('Node', undefined, NODE)!.spec!.unschedulable).toBeUndefined();
    const cur = src.get('Node', undefined, NODE)!.metadata!.resourceVersion!;
    const out = await src.ops.mergePatch({ kind: 'Node', name: NODE }, { metadata: { resourceVersion: cur }, spec: { unschedulable: true } }, { dryRun: false });
    expect(out.metadata!.resourceVersion).not.toBe(cur);
  });

  it('taint validation speaks like ValidateNode (metadata.taints paths, effects in its order, aggregated errors)', async () => {
    const src = await lab();
    const ref = { kind: 'Node' as const, name: NODE };
    const effect = await rejection(src.ops.mergePatch(ref, taintPatch([{ key: 'x', effect: 'Sometimes' }]), { dryRun: true }));
    expect([effect.status, effect.reason]).toEqual([422, 'Invalid']);
    expect(effect.message).toBe(`Node "${NODE}" is invalid: metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`);
    expect((await rejection(src.ops.mergePatch(ref, taintPatch([{ key: 'x' }]), { dryRun: true }))).message)
      .toBe(`Node "${NODE}" is invalid: metadata.taints[0].effect: Required value`);
    const key = await rejection(src.ops.mergePatch(ref, taintPatch([{ key: 'bad key!', effect: 'NoSchedule' }]), { dryRun: true }));
    expect(key.message).toBe(`Node "${NODE}" is invalid: metadata.taints[0].key: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`);
    const empty = await rejection(src.ops.mergePatch(ref, taintPatch([{ key: '', value: 'a b', effect: 'NoSchedule' }]), { dryRun: true }));
    expect(empty.message).toMatch(new RegExp(`^Node "${NODE}" is invalid: \\[metadata\\.taints\\[0\\]\\.key: Invalid value: "": name part must be non-empty, metadata\\.taints\\[0\\]\\.key: Invalid value: "": name part must consist of .*, metadata\\.taints\\[0\\]\\.value: Invalid value: "a b": a valid label must be an empty string or consist of .*\\]$`));
    const dup = await rejection(src.ops.mergePatch(ref, taintPatch([{ key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }]), { dryRun: true }));
    expect(dup.message).toBe(`Node "${NODE}" is invalid: metadata.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair`);
    // Same key, different effects: fine.
    await src.ops.mergePatch(ref, taintPatch([{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoExecute', value: 'v' }]), { dryRun: true });
  });

  it('NotFound, Forbidden and Invalid name the resource with its API group, as the API server does', async () => {
    const src = await lab();
    expect((await rejection(src.ops.scale({ kind: 'Deployment', namespace: 'inference-prod', name: 'ghost' }, 1, { dryRun: false }))).message).toBe('deployments.apps "ghost" not found');
    expect((await rejection(src.ops.delete({ kind: 'Job', namespace: 'batch-eval', name: 'ghost' }, { dryRun: false }))).message).toBe('jobs.batch "ghost" not found');
    const bad = await rejection(src.ops.mergePatch({ kind: 'Deployment', namespace: 'inference-prod', name: 'chat-8b-primary' }, { spec: { replicas: -1 } }, { dryRun: true }));
    expect(bad.message).toBe('Deployment.apps "chat-8b-primary" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });
});

describe('demo controllers', () => {
  it('cordon: the node lifecycle controller adds node.kubernetes.io/unschedulable:NoSchedule, keeps it while cordoned and drops it on uncordon', async () => {
    const src = await lab();
    const ref = { kind: 'Node' as const, name: NODE };
    const taintOf = () => src.get('Node', undefined, NODE)!.spec!.taints?.find((t) => t.key === 'node.kubernetes.io/unschedulable');
    const patched = await src.ops.mergePatch(ref, { spec: { unschedulable: true } }, { dryRun: false });
    // The PATCH response has no taint yet: the controller adds it after it sees the change.
    expect((patched as { spec?: { taints?: { key: string }[] } }).spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unschedulable')).toBeFalsy();
    src.advance(1_000);
    expect(taintOf()).toMatchObject({ effect: 'NoSchedule', timeAdded: expect.any(Date) });
    const others = src.get('Node', undefined, NODE)!.spec!.taints!.filter((t) => t.key !== 'node.kubernetes.io/unschedulable');
    await src.ops.mergePatch(ref, taintPatch(others), { dryRun: false });
    src.advance(1_000);
    expect(taintOf()).toBeDefined();
    await src.ops.mergePatch(ref, { spec: { unschedulable: null } }, { dryRun: false });
    src.advance(1_000);
    expect(taintOf()).toBeUndefined();
  });

  it('ToleratesTaint: empty key or effect match all, Exists ignores the value, Equal compares it', () => {
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    expect(tolerates([{ operator: 'Exists' }], taint)).toBe(true);
    expect(tolerates([{ key: taint.key, operator: 'Exists', effect: 'NoExecute' }], taint)).toBe(false);
    expect(tolerates([{ key: taint.key }], taint)).toBe(true);
    expect(tolerates([{ key: taint.key, value: 'x' }], taint)).toBe(false);
    expect(tolerates([{ key: taint.key, operator: 'Bogus' }], taint)).toBe(false);
  });

  it('eviction: a Pending pod ignores its budget, the API server records no Event; expectedPods counts terminating pods', async () => {
    const src = await lab();
    const ns = 'research';
    const pdb = () => src.get('PodDisruptionBudget', ns, 'llama-8b-finetune-pdb')!.status!;
    expect(pdb()).toMatchObject({ disruptionsAllowed: 0, expectedPods: 2 });
    // Deleting a replica: it terminates (60 s grace, at most 30 s in the demo) and the operator recreates it.
    await src.ops.delete({ kind: 'Pod', namespace: ns, name: 'llama-8b-finetune-worker-0' }, { dryRun: false });
    src.advance(1_000);
    // The terminating replica still counts as expected (an integer minAvailable counts every matched pod), not as healthy.
    expect(pdb()).toMatchObject({ expectedPods: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    expect(pdb().currentHealthy).toBeLessThanOrEqual(1);
    src.advance(31_000);
    const fresh = src.get('Pod', ns, 'llama-8b-finetune-worker-0')!;
    expect(fresh.status!.phase).toBe('Pending');
    expect(pdb().disruptionsAllowed).toBe(0);
    const events = src.list('Event').length;
    expect(await src.ops.evictPod(ns, 'llama-8b-finetune-worker-0', { dryRun: false })).toEqual({ outcome: 'evicted' });
    expect(src.list('Event').filter((e) => e.reason === 'Evicted')).toEqual([]);
    expect(src.list('Event').length).toBeGreaterThanOrEqual(events);
    // The master is Running and Ready: blocked, with the budget's numbers.
    const blocked = await src.ops.evictPod(ns, 'llama-8b-finetune-master-0', { dryRun: false });
    expect(blocked).toEqual({ outcome: 'blocked', reason: expect.stringMatching(/^Cannot evict pod as it would violate the pod's disruption budget\. \(The disruption budget llama-8b-finetune-pdb needs 2 healthy pods and has \d currently\)$/) });
  });

  it('scaling a Deployment records ScalingReplicaSet on it and SuccessfulDelete on its ReplicaSet', async () => {
    const src = await lab();
    const ref = { kind: 'Deployment' as const, namespace: 'inference-prod', name: 'chat-8b-primary' };
    const rs = src.list('Pod').find((p) => p.metadata!.labels?.app === 'chat-8b-primary')!.metadata!.ownerReferences![0].name;
    await src.ops.scale(ref, 1, { dryRun: false });
    src.advance(1_000);
    const events = src.list('Event');
    expect(events).toContainEqual(expect.objectContaining({ reason: 'ScalingReplicaSet', message: `Scaled down replica set ${rs} to 1 from 2`, involvedObject: expect.objectContaining({ kind: 'Deployment', name: 'chat-8b-primary' }) }));
    expect(events.filter((e) => e.reason === 'SuccessfulDelete' && e.involvedObject.name === rs)).toHaveLength(1);
    await src.ops.scale(ref, 2, { dryRun: false });
    src.advance(1_000);
    expect(src.list('Event')).toContainEqual(expect.objectContaining({ reason: 'ScalingReplicaSet', message: `Scaled up replica set ${rs} to 2 from 1` }));
  });
});
