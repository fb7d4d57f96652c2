import { describe, expect, it } from 'vitest';
import type { ConnectionStatus, GpuView, NodeView, WorkloadView } from '../../shared/views';
import type { LinkInfo } from '../../renderer/api/link';
import { formatHash, parseHash } from '../../renderer/app/hashRoute';
import { resolveShortcut } from '../../renderer/app/shortcuts';
import { needsAttention } from '../../renderer/store/selectors/attention';
import { downsample } from '../../renderer/store/selectors/downsample';
import { eventObjectHref, filterEvents } from '../../renderer/store/selectors/eventList';
import { freshness } from '../../renderer/store/selectors/freshness';
import { fuzzyFilter, fuzzyScore } from '../../renderer/store/selectors/fuzzy';
import { filterNodes, sortNodes, toggleSort } from '../../renderer/store/selectors/nodeTable';
import { checkpointState, filterWorkloads, sortWorkloads, workloadKeyFromParts } from '../../renderer/store/selectors/workloadTable';
import { initialLocale } from '../../renderer/store/uiSlice';

const NOW = 1_700_000_000_000;
const open: LinkInfo = { kind: 'ws', state: 'open', generation: 1 };
function status(extra: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return { source: { kind: 'kube', name: 'prod', context: 'prod' }, state: 'live', lastSyncAt: NOW - 1000, metrics: { state: 'ok' }, readOnly: false, drillsAllowed: false, ...extra };
}
function node(name: string, extra: Partial<NodeView> = {}): NodeView {
  return { name, zone: 'zone-a', pool: 'h100', gpuModel: 'H100', gpuCapacity: 8, gpuAllocatable: 8, gpuAllocated: 0, ready: true, schedulable: true, taints: [], health: 'healthy', conditions: [], podCount: 0, gpuPodCount: 0, ...extra };
}
function workload(name: string, extra: Partial<WorkloadView> = {}): WorkloadView {
  return { key: `PyTorchJob/research/${name}`, kind: 'PyTorchJob', type: 'training', namespace: 'research', name, health: 'healthy', reason: '', replicas: { desired: 2, ready: 2 }, gpus: 16, restarts: 0, placement: [], ...extra };
}

describe('data age', () => {
  it.each([
    ['fresh data is live', status(), open, undefined, 'live', undefined],
    ['data older than 10 s is stale with its age', status({ lastSyncAt: NOW - 12_000 }), open, undefined, 'stale', 12],
    ['a recent delta keeps it live even if lastSyncAt is old', status({ lastSyncAt: NOW - 60_000 }), open, NOW - 500, 'live', undefined],
    ['a reconnecting source is stale at once', status({ state: 'reconnecting', lastSyncAt: NOW - 3000, message: 'watch closed' }), open, undefined, 'stale', 3],
    ['an error source is stale', status({ state: 'error', message: 'Unauthorized' }), open, undefined, 'stale', 1],
    ['a lost backend link is offline', status(), { ...open, state: 'reconnecting', error: 'closed' } as LinkInfo, undefined, 'offline', 1],
    ['a paused demo clock is paused, not stale', status({ lastSyncAt: NOW - 60_000, clock: { now: 0, speed: 1, paused: true } }), open, undefined, 'paused', undefined],
    ['nothing yet is connecting', undefined, { ...open, state: 'connecting' } as LinkInfo, undefined, 'connecting', undefined],
  ] as const)('%s', (_n, s, link, lastDelta, level, age) => {
    const f = freshness(s, link, lastDelta, NOW);
    expect(f.level).toBe(level);
    if (age !== undefined) expect(f.ageSec).toBe(age);
  });

  it('carries the source message', () => {
    expect(freshness(status({ state: 'error', message: 'Unauthorized' }), open, undefined, NOW).message).toBe('Unauthorized');
  });
});

describe('needs attention', () => {
  it('lists NotReady nodes, unhealthy GPUs, troubled workloads and stale checkpoints, critical first', () => {
    const gpus: GpuView[] = [
      { id: 'a/0', node: 'a', index: 0, uuid: 'u', model: 'H100', zone: 'z', pool: 'p', health: 'lost', healthReason: 'XID 79' },
      { id: 'a/1', node: 'a', index: 1, uuid: 'u', model: 'H100', zone: 'z', pool: 'p', health: 'healthy' },
    ];
    const items = needsAttention(
      [node('a'), node('b', { ready: false, health: 'notready' })],
      gpus,
      [workload('ok'), workload('bad', { health: 'failed' }), workload('slow', { health: 'degraded', checkpoint: { stale: true, ageSec: 7200 } })],
    );
    expect(items.map((i) => i.key)).toEqual(['node:b', 'gpu:a/0', 'workload:PyTorchJob/research/bad', 'workload:PyTorchJob/research/slow', 'ckpt:PyTorchJob/research/slow']);
    expect(items[1].href).toBe('#/gpus?select=a%2F0');
    expect(items[2].href).toBe('#/workloads/PyTorchJob/research/bad');
  });
});

