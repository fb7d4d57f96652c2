/**
 * The action UI's rules, as pure functions: what a node or workload offers, when Run may be
 * pressed, how option fields become a request, how progress events become "running", and which
 * palette commands exist.
 */
import { describe, expect, it } from 'vitest';
import type { ActionPreview, ActionProgress, ActionRequest } from '../../shared/actions';
import type { GpuView, NodeView, WorkloadView } from '../../shared/views';
import { applyProgress } from '../../renderer/components/actions/actionActivity';
import type { ActivityData } from '../../renderer/components/actions/actionActivity';
import {
  confirmationMatches, ISOLATION_TAINT_KEY, isRemovableTaint, lockKeyOf, nodeActionOffers, nodeOfRequest, progressFraction, requestKey,
  resettableGpuIds, runBlock, targetName, workloadActionOffers,
} from '../../renderer/components/actions/actionOffers';
import { fieldsFromRequest, requestFromFields } from '../../renderer/components/actions/actionRequestForm';
import { actionCommands, selectedTarget } from '../../renderer/app/palette/actionCommands';
import type { PaletteContext } from '../../renderer/app/palette/paletteRegistry';
import type { BulwarkState } from '../../renderer/store';

function node(name: string, extra: Partial<NodeView> = {}): NodeView {
  return { name, zone: 'us-central1-a', pool: 'h100', gpuModel: 'H100', gpuCapacity: 8, gpuAllocatable: 8, gpuAllocated: 8, ready: true, schedulable: true, taints: [], health: 'healthy', conditions: [], podCount: 4, gpuPodCount: 2, ...extra };
}
function workload(key: string, extra: Partial<WorkloadView> = {}): WorkloadView {
  const [kind, namespace, name] = key.split('/');
  return { key, kind: kind as WorkloadView['kind'], type: kind === 'Deployment' ? 'inference' : 'training', namespace, name, health: 'healthy', reason: '', replicas: { desired: 2, ready: 2 }, gpus: 16, restarts: 0, placement: [], ...extra };
}
function gpu(id: string, health: GpuView['health']): GpuView {
  const [n, i] = id.split('/');
  return { id, node: n, index: Number(i), uuid: `GPU-${id}`, model: 'H100', zone: 'z', pool: 'h100', health };
}
function preview(request: ActionRequest, extra: Partial<ActionPreview> = {}): ActionPreview {
  return {
    request, target: 'gpu-h100-a-0003', destructive: true, confirmText: 'gpu-h100-a-0003',
    permission: { allowed: true, checks: [{ verb: 'patch', resource: 'nodes', allowed: true }] },
    dryRun: { ok: true, serverSide: false, message: 'ok' },
    blastRadius: { pods: [], workloads: [], gpus: 8, pdbBlocked: [], freeGpusBefore: 4, freeGpusAfter: 0 },
    warnings: [],
    ...extra,
  };
}
const kinds = (offers: { request: ActionRequest }[]) => offers.map((o) => o.request.kind);

