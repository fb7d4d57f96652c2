/**
 * realCluster: Bulwark's initial load of a real API server (1,000 kwok GPU nodes, 10,000 pods)
 * against kubectl listing the same objects in the same run.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startControlPlane, type ControlPlane } from '../cluster/controlPlane';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import type { ResourceKind } from '../../electron/core/k8s/objects';
import { median, round } from './stats';

const run = promisify(execFile);

export interface RealClusterFigures { nodes: number; pods: number; initialLoadMs: number; kubectlMs: number; ratio: number; runs: number }

const POD_NAMESPACES = ['llm-pretrain', 'research', 'inference-prod', 'batch-eval'];

export async function benchRealCluster(opts: { nodes: number; pods: number; runs: number; log: (m: string) => void }): Promise<RealClusterFigures> {
  opts.log(`realCluster: starting a control plane with ${opts.nodes} kwok GPU nodes`);
  const plane = await startControlPlane({ gpuNodes: opts.nodes, zones: ['zone-a', 'zone-b', 'zone-c'], startTimeoutMs: 600_000 });
  try {
    await createPods(plane, opts.pods, opts.log);
    const loads: number[] = [];
    const kubectls: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      loads.push(await timeInitialLoad(plane.kubeconfigPath, opts.nodes, opts.pods));
      kubectls.push(await timeKubectl(plane));
      opts.log(`realCluster run ${i + 1}: initial load ${loads.at(-1)!.toFixed(0)} ms, kubectl ${kubectls.at(-1)!.toFixed(0)} ms`);
    }
    const initialLoadMs = median(loads);
    const kubectlMs = median(kubectls);
    return { nodes: opts.nodes, pods: opts.pods, initialLoadMs: round(initialLoadMs, 0), kubectlMs: round(kubectlMs, 0), ratio: round(initialLoadMs / kubectlMs), runs: opts.runs };
  } finally {
    await plane.stop();
  }
}

/** Bare pods bound to nodes directly (no scheduler in the path): the benchmark measures listing, not scheduling. */
async function createPods(plane: ControlPlane, count: number, log: (m: string) => void): Promise<void> {
  for (const ns of POD_NAMESPACES) await plane.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const node = plane.nodeNames[i % plane.nodeNames.length];
      const ns = POD_NAMESPACES[i % POD_NAMESPACES.length];
      const gpus = i % 2 === 0 ? 1 : 0;
      const res = await plane.request('POST', `/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `bench-${String(i).padStart(5, '0')}`, namespace: ns, labels: { app: `bench-${i % 50}` } },
        spec: {
          nodeName: node,
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'main', image: 'trainer:latest', resources: gpus ? { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } } : { requests: { cpu: '100m' } } }],
        },
      });
      if (res.status >= 300 && res.status !== 409) throw new Error(`creating pod ${i}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  log(`realCluster: created ${count} pods in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Connect → every kind listed and the model's first snapshot built. */
async function timeInitialLoad(kubeconfig: string, nodes: number, pods: number): Promise<number> {
  const t0 = performance.now();
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => { resolveDone = r; });
  const source = new KubeSource({ kubeconfig, context: 'bulwark-admin@bulwark-test' });
  const model = new ClusterModel({ now: () => Date.now() });
  const synced = new Set<ResourceKind>();
  const counts = { Node: 0, Pod: 0 };
  let failure: string | undefined;
  await source.start({
    onSync: (kind, objects) => {
      model.onSync(kind, objects);
      synced.add(kind);
      if (kind === 'Node' || kind === 'Pod') counts[kind] = objects.length;
      if (counts.Node >= nodes && counts.Pod >= pods && synced.has('Node') && synced.has('Pod')) resolveDone();
    },
    onEvents: (events) => model.onEvents(events),
    onMetrics: () => {},
    onStatus: (s) => { if (s.state === 'error') { failure = s.message; resolveDone(); } },
  });
  await done;
  model.snapshot();
  const ms = performance.now() - t0;
  await source.stop();
  if (failure) throw new Error(`realCluster: source failed: ${failure}`);
  return ms;
}

async function timeKubectl(plane: ControlPlane): Promise<number> {
  const kubectl = path.join(plane.binDir, 'kubectl');
  const t0 = performance.now();
  await run(kubectl, ['--kubeconfig', plane.kubeconfigPath, 'get', 'pods,nodes', '-A', '-o', 'json'], { maxBuffer: 1024 * 1024 * 1024 });
  return performance.now() - t0;
}