describe('command palette fuzzy match', () => {
  it('finds a node from a few letters in order', () => {
    expect(fuzzyScore('gpa3', 'gpu-a-0003')).not.toBeNull();
    expect(fuzzyScore('xyz', 'gpu-a-0003')).toBeNull();
  });
  it('ranks a direct substring above a scattered match, and word starts higher', () => {
    const items = ['node-settings-a', 'settings', 'set-tin-gs'];
    expect(fuzzyFilter(items, 'settings', (s) => s)[0]).toBe('settings');
  });
  it('returns everything (limited) for an empty query', () => {
    expect(fuzzyFilter([1, 2, 3], '', String, 2)).toEqual([1, 2]);
  });
});

describe('chart downsampling', () => {
  it('never returns more points than asked and keeps the extremes', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ t: i, v: i === 4321 ? 999 : i % 7 }));
    const out = downsample(pts, 200, (p) => p.v);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.some((p) => p.v === 999)).toBe(true);
    expect(out.every((p, i) => i === 0 || p.t > out[i - 1].t)).toBe(true);
  });
  it('leaves short series alone', () => {
    expect(downsample([{ v: 1 }, { v: 2 }], 100, (p) => p.v)).toHaveLength(2);
  });
});

describe('nodes table', () => {
  const nodes = [
    node('gpu-b-0010', { zone: 'zone-b', gpuAllocated: 8, utilAvg: 90 }),
    node('gpu-a-0002', { schedulable: false, taints: [{ key: 'bulwark.io/isolated', effect: 'NoSchedule' }], health: 'degraded' }),
    node('gpu-a-0001', { gpuAllocated: 4, utilAvg: 40 }),
  ];
  it('sorts names naturally and flips direction on the same column', () => {
    expect(sortNodes([...nodes], { column: 'name', dir: 'asc' }).map((n) => n.name)).toEqual(['gpu-a-0001', 'gpu-a-0002', 'gpu-b-0010']);
    expect(toggleSort({ column: 'name', dir: 'asc' }, 'name')).toEqual({ column: 'name', dir: 'desc' });
    expect(toggleSort({ column: 'name', dir: 'desc' }, 'util')).toEqual({ column: 'util', dir: 'asc' });
    expect(sortNodes([...nodes], { column: 'util', dir: 'desc' })[0].name).toBe('gpu-b-0010');
  });
  it('filters by zone, schedulability and text (including taint keys)', () => {
    const f = { text: '', zone: '', pool: '', health: '', schedulable: '' as const };
    expect(filterNodes(nodes, { ...f, zone: 'zone-b' })).toHaveLength(1);
    expect(filterNodes(nodes, { ...f, schedulable: 'no' }).map((n) => n.name)).toEqual(['gpu-a-0002']);
    expect(filterNodes(nodes, { ...f, text: 'isolated' }).map((n) => n.name)).toEqual(['gpu-a-0002']);
  });
});

describe('workloads table', () => {
  it('puts failed workloads first when sorted by health', () => {
    const rows = sortWorkloads([workload('a'), workload('b', { health: 'failed' }), workload('c', { health: 'degraded' })], { column: 'health', dir: 'asc' });
    expect(rows.map((w) => w.name)).toEqual(['b', 'c', 'a']);
  });
  it('filters by type and text', () => {
    const f = { text: 'lla', type: '', health: '', namespace: '', kind: '' };
    expect(filterWorkloads([workload('llama'), workload('bert')], f).map((w) => w.name)).toEqual(['llama']);
  });
  it('filters by kind: a JobSet filter shows only JobSets', () => {
    const rows = [{ ...workload('llama'), kind: 'JobSet' as const }, workload('bert')];
    expect(filterWorkloads(rows, { text: '', type: '', health: '', namespace: '', kind: 'JobSet' }).map((w) => w.name)).toEqual(['llama']);
  });
  it.each([
    [undefined, 'none'],
    [{ stale: false, ageSec: 100, intervalSec: 600 }, 'ok'],
    [{ stale: false, ageSec: 700, intervalSec: 600 }, 'late'],
    [{ stale: true, ageSec: 1300, intervalSec: 600 }, 'stale'],
  ] as const)('checkpoint %j is %s', (checkpoint, state) => {
    expect(checkpointState(workload('x', { checkpoint }))).toBe(state);
  });
  it('reads a workload key back from route segments', () => {
    expect(workloadKeyFromParts(['PyTorchJob', 'ns', 'name'])).toBe('PyTorchJob/ns/name');
    expect(workloadKeyFromParts(['PyTorchJob', 'ns'])).toBeUndefined();
  });
});