describe('what a node offers', () => {
  it('a schedulable node offers cordon, drain and taint-to-isolate with the bulwark.io/isolated key', () => {
    const offers = nodeActionOffers(node('gpu-h100-a-0003'), [], { demo: false });
    expect(kinds(offers)).toEqual(['cordon', 'drain', 'taint']);
    expect(offers[2].request).toEqual({ kind: 'taint', node: 'gpu-h100-a-0003', key: ISOLATION_TAINT_KEY, effect: 'NoSchedule' });
  });

  it('a cordoned node offers uncordon instead of cordon', () => {
    expect(kinds(nodeActionOffers(node('n1', { schedulable: false }), [], { demo: false }))).toEqual(['uncordon', 'drain', 'taint']);
  });

  it('drain defaults to kubectl drain --ignore-daemonsets with a 5-minute timeout, keeping emptyDir data', () => {
    const drain = nodeActionOffers(node('n1'), [], { demo: false }).find((o) => o.id === 'drain')!;
    expect(drain.request).toEqual({ kind: 'drain', node: 'n1', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false });
  });

  it('offers to remove operator taints, not the GPU-pool taint nor controller-owned ones', () => {
    const offers = nodeActionOffers(node('n1', {
      taints: [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: ISOLATION_TAINT_KEY, effect: 'NoExecute' },
        { key: 'team/maintenance', value: 'x', effect: 'PreferNoSchedule' },
      ],
    }), [], { demo: false });
    expect(offers.filter((o) => o.request.kind === 'untaint').map((o) => o.request)).toEqual([
      { kind: 'untaint', node: 'n1', key: ISOLATION_TAINT_KEY, effect: 'NoExecute' },
      { kind: 'untaint', node: 'n1', key: 'team/maintenance', effect: 'PreferNoSchedule' },
    ]);
    expect(isRemovableTaint({ key: 'nvidia.com/gpu', effect: 'NoSchedule' })).toBe(false);
  });

  it('offers a GPU reset per faulty GPU of the node, on the demo only', () => {
    const gpus = [gpu('n1/0', 'healthy'), gpu('n1/3', 'unhealthy'), gpu('n1/5', 'lost'), gpu('n1/6', 'degraded'), gpu('n2/1', 'unhealthy')];
    const ids = resettableGpuIds(gpus, 'n1');
    expect(ids).toEqual(['n1/3', 'n1/5', 'n1/6']);
    expect(nodeActionOffers(node('n1'), ids, { demo: true }).filter((o) => o.request.kind === 'resetGpu').map((o) => o.request)).toEqual([
      { kind: 'resetGpu', gpu: 'n1/3' }, { kind: 'resetGpu', gpu: 'n1/5' }, { kind: 'resetGpu', gpu: 'n1/6' },
    ]);
    expect(kinds(nodeActionOffers(node('n1'), ids, { demo: false }))).not.toContain('resetGpu');
  });
});

describe('what a workload offers', () => {
  it.each([
    ['a running training job: restart from checkpoint', workload('PyTorchJob/research/llama-70b-pretrain'), ['restartFromCheckpoint']],
    ['an elastic job: restart and scale workers', workload('PyTorchJob/research/vit', { elastic: { minReplicas: 1, maxReplicas: 3, current: 2 } }), ['restartFromCheckpoint', 'scaleTraining']],
    ['a finished training job: nothing', workload('PyTorchJob/research/done', { health: 'succeeded' }), []],
    ['a batch Job: nothing', workload('Job/batch/eval', { type: 'batch' }), []],
    ['inference without a standby: scale only', workload('Deployment/prod/chat'), ['scaleInference']],
    ['inference serving from its primary: fail over, scale', workload('Deployment/prod/chat-llama-70b', { inference: { primaryDeployment: 'p', standbyDeployment: 's', activeRole: 'primary' } }), ['failover', 'scaleInference']],
    ['inference serving from its standby: fail back, scale', workload('Deployment/prod/chat-llama-70b', { inference: { primaryDeployment: 'p', standbyDeployment: 's', activeRole: 'standby' } }), ['failback', 'scaleInference']],
  ])('%s', (_name, w, expected) => {
    expect(kinds(workloadActionOffers(w))).toEqual(expected);
  });

  it('scaling an elastic job starts from its current size, inside min..max', () => {
    const w = workload('PyTorchJob/research/vit', { elastic: { minReplicas: 2, maxReplicas: 4, current: 6 } });
    expect(workloadActionOffers(w).find((o) => o.id === 'scaleTraining')!.request).toEqual({ kind: 'scaleTraining', workload: w.key, replicas: 4 });
  });
});

describe('request identity and locks', () => {
  it('the same request in another key order, or with an absent optional field, is the same request', () => {
    const a: ActionRequest = { kind: 'drain', node: 'n1', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false };
    const b = { deleteEmptyDirData: false, ignoreDaemonSets: true, timeoutSeconds: 300, node: 'n1', kind: 'drain', gracePeriodSeconds: undefined } as ActionRequest;
    expect(requestKey(a)).toBe(requestKey(b));
    expect(requestKey(a)).not.toBe(requestKey({ ...a, timeoutSeconds: 60 }));
  });

  it('failover and failback of one service share a lock, as in the engine', () => {
    expect(lockKeyOf({ kind: 'failover', workload: 'Deployment/p/chat' })).toBe(lockKeyOf({ kind: 'failback', workload: 'Deployment/p/chat' }));
    expect(lockKeyOf({ kind: 'cordon', node: 'n1' })).not.toBe(lockKeyOf({ kind: 'drain', node: 'n1', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false }));
  });

  it('names targets the way the operator reads them', () => {
    expect(targetName({ kind: 'restartFromCheckpoint', workload: 'PyTorchJob/llm/llama-70b-pretrain' })).toBe('llama-70b-pretrain');
    expect(targetName({ kind: 'resetGpu', gpu: 'gpu-a-0001/3' })).toBe('gpu-a-0001/3');
    expect(nodeOfRequest({ kind: 'resetGpu', gpu: 'gpu-a-0001/3' })).toBe('gpu-a-0001');
  });
});

