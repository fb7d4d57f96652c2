import { describe, expect, it } from 'vitest';
import type { GpuView, NodeView } from '../../shared/views';
import { gpuClass, gpuHighlighted, summarizeGpus } from '../../renderer/store/selectors/gpuClass';
import { blockOrigin, cellOrigin, groupGpuMap, hitTest, layoutGpuMap, locateGpu, stepGpu } from '../../renderer/store/selectors/gpuMapLayout';

function node(name: string, zone: string, extra: Partial<NodeView> = {}): NodeView {
  return { name, zone, pool: 'h100', gpuModel: 'H100', gpuCapacity: 8, gpuAllocatable: 8, gpuAllocated: 0, ready: true, schedulable: true, taints: [], health: 'healthy', conditions: [], podCount: 0, gpuPodCount: 0, ...extra };
}
function gpus(n: NodeView, count = 8): GpuView[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${n.name}/${i}`, node: n.name, index: i, uuid: `u${i}`, model: 'H100', zone: n.zone, pool: n.pool, health: 'healthy' as const }));
}

function fleet(nodesPerZone: number, zones = 2) {
  const nodes: NodeView[] = [];
  for (let z = 0; z < zones; z++) for (let i = 0; i < nodesPerZone; i++) nodes.push(node(`gpu-${String.fromCharCode(97 + z)}-${String(i).padStart(4, '0')}`, `zone-${z}`));
  return { nodes, gpus: nodes.flatMap((n) => gpus(n)) };
}

describe('GPU map layout', () => {
  it('groups by zone then node, both sorted, and skips CPU-only nodes', () => {
    const f = fleet(3);
    const cpu = node('cpu-0', 'zone-0', { gpuCapacity: 0 });
    const zones = groupGpuMap([...f.nodes].reverse().concat(cpu), f.gpus);
    expect(zones.map((z) => z.zone)).toEqual(['zone-0', 'zone-1']);
    expect(zones[0].nodes.map((n) => n.name)).toEqual(['gpu-a-0000', 'gpu-a-0001', 'gpu-a-0002']);
    expect(zones[0].gpuCount).toBe(24);
  });

  it('filters whole nodes by zone and pool', () => {
    const f = fleet(2);
    expect(groupGpuMap(f.nodes, f.gpus, { zone: 'zone-1' }).map((z) => z.zone)).toEqual(['zone-1']);
    expect(groupGpuMap(f.nodes, f.gpus, { pool: 'a100' })).toEqual([]);
  });

  it('hit-tests every cell back to its own GPU (arithmetic, no per-cell objects)', () => {
    const f = fleet(40);
    const zones = groupGpuMap(f.nodes, f.gpus);
    const layout = layoutGpuMap(zones, 900);
    const s = layout.metrics.cell;
    for (let zi = 0; zi < zones.length; zi++) {
      for (let ni = 0; ni < zones[zi].nodes.length; ni++) {
        for (let gi = 0; gi < 8; gi++) {
          const o = cellOrigin(layout, zi, ni, gi);
          expect(hitTest(layout, zones, o.x + s / 2, o.y + s / 2)).toEqual({ zoneIndex: zi, nodeIndex: ni, gpuIndex: gi });
        }
      }
    }
  });

  it('misses gaps and margins, and reports the node when over its frame', () => {
    const f = fleet(4);
    const zones = groupGpuMap(f.nodes, f.gpus);
    const layout = layoutGpuMap(zones, 800);
    expect(hitTest(layout, zones, 1, 1)).toBeNull();
    const b = blockOrigin(layout, 0, 1);
    expect(hitTest(layout, zones, b.x + 1, b.y + 1)).toEqual({ zoneIndex: 0, nodeIndex: 1 });
    expect(hitTest(layout, zones, 10_000, b.y + 5)).toBeNull();
  });

  it('fits 16,000 GPUs in a finite layout, with small cells', () => {
    const f = fleet(1000, 2);
    const zones = groupGpuMap(f.nodes, f.gpus);
    const layout = layoutGpuMap(zones, 1400);
    expect(layout.metrics.cell).toBeLessThanOrEqual(8);
    expect(layout.height).toBeLessThan(6000);
  });

  it('locates a GPU by id for deep links, and walks GPUs by keyboard', () => {
    const f = fleet(2, 1);
    const zones = groupGpuMap(f.nodes, f.gpus);
    expect(locateGpu(zones, 'gpu-a-0001/3')).toEqual({ zoneIndex: 0, nodeIndex: 1, gpuIndex: 3 });
    expect(locateGpu(zones, 'nope/3')).toBeNull();
    const first = stepGpu(zones, null, 'first');
    expect(first).toEqual({ zoneIndex: 0, nodeIndex: 0, gpuIndex: 0 });
    expect(stepGpu(zones, { zoneIndex: 0, nodeIndex: 0, gpuIndex: 7 }, 'next')).toEqual({ zoneIndex: 0, nodeIndex: 1, gpuIndex: 0 });
    expect(stepGpu(zones, { zoneIndex: 0, nodeIndex: 1, gpuIndex: 0 }, 'prev')).toEqual({ zoneIndex: 0, nodeIndex: 0, gpuIndex: 7 });
    expect(stepGpu(zones, { zoneIndex: 0, nodeIndex: 0, gpuIndex: 5 }, 'nextNode')).toEqual({ zoneIndex: 0, nodeIndex: 1, gpuIndex: 0 });
  });
});

describe('GPU colour classes', () => {
  const g: GpuView = { id: 'n/0', node: 'n', index: 0, uuid: 'u', model: 'H100', zone: 'z', pool: 'p', health: 'healthy' };
  it.each([
    ['allocation', { pod: 'ns/p' }, true, 'allocated'],
    ['allocation', {}, true, 'free'],
    ['allocation', {}, false, 'cordoned'],
    ['allocation', { pod: 'ns/p', health: 'lost' }, true, 'faulty'],
    ['utilization', { util: 5 }, true, 'u0'],
    ['utilization', { util: 40 }, true, 'u2'],
    ['utilization', { util: 100 }, true, 'u4'],
    ['utilization', {}, true, 'na'],
    ['temperature', { tempC: 86 }, true, 't4'],
    ['temperature', { tempC: 49 }, true, 't0'],
    ['health', { health: 'degraded' }, true, 'degraded'],
  ] as const)('%s of %j (schedulable %s) is %s', (by, extra, schedulable, cls) => {
    expect(gpuClass({ ...g, ...extra } as GpuView, by, schedulable)).toBe(cls);
  });
  it('highlights by namespace and workload', () => {
    const x = { ...g, namespace: 'research', workload: 'PyTorchJob/research/llama' };
    expect(gpuHighlighted(x, 'research', '')).toBe(true);
    expect(gpuHighlighted(x, 'serving', '')).toBe(false);
    expect(gpuHighlighted(x, '', 'PyTorchJob/research/other')).toBe(false);
  });
  it('summarizes for the text alternative', () => {
    const s = summarizeGpus([{ ...g, pod: 'a', util: 50 }, { ...g, health: 'unhealthy', util: 10 }], 1, 1);
    expect(s).toMatchObject({ gpus: 2, allocated: 1, free: 1, faulty: 1, utilAvg: 30 });
  });
});

describe('GPU map block labels', () => {
  it('drop the prefix all nodes of a zone share, up to a separator', async () => {
    const { sharedPrefix } = await import('../../renderer/views/GpuMap/drawGpuMap');
    const names = ['gpu-a100-a-0001', 'gpu-h100-a-0001'];
    expect(names[0].slice(sharedPrefix(names))).toBe('a100-a-0001');
    expect(sharedPrefix(['gpu-a-0001', 'gpu-a-0002'])).toBe('gpu-a-'.length);
    expect(sharedPrefix(['only'])).toBe(0);
    expect(sharedPrefix(['abc', 'xyz'])).toBe(0);
  });
});
