/**
 * Two drivers for one table of conformance behaviours (conformance.test.ts):
 *   - demo: DemoSource('lab') on its virtual clock (advance(ms)); the simulation's own object
 *     store plays the independent client;
 *   - kube: KubeSource on the real control plane from ./controlPlane (etcd, kube-apiserver,
 *     kube-controller-manager, kube-scheduler, kwok GPU nodes); kubectl is the independent client.
 * Both feed a real ClusterModel through the source's sink, so a behaviour can check what the
 * console shows (the model) against what the cluster holds (the independent client).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterSource, SourceSink, SourceStatus } from '../../electron/core/sources/clusterSource';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PyTorchJob, V1Deployment, V1Node, V1Pod } from '../../electron/core/k8s/objects';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { DemoSource } from '../../electron/core/sources/demo';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import { readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import { gpuNodeName, startControlPlane, type ControlPlane } from './controlPlane';

export interface Ref { namespace: string; name: string }

/** The workloads every behaviour uses: created with kubectl (kube) or found in the preset (demo). */
export interface WorkloadFixture {
  /** A GPU Deployment the tests may scale. */
  deployment: Ref;
  /** A PodDisruptionBudget that allows no disruption now (its pods cannot be evicted). */
  pdb: Ref;
  /** An elastic PyTorchJob (kubeflow.org/v1) whose workers may be scaled. */
  trainingJob: Ref;
}

/** The cluster as a second client sees it (kubectl, or the demo's object store). */
export interface IndependentReader {
  node(name: string): Promise<V1Node | undefined>;
  /** `kubectl get node <name> -o jsonpath={.spec.unschedulable}` === 'true'. */
  nodeUnschedulable(name: string): Promise<boolean>;
  pod(namespace: string, name: string): Promise<V1Pod | undefined>;
  pods(): Promise<V1Pod[]>;
  deployment(namespace: string, name: string): Promise<V1Deployment | undefined>;
  pytorchJob(namespace: string, name: string): Promise<PyTorchJob | undefined>;
}

export interface ConformanceDriver {
  readonly name: 'demo' | 'kube';
  readonly source: ClusterSource;
  readonly model: ClusterModel;
  readonly statuses: SourceStatus[];
  readonly truth: IndependentReader;
  readonly workloads: WorkloadFixture;
  /** Let the cluster run until `check` gives a value: virtual time in the demo, wall time live. */
  until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs?: number): Promise<T>;
  /** Let some time pass (demo: virtual). */
  settle(ms: number): Promise<void>;
  /** Delete the Node object (kubectl delete node / the source's ops in the demo). */
  deleteNode(name: string): Promise<void>;
  /** A started source acting as a user that may read but not write. */
  readOnlySource(): Promise<ClusterSource>;
  /** Kube only: sources that cannot work, to check their messages. */
  broken?: { wrongToken(): Promise<{ source: KubeSource; statuses: SourceStatus[] }>; unreachable(): Promise<{ source: KubeSource; statuses: SourceStatus[]; server: string }> };
  stop(): Promise<void>;
}

export function gpuRequest(pod: V1Pod): number {
  let n = 0;
  for (const c of pod.spec?.containers ?? []) {
    const v = c.resources?.requests?.['nvidia.com/gpu'] ?? c.resources?.limits?.['nvidia.com/gpu'];
    if (v !== undefined) n += Number(v);
  }
  return n;
}

/** Pods that hold their node's resources: bound and not finished. */
export function holdsResources(pod: V1Pod): boolean {
  return !!pod.spec?.nodeName && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}

function sinkInto(model: ClusterModel, statuses: SourceStatus[]): SourceSink {
  return {
    onSync: (kind, objects) => model.onSync(kind, objects),
    onEvents: (events) => model.onEvents(events),
    onMetrics: (samples, at) => model.onMetrics(samples, at),
    onStatus: (s) => { statuses.push(s); },
  };
}

