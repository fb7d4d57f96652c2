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
import type { V1Deployment, V1Node, V1Pod } from '../../electron/core/k8s/objects';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { DemoSource } from '../../electron/core/sources/demo';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import { readKubeconfig } from '../../electron/core/sources/kube/kubeconfig';
import { startControlPlane, type ControlPlane } from './controlPlane';

export interface Ref { namespace: string; name: string }

/** The workloads every behaviour uses: created with kubectl (kube) or found in the preset (demo). */
export interface WorkloadFixture {
  /** A GPU Deployment the tests may scale. */
  deployment: Ref;
  /** A PodDisruptionBudget that allows no disruption now (its pods cannot be evicted). */
  pdb: Ref;
}

/** The cluster as a second client sees it (kubectl, or the demo's object store). */
export interface IndependentReader {
  node(name: string): Promise<V1Node | undefined>;
  /** `kubectl get node <name> -o jsonpath={.spec.unschedulable}` === 'true'. */
  nodeUnschedulable(name: string): Promise<boolean>;
  pod(namespace: string, name: string): Promise<V1Pod | undefined>;
  pods(): Promise<V1Pod[]>;
  deployment(namespace: string, name: string): Promise<V1Deployment | undefined>;
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
  };

  // The preset's GPU Deployment and a PDB that allows no disruption (the gang job's).
  const gpuDeployment = source.list('Deployment').find((d) => (d.spec?.template.spec?.containers ?? []).some((c) => c.resources?.limits?.['nvidia.com/gpu'] || c.resources?.requests?.['nvidia.com/gpu']));
  const lockedPdb = source.list('PodDisruptionBudget').find((p) => p.status?.disruptionsAllowed === 0 && (p.status?.currentHealthy ?? 0) > 0);
  if (!gpuDeployment || !lockedPdb) throw new Error('the lab preset lost its GPU Deployment or its PDB');
  const workloads: WorkloadFixture = {
    deployment: { namespace: gpuDeployment.metadata!.namespace!, name: gpuDeployment.metadata!.name! },
    pdb: { namespace: lockedPdb.metadata!.namespace!, name: lockedPdb.metadata!.name! },
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
  const plane = await startControlPlane({ gpuNodes: opts.gpuNodes ?? 4, gpusPerNode: 8 });
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
    };

    const applied = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: kubeWorkloadManifests() }) });
    if (applied.code !== 0) throw new Error(`kubectl apply: ${applied.stderr}`);

    const source = new KubeSource({ kubeconfig: plane.kubeconfigPath, context });
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
      workloads: { deployment: { namespace: KUBE_NAMESPACE, name: 'llm-serve' }, pdb: { namespace: KUBE_NAMESPACE, name: 'trainer' } },
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
      },
    };
  } catch (err) {
    for (const s of started) await s.stop().catch(() => undefined);
    await plane.stop();
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
