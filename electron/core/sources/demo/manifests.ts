/**
 * Kubernetes objects as the API server returns them: the builders of nodes, workloads and
 * pods (pods are stamped from their owner's template with the defaults admission adds), and
 * small readers of quantities and conditions.
 */
import type { V1Container, V1OwnerReference, V1PodSpec, V1Toleration } from '@kubernetes/client-node';
import type {
  PyTorchJob, ReplicaSpec, V1Deployment, V1Job, V1Node, V1ObjectMeta, V1Pod, V1PodDisruptionBudget, V1Service,
} from '../../k8s/objects';
import { ANNOTATIONS, GPU_RESOURCE, LABELS } from '../../../../shared/conventions';
import type { BatchPlan, CpuPlan, GpuModelSpec, InferencePlan, PoolId, TrainingPlan } from './presets';
import { GPU_MODELS, PRIORITY_CLASSES, priorityValue } from './presets';
import { rfc3339 } from './virtualClock';
import { stableHex32, stableUuid } from './names';
import { DEMO_ANNOTATIONS } from './demoAnnotations';

export const GPU_NODE_TAINT = { key: GPU_RESOURCE, value: 'present', effect: 'NoSchedule' } as const;
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
/** DefaultTolerationSeconds admission plugin: pods tolerate an unreachable / not-ready node this long. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const K8S_VERSION = 'v1.31.4';

export interface NodeInput {
  name: string;
  zone: string;
  region: string;
  pool: PoolId;
  model: GpuModelSpec;
  gpus: number;
  ordinal: number;
  created: number;
  uid: string;
}

export function nodeManifest(n: NodeInput): V1Node {
  const created = new Date(n.created);
  const cpuAlloc = n.model.cpu - 2;
  const memKi = n.model.memoryGi * 1024 * 1024;
  const ip = nodeIp(n.ordinal);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      uid: n.uid,
      creationTimestamp: created,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': n.name,
        'node.kubernetes.io/instance-type': n.model.instanceType,
        'topology.kubernetes.io/region': n.region,
        [LABELS.zone]: n.zone,
        [LABELS.gpuProduct]: n.model.product,
        [LABELS.gpuCount]: String(n.gpus),
        [LABELS.gpuMemory]: String(n.model.memoryMiB),
        'nvidia.com/gpu.present': 'true',
        [LABELS.pool]: n.pool,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: podCidr(n.ordinal),
      podCIDRs: [podCidr(n.ordinal)],
      providerID: `gce://bulwark-demo/${n.zone}/${n.name}`,
      taints: [{ ...GPU_NODE_TAINT }],
    },
    status: {
      capacity: { cpu: String(n.model.cpu), memory: `${memKi}Ki`, pods: '110', 'ephemeral-storage': '3904946364Ki', [GPU_RESOURCE]: String(n.gpus) },
      allocatable: { cpu: `${cpuAlloc}`, memory: `${memKi - 8 * 1024 * 1024}Ki`, pods: '110', 'ephemeral-storage': '3598784488Ki', [GPU_RESOURCE]: String(n.gpus) },
      conditions: healthyNodeConditions(n.created),
      addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: stableUuid(`${n.name}/boot`),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-1019-gcp',
        kubeProxyVersion: K8S_VERSION,
        kubeletVersion: K8S_VERSION,
        machineID: stableHex32(`${n.name}/machine`),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: stableUuid(`${n.name}/system`),
      },
    },
  };
}

export function healthyNodeConditions(at: number): NonNullable<V1Node['status']>['conditions'] {
  const t = new Date(at);
  const cond = (type: string, reason: string, message: string, status = 'False') => ({
    type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: t,
  });
  return [
    cond('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'KubeletReady', 'kubelet is posting ready status', 'True'),
  ];
}

export function nodeIp(ordinal: number): string {
  return `10.128.${(ordinal >> 8) & 255}.${(ordinal & 255) + 0}`;
}

export function podCidr(ordinal: number): string {
  return `10.${64 + (ordinal >> 8)}.${ordinal & 255}.0/24`;
}

/* ---------------------------------------------------------------- workloads */

function gpuContainer(name: string, image: string, gpus: number, cpuMilli: number, memoryMi: number, extra: Partial<V1Container> = {}): V1Container {
  const res: Record<string, string> = { cpu: cpuQuantity(cpuMilli), memory: `${memoryMi}Mi` };
  if (gpus > 0) res[GPU_RESOURCE] = String(gpus);
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { ...res }, limits: { ...res } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...extra,
  };
}

export function cpuQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

