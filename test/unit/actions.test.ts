/**
 * Operator actions on the demo cluster (test/unit/actionHarness.ts: the real DemoSource, model
 * and ActionEngine on a virtual clock).
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { ActionRequest } from '../../shared/actions';
import { ISOLATION_TAINT_KEY, LABELS } from '../../shared/conventions';
import { drainRequest, LAB, labActionHarness, removeActionTempDirs } from './actionHarness';

afterEach(removeActionTempDirs);

const lab = labActionHarness;
const drain = drainRequest;
const LLAMA = LAB.llama;
const VIT = LAB.vit;
const CHAT = LAB.chat;

describe('cordon', () => {
  test('cordon makes the node unschedulable and its undo uncordons it', async () => {
    const h = await lab();
    const node = 'gpu-h100-a-0001';
    const preview = await h.engine.preview({ kind: 'cordon', node });
    expect(preview.destructive).toBe(false);
    expect(preview.confirmText).toBeUndefined();
    expect(preview.undo).toEqual({ kind: 'uncordon', node });
    const r = await h.engine.run({ kind: 'cordon', node });
    expect(r.ok).toBe(true);
    expect(h.model.node(node)!.schedulable).toBe(false);
    expect(h.model.podsOnNode(node).length).toBeGreaterThan(0); // running pods stay
    const again = await h.engine.preview({ kind: 'cordon', node });
    expect(again.warnings.join(' ')).toMatch(/already cordoned/);
    const undo = await h.engine.run(r.undo!);
    expect(undo.ok).toBe(true);
    expect(h.model.node(node)!.schedulable).toBe(true);
  });
});

describe('drain', () => {
  test('drain evicts every workload pod, leaves DaemonSet pods, and keeps the node cordoned', async () => {
    const h = await lab();
    const node = h.unprotectedNode();
    const before = h.workloadPods(node).map(h.key);
    const preview = await h.engine.preview(drain(node));
    expect(preview.destructive).toBe(true);
    expect(preview.confirmText).toBe(node);
    expect(preview.blastRadius.pods.sort()).toEqual([...before].sort());
    expect(preview.blastRadius.pdbBlocked).toEqual([]);
    expect(preview.blastRadius.freeGpusAfter).toBeLessThanOrEqual(preview.blastRadius.freeGpusBefore);
    expect(preview.blockedReason).toBeUndefined();

    const r = await h.engine.run(drain(node), node);
    expect(r.ok, r.message).toBe(true);
    expect(h.workloadPods(node).filter((p) => !p.metadata?.deletionTimestamp)).toEqual([]);
    expect(h.model.podsOnNode(node).length).toBeGreaterThan(0); // DaemonSet pods stay
    expect(h.model.node(node)!.schedulable).toBe(false);
    expect(r.undo).toEqual({ kind: 'uncordon', node });
    expect(h.progress.map((p) => p.message)).toContain(`evicted ${before.length}/${before.length} pods`);
  });

  test('drain stops at a PDB and reports the blocked pod without deleting it', async () => {
    const h = await lab();
    const node = h.nodeOfPod('llama-8b-finetune-master-0');
    const pod = h.model.podsOnNode(node).find((p) => p.metadata?.name === 'llama-8b-finetune-master-0')!;
    const preview = await h.engine.preview(drain(node, { timeoutSeconds: 20 }));
    expect(preview.blastRadius.pdbBlocked).toEqual([{ pod: 'research/llama-8b-finetune-master-0', pdb: 'research/llama-8b-finetune-pdb' }]);
    expect(preview.warnings.join('\n')).toMatch(/PDB research\/llama-8b-finetune-pdb blocks 1 pod/);
    expect(preview.warnings.join('\n')).toMatch(/draining .* evicts 1 training pod of research\/llama-8b-finetune; the job restarts from a checkpoint \d+ min old/);

    const r = await h.engine.run(drain(node, { timeoutSeconds: 20 }), node);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/blocked by a PodDisruptionBudget/);
    expect(r.message).toContain('research/llama-8b-finetune-master-0');
    expect(r.message).toMatch(/no pod was force-deleted/);
    expect(h.progress.map((p) => p.message)).toContain('waiting for PDB research/llama-8b-finetune-pdb: 1 pod blocked');
    const still = h.model.podsOnNode(node).find((p) => p.metadata?.name === 'llama-8b-finetune-master-0')!;
    expect(still.metadata?.uid).toBe(pod.metadata?.uid);
    expect(still.metadata?.deletionTimestamp).toBeUndefined();
    expect(h.model.node(node)!.schedulable).toBe(false);
    expect(r.undo).toEqual({ kind: 'uncordon', node });
  });

  test('drain waits for a PDB to allow the next eviction once the replacement is ready', async () => {
    const h = await lab();
    const node = h.nodeOfPod([...h.model.list('Pod')].find((p) => p.metadata?.name?.startsWith('chat-8b-primary-'))!.metadata!.name!);
    const primaries = h.workloadPods(node).filter((p) => p.metadata?.name?.startsWith('chat-8b-primary-'));
    const allowed = h.model.pdbsForPod(primaries[0])[0].status?.disruptionsAllowed ?? 0;
    const preview = await h.engine.preview(drain(node, { timeoutSeconds: 900 }));
    expect(preview.blastRadius.pdbBlocked.length).toBe(Math.max(0, primaries.length - allowed));
    const r = await h.engine.run(drain(node, { timeoutSeconds: 900 }), node);
    expect(r.ok, r.message).toBe(true);
    if (primaries.length > allowed) expect(h.progress.some((p) => /^waiting for PDB inference-prod\/chat-8b-primary-pdb/.test(p.message))).toBe(true);
    expect(h.workloadPods(node).filter((p) => !p.metadata?.deletionTimestamp)).toEqual([]);
  });

  test('drain refuses pods with emptyDir data unless deleting it is allowed', async () => {
    const h = await lab();
    const node = h.unprotectedNode();
    const victim = h.workloadPods(node)[0];
    h.source.simulation.store.mutate('Pod', h.key(victim), (p) => {
      p.spec!.volumes = [...(p.spec!.volumes ?? []), { name: 'scratch', emptyDir: {} }];
    });
    h.advance(1000);

    const refused = await h.engine.preview(drain(node));
    expect(refused.blockedReason).toMatch(/emptyDir/);
    expect(refused.blockedReason).toContain(h.key(victim));
    const r = await h.engine.run(drain(node), node);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/emptyDir/);
    expect(h.model.node(node)!.schedulable).toBe(true); // refused before the cordon
    expect(h.model.pod(h.key(victim))?.metadata?.deletionTimestamp).toBeUndefined();

    const allowed = await h.engine.preview(drain(node, { deleteEmptyDirData: true }));
    expect(allowed.blockedReason).toBeUndefined();
    expect(allowed.warnings.join(' ')).toMatch(/emptyDir data of .* is deleted/);
    const ok = await h.engine.run(drain(node, { deleteEmptyDirData: true }), node);
    expect(ok.ok, ok.message).toBe(true);
  });
});

describe('taint', () => {
  test('a NoExecute taint evicts pods that do not tolerate it, and its undo removes only that taint', async () => {
    const h = await lab();
    const node = h.unprotectedNode();
    const victims = h.workloadPods(node).map(h.key);
    const req: ActionRequest = { kind: 'taint', node, key: ISOLATION_TAINT_KEY, value: 'suspect-gpu', effect: 'NoExecute' };
    const preview = await h.engine.preview(req);
    expect(preview.destructive).toBe(true);
    expect(preview.confirmText).toBe(node);
    expect(preview.blastRadius.pods.sort()).toEqual([...victims].sort()); // DaemonSet pods tolerate everything
    expect(preview.undo).toEqual({ kind: 'untaint', node, key: ISOLATION_TAINT_KEY, effect: 'NoExecute' });

    const r = await h.engine.run(req, node);
    expect(r.ok, r.message).toBe(true);
    const taints = h.model.nodeObject(node)!.spec!.taints!;
    expect(taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['nvidia.com/gpu:NoSchedule', `${ISOLATION_TAINT_KEY}:NoExecute`]);
    expect(h.workloadPods(node).filter((p) => !p.metadata?.deletionTimestamp)).toEqual([]);

    const undo = await h.engine.run(r.undo!);
    expect(undo.ok, undo.message).toBe(true);
    expect(h.model.nodeObject(node)!.spec!.taints!.map((t) => t.key)).toEqual(['nvidia.com/gpu']);
  });

  test('a NoSchedule taint needs no typed confirmation and leaves running pods alone', async () => {
    const h = await lab();
    const node = 'gpu-h100-a-0001';
    const pods = h.model.podsOnNode(node).length;
    const req: ActionRequest = { kind: 'taint', node, key: ISOLATION_TAINT_KEY, effect: 'NoSchedule' };
    const preview = await h.engine.preview(req);
    expect(preview.confirmText).toBeUndefined();
    expect(preview.blastRadius.pods).toEqual([]);
    const r = await h.engine.run(req);
    expect(r.ok, r.message).toBe(true);
    expect(h.model.podsOnNode(node).length).toBe(pods);
    expect(h.model.node(node)!.taints.map((t) => t.key)).toContain(ISOLATION_TAINT_KEY);
    const untaint = await h.engine.preview({ kind: 'untaint', node, key: 'bulwark.io/never-set', effect: 'NoSchedule' });
    expect(untaint.blockedReason).toMatch(/has no taint bulwark.io\/never-set:NoSchedule/);
  });
});

describe('restart from checkpoint', () => {
  test('restart shows the work lost since the checkpoint and replaces every pod of the job', async () => {
    const h = await lab();
    const view = h.model.workload(LLAMA)!;
    const old = h.model.podsOfWorkload(LLAMA).map((p) => p.metadata?.uid);
    const preview = await h.engine.preview({ kind: 'restartFromCheckpoint', workload: LLAMA });
    expect(preview.expectedLostWorkSec).toBe(view.workAtRiskSec);
    expect(preview.expectedLostWorkSec).toBeGreaterThan(0);
    expect(preview.confirmText).toBe('llama-8b-finetune');
    expect(preview.warnings[0]).toContain(`resumes from step ${view.checkpoint!.step}`);
    expect(preview.blastRadius.pods.length).toBe(old.length);

    const r = await h.engine.run({ kind: 'restartFromCheckpoint', workload: LLAMA }, 'llama-8b-finetune');
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toMatch(/from checkpoint step \d+/);
    const now = h.model.podsOfWorkload(LLAMA).filter((p) => !p.metadata?.deletionTimestamp);
    expect(now.length).toBe(old.length);
    for (const p of now) expect(old).not.toContain(p.metadata?.uid);
  });

  test('restart does not apply to an inference Deployment', async () => {
    const h = await lab();
    const preview = await h.engine.preview({ kind: 'restartFromCheckpoint', workload: CHAT });
    expect(preview.blockedReason).toMatch(/is a Deployment/);
  });
});

describe('scale', () => {
  test('an elastic job scales within its min and max and is refused outside them', async () => {
    const h = await lab();
    const up = await h.engine.preview({ kind: 'scaleTraining', workload: VIT, replicas: 3 });
    expect(up.blockedReason).toBeUndefined();
    expect(up.destructive).toBe(false);
    expect(up.undo).toEqual({ kind: 'scaleTraining', workload: VIT, replicas: 2 });
    const r = await h.engine.run({ kind: 'scaleTraining', workload: VIT, replicas: 3 });
    expect(r.ok, r.message).toBe(true);
    expect(h.model.object('PyTorchJob', 'research', 'vit-elastic')!.spec.pytorchReplicaSpecs.Worker!.replicas).toBe(3);

    const below = await h.engine.preview({ kind: 'scaleTraining', workload: VIT, replicas: 0 });
    expect(below.blockedReason).toMatch(/below the elastic minimum \(1 workers\) is refused/);
    const above = await h.engine.run({ kind: 'scaleTraining', workload: VIT, replicas: 4 });
    expect(above.ok).toBe(false);
    expect(above.message).toMatch(/above the elastic maximum \(3 workers\)/);
    expect(h.model.object('PyTorchJob', 'research', 'vit-elastic')!.spec.pytorchReplicaSpecs.Worker!.replicas).toBe(3);

    const down = await h.engine.preview({ kind: 'scaleTraining', workload: VIT, replicas: 1 });
    expect(down.destructive).toBe(true);
    expect(down.confirmText).toBe('vit-elastic');
  });

  test('a job without an elasticPolicy cannot be scaled', async () => {
    const h = await lab();
    const preview = await h.engine.preview({ kind: 'scaleTraining', workload: LLAMA, replicas: 2 });
    expect(preview.blockedReason).toMatch(/not elastic/);
  });

  test('scaling an inference Deployment up needs no confirmation, scaling down does', async () => {
    const h = await lab();
    const r = await h.engine.run({ kind: 'scaleInference', workload: CHAT, replicas: 3 });
    expect(r.ok, r.message).toBe(true);
    expect(h.model.object('Deployment', 'inference-prod', 'chat-8b-primary')!.spec!.replicas).toBe(3);
    expect(r.undo).toEqual({ kind: 'scaleInference', workload: CHAT, replicas: 2 });
    const down = await h.engine.preview({ kind: 'scaleInference', workload: CHAT, replicas: 1 });
    expect(down.destructive).toBe(true);
    expect(down.blastRadius.pods.length).toBe(2);
    const refused = await h.engine.run({ kind: 'scaleInference', workload: CHAT, replicas: 1 });
    expect(refused.message).toBe('Type chat-8b-primary to confirm.');
    const ok = await h.engine.run({ kind: 'scaleInference', workload: CHAT, replicas: 1 }, 'chat-8b-primary');
    expect(ok.ok).toBe(true);
    expect(h.model.object('Deployment', 'inference-prod', 'chat-8b-primary')!.spec!.replicas).toBe(1);
  });
});

describe('failover', () => {
  test('failover switches the Service selector to the standby and failback restores it', async () => {
    const h = await lab();
    const selector = () => h.model.object('Service', 'inference-prod', 'chat-8b')!.spec!.selector![LABELS.servingRole];
    const replicas = (name: string) => h.model.object('Deployment', 'inference-prod', name)!.spec!.replicas;
    const preview = await h.engine.preview({ kind: 'failover', workload: CHAT });
    expect(preview.blockedReason).toBeUndefined();
    expect(preview.confirmText).toBe('chat-8b-primary');
    expect(preview.undo).toEqual({ kind: 'failback', workload: CHAT });
    expect(preview.warnings[0]).toMatch(/from chat-8b-primary .* to chat-8b-standby/);

    const r = await h.engine.run({ kind: 'failover', workload: CHAT }, 'chat-8b-primary');
    expect(r.ok, r.message).toBe(true);
    expect(selector()).toBe('standby');
    expect(replicas('chat-8b-standby')).toBe(2);
    expect(replicas('chat-8b-primary')).toBe(0);
    expect(h.model.workload(CHAT)!.inference!.activeRole).toBe('standby');
    expect(h.progress.some((p) => /^standby inference-prod\/chat-8b-standby: \d\/2 ready$/.test(p.message))).toBe(true);
    expect((await h.engine.preview({ kind: 'failover', workload: CHAT })).blockedReason).toMatch(/already failed over/);

    // Invariant: traffic moves back only once the primary has its replicas ready and not on
    // their way out (the engine counts pods, not the Deployment's possibly stale status).
    const readyPrimaryAtSwitch: number[] = [];
    const mergePatch = h.source.ops.mergePatch.bind(h.source.ops);
    h.source.ops.mergePatch = async (ref, patch, opts) => {
      if (ref.kind === 'Service' && !opts.dryRun) {
        readyPrimaryAtSwitch.push([...h.model.list('Pod')].filter((pod) => pod.metadata?.labels?.[LABELS.servingRole] === 'primary'
          && !pod.metadata?.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length);
      }
      return mergePatch(ref, patch, opts);
    };
    const back = await h.engine.run(r.undo!, 'chat-8b-primary');
    expect(back.ok, back.message).toBe(true);
    expect(readyPrimaryAtSwitch).toEqual([2]);
    expect(selector()).toBe('primary');
    expect(replicas('chat-8b-primary')).toBe(2);
    expect(replicas('chat-8b-standby')).toBe(0);
  });

  test('failover of a workload that is not a primary/standby pair is not applicable', async () => {
    const h = await lab();
    const preview = await h.engine.preview({ kind: 'failover', workload: LLAMA });
    expect(preview.blockedReason).toMatch(/not the primary Deployment of an inference Service/);
  });
});

describe('reset GPU (demo)', () => {
  test('resetting a GPU clears its simulated XID fault', async () => {
    const h = await lab();
    const gpu = 'gpu-h100-a-0004/7';
    h.source.faults.inject({ type: 'xid', gpu, code: 48 });
    h.advance(10_000);
    const preview = await h.engine.preview({ kind: 'resetGpu', gpu });
    expect(preview.confirmText).toBe(gpu);
    expect(preview.blockedReason).toBeUndefined();
    const r = await h.engine.run({ kind: 'resetGpu', gpu }, gpu);
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toMatch(/cleared 1 simulated fault/);
    expect(h.source.faults.active().filter((f) => 'gpu' in f.spec && f.spec.gpu === gpu)).toEqual([]);
  });
});

describe('guards', () => {
  const everyAction = (h: Awaited<ReturnType<typeof lab>>): ActionRequest[] => [
    { kind: 'cordon', node: 'gpu-h100-a-0001' },
    { kind: 'uncordon', node: 'gpu-h100-a-0001' },
    drain('gpu-h100-a-0001'),
    { kind: 'taint', node: 'gpu-h100-a-0001', key: ISOLATION_TAINT_KEY, effect: 'NoExecute' },
    { kind: 'untaint', node: 'gpu-h100-a-0001', key: 'nvidia.com/gpu', effect: 'NoSchedule' },
    { kind: 'restartFromCheckpoint', workload: LLAMA },
    { kind: 'scaleTraining', workload: VIT, replicas: 3 },
    { kind: 'scaleInference', workload: CHAT, replicas: 3 },
    { kind: 'failover', workload: CHAT },
    { kind: 'failback', workload: CHAT },
    { kind: 'resetGpu', gpu: `${h.unprotectedNode()}/0` },
  ];

  test('read-only mode blocks every action in preview and in run, nothing changes, and each attempt is audited as refused', async () => {
    const h = await lab({ readOnly: true });
    const rv = h.rv();
    const ids: string[] = [];
    for (const req of everyAction(h)) {
      const preview = await h.engine.preview(req);
      expect(preview.blockedReason, req.kind).toMatch(/^Read-only mode is on: /);
      const r = await h.engine.run(req, preview.confirmText);
      expect(r.ok, req.kind).toBe(false);
      expect(r.message).toMatch(/^Read-only mode is on: /);
      ids.push(r.id);
    }
    expect(h.rv()).toBe(rv);
    // Previews write nothing; each run attempt one `refused` line, oldest first in the file.
    const entries = h.audit.read().entries.reverse();
    expect(entries.map((e) => [e.id, e.phase, e.refusal, e.action])).toEqual(everyAction(h).map((req, i) => [ids[i], 'refused', 'readOnly', req.kind]));
    expect(entries[0]).toMatchObject({ user: 'demo-operator', source: 'demo:lab', target: 'gpu-h100-a-0001', params: { node: 'gpu-h100-a-0001' } });
    expect(entries[0].message).toMatch(/^Read-only mode is on: /);
  });

  test('a user without the eviction permission sees drain disabled with the reason, and it never runs', async () => {
    const h = await lab({ rbac: { deny: [{ verb: 'create', resource: 'pods', subresource: 'eviction' }] } });
    const node = h.unprotectedNode();
    const preview = await h.engine.preview(drain(node));
    expect(preview.permission.allowed).toBe(false);
    expect(preview.permission.checks).toContainEqual(expect.objectContaining({ verb: 'create', resource: 'pods/eviction', allowed: false }));
    expect(preview.permission.checks).toContainEqual({ verb: 'patch', resource: 'nodes', namespace: undefined, allowed: true });
    expect(preview.blockedReason).toMatch(/^Permission denied: User "demo-operator" cannot create resource "pods\/eviction"/);
    expect(preview.dryRun.ok).toBe(false);
    const r = await h.engine.run(drain(node), node);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^Permission denied/);
    expect(h.model.node(node)!.schedulable).toBe(true); // not even the cordon happened
    expect(h.audit.read().entries).toEqual([{
      id: r.id, time: expect.any(String), phase: 'refused', refusal: 'forbidden', user: 'demo-operator', source: 'demo:lab',
      action: 'drain', target: node, params: { node, timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false }, message: r.message, messageCode: r.messageCode,
    }]);
    expect((await h.engine.preview({ kind: 'cordon', node })).blockedReason).toBeUndefined();
  });

  test('a wrong or missing confirmation refuses a destructive action', async () => {
    const h = await lab();
    const node = 'gpu-h100-a-0003';
    for (const typed of [undefined, 'gpu-h100-a-000', ` ${node}`, node.toUpperCase()]) {
      const r = await h.engine.run(drain(node), typed);
      expect(r.ok).toBe(false);
      expect(r.message).toBe(`Type ${node} to confirm.`);
    }
    expect(h.model.node(node)!.schedulable).toBe(true);
    // Four refused lines; what was typed is not recorded (it could be anything pasted).
    const entries = h.audit.read().entries;
    expect(entries.map((e) => [e.phase, e.refusal, e.message])).toEqual(Array(4).fill(['refused', 'confirmation', `Type ${node} to confirm.`]));
    expect(JSON.stringify(entries)).not.toContain('gpu-h100-a-000"');
  });

  test('the same action on the same target cannot run twice at once', async () => {
    const h = await lab();
    const node = h.nodeOfPod('llama-8b-finetune-master-0');
    const first = h.engine.run(drain(node, { timeoutSeconds: 60 }), node);
    while (!h.progress.some((p) => p.message.startsWith('waiting for PDB'))) await new Promise((r) => setImmediate(r));
    expect(h.engine.running()).toEqual([drain(node, { timeoutSeconds: 60 })]);
    const preview = await h.engine.preview(drain(node));
    expect(preview.blockedReason).toMatch(/already running/);
    const second = await h.engine.run(drain(node), node);
    expect(second.ok).toBe(false);
    expect(second.message).toMatch(/^drain of .* is already running/);
    // The refused second attempt is on record beside the first one's start.
    expect(h.audit.read().entries.map((e) => [e.phase, e.refusal])).toEqual([['refused', 'alreadyRunning'], ['start', undefined]]);
    // A different action on the same node is not held up.
    expect((await h.engine.preview({ kind: 'taint', node, key: ISOLATION_TAINT_KEY, effect: 'NoSchedule' })).blockedReason).toBeUndefined();
    const r = await first;
    expect(r.ok).toBe(false); // the PDB never allowed it
    expect(h.engine.running()).toEqual([]);
    expect(h.audit.read().entries.map((e) => [e.id, e.phase])).toEqual([[r.id, 'end'], [second.id, 'refused'], [r.id, 'start']]);
  });

  test('previews dry-run the real writes and change nothing', async () => {
    const h = await lab();
    const rv = h.rv();
    const pods = [...h.model.list('Pod')].length;
    const requests: ActionRequest[] = [
      { kind: 'cordon', node: 'gpu-h100-a-0001' },
      drain('gpu-h100-a-0001'),
      { kind: 'taint', node: 'gpu-h100-a-0002', key: ISOLATION_TAINT_KEY, effect: 'NoExecute' },
      { kind: 'restartFromCheckpoint', workload: LLAMA },
      { kind: 'scaleTraining', workload: VIT, replicas: 3 },
      { kind: 'scaleInference', workload: CHAT, replicas: 0 },
      { kind: 'failover', workload: CHAT },
    ];
    for (const req of requests) {
      const preview = await h.engine.preview(req);
      expect(preview.dryRun.ok, `${req.kind}: ${preview.dryRun.message}`).toBe(true);
      expect(preview.dryRun.serverSide).toBe(false);
      expect(preview.dryRun.message).toMatch(/accepts/);
    }
    const failDrain = await h.engine.preview(drain('gpu-h100-a-0002'));
    expect(failDrain.dryRun.message).toMatch(/1 blocked by a PDB now: research\/llama-8b-finetune-master-0/);
    expect(h.rv()).toBe(rv);
    expect([...h.model.list('Pod')].length).toBe(pods);
    expect(h.model.node('gpu-h100-a-0001')!.schedulable).toBe(true);
    expect(h.audit.read().entries).toEqual([]);
  });
});

describe('audit', () => {
  test('every run writes a start entry before its first write and an end entry after', async () => {
    const h = await lab();
    const node = 'gpu-h100-a-0002';
    const ops = h.source.ops;
    const original = ops.mergePatch.bind(ops);
    let seenAtFirstWrite: string[] | undefined;
    ops.mergePatch = async (...args) => {
      seenAtFirstWrite ??= h.audit.read().entries.map((e) => e.phase);
      return original(...args);
    };
    const r = await h.engine.run({ kind: 'cordon', node });
    expect(seenAtFirstWrite).toEqual(['start']);
    const [end, start] = h.audit.read().entries;
    expect(start).toMatchObject({ id: r.id, phase: 'start', user: 'demo-operator', source: 'demo:lab', action: 'cordon', target: node, params: { node } });
    expect(end).toMatchObject({ id: r.id, phase: 'end', result: 'ok', message: r.message });
    expect(end.durationMs).toBeGreaterThanOrEqual(0);

    const failed = await h.engine.run(drain(node, { timeoutSeconds: 5 }), node);
    expect(failed.ok).toBe(false);
    const [failedEnd, failedStart] = h.audit.read().entries;
    expect(failedStart).toMatchObject({ id: failed.id, phase: 'start', action: 'drain', params: { node, timeoutSeconds: 5 } });
    expect(failedEnd).toMatchObject({ id: failed.id, phase: 'end', result: 'error' });
    expect(h.audit.exportJsonl().trim().split('\n')).toHaveLength(4);
    const done = h.progress.filter((p) => p.done);
    expect(done.map((p) => [p.id, p.ok])).toEqual([[r.id, true], [failed.id, false]]);
  });
});
