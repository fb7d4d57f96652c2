/**
 * Realistic JobSet, Volcano Job, RayJob and Kueue Workload objects and the pods their
 * controllers create (names, labels and ownerReferences as jobset, volcano, kuberay and kueue
 * set them), for the model tests and the real-control-plane test.
 */
import type { JobSet, KueueWorkload, RayJob, V1Job, V1Pod, VolcanoJob } from '../../electron/core/k8s/objects';
import { T0, pod, type PodOpts } from './modelFixtures';

const iso = (t: number) => new Date(t).toISOString();
const gpuContainer = (gpus: number) => ({
  name: 'trainer', image: 'nvcr.io/nvidia/pytorch:24.05-py3',
  resources: { requests: { cpu: '16', 'nvidia.com/gpu': String(gpus) }, limits: { 'nvidia.com/gpu': String(gpus) } },
});

export interface JobSetOpts {
  namespace?: string;
  jobs?: number;
  parallelism?: number;
  gpus?: number;
  suspend?: boolean;
  conditions?: { type: string; status?: 'True' | 'False'; reason?: string; message?: string }[];
  active?: number;
  ready?: number;
  restarts?: number;
}

export function jobSet(name: string, o: JobSetOpts = {}): JobSet {
  const jobs = o.jobs ?? 2;
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: { name, namespace: o.namespace ?? 'research', uid: `uid-jobset-${name}`, creationTimestamp: iso(T0 - 3_600_000) as unknown as Date },
    spec: {
      suspend: o.suspend,
      replicatedJobs: [{
        name: 'workers',
        replicas: jobs,
        template: { spec: { parallelism: o.parallelism ?? 2, template: { spec: { containers: [gpuContainer(o.gpus ?? 4)] } } } },
      }],
    },
    status: {
      conditions: (o.conditions ?? []).map((c) => ({ status: 'True', lastTransitionTime: iso(T0), reason: c.type, message: '', ...c })),
      restarts: o.restarts ?? 0,
      replicatedJobsStatus: [{ name: 'workers', ready: o.ready ?? jobs, active: o.active ?? jobs, succeeded: 0, failed: 0, suspended: 0 }],
    },
  };
}

/** A child Job of a JobSet ("<jobset>-<replicatedJob>-<index>"), controlled by it. */
export function jobSetChildJob(jobSetName: string, index: number, namespace = 'research'): V1Job {
  const name = `${jobSetName}-workers-${index}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name, namespace, uid: `uid-job-${name}`,
      labels: { 'jobset.sigs.k8s.io/jobset-name': jobSetName, 'jobset.sigs.k8s.io/replicatedjob-name': 'workers', 'jobset.sigs.k8s.io/job-index': String(index) },
      ownerReferences: [{ apiVersion: 'jobset.x-k8s.io/v1alpha2', kind: 'JobSet', name: jobSetName, uid: `uid-jobset-${jobSetName}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: { parallelism: 2, completions: 2, template: { spec: { containers: [gpuContainer(4)], restartPolicy: 'Never' } } },
    status: { active: 2, startTime: iso(T0 - 3_000_000) as unknown as Date },
  } as V1Job;
}

/** A pod of a JobSet's child Job: owned by the Job, labelled with the JobSet's name. */
export function jobSetPod(jobSetName: string, jobIndex: number, podIndex: number, o: PodOpts = {}): V1Pod {
  const job = `${jobSetName}-workers-${jobIndex}`;
  const p = pod(`${job}-${podIndex}-x7k2p`, { gpus: 4, ...o, owner: { kind: 'Job', name: job } });
  p.metadata!.labels = {
    'jobset.sigs.k8s.io/jobset-name': jobSetName,
    'jobset.sigs.k8s.io/replicatedjob-name': 'workers',
    'jobset.sigs.k8s.io/job-index': String(jobIndex),
    'batch.kubernetes.io/job-name': job,
    'batch.kubernetes.io/job-completion-index': String(podIndex),
  };
  return p;
}

