import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../shared/actions';
import { runAutopilot } from '../../electron/core/drills/autopilot';
import { DrillEngine } from '../../electron/core/drills/drillEngine';
import { createHeadlessHarness, type HeadlessHarness } from '../../electron/core/drills/headlessDrill';
import type { ModelReader } from '../../electron/core/model/modelApi';
import type { ClusterSource } from '../../electron/core/sources/clusterSource';

let harness: HeadlessHarness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-drill-engine-'));
  dirs.push(d);
  return d;
}

async function region(dataDir = tempDir()): Promise<HeadlessHarness> {
  harness = await createHeadlessHarness('region', { dataDir });
  return harness;
}

async function act(h: HeadlessHarness, request: ActionRequest) {
  const preview = await h.actions.preview(request);
  const result = await h.actions.run(request, preview.confirmText);
  h.engine.noteAction(request, result);
  return result;
}

async function autopilot(h: HeadlessHarness, id: string) {
  await runAutopilot(id, { engine: h.engine, model: () => h.model, preview: (r) => h.actions.preview(r), run: (r, c) => h.actions.run(r, c), advance: (s) => h.advance(s) });
  await h.engine.settled();
  return h.engine.state()!.debrief!;
}

/**
 * Node schedulability, taints and allocatable GPUs; health and live pod count of every training
 * job and inference service. Batch Jobs are left out: their CronJobs start and finish runs on
 * their own schedule, drill or not.
 */
function clusterPicture(model: ModelReader) {
  const nodes: Record<string, unknown> = {};
  for (const n of model.nodes()) {
    nodes[n.name] = { schedulable: n.schedulable, taints: n.taints.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).sort(), allocatable: n.gpuAllocatable };
  }
  const workloads: Record<string, unknown> = {};
  for (const w of model.workloads()) {
    if (w.kind === 'Job') continue;
    const pods = model.podsOfWorkload(w.key).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata?.deletionTimestamp).length;
    workloads[w.key] = { health: w.health, pods };
  }
  return { nodes, workloads };
}

describe('aborting a drill', () => {
  it.each([
    ['gpu-off-the-bus', 'the lost GPU comes back and the cordon the operator set is lifted'],
    ['zone-outage', 'the zone returns, the failed-over Service goes back to its primary once it is ready'],
    ['priority-preemption', 'the urgent job is gone and the scaled-down elastic job is back to its size'],
  ])('%s mid-drill leaves the cluster as before: %s', async (id) => {
    const h = await region();
    const before = clusterPicture(h.model);
    await h.engine.start(id);
    const t = h.engine.probe((c) => c.targets)!;
    await h.advance(30);
    if (t.node) expect((await act(h, { kind: 'cordon', node: t.node })).ok).toBe(true);
    if (t.service) expect((await act(h, { kind: 'failover', workload: t.service })).ok).toBe(true);
    if (t.extra.donor) expect((await act(h, { kind: 'scaleTraining', workload: t.extra.donor, replicas: Number(t.extra.donorMin) })).ok).toBe(true);
    await h.advance(30);
    const state = await h.engine.abort();
    expect(state?.running).toBe(false);
    expect(state?.debrief?.outcome).toBe('aborted');
    expect(state?.debrief?.score).toBe(0);
    await h.engine.settled();
    // Let the controllers converge: replacement pods start, restored jobs load their checkpoint.
    await h.advance(300);
    expect(clusterPicture(h.model)).toEqual(before);
  });

  it('with no drill running returns null and dismisses the last debrief', async () => {
    const h = await region();
    expect(await h.engine.abort()).toBeNull();
    await h.engine.start('thermal-straggler');
    await h.engine.abort();
    expect(h.engine.state()?.debrief?.outcome).toBe('aborted');
    expect(await h.engine.abort()).toBeNull();
    expect(h.engine.state()).toBeNull();
  });
});

