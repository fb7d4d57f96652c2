import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from './controlPlane';

// What a dcgm-exporter serves, cut down to one sample.
const DCGM_TEXT = [
  '# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).',
  '# TYPE DCGM_FI_DEV_GPU_UTIL gauge',
  'DCGM_FI_DEV_GPU_UTIL{gpu="0",Hostname="gpu-node-0001"} 42',
  '',
].join('\n');

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the test control plane', () => {
  let plane: ControlPlane;
  let exporter: http.Server;

  beforeAll(async () => {
    exporter = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(DCGM_TEXT);
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', () => r()));
    const port = (exporter.address() as AddressInfo).port;
    plane = await startControlPlane({ gpuNodes: 4, gpusPerNode: 8, prometheusScrapeTarget: `127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await plane?.stop();
    await new Promise<void>((r) => (exporter ? exporter.close(() => r()) : r()));
  });

  it('has four Ready GPU nodes with eight nvidia.com/gpu each and GPU feature labels', async () => {
    const r = await plane.kubectl(['get', 'nodes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const nodes = JSON.parse(r.stdout).items;
    expect(nodes.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['gpu-node-0001', 'gpu-node-0002', 'gpu-node-0003', 'gpu-node-0004']);
    for (const n of nodes) {
      expect(n.status.allocatable['nvidia.com/gpu']).toBe('8');
      expect(n.status.capacity['nvidia.com/gpu']).toBe('8');
      expect(n.metadata.labels['nvidia.com/gpu.product']).toBe('NVIDIA-H100-80GB-HBM3');
      expect(n.metadata.labels['nvidia.com/gpu.count']).toBe('8');
      expect(n.metadata.labels['topology.kubernetes.io/zone']).toMatch(/^us-east-1[ab]$/);
      expect(n.metadata.labels.type).toBe('kwok');
      const ready = n.status.conditions.find((c: { type: string }) => c.type === 'Ready');
      expect(ready.status).toBe('True');
    }
  });

  it('the scheduler binds a GPU Deployment to GPU nodes and kwok runs its pods', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'llm-inference', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'llm-inference' } },
        template: {
          metadata: { labels: { app: 'llm-inference' } },
          spec: {
            containers: [{ name: 'server', image: 'vllm/vllm-openai:v0.6.0', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
          },
        },
      },
    };
    const applied = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify(deployment) });
    expect(applied.code, applied.stderr).toBe(0);

    const pods = await eventually('4 Running pods', async () => {
      const r = await plane.kubectl(['get', 'pods', '-l', 'app=llm-inference', '-o', 'json']);
      const items = JSON.parse(r.stdout).items;
      return items.length === 4 && items.every((p: { status: { phase: string } }) => p.status.phase === 'Running') ? items : undefined;
    });
    for (const p of pods) {
      expect(p.spec.nodeName).toMatch(/^gpu-node-000[1-4]$/);
      expect(p.spec.containers[0].resources.requests['nvidia.com/gpu']).toBe('1');
    }
    // The binding came from kube-scheduler, not from anyone writing spec.nodeName.
    const events = await eventually('Scheduled events', async () => {
      const r = await plane.kubectl(['get', 'events', '--field-selector', 'reason=Scheduled', '-o', 'json']);
      const items = JSON.parse(r.stdout).items.filter((e: { involvedObject: { name: string } }) => e.involvedObject.name.startsWith('llm-inference-'));
      return items.length >= 4 ? items : undefined;
    });
    for (const e of events) expect(e.reportingComponent || e.source?.component).toBe('default-scheduler');

    const ready = await plane.kubectl(['rollout', 'status', 'deployment/llm-inference', '--timeout=60s']);
    expect(ready.code, ready.stderr).toBe(0);
  });

  it('leaves a pod asking for more GPUs than any node has Pending as Insufficient nvidia.com/gpu', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'too-big', namespace: 'default' },
      spec: { containers: [{ name: 'train', image: 'pytorch/pytorch', resources: { limits: { 'nvidia.com/gpu': '9' } } }] },
    };
    const created = await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) });
    expect(created.code, created.stderr).toBe(0);
    const message = await eventually('FailedScheduling', async () => {
      const r = await plane.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=too-big,reason=FailedScheduling', '-o', 'json']);
      return JSON.parse(r.stdout).items[0]?.message as string | undefined;
    });
    expect(message).toContain('Insufficient nvidia.com/gpu');
    const phase = await plane.kubectl(['get', 'pod', 'too-big', '-o', 'jsonpath={.status.phase}']);
    expect(phase.stdout).toBe('Pending');
  });

  it('runs a Job to completion', async () => {
    const created = await plane.kubectl(['create', 'job', 'eval', '--image=busybox', '--', 'true']);
    expect(created.code, created.stderr).toBe(0);
    const done = await plane.kubectl(['wait', '--for=condition=complete', 'job/eval', '--timeout=60s']);
    expect(done.code, done.stderr).toBe(0);
  });

  it('lets the limited user read nodes but forbids cordoning one', async () => {
    const list = await plane.kubectl(['get', 'nodes', '-o', 'name'], { as: 'limited' });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('node/gpu-node-0001');

    // kubectl cordon prints the Forbidden error but exits 0 (kubectl 1.34 quirk); patch exits 1.
    const cordon = await plane.kubectl(['cordon', 'gpu-node-0001'], { as: 'limited' });
    expect(cordon.stderr).toMatch(/forbidden/i);
    expect(cordon.stderr).toContain('User "bulwark-viewer" cannot patch resource "nodes"');
    const kubectlPatch = await plane.kubectl(['patch', 'node', 'gpu-node-0001', '-p', '{"spec":{"unschedulable":true}}'], { as: 'limited' });
    expect(kubectlPatch.code).toBe(1);
    expect(kubectlPatch.stderr).toContain('Forbidden');

    const patch = await plane.request('PATCH', '/api/v1/nodes/gpu-node-0001', { spec: { unschedulable: true } }, 'limited');
    expect(patch.status).toBe(403);
    const node = await plane.kubectl(['get', 'node', 'gpu-node-0001', '-o', 'jsonpath={.spec.unschedulable}']);
    expect(node.stdout).toBe('');

    // The admin may.
    const adminCordon = await plane.kubectl(['cordon', 'gpu-node-0001']);
    expect(adminCordon.code, adminCordon.stderr).toBe(0);
    await plane.kubectl(['uncordon', 'gpu-node-0001']);
  });

  it('Prometheus scrapes a dcgm-exporter endpoint and answers PromQL', async () => {
    expect(plane.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sample = await eventually(
      'DCGM_FI_DEV_GPU_UTIL in Prometheus',
      async () => {
        const res = await fetch(`${plane.prometheusUrl}/api/v1/query?query=${encodeURIComponent('DCGM_FI_DEV_GPU_UTIL{Hostname="gpu-node-0001"}')}`);
        const body = await res.json();
        return body.status === 'success' && body.data.result.length ? body.data.result[0] : undefined;
      },
      30_000,
    );
    expect(sample.metric).toMatchObject({ __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: '0', Hostname: 'gpu-node-0001' });
    expect(sample.value[1]).toBe('42');
  });

  it('stop() ends every process and removes the work folder', async () => {
    const { workDir } = plane;
    const owner = JSON.parse(readFileSync(`${workDir}/owner.json`, 'utf8')) as { pids: number[] };
    await plane.stop();
    expect(existsSync(workDir)).toBe(false);
    expect(owner.pids.length).toBeGreaterThanOrEqual(6);
    for (const pid of owner.pids) {
      expect(() => process.kill(pid, 0), `pid ${pid} still alive`).toThrow();
    }
  });
});

describe('node lifecycle on the test control plane', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await startControlPlane({ gpuNodes: 2, gpusPerNode: 4, cpuNodes: 1, nodeMonitorGracePeriodSeconds: 8, taintGpuNodes: true });
  });

  afterAll(async () => {
    await plane?.stop();
  });

  it('taints GPU nodes when asked and only tolerating pods land there', async () => {
    const taints = await plane.kubectl(['get', 'node', 'gpu-node-0001', '-o', 'jsonpath={.spec.taints[*].key}']);
    expect(taints.stdout).toBe('nvidia.com/gpu');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'train-0', namespace: 'default' },
      spec: {
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'train', image: 'pytorch/pytorch', resources: { limits: { 'nvidia.com/gpu': '4' } } }],
      },
    };
    expect((await plane.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) })).code).toBe(0);
    expect((await plane.kubectl(['run', 'web', '--image=nginx'])).code).toBe(0);
    expect((await plane.kubectl(['wait', '--for=condition=Ready', 'pod/train-0', 'pod/web', '--timeout=60s'])).code).toBe(0);
    const placed = await plane.kubectl(['get', 'pods', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName} {end}']);
    expect(placed.stdout).toMatch(/train-0=gpu-node-000[12]/);
    expect(placed.stdout).toContain('web=cpu-node-0001');
  });

  it('turns nodes NotReady when kwok stops and Ready again, with their pods, when it returns', async () => {
    await plane.stopKwok();
    const started = Date.now();
    await eventually('gpu-node-0001 NotReady', async () => {
      const r = await plane.kubectl(['get', 'node', 'gpu-node-0001', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
      return r.stdout === 'Unknown' ? true : undefined;
    });
    expect(Date.now() - started).toBeGreaterThan(4_000);
    const taints = await plane.kubectl(['get', 'node', 'gpu-node-0001', '-o', 'jsonpath={.spec.taints[*].key}']);
    expect(taints.stdout).toContain('node.kubernetes.io/unreachable');
    await eventually('pod train-0 marked NotReady', async () => {
      const r = await plane.kubectl(['get', 'pod', 'train-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
      return r.stdout === 'False' ? true : undefined;
    });

    await plane.startKwok();
    const node = await plane.kubectl(['get', 'node', 'gpu-node-0001', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
    expect(node.stdout).toBe('True');
    const pod = await plane.kubectl(['get', 'pod', 'train-0', '-o', 'jsonpath={.status.phase}/{.status.conditions[?(@.type=="Ready")].status}']);
    expect(pod.stdout).toBe('Running/True');
  });
});
