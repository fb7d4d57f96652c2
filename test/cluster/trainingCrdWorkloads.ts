/**
 * Training CRDs and their jobs on a test control plane, for the tests that need them (the
 * cluster test, the live e2e spec). No controller of theirs runs here: minimal CRDs
 * (`x-kubernetes-preserve-unknown-fields`, a status subresource) are installed, the objects
 * created, and their status written through /status as the controllers would. A JobSet's
 * child Jobs are real batch/v1 Jobs controlled by the JobSet, so the real Job controller makes
 * their pods and the scheduler places them on kwok GPU nodes; Volcano and Ray pods are created
 * as their controllers create them (labels, ownerReference).
 *
 * What it makes in the namespace given: JobSet llm-pretrain (2 Jobs × 2 pods × 2 GPUs, admitted by
 * Kueue Workload jobset-llm-pretrain-5b8e1 in ClusterQueue gpu-cluster-queue), Volcano Job
 * mpi-bert (2 pods × 1 GPU, Running), RayJob rl-tune (a head and a 4-GPU worker, Running).
 */
import type { ControlPlane } from './controlPlane';

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

async function apply(plane: ControlPlane, objects: object[]): Promise<void> {
  const r = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
  if (r.code !== 0) throw new Error(`kubectl apply: ${r.stderr}`);
}

export async function patchStatus(plane: ControlPlane, path: string, status: object): Promise<void> {
  const r = await plane.request('PATCH', `${path}/status`, { status });
  if (r.status !== 200) throw new Error(`PATCH ${path}/status: ${r.status} ${r.body}`);
}

async function uidOf(plane: ControlPlane, path: string): Promise<string> {
  const r = await plane.request('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  return r.json<{ metadata: { uid: string } }>().metadata.uid;
}

export interface TrainingCrdPaths { jobSetPath: string; vcjobPath: string; rayJobPath: string; kueuePath: string }

export async function createTrainingCrdWorkloads(plane: ControlPlane, ns: string): Promise<TrainingCrdPaths> {
  const crds = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: CRDS }) });
  if (crds.code !== 0) throw new Error(`kubectl apply CRDs: ${crds.stderr}`);
  const est = await plane.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...CRDS.map((c) => `crd/${c.metadata.name}`)]);
  if (est.code !== 0) throw new Error(`CRDs not established: ${est.stderr}`);

  await apply(plane, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    {
      apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', metadata: { name: 'llm-pretrain', namespace: ns },
      spec: { replicatedJobs: [{ name: 'workers', replicas: 2, template: { spec: { parallelism: 2, completions: 2, template: { spec: { containers: [gpuContainer(2)] } } } } }] },
    },
    {
      apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', metadata: { name: 'mpi-bert', namespace: ns },
      spec: { minAvailable: 2, queue: 'default', tasks: [{ name: 'worker', replicas: 2, template: { spec: { containers: [gpuContainer(1)] } } }] },
    },
    {
      apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'rl-tune', namespace: ns },
      spec: { entrypoint: 'python train.py', rayClusterSpec: { headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head', image: 'rayproject/ray:2.46.0' }] } } }, workerGroupSpecs: [{ groupName: 'gpu', replicas: 1, template: { spec: { containers: [gpuContainer(4)] } } }] } },
    },
  ]);
  const jobSetPath = `/apis/jobset.x-k8s.io/v1alpha2/namespaces/${ns}/jobsets/llm-pretrain`;
  const vcjobPath = `/apis/batch.volcano.sh/v1alpha1/namespaces/${ns}/jobs/mpi-bert`;
  const rayJobPath = `/apis/ray.io/v1/namespaces/${ns}/rayjobs/rl-tune`;
  const kueuePath = `/apis/kueue.x-k8s.io/v1beta1/namespaces/${ns}/workloads/jobset-llm-pretrain-5b8e1`;
  const jobSetUid = await uidOf(plane, jobSetPath);
  const vcjobUid = await uidOf(plane, vcjobPath);

  // What the JobSet controller would create: two child Jobs, controlled by the JobSet, their pods labelled with its name.
  const jobSetLabels = (i: number) => ({ 'jobset.sigs.k8s.io/jobset-name': 'llm-pretrain', 'jobset.sigs.k8s.io/replicatedjob-name': 'workers', 'jobset.sigs.k8s.io/job-index': String(i) });
  // What Kueue would create: its admission record for the JobSet.
  await apply(plane, [
    ...[0, 1].map((i) => ({
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        name: `llm-pretrain-workers-${i}`, namespace: ns, labels: jobSetLabels(i),
        ownerReferences: [{ apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-pretrain', uid: jobSetUid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        parallelism: 2, completions: 2, backoffLimit: 0,
        template: { metadata: { labels: jobSetLabels(i), annotations: LONG_RUNNING }, spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [gpuContainer(2)] } },
      },
    })),
    {
      apiVersion: 'kueue.x-k8s.io/v1beta1', kind: 'Workload',
      metadata: { name: 'jobset-llm-pretrain-5b8e1', namespace: ns, ownerReferences: [{ apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: 'llm-pretrain', uid: jobSetUid, controller: true }] },
      spec: { queueName: 'team-a', podSets: [{ name: 'workers', count: 4, template: { spec: { containers: [gpuContainer(2)] } } }] },
    },
    // What Volcano's controller would create: the task pods, owned by the Volcano Job (kind "Job" in batch.volcano.sh).
    ...[0, 1].map((i) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `mpi-bert-worker-${i}`, namespace: ns, annotations: LONG_RUNNING,
        labels: { 'volcano.sh/job-name': 'mpi-bert', 'volcano.sh/job-namespace': ns, 'volcano.sh/task-spec': 'worker' },
        ownerReferences: [{ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', name: 'mpi-bert', uid: vcjobUid, controller: true }],
      },
      spec: { terminationGracePeriodSeconds: 0, containers: [gpuContainer(1)] },
    })),
    // What KubeRay would create for the RayJob: a RayCluster's head and GPU worker, labelled ray.io/cluster.
    ...(['head', 'worker'] as const).map((role) => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `rl-tune-raycluster-x2k9f-${role}`, namespace: ns, labels: { 'ray.io/cluster': 'rl-tune-raycluster-x2k9f', 'ray.io/node-type': role } },
      spec: { terminationGracePeriodSeconds: 0, containers: [role === 'head' ? { name: 'ray-head', image: 'rayproject/ray:2.46.0' } : gpuContainer(4)] },
    })),
  ]);
  // Status as the controllers write it.
  await patchStatus(plane, jobSetPath, { replicatedJobsStatus: [{ name: 'workers', ready: 2, active: 2, succeeded: 0, failed: 0, suspended: 0 }], restarts: 0 });
  await patchStatus(plane, vcjobPath, { state: { phase: 'Running', lastTransitionTime: new Date().toISOString() }, minAvailable: 2, running: 2 });
  await patchStatus(plane, rayJobPath, { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', rayClusterName: 'rl-tune-raycluster-x2k9f', startTime: new Date().toISOString() });
  await patchStatus(plane, kueuePath, {
    admission: { clusterQueue: 'gpu-cluster-queue', podSetAssignments: [{ name: 'workers', count: 4 }] },
    conditions: [
      { type: 'QuotaReserved', status: 'True', reason: 'QuotaReserved', message: 'Quota reserved in ClusterQueue gpu-cluster-queue', lastTransitionTime: new Date().toISOString() },
      { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted', lastTransitionTime: new Date().toISOString() },
    ],
  });

  return { jobSetPath, vcjobPath, rayJobPath, kueuePath };
}