const GPU_TOLERATION: V1Toleration = { key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' };

export function trainingManifest(p: TrainingPlan, uid: string, created: number, ann: Record<string, string>): PyTorchJob {
  const template = (type: 'master' | 'worker'): ReplicaSpec['template'] => ({
    metadata: { labels: { 'bulwark.io/team': p.namespace } },
    spec: {
      containers: [gpuContainer('pytorch', p.image, p.gpusPerPod, p.gpusPerPod * GPU_MODELS[p.pool].cpuPerGpu * 1000, p.gpusPerPod * 160 * 1024, {
        command: ['torchrun'],
        args: [`--nproc-per-node=${p.gpusPerPod}`, 'train.py', `--config=configs/${p.name}.yaml`, `--role=${type}`],
        env: [{ name: 'NCCL_DEBUG', value: 'WARN' }, { name: 'CHECKPOINT_URI', value: p.storage }],
      })],
      nodeSelector: { [LABELS.pool]: p.pool },
      tolerations: [{ ...GPU_TOLERATION }],
      priorityClassName: p.priorityClass,
      terminationGracePeriodSeconds: 60,
    },
  });
  const specs: PyTorchJob['spec']['pytorchReplicaSpecs'] = {};
  if (p.master) specs.Master = { replicas: 1, restartPolicy: 'OnFailure', template: template('master') };
  specs.Worker = { replicas: p.workers, restartPolicy: 'OnFailure', template: template('worker') };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid,
      generation: 1,
      creationTimestamp: new Date(created),
      labels: { 'bulwark.io/team': p.namespace },
      annotations: ann,
    },
    spec: {
      ...(p.elastic ? { elasticPolicy: { minReplicas: p.elastic.min, maxReplicas: p.elastic.max, maxRestarts: p.elastic.maxRestarts, rdzvBackend: 'c10d' } } : {}),
      runPolicy: { cleanPodPolicy: 'Running', backoffLimit: p.backoffLimit, schedulingPolicy: { priorityClass: p.priorityClass } },
      pytorchReplicaSpecs: specs,
    },
    status: { conditions: [], replicaStatuses: {} },
  };
}

export function deploymentManifest(args: {
  ns: string; name: string; uid: string; created: number; replicas: number; labels: Record<string, string>;
  podLabels: Record<string, string>; image: string; gpus: number; cpuMilli: number; memoryMi: number;
  nodeSelector: Record<string, string>; priorityClass?: string; readinessPath?: string;
}): V1Deployment {
  const c = gpuContainer(args.gpus > 0 ? 'server' : 'worker', args.image, args.gpus, args.cpuMilli, args.memoryMi,
    args.readinessPath ? { ports: [{ name: 'http', containerPort: 8000, protocol: 'TCP' }], readinessProbe: { httpGet: { path: args.readinessPath, port: 8000 }, periodSeconds: 10, failureThreshold: 3 } } : {});
  if (args.gpus === 0) c.resources!.limits = { memory: `${args.memoryMi}Mi` };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: args.name,
      namespace: args.ns,
      uid: args.uid,
      generation: 1,
      creationTimestamp: new Date(args.created),
      labels: args.labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: args.replicas,
      selector: { matchLabels: { app: args.name } },
      template: {
        metadata: { labels: { ...args.podLabels, app: args.name } },
        spec: {
          containers: [c],
          nodeSelector: args.nodeSelector,
          tolerations: [{ ...GPU_TOLERATION }],
          ...(args.priorityClass ? { priorityClassName: args.priorityClass } : {}),
          terminationGracePeriodSeconds: 30,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 1, replicas: 0, readyReplicas: 0, availableReplicas: 0, updatedReplicas: 0, conditions: [] },
  };
}

export function inferenceDeployment(p: InferencePlan, role: 'primary' | 'standby', uid: string, created: number): V1Deployment {
  const side = role === 'primary' ? p.primary : p.standby;
  const name = `${p.name}-${role}`;
  const labels = { [LABELS.inferenceService]: p.name, [LABELS.servingRole]: role };
  const d = deploymentManifest({
    ns: p.namespace, name, uid, created, replicas: side.replicas, labels, podLabels: labels, image: p.image,
    gpus: p.gpusPerReplica, cpuMilli: 8000 * p.gpusPerReplica, memoryMi: 64 * 1024 * p.gpusPerReplica,
    nodeSelector: { [LABELS.pool]: p.pool, [LABELS.zone]: side.zone }, priorityClass: 'inference-critical', readinessPath: '/health',
  });
  d.metadata!.annotations![DEMO_ANNOTATIONS.latencySloP99] = String(Math.round(p.baseLatencyMs * 5));
  return d;
}

