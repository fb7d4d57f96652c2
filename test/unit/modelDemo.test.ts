/**
 * The model fed by the demo simulator (lab preset), as the console runs it: the operator sees
 * what a fault does, in the model's words.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';

async function demo() {
  const source = new DemoSource({ preset: 'lab', realtime: false });
  const model = new ClusterModel({ now: () => source.now() });
  await source.start({
    onSync: (k, o) => model.onSync(k, o), onEvents: (e) => model.onEvents(e), onMetrics: (s, at) => model.onMetrics(s, at), onStatus: () => {},
  });
  const advance = (ms: number) => {
    source.advance(ms);
    model.tick(source.now());
  };
  return { source, model, advance };
}

describe('the model on the demo simulator', () => {
  it('starts with every GPU accounted for and the workloads healthy', async () => {
    const { model } = await demo();
    const k = model.kpis();
    expect(k.gpus.total).toBe(32);
    expect(k.gpus.allocated + k.gpus.idle + k.gpus.unhealthy).toBeLessThanOrEqual(k.gpus.total);
    expect(k.byNamespace.reduce((n, x) => n + x.gpus, 0)).toBe(k.gpus.allocated);
    const workloads = [...model.workloads()];
    expect(workloads.length).toBeGreaterThan(0);
    expect(workloads.every((w) => w.health === 'healthy')).toBe(true);
    // Inference pairs are folded: no standby is listed on its own.
    expect(workloads.filter((w) => w.type === 'inference').every((w) => w.inference?.standbyDeployment !== undefined)).toBe(true);
    expect(workloads.some((w) => w.key.includes('standby'))).toBe(false);
    // dcgm-exporter's pod labels decide which pod holds which GPU.
    const held = [...model.nodes()].flatMap((n) => model.gpusOfNode(n.name)).filter((g) => g.pod);
    expect(held.length).toBe(k.gpus.allocated);
  });

  it('an XID 79 shows the GPU lost with its reason and the job recovering', async () => {
    const { source, model, advance } = await demo();
    const job = [...model.workloads()].find((w) => w.type === 'training')!;
    const pod = model.podsOfWorkload(job.key).find((p) => p.spec?.nodeName)!;
    const gpu = model.gpusOfNode(pod.spec!.nodeName!).find((g) => g.pod === `${pod.metadata!.namespace}/${pod.metadata!.name}`)!;
    source.faults.inject({ type: 'xid', gpu: gpu.id, code: 79 });
    advance(10_000);
    expect(model.gpu(gpu.id)).toMatchObject({ health: 'lost', healthReason: 'XID 79: GPU has fallen off the bus', util: undefined });
    expect(model.node(gpu.node)!.health).toBe('unhealthy');
    expect(model.kpis().gpus.unhealthy).toBe(1);
    expect(['recovering', 'pending', 'degraded']).toContain(model.workload(job.key)!.health);
  });

  it('an NCCL hang reads as "no progress … possible NCCL hang" after five minutes', async () => {
    const { source, model, advance } = await demo();
    const job = [...model.workloads()].find((w) => w.type === 'training' && w.progress)!;
    source.faults.inject({ type: 'ncclHang', job: `${job.namespace}/${job.name}` });
    advance(4 * 60_000);
    expect(model.workload(job.key)!.reason).not.toMatch(/NCCL hang/);
    advance(3 * 60_000);
    expect(model.workload(job.key)).toMatchObject({ health: 'degraded', reason: expect.stringMatching(/no progress for \d+ min — possible NCCL hang/) });
  });
});