describe('scoring the operator', () => {
  it('counts draining a healthy node as harmful and takes 15 points for it', async () => {
    const h = await region();
    await h.engine.start('gpu-off-the-bus');
    const t = h.engine.probe((c) => c.targets)!;
    // A healthy node whose pods no PodDisruptionBudget protects, so the drain goes through.
    const healthy = [...h.model.nodes()].find((n) => n.health === 'healthy' && n.schedulable && !t.affectedNodes.includes(n.name)
      && n.gpuPodCount > 0 && h.model.podsOnNode(n.name).every((p) => h.model.pdbsForPod(p).length === 0))!;
    expect((await act(h, { kind: 'drain', node: healthy.name, timeoutSeconds: 120, ignoreDaemonSets: true, deleteEmptyDirData: true })).ok).toBe(true);
    const debrief = await autopilot(h, 'gpu-off-the-bus');
    expect(debrief.outcome).toBe('solved');
    expect(debrief.harmfulActions).toHaveLength(1);
    expect(debrief.harmfulActions[0]).toContain(`drained healthy node ${healthy.name}`);
    expect(debrief.score).toBe(85);
    // The action's line keeps the drain's result apart, with its reason code, for the UI's language.
    const line = debrief.timeline.find((e) => e.kind === 'action' && e.result?.messageCode?.code === 'action.drain.done');
    expect(line?.result?.message).toMatch(new RegExp(`^Drained ${healthy.name}: evicted \\d+ pods?; the node stays cordoned\\.$`));
    expect(line?.localized?.['zh-CN']).toBe(`${line!.result!.before['zh-CN']}${line!.result!.message}${line!.result!.after['zh-CN']}`);
    expect(line?.result?.after['zh-CN']).toContain('有害');
  });

  it('counts failing over a healthy service as harmful', async () => {
    const h = await region();
    await h.engine.start('zone-outage');
    const t = h.engine.probe((c) => c.targets)!;
    const other = [...h.model.workloads()].find((w) => w.type === 'inference' && w.key !== t.service && w.health === 'healthy' && w.inference?.standbyZone !== t.zone)!;
    expect((await act(h, { kind: 'failover', workload: other.key })).ok).toBe(true);
    const debrief = await autopilot(h, 'zone-outage');
    expect(debrief.harmfulActions).toEqual([expect.stringContaining(`failed over healthy service ${other.key}`)]);
  });

  it('reveals hints one at a time, each costing 5 points', async () => {
    const h = await region();
    const first = await h.engine.start('nccl-hang');
    expect(first.hintsShown).toEqual([]);
    const left = first.hintsLeft;
    const one = h.engine.hint();
    expect(one.hintsShown).toHaveLength(1);
    expect(one.hintsLeft).toBe(left - 1);
    expect(one.hintsShown[0]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    h.engine.hint();
    const debrief = await autopilot(h, 'nccl-hang');
    expect(debrief.outcome).toBe('solved');
    expect(debrief.hintsUsed).toBe(2);
    expect(debrief.score).toBe(90);
    expect(debrief.timeline.filter((e) => e.kind === 'hint')).toHaveLength(2);
  });

  it('keeps every result in drills.jsonl and lists the best score and the attempts', async () => {
    const dataDir = tempDir();
    let h = await region(dataDir);
    await h.engine.start('thermal-straggler');
    h.engine.hint();
    expect((await autopilot(h, 'thermal-straggler')).score).toBe(95);
    await h.close();
    h = await region(dataDir);
    await h.engine.start('thermal-straggler');
    expect((await autopilot(h, 'thermal-straggler')).score).toBe(100);
    await h.engine.start('thermal-straggler');
    await h.engine.abort();
    // A fresh engine on the same data dir reads the history back.
    const engine = new DrillEngine({ dataDir, source: () => h.source, model: () => h.model, onChange: () => {} });
    const summary = engine.list().find((s) => s.id === 'thermal-straggler')!;
    expect(summary.attempts).toBe(3);
    expect(summary.bestScore).toBe(100);
    expect(engine.list().find((s) => s.id === 'zone-outage')).toMatchObject({ attempts: 0, bestScore: undefined });
    const lines = fs.readFileSync(path.join(dataDir, 'drills.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.debrief.outcome)).toEqual(['solved', 'solved', 'aborted']);
  });

  it('times a drill out after its limit and keeps partial credit for the stages done', async () => {
    const h = await region();
    await h.engine.start('gpu-off-the-bus');
    const t = h.engine.probe((c) => c.targets)!;
    h.engine.noteViewed('gpu', t.gpu!);
    await h.advance(3600);
    const s = h.engine.state()!;
    expect(s.running).toBe(false);
    expect(s.debrief).toMatchObject({ outcome: 'timeout', score: 10, timeToDetectSec: expect.any(Number) });
  });
});

describe('following the operator', () => {
  it('marks detection when the operator opens the affected GPU, and not for an unrelated one', async () => {
    const h = await region();
    await h.engine.start('gpu-off-the-bus');
    const t = h.engine.probe((c) => c.targets)!;
    h.engine.noteViewed('gpu', 'gpu-a100-c-0008/0');
    await h.advance(2);
    expect(h.engine.state()!.stages[0].done).toBe(false);
    h.engine.noteViewed('gpu', t.gpu!);
    await h.advance(1);
    expect(h.engine.state()!.stages[0]).toMatchObject({ done: true, doneAtSec: expect.any(Number) });
    expect(h.engine.state()!.currentStage).toBe(1);
  });

  it('offers a manual step only on its stage; confirming it clears the storage fault', async () => {
    const h = await region();
    await h.engine.start('checkpoint-storage-full');
    // Pressed too early (before anyone found the problem): ignored.
    h.engine.confirmStep('free-storage');
    expect(h.engine.probe((c) => c.manualDoneAt('free-storage'))).toBeUndefined();
    expect(h.engine.state()!.stages.find((s) => s.manualStep)).toBeUndefined();
    const debrief = await autopilot(h, 'checkpoint-storage-full');
    expect(debrief.outcome).toBe('solved');
    expect(h.source.simulation.storageFaults.size).toBe(0);
  });
});

describe('where drills may run', () => {
  const kubeSource = { info: { kind: 'kube', name: 'prod' }, ops: {}, now: () => Date.now(), start: async () => {}, stop: async () => {} } as unknown as ClusterSource;

  it('refuses a live cluster unless live drills were opted in', async () => {
    const h = await region();
    const engine = new DrillEngine({ dataDir: tempDir(), source: () => kubeSource, model: () => h.model, onChange: () => {} });
    await expect(engine.start('gpu-off-the-bus')).rejects.toThrow(/demo cluster/);
  });

  it('even opted in, refuses scenarios that need the simulator\'s faults', async () => {
    const h = await region();
    const engine = new DrillEngine({ dataDir: tempDir(), source: () => kubeSource, model: () => h.model, onChange: () => {}, allowLive: true });
    await expect(engine.start('zone-outage')).rejects.toThrow(/reversible/);
  });

  it('opted in, runs a reversible drill live and on abort undoes only its own fault, never the operator\'s changes', async () => {
    const h = await region();
    // A source that is not the DemoSource is "live" to the engine; this one writes to the demo.
    const live = { info: { kind: 'kube', name: 'kind-test', context: 'kind-test' }, ops: h.source.ops, now: () => h.source.now(), start: async () => {}, stop: async () => {} } as unknown as ClusterSource;
    const engine = new DrillEngine({ dataDir: tempDir(), source: () => live, model: () => h.model, onChange: () => {}, allowLive: true });
    const state = await engine.start('stray-taint');
    expect(state.running).toBe(true);
    const t = engine.probe((c) => c.targets)!;
    expect(h.model.node(t.node!)!.taints.map((x) => x.key)).toContain('bulwark.io/maintenance');
    const other = [...h.model.nodes()].find((n) => n.schedulable && n.name !== t.node)!;
    const result = await h.actions.run({ kind: 'cordon', node: other.name });
    engine.noteAction({ kind: 'cordon', node: other.name }, result);
    await h.advance(10);
    engine.tick();
    await engine.abort();
    await h.advance(1);
    expect(h.model.node(t.node!)!.taints.map((x) => x.key)).not.toContain('bulwark.io/maintenance');
    expect(h.model.node(other.name)!.schedulable).toBe(false);
  });

  it('refuses an unknown scenario and a second drill while one runs', async () => {
    const h = await region();
    await expect(h.engine.start('no-such-drill')).rejects.toThrow(/Unknown drill/);
    await h.engine.start('thermal-straggler');
    await expect(h.engine.start('ecc-storm')).rejects.toThrow(/still running/);
  });
});
