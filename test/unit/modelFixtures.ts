/**
 * Builders of real-shaped Kubernetes objects and dcgm-exporter samples for the model tests,
 * plus a generator of a large synthetic cluster (for the incremental property test and the
 * build/apply measurements).
 */
import type { CoreV1Event, PyTorchJob, V1Deployment, V1Job, V1Node, V1Pod, V1Service } from '../../electron/core/k8s/objects';
import type { DcgmSample } from '../../electron/core/sources/dcgm';

export const T0 = Date.parse('2025-05-01T12:00:00Z');

export interface NodeOpts {
  gpus?: number | string;
  allocatable?: number | string;
  zone?: string;
  pool?: string;
  product?: string;
  ready?: boolean | 'Unknown';
  unschedulable?: boolean;
  taints?: { key: string; value?: string; effect: string }[];
  pressure?: string;
}

export function node(name: string, o: NodeOpts = {}): V1Node {
  const gpus = o.gpus ?? 8;
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': name,
    'topology.kubernetes.io/zone': o.zone ?? 'zone-a',
    'nvidia.com/gpu.product': o.product ?? 'NVIDIA-H100-80GB-HBM3',
    'nvidia.com/gpu.count': String(gpus),
  };
  if (o.pool) labels['bulwark.io/pool'] = o.pool;
  const conditions = [
    { type: 'MemoryPressure', status: o.pressure === 'MemoryPressure' ? 'True' : 'False', reason: 'KubeletHasSufficientMemory' },
    { type: 'DiskPressure', status: o.pressure === 'DiskPressure' ? 'True' : 'False', reason: 'KubeletHasNoDiskPressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID' },
    {
      type: 'Ready',
      status: o.ready === false ? 'False' : o.ready === 'Unknown' ? 'Unknown' : 'True',
      reason: o.ready === false || o.ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletReady',
      message: o.ready === false || o.ready === 'Unknown' ? 'Kubelet stopped posting node status.' : 'kubelet is posting ready status',
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels, creationTimestamp: new Date(T0 - 86_400_000) },
    spec: { unschedulable: o.unschedulable || undefined, taints: o.taints },
    status: {
      capacity: { cpu: '192', memory: '2063731380Ki', pods: '110', 'nvidia.com/gpu': String(gpus) },
      allocatable: { cpu: '190', memory: '2061634228Ki', pods: '110', 'nvidia.com/gpu': String(o.allocatable ?? gpus) },
      conditions,
      nodeInfo: {
        architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.20', kernelVersion: '6.8.0', kubeProxyVersion: '',
        kubeletVersion: 'v1.31.2', machineID: '', operatingSystem: 'linux', osImage: 'Ubuntu 22.04.4 LTS', systemUUID: '',
      },
    },
  } as V1Node;
}

export interface PodOpts {
  namespace?: string;
  node?: string;
  gpus?: number | string;
  limitsOnly?: boolean;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready?: boolean;
  restarts?: number;
  owner?: { kind: string; name: string };
  labels?: Record<string, string>;
  created?: number;
  priorityClass?: string;
}