export function cpuDeployment(p: CpuPlan, uid: string, created: number): V1Deployment {
  return deploymentManifest({
    ns: p.namespace, name: p.name, uid, created, replicas: p.replicas, labels: { 'bulwark.io/team': p.namespace }, podLabels: {},
    image: p.image, gpus: 0, cpuMilli: p.cpuMilli, memoryMi: p.memoryMi, nodeSelector: {},
  });
}

export function inferenceService(p: InferencePlan, uid: string, created: number, ordinal: number): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid,
      creationTimestamp: new Date(created),
      labels: { [LABELS.inferenceService]: p.name },
      annotations: {
        [ANNOTATIONS.primaryDeployment]: `${p.name}-primary`,
        [ANNOTATIONS.standbyDeployment]: `${p.name}-standby`,
      },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: `10.96.${(ordinal >> 8) & 255}.${(ordinal & 255) + 10}`,
      clusterIPs: [`10.96.${(ordinal >> 8) & 255}.${(ordinal & 255) + 10}`],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }],
      selector: { [LABELS.inferenceService]: p.name, [LABELS.servingRole]: 'primary' },
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

export function pdbManifest(ns: string, name: string, uid: string, created: number, matchLabels: Record<string, string>, minAvailable: number): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, uid, generation: 1, creationTimestamp: new Date(created) },
    spec: { minAvailable, selector: { matchLabels } },
    status: { observedGeneration: 1, currentHealthy: 0, desiredHealthy: minAvailable, disruptionsAllowed: 0, expectedPods: 0, conditions: [] },
  };
}

export function batchJobManifest(p: BatchPlan, name: string, uid: string, cronUid: string, created: number): V1Job {
  const selector = { 'batch.kubernetes.io/controller-uid': uid };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: p.namespace,
      uid,
      generation: 1,
      creationTimestamp: new Date(created),
      labels: { 'bulwark.io/team': p.namespace, 'batch.kubernetes.io/cronjob-name': p.name },
      annotations: { 'batch.kubernetes.io/job-tracking': '' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: p.name, uid: cronUid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      parallelism: p.parallelism,
      completions: p.parallelism,
      backoffLimit: 4,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, 'batch.kubernetes.io/job-name': name, 'job-name': name, 'controller-uid': uid } },
        spec: {
          containers: [gpuContainer('eval', p.image, p.gpusPerPod, 6000 * p.gpusPerPod, 48 * 1024 * p.gpusPerPod, { args: ['--task', p.name] })],
          restartPolicy: 'Never',
          nodeSelector: { [LABELS.pool]: p.pool },
          tolerations: [{ ...GPU_TOLERATION }],
          priorityClassName: p.priorityClass,
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [] },
  };
}

/** A DaemonSet's pod template (the DaemonSets themselves are not a kind the console lists). */
export function daemonTemplate(name: string, image: string, cpuMilli: number): { metadata: V1ObjectMeta; spec: V1PodSpec } {
  return {
    metadata: { labels: { 'app.kubernetes.io/name': name, 'controller-revision-hash': '7d9f6b8c4' } },
    spec: {
      containers: [gpuContainer(name.replace(/-daemonset$/, ''), image, 0, cpuMilli, 128)],
      // DaemonSet pods tolerate everything (the controller adds the node-problem tolerations).
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
      terminationGracePeriodSeconds: 30,
    },
  };
}

/* --------------------------------------------------------------------- pods */

export interface PodInput {
  ns: string;
  name: string;
  uid: string;
  created: number;
  template: { metadata?: V1ObjectMeta; spec?: V1PodSpec };
  labels: Record<string, string>;
  owner: V1OwnerReference;
  /** DaemonSet pods are pinned to their node by the controller. */
  nodeName?: string;
  restartPolicy?: string;
  /**
   * Share the defaulted spec parts (containers, tolerations, nodeSelector) with every pod of the
   * same template. Safe because objects are never changed in place once built (copy-on-write);
   * it saves ~15 allocations per pod on the 30,000-pod preset. Not for pods whose spec is
   * personalised after stamping (training replicas get their RANK).
   */
  shareSpec?: boolean;
}

const sharedSpecs = new WeakMap<object, Map<string, V1PodSpec>>();