describe('typed confirmation and the Run button', () => {
  it.each([
    ['gpu-h100-a-0003', true],
    ['gpu-h100-a-0003 ', false],
    [' gpu-h100-a-0003', false],
    ['GPU-H100-A-0003', false],
    ['gpu-h100-a-000', false],
    ['', false],
  ])('"%s" confirms gpu-h100-a-0003: %s', (typed, ok) => {
    expect(confirmationMatches(typed, 'gpu-h100-a-0003')).toBe(ok);
  });

  it('no confirmation text means nothing to type', () => {
    expect(confirmationMatches('', undefined)).toBe(true);
  });

  const drain: ActionRequest = { kind: 'drain', node: 'gpu-h100-a-0003', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false };
  it.each<[string, ActionPreview | undefined, ActionRequest, string, ReturnType<typeof runBlock>]>([
    ['waits for the preview', undefined, drain, 'gpu-h100-a-0003', 'loading'],
    ['refuses a preview of other options', preview({ ...drain, timeoutSeconds: 60 }), drain, 'gpu-h100-a-0003', 'stale'],
    ['stays disabled when blocked (read-only)', preview(drain, { blockedReason: 'Read-only mode is on' }), drain, 'gpu-h100-a-0003', 'blocked'],
    ['stays disabled when RBAC forbids', preview(drain, { permission: { allowed: false, checks: [] } }), drain, 'gpu-h100-a-0003', 'forbidden'],
    ['stays disabled with the wrong text', preview(drain), drain, 'gpu-h100-a-0004', 'confirm'],
    ['enables with the exact text', preview(drain), drain, 'gpu-h100-a-0003', undefined],
    ['enables a non-destructive action without text', preview({ kind: 'cordon', node: 'n1' }, { destructive: false, confirmText: undefined }), { kind: 'cordon', node: 'n1' }, '', undefined],
  ])('Run %s', (_name, p, req, typed, expected) => {
    expect(runBlock(p, req, typed)).toBe(expected);
  });
});

describe('option fields', () => {
  const drain: ActionRequest = { kind: 'drain', node: 'n1', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false };

  it('round-trips a drain request; an empty grace period means each pod\'s own', () => {
    const f = fieldsFromRequest(drain);
    expect(f.gracePeriod).toBe('');
    expect(requestFromFields(drain, f).request).toEqual(drain);
    expect(requestFromFields(drain, { ...f, gracePeriod: '30', deleteEmptyDirData: true }).request).toEqual({ ...drain, gracePeriodSeconds: 30, deleteEmptyDirData: true });
  });

  it.each([
    ['timeout', { timeout: '' }, 'required'],
    ['timeout', { timeout: '0' }, 'range'],
    ['timeout', { timeout: '7201' }, 'range'],
    ['timeout', { timeout: '5m' }, 'integer'],
    ['gracePeriod', { gracePeriod: '-1' }, 'integer'],
    ['gracePeriod', { gracePeriod: '3601' }, 'range'],
  ] as const)('a bad %s (%j) is reported beside the field', (field, patch, error) => {
    const r = requestFromFields(drain, { ...fieldsFromRequest(drain), ...patch });
    expect(r.request).toBeUndefined();
    expect(r.errors[field]).toBe(error);
  });

  it('a taint key is checked with the backend\'s schema', () => {
    const taint: ActionRequest = { kind: 'taint', node: 'n1', key: ISOLATION_TAINT_KEY, effect: 'NoSchedule' };
    const f = fieldsFromRequest(taint);
    expect(requestFromFields(taint, { ...f, effect: 'NoExecute', taintValue: 'xid-79' }).request).toEqual({ ...taint, effect: 'NoExecute', value: 'xid-79' });
    expect(requestFromFields(taint, { ...f, taintKey: 'bad key!' }).errors.taintKey).toBe('taintKey');
    expect(requestFromFields(taint, { ...f, taintValue: 'no spaces' }).errors.taintValue).toBe('taintValue');
  });

  it('an elastic job cannot be scaled outside min..max', () => {
    const scale: ActionRequest = { kind: 'scaleTraining', workload: 'PyTorchJob/r/vit', replicas: 2 };
    const f = fieldsFromRequest(scale);
    expect(requestFromFields(scale, { ...f, replicas: '3' }, { min: 1, max: 3 }).request).toEqual({ ...scale, replicas: 3 });
    expect(requestFromFields(scale, { ...f, replicas: '4' }, { min: 1, max: 3 }).errors.replicas).toBe('range');
    expect(requestFromFields(scale, { ...f, replicas: '0' }, { min: 1, max: 3 }).errors.replicas).toBe('range');
  });
});

