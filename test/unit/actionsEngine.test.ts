/**
 * ActionEngine rules that do not depend on what an action does: which writes a preview sends,
 * what a live (kube) source changes, and how the engine refuses when it cannot keep its promises
 * (audit log unwritable, access review failing). The cluster is the demo's, behind a recorder
 * that presents it as a `kube` source.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { ActionProgress, ActionRequest } from '../../shared/actions';
import { ActionEngine } from '../../electron/core/actions/actionEngine';
import { AuditLog } from '../../electron/core/actions/auditLog';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { ClusterOps, ClusterSource } from '../../electron/core/sources/clusterSource';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface Call { op: string; dryRun?: boolean; target: string }

async function liveLike(opts: { auditPath?: (dir: string) => string; canI?: ClusterOps['canI']; whoAmI?: ClusterOps['whoAmI'] } = {}) {
  const demo = new DemoSource({ preset: 'lab', realtime: false });
  const model = new ClusterModel({ now: () => demo.now() });
  await demo.start({ onSync: model.onSync.bind(model), onEvents: model.onEvents.bind(model), onMetrics: model.onMetrics.bind(model), onStatus() {} });
  demo.advance(120_000);
  const calls: Call[] = [];
  const inner = demo.ops;
  const ops: ClusterOps = {
    mergePatch: (ref, patch, o) => { calls.push({ op: 'mergePatch', dryRun: o.dryRun, target: ref.name }); return inner.mergePatch(ref, patch, o); },
    evictPod: (ns, name, o) => { calls.push({ op: 'evictPod', dryRun: o.dryRun, target: `${ns}/${name}` }); return inner.evictPod(ns, name, o); },
    delete: (ref, o) => { calls.push({ op: 'delete', dryRun: o.dryRun, target: ref.name }); return inner.delete(ref, o); },
    scale: (ref, n, o) => { calls.push({ op: 'scale', dryRun: o.dryRun, target: `${ref.name}=${n}` }); return inner.scale(ref, n, o); },
    canI: opts.canI ?? ((c) => inner.canI(c)),
    whoAmI: opts.whoAmI ?? (async () => 'alice@example.com'),
  };
  const source: ClusterSource = {
    info: { kind: 'kube', name: 'kube:prod', context: 'prod' },
    ops,
    start: async () => {},
    stop: async () => {},
    now: () => demo.now(),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-engine-'));
  dirs.push(dir);
  const audit = new AuditLog(opts.auditPath ? opts.auditPath(dir) : path.join(dir, 'audit.jsonl'));
  const progress: ActionProgress[] = [];
  const context = { sourceName: 'kube:prod', readOnly: false };
  // The backend swaps sources when the operator picks another context; `current` stands for that.
  const state = { current: source };
  const engine = new ActionEngine({
    model, source: () => state.current, audit, context: () => context,
    onProgress: (p) => progress.push(p), sleep: async (ms) => { demo.advance(ms); },
  });
  return { demo, model, source, engine, calls, audit, progress, context, state };
}

describe('ActionEngine', () => {
  test('a preview sends every write as a dry run, and the run sends the same writes for real', async () => {
    const h = await liveLike();
    const req: ActionRequest = { kind: 'failover', workload: 'Deployment/inference-prod/chat-8b-primary' };
    const preview = await h.engine.preview(req);
    expect(preview.dryRun).toMatchObject({ ok: true, serverSide: true });
    expect(h.calls.every((c) => c.dryRun === true)).toBe(true);
    const dryWrites = h.calls.map((c) => `${c.op} ${c.target}`);
    expect(dryWrites).toEqual(['scale chat-8b-standby=2', 'mergePatch chat-8b', 'scale chat-8b-primary=0']);
    h.calls.length = 0;
    const r = await h.engine.run(req, preview.confirmText);
    expect(r.ok, r.message).toBe(true);
    expect(h.calls.map((c) => `${c.op} ${c.target}`)).toEqual(dryWrites);
    expect(h.calls.every((c) => c.dryRun === false)).toBe(true);
  });

  test('the audit entries name the user the cluster knows and the source', async () => {
    const h = await liveLike();
    const r = await h.engine.run({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(h.audit.read().entries.map((e) => [e.phase, e.user, e.source, e.id])).toEqual([
      ['end', 'alice@example.com', 'kube:prod', r.id],
      ['start', 'alice@example.com', 'kube:prod', r.id],
    ]);
  });

  test('an action whose audit entry cannot be written is not run', async () => {
    // The audit path is a directory: every append fails.
    const h = await liveLike({ auditPath: (dir) => dir });
    const r = await h.engine.run({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^The audit log could not be written .*: the action was not run\.$/);
    expect(h.calls.filter((c) => !c.dryRun)).toEqual([]);
    expect(h.model.node('gpu-h100-a-0001')!.schedulable).toBe(true);
  });

  test('a failing access review counts as a denial and says why', async () => {
    const h = await liveLike({ canI: async () => { throw new Error('connect ECONNREFUSED 10.0.0.1:6443'); } });
    const preview = await h.engine.preview({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(preview.permission.allowed).toBe(false);
    expect(preview.blockedReason).toBe('Permission denied: the access review failed: connect ECONNREFUSED 10.0.0.1:6443');
    expect(h.calls).toEqual([]); // no dry run either
  });

  test('GPU reset is not offered on a live cluster, with the manual procedure as the reason', async () => {
    const h = await liveLike();
    const preview = await h.engine.preview({ kind: 'resetGpu', gpu: 'gpu-h100-a-0001/0' });
    expect(preview.blockedReason).toMatch(/only in demo mode.*nvidia-smi -r/);
    const r = await h.engine.run({ kind: 'resetGpu', gpu: 'gpu-h100-a-0001/0' }, 'gpu-h100-a-0001/0');
    expect(r.ok).toBe(false);
  });

  test('progress ends with one done message carrying the result, and repeated lines are sent once', async () => {
    const h = await liveLike();
    const node = [...h.model.list('Pod')].find((p) => p.metadata?.name === 'llama-8b-finetune-master-0')!.spec!.nodeName!;
    const r = await h.engine.run({ kind: 'drain', node, timeoutSeconds: 30, ignoreDaemonSets: true, deleteEmptyDirData: false }, node);
    const mine = h.progress.filter((p) => p.id === r.id);
    expect(mine.filter((p) => p.done)).toEqual([{ id: r.id, request: expect.objectContaining({ kind: 'drain' }), message: r.message, messageCode: r.messageCode, done: true, ok: false }]);
    expect(mine.at(-1)!.done).toBe(true);
    const waits = mine.filter((p) => p.message.startsWith('waiting for PDB'));
    expect(waits).toHaveLength(1);
  });

  test('a refused attempt leaves exactly one refused line, named with the user the cluster knows', async () => {
    const h = await liveLike();
    const r = await h.engine.run({ kind: 'resetGpu', gpu: 'gpu-h100-a-0001/0' }, 'gpu-h100-a-0001/0');
    expect(r.ok).toBe(false);
    expect(h.audit.read().entries).toEqual([{
      id: r.id, time: expect.any(String), phase: 'refused', refusal: 'notApplicable', user: 'alice@example.com', source: 'kube:prod',
      action: 'resetGpu', target: 'gpu-h100-a-0001/0', params: { gpu: 'gpu-h100-a-0001/0' }, message: r.message, messageCode: r.messageCode,
    }]);
    // The progress stream still ends the attempt once, after the line is on disk.
    expect(h.progress.filter((p) => p.id === r.id)).toEqual([{ id: r.id, request: expect.objectContaining({ kind: 'resetGpu' }), message: r.message, messageCode: r.messageCode, done: true, ok: false }]);
  });

  test('a refusal answers within seconds when the API server never says who the user is, and audits "unknown"', async () => {
    const h = await liveLike({ whoAmI: () => new Promise<string>(() => {}) });
    h.context.readOnly = true;
    const t0 = Date.now();
    const r = await h.engine.run({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(r.ok).toBe(false);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(h.audit.read().entries.map((e) => [e.phase, e.refusal, e.user])).toEqual([['refused', 'readOnly', 'unknown']]);
  });

  test('read-only mode switched on during the access review refuses before the first write, and says so in the audit', async () => {
    const h = await liveLike({ canI: async () => { h.context.readOnly = true; return { allowed: true }; } });
    const r = await h.engine.run({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(r.ok).toBe(false);
    expect(h.calls.filter((c) => !c.dryRun)).toEqual([]);
    expect(h.audit.read().entries.map((e) => [e.phase, e.refusal, e.user])).toEqual([['refused', 'readOnly', 'alice@example.com']]);
  });

  test('a source switched during the access review refuses the attempt and audits it against the source it was made on', async () => {
    const h = await liveLike({ canI: async () => { h.state.current = { ...h.source, info: { kind: 'kube', name: 'kube:staging', context: 'staging' } }; h.context.sourceName = 'kube:staging'; return { allowed: true }; } });
    const r = await h.engine.run({ kind: 'cordon', node: 'gpu-h100-a-0001' });
    expect(r.message).toMatch(/cluster connection changed/);
    expect(h.audit.read().entries.map((e) => [e.phase, e.refusal, e.source])).toEqual([['refused', 'sourceChanged', 'kube:prod']]);
    expect(h.model.node('gpu-h100-a-0001')!.schedulable).toBe(true);
  });

  test('a refused attempt whose audit line cannot be written is still refused, and says the line is missing', async () => {
    const h = await liveLike({ auditPath: (dir) => dir });
    const r = await h.engine.run({ kind: 'resetGpu', gpu: 'gpu-h100-a-0001/0' }, 'gpu-h100-a-0001/0');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/only in demo mode/);
    expect(r.details).toEqual([expect.stringMatching(/^The audit entry for this refused attempt could not be written: /)]);
  });

  test('an invalid request is rejected with the field that is wrong', async () => {
    const h = await liveLike();
    await expect(h.engine.preview({ kind: 'cordon', node: 'Not A Node!' })).rejects.toThrow(/node: not a valid Kubernetes name/);
  });
});