export function pod(name: string, o: PodOpts = {}): V1Pod {
  const gpus = o.gpus ?? 1;
  const phase = o.phase ?? (o.node ? 'Running' : 'Pending');
  const ready = o.ready ?? phase === 'Running';
  const res = gpus === 0 ? {} : o.limitsOnly ? { limits: { 'nvidia.com/gpu': String(gpus) } } : { requests: { cpu: '8', 'nvidia.com/gpu': String(gpus) }, limits: { 'nvidia.com/gpu': String(gpus) } };
  const created = new Date(o.created ?? T0);
  const started = new Date((o.created ?? T0) + 5000);
  const cond = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: started });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'research',
      uid: `uid-pod-${name}`,
      resourceVersion: '4711',
      labels: o.labels ?? {},
      creationTimestamp: created,
      ownerReferences: o.owner ? [{ apiVersion: o.owner.kind === 'Job' ? 'batch/v1' : o.owner.kind === 'ReplicaSet' ? 'apps/v1' : 'kubeflow.org/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true, blockOwnerDeletion: true }] : undefined,
    },
    spec: {
      nodeName: o.node,
      priorityClassName: o.priorityClass,
      restartPolicy: 'OnFailure',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      containers: [{
        name: 'main',
        image: 'nvcr.io/nvidia/pytorch:24.05-py3',
        args: ['--config', '/etc/train/config.yaml'],
        env: [{ name: 'NCCL_DEBUG', value: 'WARN' }, { name: 'CHECKPOINT_URI', value: 's3://ckpt/llama' }],
        resources: res,
        volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
      }],
      volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
    },
    status: {
      phase,
      qosClass: 'Burstable',
      hostIP: o.node ? '10.0.12.34' : undefined,
      podIP: o.node ? '10.244.3.17' : undefined,
      startTime: o.node ? started : undefined,
      conditions: [cond('PodScheduled', !!o.node), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
      containerStatuses: [{
        name: 'main', image: 'nvcr.io/nvidia/pytorch:24.05-py3', imageID: 'nvcr.io/nvidia/pytorch@sha256:5d1e0c4b', containerID: 'containerd://8a3c9f',
        ready, started: ready, restartCount: o.restarts ?? 0, state: phase === 'Running' ? { running: { startedAt: started } } : { waiting: { reason: 'ContainerCreating' } },
      }],
    },
  } as V1Pod;
}

/** A training worker pod of a PyTorchJob, labelled as the training-operator does. */
export function workerPod(job: string, i: number, o: PodOpts = {}): V1Pod {
  return pod(`${job}-worker-${i}`, {
    gpus: 8,
    ...o,
    owner: { kind: 'PyTorchJob', name: job },
    labels: { 'training.kubeflow.org/job-name': job, 'training.kubeflow.org/replica-type': 'worker', ...(o.labels ?? {}) },
  });
}

export interface JobOpts {
  namespace?: string;
  workers?: number;
  conditions?: { type: 'Created' | 'Running' | 'Restarting' | 'Succeeded' | 'Failed' | 'Suspended'; status?: 'True' | 'False'; reason?: string; message?: string; at?: number }[];
  annotations?: Record<string, string>;
  elastic?: { minReplicas?: number; maxReplicas?: number; maxRestarts?: number };
  priorityClass?: string;
}

export function pytorchJob(name: string, o: JobOpts = {}): PyTorchJob {
  const template = { spec: { containers: [{ name: 'pytorch', image: 'x', resources: { limits: { 'nvidia.com/gpu': '8' } } }] } };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name, namespace: o.namespace ?? 'research', uid: `uid-${name}`, annotations: o.annotations ?? {}, creationTimestamp: new Date(T0 - 3_600_000) },
    spec: {
      elasticPolicy: o.elastic,
      runPolicy: o.priorityClass ? { schedulingPolicy: { priorityClass: o.priorityClass } } : undefined,
      pytorchReplicaSpecs: { Worker: { replicas: o.workers ?? 4, restartPolicy: 'OnFailure', template } },
    },
    status: {
      conditions: (o.conditions ?? [{ type: 'Running' }]).map((c) => ({
        type: c.type, status: c.status ?? 'True', reason: c.reason, message: c.message,
        lastTransitionTime: new Date(c.at ?? T0 - 3_000_000).toISOString(),
      })),
      startTime: new Date(T0 - 3_000_000).toISOString(),
    },
  };
}

export function batchJob(name: string, o: { namespace?: string; parallelism?: number; complete?: boolean; failed?: boolean; active?: number } = {}): V1Job {
  const conditions = [];
  if (o.complete) conditions.push({ type: 'Complete', status: 'True' });
  if (o.failed) conditions.push({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: o.namespace ?? 'batch', uid: `uid-${name}`, creationTimestamp: new Date(T0 - 600_000) },
    spec: { parallelism: o.parallelism ?? 1, template: { spec: { containers: [{ name: 'main', image: 'x' }] } } },
    status: { conditions, active: o.active ?? 1, startTime: new Date(T0 - 600_000) },
  } as V1Job;
}