/** A sink that only records statuses. */
export function statusSink(statuses: SourceStatus[]): SourceSink {
  return { onSync: () => undefined, onEvents: () => undefined, onMetrics: () => undefined, onStatus: (s) => { statuses.push(s); } };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/* ─────────────────────────────────────────────── demo ─── */

export async function demoDriver(): Promise<ConformanceDriver> {
  const source = new DemoSource({ preset: 'lab', realtime: false });
  const model = new ClusterModel({ now: () => source.now() });
  const statuses: SourceStatus[] = [];
  await source.start(sinkInto(model, statuses));
  source.advance(60_000); // let the preset's pods start and PDB status settle

  const truth: IndependentReader = {
    node: async (name) => clone(source.get('Node', undefined, name)),
    nodeUnschedulable: async (name) => source.get('Node', undefined, name)?.spec?.unschedulable === true,
    pod: async (ns, name) => clone(source.get('Pod', ns, name)),
    pods: async () => clone(source.list('Pod')),
    deployment: async (ns, name) => clone(source.get('Deployment', ns, name)),
    pytorchJob: async (ns, name) => clone(source.get('PyTorchJob', ns, name)),
  };

  // The preset's GPU Deployment and a PDB that allows no disruption (the gang job's).
  const gpuDeployment = source.list('Deployment').find((d) => (d.spec?.template.spec?.containers ?? []).some((c) => c.resources?.limits?.['nvidia.com/gpu'] || c.resources?.requests?.['nvidia.com/gpu']));
  const lockedPdb = source.list('PodDisruptionBudget').find((p) => p.status?.disruptionsAllowed === 0 && (p.status?.currentHealthy ?? 0) > 0);
  const elastic = source.list('PyTorchJob').find((j) => j.spec.elasticPolicy);
  if (!gpuDeployment || !lockedPdb || !elastic) throw new Error('the lab preset lost its GPU Deployment, its PDB or its elastic PyTorchJob');
  const workloads: WorkloadFixture = {
    deployment: { namespace: gpuDeployment.metadata!.namespace!, name: gpuDeployment.metadata!.name! },
    pdb: { namespace: lockedPdb.metadata!.namespace!, name: lockedPdb.metadata!.name! },
    trainingJob: { namespace: elastic.metadata.namespace!, name: elastic.metadata.name! },
  };

  return {
    name: 'demo',
    source,
    model,
    statuses,
    truth,
    workloads,
    async until(what, check, timeoutMs = 10 * 60_000) {
      const deadline = source.now() + timeoutMs;
      for (;;) {
        const v = await check();
        if (v !== undefined && v !== false) return v as never;
        if (source.now() >= deadline) throw new Error(`demo: ${what} did not happen within ${timeoutMs / 1000} virtual s`);
        source.advance(1_000);
      }
    },
    async settle(ms) { source.advance(ms); },
    async deleteNode(name) { await source.ops.delete({ kind: 'Node', name }, { dryRun: false }); },
    async readOnlySource() {
      const ro = new DemoSource({ preset: 'lab', realtime: false, rbac: { deny: [{ verb: 'patch' }, { verb: 'update' }, { verb: 'create' }, { verb: 'delete' }] } });
      await ro.start(statusSink([]));
      return ro;
    },
    async stop() { await source.stop(); },
  };
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/* ─────────────────────────────────────────────── kube ─── */

export const KUBE_NAMESPACE = 'conformance';

/** The kubeflow training-operator's PyTorchJob CRD, cut down to what the API server needs to serve it. */
export const PYTORCHJOB_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'pytorchjobs.kubeflow.org' },
  spec: {
    group: 'kubeflow.org',
    scope: 'Namespaced',
    names: { kind: 'PyTorchJob', listKind: 'PyTorchJobList', plural: 'pytorchjobs', singular: 'pytorchjob' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      subresources: { status: {} },
    }],
  },
};