/** Stamps a pod from a template and applies what admission adds (priority, default tolerations). */
export function podFromTemplate(input: PodInput): V1Pod {
  let spec: V1PodSpec;
  if (input.shareSpec) {
    let byPolicy = sharedSpecs.get(input.template);
    if (!byPolicy) sharedSpecs.set(input.template, (byPolicy = new Map()));
    const k = input.restartPolicy ?? '';
    let base = byPolicy.get(k);
    if (!base) byPolicy.set(k, (base = defaultedSpec({ ...input, nodeName: undefined })));
    spec = { ...base };
    if (input.nodeName) spec.nodeName = input.nodeName;
  } else {
    spec = defaultedSpec(input);
  }
  const guaranteed = spec.containers.every((c) => c.resources?.limits?.cpu && c.resources.limits.cpu === c.resources.requests?.cpu);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.ns,
      uid: input.uid,
      creationTimestamp: new Date(input.created),
      labels: { ...(input.template.metadata?.labels ?? {}), ...input.labels },
      ...(input.template.metadata?.annotations ? { annotations: { ...input.template.metadata.annotations } } : {}),
      ownerReferences: [input.owner],
    },
    spec,
    status: { phase: 'Pending', qosClass: guaranteed ? 'Guaranteed' : 'Burstable', conditions: [] },
  };
}

function defaultedSpec(input: PodInput): V1PodSpec {
  const spec = cloneSpec(input.template.spec!);
  spec.restartPolicy = input.restartPolicy ?? spec.restartPolicy ?? 'Always';
  spec.dnsPolicy = 'ClusterFirst';
  spec.schedulerName = 'default-scheduler';
  spec.serviceAccountName = 'default';
  spec.serviceAccount = 'default';
  spec.enableServiceLinks = true;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  spec.priority = priorityValue(spec.priorityClassName);
  spec.terminationGracePeriodSeconds ??= 30;
  const tol = spec.tolerations ?? [];
  // DefaultTolerationSeconds: skipped when a toleration already covers the taint's key (or all keys) for NoExecute (or all effects).
  const has = (key: string) => tol.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
  if (!has(NOT_READY_TAINT)) tol.push({ key: NOT_READY_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!has(UNREACHABLE_TAINT)) tol.push({ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  spec.tolerations = tol;
  if (input.nodeName) spec.nodeName = input.nodeName;
  return spec;
}

function cloneSpec(spec: V1PodSpec): V1PodSpec {
  return {
    ...spec,
    containers: spec.containers.map((c) => ({
      ...c,
      ...(c.resources ? { resources: { requests: { ...c.resources.requests }, limits: { ...c.resources.limits } } } : {}),
      ...(c.env ? { env: c.env.map((e) => ({ ...e })) } : {}),
      ...(c.args ? { args: [...c.args] } : {}),
      ...(c.command ? { command: [...c.command] } : {}),
      ...(c.ports ? { ports: c.ports.map((p) => ({ ...p })) } : {}),
    })),
    ...(spec.nodeSelector ? { nodeSelector: { ...spec.nodeSelector } } : {}),
    ...(spec.tolerations ? { tolerations: spec.tolerations.map((t) => ({ ...t })) } : {}),
  };
}

export function ownerRef(apiVersion: string, kind: string, name: string, uid: string): V1OwnerReference {
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** Parses a CPU quantity to millicores ("4", "500m", "1.5"). */
export function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  if (q.endsWith('m')) return parseInt(q, 10) || 0;
  return Math.round(parseFloat(q) * 1000) || 0;
}

export function podGpuRequest(pod: V1Pod): number {
  let n = 0;
  for (const c of pod.spec?.containers ?? []) n += parseInt(c.resources?.requests?.[GPU_RESOURCE] ?? c.resources?.limits?.[GPU_RESOURCE] ?? '0', 10) || 0;
  return n;
}

export function podCpuRequest(pod: V1Pod): number {
  let n = 0;
  for (const c of pod.spec?.containers ?? []) n += cpuMillis(c.resources?.requests?.cpu);
  return n;
}

/** Replaces (or appends) a condition, moving lastTransitionTime only when the status changes. */
export function setCondition<T extends { type: string; status: string; lastTransitionTime?: Date | string }>(
  list: T[], cond: T, at: number, asString = false,
): boolean {
  const i = list.findIndex((c) => c.type === cond.type);
  const time = asString ? rfc3339(at) : new Date(at);
  if (i < 0) {
    list.push({ ...cond, lastTransitionTime: time });
    return true;
  }
  const prev = list[i];
  const same = prev.status === cond.status;
  list[i] = { ...prev, ...cond, lastTransitionTime: same ? prev.lastTransitionTime : time };
  return true;
}

export { PRIORITY_CLASSES };
