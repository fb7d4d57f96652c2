/**
 * The demo cluster wired for action tests: the real DemoSource (its ClusterOps honour dryRun,
 * PDBs on eviction and RBAC) feeding the real ClusterModel, driven by the ActionEngine with an
 * audit log in a temp folder. Virtual time passes only when an action sleeps (or the test
 * advances it). Call `removeActionTempDirs` in `afterEach`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActionProgress, ActionRequest } from '../../shared/actions';
import { ActionEngine } from '../../electron/core/actions/actionEngine';
import { AuditLog } from '../../electron/core/actions/auditLog';
import type { V1Pod } from '../../electron/core/k8s/objects';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';
import type { DemoRbac } from '../../electron/core/sources/demo/demoOps';

const dirs: string[] = [];

export function removeActionTempDirs(): void {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export type ActionHarness = Awaited<ReturnType<typeof labActionHarness>>;

export async function labActionHarness(opts: { rbac?: DemoRbac; readOnly?: boolean } = {}) {
  const source = new DemoSource({ preset: 'lab', realtime: false, rbac: opts.rbac });
  const model = new ClusterModel({ now: () => source.now() });
  await source.start({ onSync: model.onSync.bind(model), onEvents: model.onEvents.bind(model), onMetrics: model.onMetrics.bind(model), onStatus() {} });
  const advance = (ms: number) => {
    source.advance(ms);
    model.tick(source.now());
  };
  advance(120_000); // every pod scheduled and Ready
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-actions-'));
  dirs.push(dir);
  const audit = new AuditLog(path.join(dir, 'audit.jsonl'));
  const progress: ActionProgress[] = [];
  const context = { sourceName: 'demo:lab', readOnly: opts.readOnly ?? false };
  const engine = new ActionEngine({
    model,
    source: () => source,
    audit,
    context: () => context,
    onProgress: (p) => progress.push(p),
    // Waiting lets virtual time pass, and yields so concurrent calls interleave as they would live.
    sleep: async (ms) => {
      advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  });
  const key = (p: V1Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;
  const nodeOfPod = (name: string) => [...model.list('Pod')].find((p) => p.metadata?.name === name)?.spec?.nodeName as string;
  const isDaemon = (p: V1Pod) => (p.metadata?.ownerReferences ?? []).some((r) => r.kind === 'DaemonSet');
  const workloadPods = (node: string) => model.podsOnNode(node).filter((p) => !isDaemon(p));
  /** A node whose pods no PDB protects, with some workload pods on it. */
  const unprotectedNode = () => {
    for (const n of model.nodes()) {
      const pods = workloadPods(n.name);
      if (pods.length > 0 && pods.every((p) => model.pdbsForPod(p).length === 0)) return n.name;
    }
    throw new Error('no node without PDB-protected pods');
  };
  const rv = () => source.simulation.store.resourceVersion;
  return { source, model, audit, engine, progress, context, advance, key, nodeOfPod, workloadPods, unprotectedNode, rv };
}

export function drainRequest(node: string, extra: Partial<Extract<ActionRequest, { kind: 'drain' }>> = {}): ActionRequest {
  return { kind: 'drain', node, timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false, ...extra };
}

/** Workloads of the lab preset the tests act on. */
export const LAB = {
  llama: 'PyTorchJob/research/llama-8b-finetune',
  vit: 'PyTorchJob/research/vit-elastic',
  chat: 'Deployment/inference-prod/chat-8b-primary',
} as const;