export function volcanoJob(name: string, phase: string, o: { namespace?: string; workers?: number; message?: string; retryCount?: number } = {}): VolcanoJob {
  const workers = o.workers ?? 3;
  return {
    apiVersion: 'batch.volcano.sh/v1alpha1',
    kind: 'Job',
    metadata: { name, namespace: o.namespace ?? 'research', uid: `uid-vcjob-${name}`, creationTimestamp: iso(T0 - 3_600_000) as unknown as Date },
    spec: {
      minAvailable: workers + 1,
      queue: 'default',
      tasks: [
        { name: 'master', replicas: 1, template: { spec: { containers: [gpuContainer(8)] } } },
        { name: 'worker', replicas: workers, template: { spec: { containers: [gpuContainer(8)] } } },
      ],
    },
    status: {
      state: { phase, lastTransitionTime: iso(T0 - 600_000), ...(o.message ? { reason: 'PodFailed', message: o.message } : {}) },
      minAvailable: workers + 1,
      retryCount: o.retryCount ?? 0,
    },
  };
}

/** A Volcano task pod ("<job>-<task>-<i>"): owned by the Volcano Job, labelled as its controller does. */
export function volcanoPod(jobName: string, task: string, i: number, o: PodOpts & { labelled?: boolean } = {}): V1Pod {
  const p = pod(`${jobName}-${task}-${i}`, { gpus: 8, ...o });
  p.metadata!.labels = o.labelled === false ? {} : { 'volcano.sh/job-name': jobName, 'volcano.sh/job-namespace': o.namespace ?? 'research', 'volcano.sh/task-spec': task };
  p.metadata!.ownerReferences = [{ apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', name: jobName, uid: `uid-vcjob-${jobName}`, controller: true, blockOwnerDeletion: true }];
  return p;
}

export function rayJob(name: string, o: { namespace?: string; workers?: number; deploy?: string; job?: string; cluster?: string; message?: string; failed?: number } = {}): RayJob {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name, namespace: o.namespace ?? 'research', uid: `uid-rayjob-${name}`, creationTimestamp: iso(T0 - 3_600_000) as unknown as Date },
    spec: {
      rayClusterSpec: {
        headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head', image: 'rayproject/ray:2.46.0' }] } } },
        workerGroupSpecs: [{ groupName: 'gpu', replicas: o.workers ?? 2, template: { spec: { containers: [gpuContainer(8)] } } }],
      },
    },
    status: {
      jobDeploymentStatus: o.deploy ?? 'Running',
      jobStatus: o.job ?? 'RUNNING',
      ...(o.cluster !== undefined ? { rayClusterName: o.cluster } : {}),
      ...(o.message ? { message: o.message } : {}),
      ...(o.failed ? { failed: o.failed } : {}),
      startTime: iso(T0 - 1_800_000),
    },
  };
}

/** A pod of a RayCluster (head or worker of group "gpu"), labelled ray.io/cluster as kuberay does. */
export function rayPod(cluster: string, role: 'head' | 'worker', i: number, o: PodOpts = {}): V1Pod {
  const p = pod(role === 'head' ? `${cluster}-head-q8z4v` : `${cluster}-gpu-worker-${i}w9xk`, { gpus: role === 'head' ? 0 : 8, ...o });
  p.metadata!.labels = { 'ray.io/cluster': cluster, 'ray.io/node-type': role, 'ray.io/group': role === 'head' ? 'headgroup' : 'gpu', 'ray.io/is-ray-node': 'yes' };
  p.metadata!.ownerReferences = [{ apiVersion: 'ray.io/v1', kind: 'RayCluster', name: cluster, uid: `uid-raycluster-${cluster}`, controller: true, blockOwnerDeletion: true }];
  return p;
}

export function kueueWorkload(name: string, owner: { apiVersion: string; kind: string; name: string }, o: {
  namespace?: string; queue?: string; clusterQueue?: string; conditions?: { type: string; status?: 'True' | 'False'; reason?: string; message?: string }[];
} = {}): KueueWorkload {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta1',
    kind: 'Workload',
    metadata: {
      name, namespace: o.namespace ?? 'research', uid: `uid-wl-${name}`,
      labels: { 'kueue.x-k8s.io/job-uid': `uid-${owner.name}` },
      ownerReferences: [{ ...owner, uid: `uid-${owner.name}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: { queueName: o.queue ?? 'team-a' },
    status: {
      conditions: (o.conditions ?? []).map((c) => ({ status: 'True', lastTransitionTime: iso(T0), reason: c.type, message: '', ...c })),
      ...(o.clusterQueue ? { admission: { clusterQueue: o.clusterQueue } } : {}),
    },
  };
}