export function deployment(name: string, o: { namespace?: string; replicas?: number; gpus?: number; role?: 'primary' | 'standby'; annotations?: Record<string, string> } = {}): V1Deployment {
  const labels: Record<string, string> = { app: name };
  if (o.role) labels['bulwark.io/serving-role'] = o.role;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: o.namespace ?? 'serving', uid: `uid-${name}`, annotations: o.annotations ?? {}, creationTimestamp: new Date(T0 - 7_200_000) },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'server', image: 'x', resources: (o.gpus ?? 1) > 0 ? { limits: { 'nvidia.com/gpu': String(o.gpus ?? 1) } } : {} }] },
      },
    },
  };
}

/** A replica of a Deployment, owned through its ReplicaSet "<name>-<hash>". */
export function replicaPod(deploymentName: string, i: number, o: PodOpts & { hash?: string } = {}): V1Pod {
  const hash = o.hash ?? '7d9f8c6b5';
  return pod(`${deploymentName}-${hash}-${String(i).padStart(5, 'x')}`, {
    namespace: 'serving',
    ...o,
    owner: { kind: 'ReplicaSet', name: `${deploymentName}-${hash}` },
    labels: { app: deploymentName, 'pod-template-hash': hash, ...(o.labels ?? {}) },
  });
}

export function inferenceService(name: string, primary: string, standby: string, active: 'primary' | 'standby' = 'primary', namespace = 'serving'): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name, namespace, uid: `uid-svc-${name}`,
      annotations: { 'bulwark.io/primary-deployment': primary, 'bulwark.io/standby-deployment': standby },
      labels: { 'bulwark.io/inference-service': name },
    },
    spec: { selector: { 'bulwark.io/inference-service': name, 'bulwark.io/serving-role': active }, ports: [{ port: 80 }] },
  };
}

