/**
 * The kube source and the model on a real API server with and without the training CRDs
 * (JobSet, Volcano Job, RayJob, Kueue Workload). No controller of theirs runs here: the test
 * installs minimal CRDs, creates the objects and writes their status through the /status
 * subresource as the controllers would. A JobSet's child Jobs are real batch/v1 Jobs (with
 * the JobSet as controller owner), so the real Job controller makes their pods and the
 * scheduler places them on kwok GPU nodes; Volcano and Ray pods are created as their
 * controllers would create them (labels, ownerReference).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import type { SourceStatus } from '../../electron/core/sources/clusterSource';
import { readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import type { WorkloadView } from '../../shared/views';
import { startControlPlane, type ControlPlane } from './controlPlane';

const NS = 'training';

function crd(group: string, version: string, kind: string, plural: string) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: [{
        name: version, served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      }],
    },
  };
}

const CRDS = [
  crd('jobset.x-k8s.io', 'v1alpha2', 'JobSet', 'jobsets'),
  crd('batch.volcano.sh', 'v1alpha1', 'Job', 'jobs'),
  crd('ray.io', 'v1', 'RayJob', 'rayjobs'),
  crd('kueue.x-k8s.io', 'v1beta1', 'Workload', 'workloads'),
];

const gpuContainer = (gpus: number) => ({ name: 'trainer', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } });
// kwok completes a Running pod owned by a Job after 1 s unless told otherwise: these train for an hour.
const LONG_RUNNING = { 'pod-complete.stage.kwok.x-k8s.io/delay': '1h' };

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

async function apply(plane: ControlPlane, objects: object[]): Promise<void> {
  const r = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
  if (r.code !== 0) throw new Error(`kubectl apply: ${r.stderr}`);
}

async function patchStatus(plane: ControlPlane, path: string, status: object): Promise<void> {
  const r = await plane.request('PATCH', `${path}/status`, { status });
  if (r.status !== 200) throw new Error(`PATCH ${path}/status: ${r.status} ${r.body}`);
}

async function uidOf(plane: ControlPlane, path: string): Promise<string> {
  const r = await plane.request('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  return r.json<{ metadata: { uid: string } }>().metadata.uid;
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
    const crds = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: CRDS }) });
    expect(crds.stderr).toBe('');
    const est = await plane.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...CRDS.map((c) => `crd/${c.metadata.name}`)]);
    expect(est.stderr).toBe('');

    await apply(plane, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      {
        apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', metadata: { name: 'llm-pretrain', namespace: NS },
        spec: { replicatedJobs: [{ name: 'workers', replicas: 2, template: { spec: { parallelism: 2, completions: 2, template: { spec: { containers: [gpuContainer(2)] } } } } }] },
      },
      {
        apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'mpi-bert', namespace: NS },
        spec: { minAvailable: 2, queue: 'default', tasks: [{ name: 'worker', replicas: 2, template: { spec: { containers: [gpuContainer(1)] } } }] },
      },
      {
        apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'rl-tune', namespace: NS },
        spec: { entrypoint: 'python train.py', rayClusterSpec: { headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head', image: 'rayproject/ray:2.46.0' }] } } }, workerGroupSpecs: [{ groupName: 'gpu', replicas: 1, template: { spec: { containers: [gpuContainer(4)] } } }] } },
      },
    ]);
    const jobSetPath = `/apis/jobset.x-k8s.io/v1alpha2/namespaces/${NS}/jobsets/llm-pretrain`;
    const vcjobPath = `/apis/batch.volcano.sh/v1alpha1/namespaces/${NS}/jobs/mpi-bert`;
    const rayJobPath = `/apis/ray.io/v1/namespaces/${NS}/rayjobs/rl-tune`;
    const jobSetUid = await uidOf(plane, jobSetPath);
    const vcjobUid = await uidOf(plane, vcjobPath);

    // What the JobSet controller would create: two child Jobs, controlled by the JobSet, their pods labelled with its name.
    const jobSetLabels = (i: number) => ({ 'jobset.sigs.k8s.io/jobset-name': 'llm-pretrain', 'jobset.sigs.k8s.io/replicatedjob-name': 'workers', 'jobset.sigs.k8s.io/job-index': String(i) });
    // What Kueue would create: its admission record for the JobSet.
    await apply(plane, [
      ...[0, 1].map((i) => ({
        apiVersion: 'batch/v1', kind: 'Job',
        metadata: {
          name: `llm-pretrain-workers-${i}`, namespace: NS, labels: jobSetLabels(i),
          ownerReferences: [{ apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-pretrain', uid: jobSetUid, controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          parallelism: 2, completions: 2, backoffLimit: 0,
          template: { metadata: { labels: jobSetLabels(i), annotations: LONG_RUNNING }, spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [gpuContainer(2)] } },
        },
      })),
      {
        apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'Workload',
        metadata: { name: 'jobset-llm-pretrain-5b8e1', namespace: NS, ownerReferences: [{ apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-pretrain', uid: jobSetUid, controller: true }] },
        spec: { queueName: 'team-a', podSets: [{ name: 'workers', count: 4, template: { spec: { containers: [gpuContainer(2)] } } }] },
      },
      // What Volcano's controller would create: the task pods, owned by the Volcano Job (kind "Job" in batch.volcano.sh).
      ...[0, 1].map((i) => ({
        apiVersion: 'v1', kind: 'Pod',
        metadata: {
          name: `mpi-bert-worker-${i}`, namespace: NS, annotations: LONG_RUNNING,
          labels: { 'volcano.sh/job-name': 'mpi-bert', 'volcano.sh/job-namespace': NS, 'volcano.sh/task-spec': 'worker' },
          ownerReferences: [{ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', name: 'mpi-bert', uid: vcjobUid, controller: true }],
        },
        spec: { terminationGracePeriodSeconds: 0, containers: [gpuContainer(1)] },
      })),
      // What KubeRay would create for the RayJob: a RayCluster's head and GPU worker, labelled ray.io/cluster.
      ...(['head', 'worker'] as const).map((role) => ({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `rl-tune-raycluster-x2k9f-${role}`, namespace: NS, labels: { 'ray.io/cluster': 'rl-tune-raycluster-x2k9f', 'ray.io/node-type': role } },
        spec: { terminationGracePeriodSeconds: 0, containers: [role === 'head' ? { name: 'ray-head', image: 'rayproject/ray:2.46.0' } : gpuContainer(4)] },
      })),
    ]);
    // Status as the controllers write it.
    await patchStatus(plane, jobSetPath, { replicatedJobsStatus: [{ name: 'workers', ready: 2, active: 2, succeeded: 0, failed: 0, suspended: 0 }], restarts: 0 });
    await patchStatus(plane, vcjobPath, { state: { phase: 'Running', lastTransitionTime: new Date().toISOString() }, minAvailable: 2, running: 2 });
    await patchStatus(plane, rayJobPath, { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', rayClusterName: 'rl-tune-raycluster-x2k9f', startTime: new Date().toISOString() });
    await patchStatus(plane, `/apis/kueue.x-k8s.io/v1beta1/namespaces/${NS}/workloads/jobset-llm-pretrain-5b8e1`, {
      admission: { clusterQueue: 'gpu-cluster-queue', podSetAssignments: [{ name: 'workers', count: 4 }] },
      conditions: [
        { type: 'QuotaReserved', status: 'True', reason: 'QuotaReserved', message: 'Quota reserved in ClusterQueue gpu-cluster-queue', lastTransitionTime: new Date().toISOString() },
        { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted', lastTransitionTime: new Date().toISOString() },
      ],
    });

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
    await patchStatus(plane, `/apis/kueue.x-k8s.io/v1beta1/namespaces/${NS}/workloads/jobset-llm-pretrain-5b8e1`, {
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
