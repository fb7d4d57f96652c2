import { describe, expect, it, vi } from 'vitest';
import { DemoSource, PRESET_SIZES } from '../../electron/core/sources/demo';
import type { KubeObject, ResourceKind, WatchEvent } from '../../electron/core/k8s/objects';
import { RESOURCE_KINDS } from '../../electron/core/k8s/objects';
import type { SourceSink, SourceStatus } from '../../electron/core/sources/clusterSource';
import type { DcgmSample } from '../../electron/core/sources/dcgm';

function canonical(src: DemoSource): string {
  const out: Record<string, unknown[]> = {};
  for (const kind of RESOURCE_KINDS) {
    out[kind] = src.list(kind).map((o) => JSON.parse(JSON.stringify(o))).sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1));
  }
  return JSON.stringify(out);
}

class RecordingSink implements SourceSink {
  syncs = new Map<ResourceKind, KubeObject[]>();
  batches: WatchEvent[][] = [];
  metrics: { samples: DcgmSample[]; at: number }[] = [];
  statuses: SourceStatus[] = [];
  order: string[] = [];
  onSync(kind: ResourceKind, objects: KubeObject[]) { this.syncs.set(kind, objects); this.order.push(`sync:${kind}`); }
  onEvents(events: WatchEvent[]) { this.batches.push(events); this.order.push('events'); }
  onMetrics(samples: DcgmSample[], at: number) { this.metrics.push({ samples, at }); this.order.push('metrics'); }
  onStatus(status: SourceStatus) { this.statuses.push(status); this.order.push(`status:${status.state}`); }
}

describe('demo source determinism', () => {
  it('the same seed and the same calls give byte-identical clusters; another seed differs', () => {
    const a = new DemoSource({ preset: 'region', seed: 7, realtime: false });
    const b = new DemoSource({ preset: 'region', seed: 7, realtime: false });
    const c = new DemoSource({ preset: 'region', seed: 8, realtime: false });
    for (const s of [a, b, c]) {
      s.advance(120_000);
      s.faults.inject({ type: 'xid', gpu: 'gpu-h100-a-0005/2', code: 79 });
      s.advance(600_000);
    }
    expect(canonical(a)).toEqual(canonical(b));
    expect(canonical(a)).not.toEqual(canonical(c));
  });
});

describe('demo source sink protocol', () => {
  it('syncs every kind, reports live status, sends metrics, then one event batch per step', async () => {
    const src = new DemoSource({ preset: 'lab', realtime: false });
    const sink = new RecordingSink();
    await src.start(sink);
    expect(sink.order.slice(0, RESOURCE_KINDS.length)).toEqual(RESOURCE_KINDS.map((k) => `sync:${k}`));
    expect(sink.order[RESOURCE_KINDS.length]).toBe('status:live');
    expect(sink.order[RESOURCE_KINDS.length + 1]).toBe('metrics');
    expect(sink.syncs.get('Node')).toHaveLength(4);
    expect(sink.metrics[0].samples).toHaveLength(32);
    src.advance(30_000);
    expect(sink.batches.length).toBeGreaterThan(0);
    expect(sink.batches.length).toBeLessThanOrEqual(30);
    expect(sink.metrics.length).toBe(2);
    // resourceVersions strictly increase across the stream
    const rvs = sink.batches.flat().map((e) => Number(e.object.metadata!.resourceVersion));
    for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1]);
    await src.stop();
    expect(sink.statuses.at(-1)?.state).toBe('stopped');
  });
});

describe('demo presets', () => {
  it('region has 64 nodes and 512 GPUs, 80–90 % of them requested by scheduled pods', () => {
    const src = new DemoSource({ preset: 'region', realtime: false });
    const nodes = src.list('Node');
    expect(nodes).toHaveLength(PRESET_SIZES.region.nodes);
    const gpus = nodes.reduce((s, n) => s + Number(n.status!.capacity!['nvidia.com/gpu']), 0);
    expect(gpus).toBe(PRESET_SIZES.region.gpus);
    let requested = 0;
    for (const p of src.list('Pod')) {
      if (!p.spec?.nodeName || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      requested += Number(p.spec.containers[0].resources?.requests?.['nvidia.com/gpu'] ?? 0);
    }
    expect(requested).toBe(src.simulation.allocatedGpus());
    expect(requested / gpus).toBeGreaterThan(0.8);
    expect(requested / gpus).toBeLessThan(0.9);
    const zones = new Set(nodes.map((n) => n.metadata!.labels!['topology.kubernetes.io/zone']));
    expect(zones.size).toBe(3);
  });

  // Build time is measured by the benchmark (test/bench); wall-clock limits flake on shared CI machines.
  it('large has 2,000 nodes, 16,000 GPUs and about 30,000 pods', () => {
    const src = new DemoSource({ preset: 'large', realtime: false });
    expect(src.list('Node')).toHaveLength(2000);
    expect(src.simulation.nodeList.reduce((s, n) => s + n.gpus.length, 0)).toBe(16000);
    const pods = src.list('Pod').length;
    expect(pods).toBeGreaterThan(28000);
    expect(pods).toBeLessThan(32000);
    expect(src.simulation.pending.size).toBe(0);
  });
});

describe('demo source realtime clock', () => {
  it('advances speed × wall time while running, stands still when paused, and stops on stop()', async () => {
    vi.useFakeTimers();
    try {
      const src = new DemoSource({ preset: 'lab', speed: 100 });
      const sink = new RecordingSink();
      const t0 = src.now();
      await src.start(sink);
      vi.advanceTimersByTime(1000);
      expect(src.now() - t0).toBe(100_000);
      expect(src.clock).toEqual({ now: src.now(), speed: 100, paused: false });
      src.pause();
      vi.advanceTimersByTime(1000);
      expect(src.now() - t0).toBe(100_000);
      src.resume();
      src.setSpeed(5000);
      expect(src.clock.speed).toBe(1000);
      src.setSpeed(10);
      vi.advanceTimersByTime(500);
      expect(src.now() - t0).toBe(105_000);
      await src.stop();
      vi.advanceTimersByTime(1000);
      expect(src.now() - t0).toBe(105_000);
      expect(src.info).toEqual({ kind: 'demo', name: 'Demo · lab', preset: 'lab' });
    } finally {
      vi.useRealTimers();
    }
  });
});