export function k8sEvent(name: string, o: { namespace?: string; kind?: string; apiVersion?: string; object?: string; reason?: string; message?: string; type?: 'Normal' | 'Warning'; count?: number; at?: number } = {}): CoreV1Event {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-ev-${name}` },
    involvedObject: { kind: o.kind ?? 'Node', ...(o.apiVersion ? { apiVersion: o.apiVersion } : {}), name: o.object ?? 'gpu-a-0001', namespace: o.kind === 'Node' || !o.kind ? undefined : o.namespace },
    reason: o.reason ?? 'NodeNotReady',
    message: o.message ?? 'Node is not ready',
    type: o.type ?? 'Warning',
    count: o.count ?? 1,
    lastTimestamp: new Date(o.at ?? T0),
  } as CoreV1Event;
}

export interface SampleOpts {
  util?: number; temp?: number; power?: number; fb?: number; sm?: number; xid?: number; pod?: string; namespace?: string; model?: string;
}

export function sample(host: string, gpu: number, o: SampleOpts = {}): DcgmSample {
  return {
    labels: {
      gpu: String(gpu), UUID: `GPU-${host}-${gpu}`, device: `nvidia${gpu}`, modelName: o.model ?? 'NVIDIA H100 80GB HBM3', Hostname: host,
      ...(o.pod ? { pod: o.pod, namespace: o.namespace ?? 'research', container: 'main' } : {}),
    },
    values: {
      DCGM_FI_DEV_GPU_UTIL: o.util ?? 90,
      DCGM_FI_DEV_FB_USED: o.fb ?? 60_000,
      DCGM_FI_DEV_FB_FREE: 81_559 - (o.fb ?? 60_000),
      DCGM_FI_DEV_GPU_TEMP: o.temp ?? 65,
      DCGM_FI_DEV_POWER_USAGE: o.power ?? 600,
      DCGM_FI_DEV_SM_CLOCK: o.sm ?? 1980,
      DCGM_FI_DEV_XID_ERRORS: o.xid ?? 0,
    },
  };
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticCluster {
  nodes: V1Node[];
  pods: V1Pod[];
  jobs: PyTorchJob[];
  deployments: V1Deployment[];
  services: V1Service[];
}

/**
 * A large cluster shaped like the demo's `large` preset: `nodeCount` 8-GPU nodes in 4 zones,
 * training jobs of 8-GPU workers, inference Deployments of 1-GPU replicas in primary/standby
 * pairs, and CPU pods to reach `podCount`.
 */
export function syntheticCluster(nodeCount = 2000, podCount = 30_000, seed = 1): SyntheticCluster {
  const r = rng(seed);
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];
  const nodes: V1Node[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push(node(`gpu-${zones[i % 4].slice(-1)}-${String(i).padStart(4, '0')}`, { zone: zones[i % 4], pool: i % 10 === 0 ? 'h200' : 'h100' }));
  }
  const free = nodes.map(() => 8);
  const pods: V1Pod[] = [];
  const jobs: PyTorchJob[] = [];
  const deployments: V1Deployment[] = [];
  const services: V1Service[] = [];
  let cursor = 0;
  const takeNode = (gpus: number): string | undefined => {
    for (let k = 0; k < nodes.length; k++) {
      const i = (cursor + k) % nodes.length;
      if (free[i] >= gpus) {
        free[i] -= gpus;
        cursor = i;
        return nodes[i].metadata!.name!;
      }
    }
    return undefined;
  };
  // Training: ~60% of the GPUs.
  const trainingNodes = Math.floor(nodeCount * 0.6);
  let used = 0;
  let j = 0;
  while (used < trainingNodes) {
    const workers = [4, 8, 16, 32, 64][Math.floor(r() * 5)];
    const name = `job-${j++}`;
    jobs.push(pytorchJob(name, {
      namespace: `team-${j % 12}`,
      workers,
      annotations: {
        'bulwark.io/checkpoint-time': new Date(T0 - Math.floor(r() * 1_800_000)).toISOString(),
        'bulwark.io/checkpoint-interval-seconds': '600',
        'bulwark.io/checkpoint-step': String(Math.floor(r() * 10000)),
        'bulwark.io/progress-step': String(Math.floor(r() * 20000)),
        'bulwark.io/total-steps': '50000',
        'bulwark.io/samples-per-second': String(Math.floor(r() * 5000)),
      },
    }));
    for (let w = 0; w < workers; w++) {
      pods.push(workerPod(name, w, { namespace: `team-${j % 12}`, node: takeNode(8), created: T0 - 3_000_000 + w }));
    }
    used += workers;
  }
  // Inference pairs: 1-GPU replicas.
  let s = 0;
  while (pods.length < podCount * 0.4 && free.some((f) => f > 0)) {
    const base = `svc-${s++}`;
    const replicas = 2 + Math.floor(r() * 6);
    for (const role of ['primary', 'standby'] as const) {
      const dn = `${base}-${role}`;
      deployments.push(deployment(dn, { replicas, role, annotations: { 'bulwark.io/rps': '120', 'bulwark.io/latency-p99-ms': '180' } }));
      for (let i = 0; i < replicas; i++) pods.push(replicaPod(dn, i, { node: takeNode(1), gpus: 1, created: T0 - 7_000_000 + i }));
    }
    services.push(inferenceService(base, `${base}-primary`, `${base}-standby`));
  }
  // CPU pods (daemonsets, tooling) to reach podCount.
  let c = 0;
  while (pods.length < podCount) {
    pods.push(pod(`agent-${c}`, { namespace: 'kube-system', node: nodes[c % nodes.length].metadata!.name, gpus: 0, created: T0 - 86_000_000 }));
    c++;
  }
  return { nodes, pods, jobs, deployments, services };
}
