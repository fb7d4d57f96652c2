/**
 * The kube source and the model on a real API server with and without the training CRDs
 * (JobSet, Volcano Job, RayJob, Kueue Workload), installed and filled as
 * trainingCrdWorkloads.ts describes; status changes are written as their controllers would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { SourceStatus } from '../../electron/core/sources/clusterSource';
import { readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import type { WorkloadView } from '../../shared/views';
import { startControlPlane, type ControlPlane } from './controlPlane';
import { createTrainingCrdWorkloads, patchStatus } from './trainingCrdWorkloads';

const NS = 'training';

interface Live { source: KubeSource; model: ClusterModel; statuses: SourceStatus[] }

async function startLive(plane: ControlPlane): Promise<Live> {
  const context = readKubeconfig(plane.kubeconfigPath).currentContext!;
  const source = new KubeSource({ kubeconfig: plane.kubeconfigPath, context });
  const model = new ClusterModel({ now: () => source.now() });
  const statuses: SourceStatus[] = [];
  await source.start({
    onSync: (k, o) => model.onSync(k, o),
    onEvents: (e) => model.onEvents(e),
    onMetrics: (s, at) => model.onMetrics(s, at),
    onStatus: (s) => { statuses.push(s); },
  });
  return { source, model, statuses };
}

/** Polls `fn`; on timeout the error shows what `show` returns then (the view as it was). */
async function eventually<T>(what: string, fn: () => T | undefined | false, show?: () => unknown, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${show ? `; last: ${JSON.stringify(show())}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const byKind = (m: ClusterModel, kind: WorkloadView['kind']) => [...m.workloads()].filter((w) => w.kind === kind);

describe('training CRDs on a real API server', () => {
  let plane: ControlPlane;
  const started: KubeSource[] = [];

  beforeAll(async () => {
    // Three nodes: 14 GPUs in pods of 1, 2 and 4 always leave a node with room for the 4-GPU Ray worker.
    plane = await startControlPlane({ gpuNodes: 3, gpusPerNode: 8 });
  });
  afterAll(async () => {
    for (const s of started) await s.stop();
    await plane?.stop();
  });

  it('a cluster without the CRDs shows none of them and reports no error', async () => {
    const live = await startLive(plane);
    started.push(live.source);
    const status = await eventually('the source to be live', () => live.statuses.find((s) => s.state === 'live'));
    expect(status.message).toBeUndefined();
    expect(status.trainingCrds).toEqual([]);
    expect(live.source.detectedCrds()).toEqual([]);
    expect(live.statuses.filter((s) => s.state === 'error' || s.state === 'reconnecting')).toEqual([]);
    for (const k of ['JobSet', 'VolcanoJob', 'RayJob'] as const) expect(byKind(live.model, k)).toEqual([]);
    await live.source.stop();
  });

  it('with the CRDs installed, JobSet, Volcano Job and RayJob are workloads with their health, pods and GPUs, and Kueue admission shows on the JobSet', async () => {
    const { jobSetPath, vcjobPath, rayJobPath, kueuePath } = await createTrainingCrdWorkloads(plane, NS);
    const live = await startLive(plane);
    started.push(live.source);
    const w = (key: string) => live.model.workload(key);
    const jobSet = await eventually('the JobSet healthy with 4 pods and 8 GPUs', () => {
      const v = w(`JobSet/${NS}/llm-pretrain`);
      return v?.health === 'healthy' && v.gpus === 8 ? v : undefined;
    });
    expect(jobSet).toMatchObject({ kind: 'JobSet', replicas: { desired: 4, ready: 4 }, reason: '4/4 pods running' });
    expect(jobSet.queue).toEqual({ workload: 'jobset-llm-pretrain-5b8e1', state: 'admitted', localQueue: 'team-a', clusterQueue: 'gpu-cluster-queue' });
    // The child Jobs are part of the JobSet, not workloads of their own; the Kueue Workload is no workload either.
    expect([...live.model.workloads()].map((x) => x.key).sort()).toEqual([`JobSet/${NS}/llm-pretrain`, `RayJob/${NS}/rl-tune`, `VolcanoJob/${NS}/mpi-bert`]);

    const vc = await eventually('the Volcano Job healthy with its 2 GPUs', () => { const v = w(`VolcanoJob/${NS}/mpi-bert`); return v?.health === 'healthy' && v.gpus === 2 ? v : undefined; });
    expect(vc.reason).toBe('2/2 pods running');
    const ray = await eventually('the RayJob healthy with its worker\'s 4 GPUs', () => { const v = w(`RayJob/${NS}/rl-tune`); return v?.health === 'healthy' && v.gpus === 4 ? v : undefined; }, () => w(`RayJob/${NS}/rl-tune`));
    expect(ray.replicas).toEqual({ desired: 2, ready: 2 });

    // GPU allocation by workload (what the GPU map and the Overview chart read).
    const byWorkload = Object.fromEntries(live.model.kpis().byWorkload.map((x) => [x.workload, x.gpus]));
    expect(byWorkload).toMatchObject({ [`JobSet/${NS}/llm-pretrain`]: 8, [`RayJob/${NS}/rl-tune`]: 4, [`VolcanoJob/${NS}/mpi-bert`]: 2 });
    const gpuHolders = [...live.model.nodes()].flatMap((n) => live.model.gpusOfNode(n.name)).map((g) => g.workload).filter(Boolean);
    expect(gpuHolders.filter((k) => k === `JobSet/${NS}/llm-pretrain`)).toHaveLength(8);

    const status = live.source.status();
    expect(status).toMatchObject({ state: 'live' });
    expect(status.message).toBeUndefined();
    expect(live.source.detectedCrds().sort()).toEqual([
      'Job (batch.volcano.sh/v1alpha1)', 'JobSet (jobset.x-k8s.io/v1alpha2)', 'RayJob (ray.io/v1)', 'Workload (kueue.x-k8s.io/v1beta1)',
    ]);

    // Status changes arrive through the watches: the Ray job fails, the Volcano Job restarts, Kueue evicts the JobSet.
    await patchStatus(plane, rayJobPath, { jobDeploymentStatus: 'Complete', jobStatus: 'FAILED' });
    await eventually('the RayJob failed', () => w(`RayJob/${NS}/rl-tune`)?.health === 'failed');
    expect(w(`RayJob/${NS}/rl-tune`)!.reason).toBe('Ray job FAILED');
    await patchStatus(plane, vcjobPath, { state: { phase: 'Restarting', reason: 'PodFailed', message: 'task worker-1 failed' } });
    await eventually('the Volcano Job recovering', () => w(`VolcanoJob/${NS}/mpi-bert`)?.health === 'recovering');
    await plane.request('PATCH', `${jobSetPath}`, { spec: { suspend: true } });
    await patchStatus(plane, jobSetPath, { replicatedJobsStatus: [{ name: 'workers', ready: 0, active: 0, succeeded: 0, failed: 0, suspended: 2 }], conditions: [{ type: 'Suspended', status: 'True', reason: 'SuspendedJobs', message: 'jobset is suspended', lastTransitionTime: new Date().toISOString() }] });
    const del = await plane.kubectl(['delete', 'jobs.batch', '-n', NS, 'llm-pretrain-workers-0', 'llm-pretrain-workers-1', '--wait=true']);
    expect(del.code).toBe(0);
    await patchStatus(plane, kueuePath, {
      conditions: [
        { type: 'QuotaReserved', status: 'False', reason: 'Pending', message: 'evicted', lastTransitionTime: new Date().toISOString() },
        { type: 'Admitted', status: 'False', reason: 'NoReservation', message: 'evicted', lastTransitionTime: new Date().toISOString() },
        { type: 'Evicted', status: 'True', reason: 'Preempted', message: 'Preempted to accommodate a higher priority Workload', lastTransitionTime: new Date().toISOString() },
      ],
    });
    const evicted = await eventually('the JobSet pending on its eviction, its GPUs released', () => {
      const v = w(`JobSet/${NS}/llm-pretrain`);
      return v?.health === 'pending' && v.gpus === 0 ? v : undefined;
    });
    expect(evicted.reason).toBe('evicted by Kueue: Preempted to accommodate a higher priority Workload');
    expect(live.statuses.filter((s) => s.state === 'error')).toEqual([]);
  });
});