/** An elastic PyTorchJob (no training-operator runs here, so it makes no pods: only its spec matters). */
const ELASTIC_JOB = {
  apiVersion: 'kubeflow.org/v1',
  kind: 'PyTorchJob',
  metadata: { name: 'llama-elastic', namespace: 'conformance' },
  spec: {
    elasticPolicy: { minReplicas: 1, maxReplicas: 4, rdzvBackend: 'c10d' },
    pytorchReplicaSpecs: {
      Worker: {
        replicas: 2,
        restartPolicy: 'OnFailure',
        template: { spec: { containers: [{ name: 'pytorch', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } },
      },
    },
  },
};

/** dcgm-exporter text for the kwok GPU nodes: even nodes as dcgm-exporter labels them, odd ones as a ServiceMonitor relabels them. */
export function dcgmExposition(nodes: number, gpusPerNode: number): string {
  const lines = ['# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).', '# TYPE DCGM_FI_DEV_GPU_UTIL gauge'];
  for (let i = 0; i < nodes; i++) {
    const node = gpuNodeName(i); // gpu-node-0001 for i = 0
    for (let g = 0; g < gpusPerNode; g++) {
      const host = i % 2 === 0 ? `Hostname="${node}"` : `hostname="${node}",exported_pod="w-${i}-${g}",exported_namespace="conformance"`;
      lines.push(`DCGM_FI_DEV_GPU_UTIL{gpu="${g}",UUID="GPU-${i}-${g}",device="nvidia${g}",modelName="NVIDIA H100 80GB HBM3",${host}} ${10 * i + g}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What kube creates: a GPU inference Deployment and a PDB-guarded trainer, 14 of 32 GPUs. */
function kubeWorkloadManifests(): object[] {
  const gpuDeployment = (name: string, replicas: number, gpus: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: KUBE_NAMESPACE, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } }],
        },
      },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: KUBE_NAMESPACE } },
    gpuDeployment('llm-serve', 3, 2),
    gpuDeployment('trainer', 2, 4),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'trainer', namespace: KUBE_NAMESPACE },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'trainer' } } },
    },
  ];
}

export interface KubeDriverOptions { gpuNodes?: number }

export async function kubeDriver(opts: KubeDriverOptions = {}): Promise<ConformanceDriver & { plane: ControlPlane }> {
  const gpuNodes = opts.gpuNodes ?? 4;
  // A dcgm-exporter stand-in that Prometheus (Debian's, started by the harness) scrapes every second.
  const text = dcgmExposition(gpuNodes, 8);
  const exporter = http.createServer((_req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }); res.end(text); });
  await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
  const closeExporter = () => new Promise<void>((r) => exporter.close(() => r()));
  let plane: ControlPlane;
  try {
    plane = await startControlPlane({ gpuNodes, gpusPerNode: 8, prometheusScrapeTarget: `127.0.0.1:${(exporter.address() as AddressInfo).port}` });
  } catch (err) {
    await closeExporter();
    throw err;
  }
  const started: KubeSource[] = [];
  try {
    const context = readKubeconfig(plane.kubeconfigPath).currentContext!;
    const kubectlJson = async <T>(args: string[]): Promise<T | undefined> => {
      const r = await plane.kubectl([...args, '-o', 'json']);
      if (r.code !== 0) {
        if (/NotFound|not found/.test(r.stderr)) return undefined;
        throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
      }
      return JSON.parse(r.stdout) as T;
    };
    const truth: IndependentReader = {
      node: (name) => kubectlJson<V1Node>(['get', 'node', name]),
      nodeUnschedulable: async (name) => {
        const r = await plane.kubectl(['get', 'node', name, '-o', 'jsonpath={.spec.unschedulable}']);
        if (r.code !== 0) throw new Error(r.stderr);
        return r.stdout.trim() === 'true';
      },
      pod: (ns, name) => kubectlJson<V1Pod>(['get', 'pod', '-n', ns, name]),
      pods: async () => (await kubectlJson<{ items: V1Pod[] }>(['get', 'pods', '-A']))?.items ?? [],
      deployment: (ns, name) => kubectlJson<V1Deployment>(['get', 'deployment', '-n', ns, name]),
      pytorchJob: (ns, name) => kubectlJson<PyTorchJob>(['get', 'pytorchjobs.kubeflow.org', '-n', ns, name]),
    };

    const crd = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify(PYTORCHJOB_CRD) });
    if (crd.code !== 0) throw new Error(`kubectl apply CRD: ${crd.stderr}`);
    const established = await plane.kubectl(['wait', '--for=condition=Established', 'crd/pytorchjobs.kubeflow.org', '--timeout=60s']);
    if (established.code !== 0) throw new Error(`CRD not established: ${established.stderr}`);
    const applied = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...kubeWorkloadManifests(), ELASTIC_JOB] }) });
    if (applied.code !== 0) throw new Error(`kubectl apply: ${applied.stderr}`);

    const source = new KubeSource({ kubeconfig: plane.kubeconfigPath, context, prometheusUrl: plane.prometheusUrl, metricsIntervalMs: 1_000 });
    started.push(source);
    const model = new ClusterModel({ now: () => source.now() });
    const statuses: SourceStatus[] = [];
    await source.start(sinkInto(model, statuses));

    const until: ConformanceDriver['until'] = async (what, check, timeoutMs = 90_000) => {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      for (;;) {
        try {
          const v = await check();
          if (v !== undefined && v !== false) return v as never;
        } catch (err) {
          last = err;
        }
        if (Date.now() >= deadline) throw new Error(`kube: ${what} did not happen within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ''}`);
        await sleep(250);
      }
    };
    // Every fixture pod Running and the PDB's status computed by the disruption controller.
    await until('the fixture workloads to run', async () => {
      const pods = (await truth.pods()).filter((p) => p.metadata?.namespace === KUBE_NAMESPACE);
      const pdb = await kubectlJson<{ status?: { currentHealthy?: number; disruptionsAllowed?: number } }>(['get', 'pdb', '-n', KUBE_NAMESPACE, 'trainer']);
      return pods.length === 5 && pods.every((p) => p.status?.phase === 'Running') && pdb?.status?.currentHealthy === 2 && pdb.status.disruptionsAllowed === 0;
    }, 120_000);

    const limitedContext = readKubeconfig(plane.limitedKubeconfigPath).currentContext!;
    const workDir = plane.workDir;
    return {
      name: 'kube',
      plane,
      source,
      model,
      statuses,
      truth,
      workloads: {
        deployment: { namespace: KUBE_NAMESPACE, name: 'llm-serve' },
        pdb: { namespace: KUBE_NAMESPACE, name: 'trainer' },
        trainingJob: { namespace: KUBE_NAMESPACE, name: 'llama-elastic' },
      },
      until,
      settle: sleep,
      async deleteNode(name) {
        const r = await plane.kubectl(['delete', 'node', name, '--wait=false']);
        if (r.code !== 0) throw new Error(r.stderr);
      },
      async readOnlySource() {
        const ro = new KubeSource({ kubeconfig: plane.limitedKubeconfigPath, context: limitedContext });
        started.push(ro);
        await ro.start(statusSink([]));
        return ro;
      },
      broken: {
        async wrongToken() {
          // The limited kubeconfig with a token the API server never issued.
          const text = fs.readFileSync(plane.limitedKubeconfigPath, 'utf8').replace(/token: .*/, 'token: not-a-valid-token-0123456789');
          const file = path.join(workDir, 'kubeconfig-wrong-token');
          fs.writeFileSync(file, text, { mode: 0o600 });
          const statuses: SourceStatus[] = [];
          const s = new KubeSource({ kubeconfig: file, context: limitedContext, startWaitMs: 10_000 });
          started.push(s);
          await s.start(statusSink(statuses));
          return { source: s, statuses };
        },
        async unreachable() {
          // The admin kubeconfig pointed at a loopback port nothing listens on.
          const port = await closedPort();
          const server = `https://127.0.0.1:${port}`;
          const text = fs.readFileSync(plane.kubeconfigPath, 'utf8').replace(/server: .*/g, `server: ${server}`);
          const file = path.join(workDir, 'kubeconfig-unreachable');
          fs.writeFileSync(file, text, { mode: 0o600 });
          const statuses: SourceStatus[] = [];
          const s = new KubeSource({ kubeconfig: file, context, startWaitMs: 10_000 });
          started.push(s);
          await s.start(statusSink(statuses));
          return { source: s, statuses, server };
        },
      },
      async stop() {
        for (const s of started) await s.stop().catch(() => undefined);
        await plane.stop();
        await closeExporter();
      },
    };
  } catch (err) {
    for (const s of started) await s.stop().catch(() => undefined);
    await plane.stop();
    await closeExporter();
    throw err;
  }
}

/** A loopback port that refuses connections (bound, then released). */
async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