describe('progress events', () => {
  const req: ActionRequest = { kind: 'drain', node: 'n1', timeoutSeconds: 300, ignoreDaemonSets: true, deleteEmptyDirData: false };
  const ev = (message: string, done = false): ActionProgress => ({ id: 'a1', request: req, message, done, ok: done ? false : undefined });

  it('a run is "running" from its first line until its done event, which counts as finished', () => {
    let s: ActivityData = { running: new Map(), finished: 0 };
    s = applyProgress(s, ev('started drain of n1'), 1000);
    s = applyProgress(s, ev('evicted 3/8 pods'), 2000);
    expect(s.running.get('a1')).toMatchObject({ message: 'evicted 3/8 pods', lines: ['started drain of n1', 'evicted 3/8 pods'], seenAt: 1000 });
    s = applyProgress(s, ev('Drain of n1 stopped', true), 3000);
    expect(s.running.size).toBe(0);
    expect(s.finished).toBe(1);
    expect(s.lastFinished?.message).toBe('Drain of n1 stopped');
  });

  it('reads "evicted 3/8" as a fraction for the progress bar', () => {
    expect(progressFraction('evicted 3/8 pods')).toEqual({ done: 3, total: 8 });
    expect(progressFraction('standby prod/chat-standby: 1/4 ready')).toEqual({ done: 1, total: 4 });
    expect(progressFraction('cordoned n1')).toBeUndefined();
  });
});

describe('palette commands', () => {
  const nodes = new Map([['gpu-h100-a-0003', node('gpu-h100-a-0003')], ['gpu-h100-a-0004', node('gpu-h100-a-0004', { schedulable: false })]]);
  const chat = workload('Deployment/inference-prod/chat-llama-70b', { inference: { primaryDeployment: 'chat-llama-70b', standbyDeployment: 's', activeRole: 'primary' } });
  const train = workload('PyTorchJob/llm-pretrain/llama-70b-pretrain');
  const state = { model: { nodes, workloads: new Map([[chat.key, chat], [train.key, train]]) } } as unknown as BulwarkState;
  const t = ((key: string, o?: Record<string, unknown>) => `${key}${o?.target ? `(${o.target})` : ''}`) as unknown as PaletteContext['t'];
  const ctx = (query: string): PaletteContext => ({ state, t, query, navigate: () => {}, api: {} as PaletteContext['api'] });

  it('knows the selected node or workload from the URL', () => {
    expect(selectedTarget('#/nodes/gpu-h100-a-0003')).toEqual({ node: 'gpu-h100-a-0003' });
    expect(selectedTarget('#/gpus?select=gpu-h100-a-0003/5')).toEqual({ node: 'gpu-h100-a-0003' });
    expect(selectedTarget('#/workloads/PyTorchJob/llm-pretrain/llama-70b-pretrain')).toEqual({ workload: 'PyTorchJob/llm-pretrain/llama-70b-pretrain' });
    expect(selectedTarget('#/overview')).toEqual({});
  });

  it('with a query, offers cordon/drain per node and restart/failover per workload', () => {
    const titles = actionCommands(ctx('cordon')).map((c) => c.title);
    expect(titles).toEqual(expect.arrayContaining([
      'actions:palette.cordon(gpu-h100-a-0003)',
      'actions:palette.drain(gpu-h100-a-0003)',
      'actions:palette.uncordon(gpu-h100-a-0004)',
      'actions:palette.restartFromCheckpoint(llama-70b-pretrain)',
      'actions:palette.failover(chat-llama-70b)',
    ]));
    expect(titles.some((x) => x.startsWith('actions:palette.untaint'))).toBe(false);
  });

  it('with an empty query and nothing selected, adds nothing to the palette', () => {
    expect(actionCommands(ctx(''))).toEqual([]);
  });
});