describe('events', () => {
  const events = [
    { id: '1', time: 2, type: 'Warning' as const, reason: 'XidError', message: 'GPU 3 XID 79', object: { kind: 'Node', name: 'gpu-a-1' }, count: 1 },
    { id: '2', time: 1, type: 'Normal' as const, reason: 'Scheduled', message: 'ok', object: { kind: 'PyTorchJob', namespace: 'ns', name: 'j' }, count: 1 },
  ];
  it('filters by severity and text', () => {
    expect(filterEvents(events, { type: 'Warning', text: '' }).map((e) => e.id)).toEqual(['1']);
    expect(filterEvents(events, { type: '', text: 'xid 79' }).map((e) => e.id)).toEqual(['1']);
  });
  it('links event objects to their detail', () => {
    expect(eventObjectHref(events[0])).toBe('#/nodes/gpu-a-1');
    expect(eventObjectHref(events[1])).toBe('#/workloads/PyTorchJob/ns/j');
    expect(eventObjectHref({ ...events[1], object: { kind: 'JobSet', namespace: 'ns', name: 'js' } })).toBe('#/workloads/JobSet/ns/js');
    expect(eventObjectHref({ ...events[1], object: { kind: 'RayJob', namespace: 'ns', name: 'rj' } })).toBe('#/workloads/RayJob/ns/rj');
  });
});

describe('hash routes', () => {
  it.each([
    ['', { view: 'overview', params: [], query: {} }],
    ['#/nodes/gpu-h100-a-0003', { view: 'nodes', params: ['gpu-h100-a-0003'], query: {} }],
    ['#/gpus?select=node/3', { view: 'gpus', params: [], query: { select: 'node/3' } }],
    ['#/workloads/PyTorchJob/ns/name', { view: 'workloads', params: ['PyTorchJob', 'ns', 'name'], query: {} }],
    ['#/nodes/%3Cscript%3E', { view: 'nodes', params: ['<script>'], query: {} }],
  ])('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
  it('formats and parses back', () => {
    const h = formatHash({ view: 'gpus', query: { select: 'gpu-a/3', zone: 'zone a', empty: '' } });
    expect(h).toBe('#/gpus?select=gpu-a/3&zone=zone+a');
    expect(parseHash(h).query).toEqual({ select: 'gpu-a/3', zone: 'zone a' });
  });
});

describe('keyboard shortcuts', () => {
  const routes = [{ id: 'overview', shortcut: 'o' }, { id: 'gpus', shortcut: 'g' }, { id: 'nodes', shortcut: 'n' }];
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; code: string }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  it.each([
    ['Ctrl+K opens the palette', key('k', { ctrlKey: true }), false, false, { kind: 'palette' }],
    ['Cmd+K opens the palette while typing', key('k', { metaKey: true }), false, true, { kind: 'palette' }],
    ['g starts a sequence', key('g'), false, false, { kind: 'prefix' }],
    ['g then n goes to Nodes', key('n'), true, false, { kind: 'route', id: 'nodes' }],
    ['g then g goes to the GPU map', key('g'), true, false, { kind: 'route', id: 'gpus' }],
    ['Alt+3 goes to the third view', key('3', { altKey: true, code: 'Digit3' }), false, false, { kind: 'route', id: 'nodes' }],
    ['? opens help', key('?'), false, false, { kind: 'help' }],
    ['typing g in a search box does nothing', key('g'), false, true, null],
  ] as const)('%s', (_n, e, pending, typing, expected) => {
    expect(resolveShortcut(e, pending, typing, routes)).toEqual(expected);
  });
});

describe('initial language', () => {
  it.each([
    [undefined, ['zh-CN', 'en'], 'zh-CN'],
    [undefined, ['zh-TW'], 'zh-CN'],
    [undefined, ['de-DE'], 'en'],
    ['en', ['zh-CN'], 'en'],
  ] as const)('saved %s, browser %j → %s', (saved, browser, expected) => {
    expect(initialLocale(saved, browser)).toBe(expected);
  });
});
