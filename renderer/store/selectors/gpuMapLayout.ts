/**
 * Geometry of the GPU map: zones stacked vertically, each a grid of node blocks, each block a
 * small grid of GPU cells. Every position is arithmetic on a handful of per-zone numbers, so
 * drawing 16,000 cells and hit-testing the mouse need no per-cell objects.
 */
import type { GpuView, NodeView } from '../../../shared/views';
import { compareNames } from './compare';

export interface MapNode {
  name: string;
  /**
   * Indexed by GPU index; holes (a GPU the model has not reported) are undefined. The views of
   * when the map was grouped: structure (id, position) — read current values from the store.
   */
  gpus: (GpuView | undefined)[];
  /** As when grouped (the canvas shades blocks from the current NodeView). */
  schedulable: boolean;
  ready: boolean;
}

export interface MapZone { zone: string; nodes: MapNode[]; gpuCount: number }

export interface ZoneBox {
  zone: string;
  top: number;
  /** y of the first block row (below the header). */
  blocksTop: number;
  bottom: number;
  cellsPerRow: number;
  cellRows: number;
  blockW: number;
  blockH: number;
  blocksPerRow: number;
}

export interface MapMetrics {
  cell: number;
  gap: number;
  pad: number;
  nodeGap: number;
  zoneHeader: number;
  zoneGap: number;
  margin: number;
  /** Height of the node-name label above each block (0 when cells are too small for labels). */
  label: number;
}

export interface MapLayout {
  metrics: MapMetrics;
  width: number;
  height: number;
  zones: ZoneBox[];
}

export interface GpuMapFilter { zone?: string; pool?: string }

/** Groups GPUs by zone then node (both sorted by name); zone/pool filters drop whole nodes. */
export function groupGpuMap(nodes: Iterable<NodeView>, gpus: Iterable<GpuView>, filter: GpuMapFilter = {}): MapZone[] {
  const byNode = new Map<string, MapNode>();
  const nodeZone = new Map<string, string>();
  for (const n of nodes) {
    if (filter.zone && n.zone !== filter.zone) continue;
    if (filter.pool && n.pool !== filter.pool) continue;
    byNode.set(n.name, { name: n.name, gpus: [], schedulable: n.schedulable, ready: n.ready });
    nodeZone.set(n.name, n.zone);
  }
  for (const g of gpus) {
    const node = byNode.get(g.node);
    if (!node || g.index < 0 || g.index > 1023) continue;
    node.gpus[g.index] = g;
  }
  const zones = new Map<string, MapZone>();
  for (const [name, node] of byNode) {
    if (node.gpus.length === 0) continue; // CPU-only nodes have no place on a GPU map
    const zone = nodeZone.get(name) || '—';
    let z = zones.get(zone);
    if (!z) zones.set(zone, (z = { zone, nodes: [], gpuCount: 0 }));
    z.nodes.push(node);
    z.gpuCount += node.gpus.length;
  }
  const list = [...zones.values()].sort((a, b) => compareNames(a.zone, b.zone));
  for (const z of list) z.nodes.sort((a, b) => compareNames(a.name, b.name));
  return list;
}

/**
 * What the grouping depends on besides which GPUs exist: each node's name, zone, pool and GPU
 * count. Equal keys → the same zones (health, telemetry, cordon and readiness do not move
 * cells; the canvas shades them from the current views).
 */
export function mapStructureKey(nodes: Iterable<NodeView>): string {
  const parts: string[] = [];
  for (const n of nodes) parts.push(`${n.name}\u0000${n.zone}\u0000${n.pool}\u0000${n.gpuCapacity}`);
  return parts.join('\u0001');
}

export function metricsFor(totalGpus: number): MapMetrics {
  const cell = totalGpus <= 128 ? 22 : totalGpus <= 1024 ? 14 : totalGpus <= 4096 ? 10 : 8;
  return {
    cell,
    gap: cell >= 14 ? 2 : 1,
    pad: cell >= 14 ? 4 : 2,
    nodeGap: cell >= 14 ? 10 : 4,
    zoneHeader: 26,
    zoneGap: 12,
    margin: 8,
    label: cell >= 14 ? 16 : 0,
  };
}

export function layoutGpuMap(zones: readonly MapZone[], width: number, metrics?: MapMetrics): MapLayout {
  const total = zones.reduce((s, z) => s + z.gpuCount, 0);
  const m = metrics ?? metricsFor(total);
  const boxes: ZoneBox[] = [];
  let y = m.margin;
  const usable = Math.max(60, width - 2 * m.margin);
  for (const z of zones) {
    const maxGpus = z.nodes.reduce((s, n) => Math.max(s, n.gpus.length), 1);
    const cellsPerRow = maxGpus <= 4 ? maxGpus : maxGpus <= 16 ? Math.ceil(maxGpus / 2) : Math.ceil(Math.sqrt(maxGpus));
    const cellRows = Math.ceil(maxGpus / cellsPerRow);
    const blockW = 2 * m.pad + cellsPerRow * m.cell + (cellsPerRow - 1) * m.gap;
    const blockH = m.label + 2 * m.pad + cellRows * m.cell + (cellRows - 1) * m.gap;
    const blocksPerRow = Math.max(1, Math.floor((usable + m.nodeGap) / (blockW + m.nodeGap)));
    const rows = Math.ceil(z.nodes.length / blocksPerRow);
    const top = y;
    const blocksTop = top + m.zoneHeader;
    const bottom = blocksTop + rows * (blockH + m.nodeGap) - m.nodeGap;
    boxes.push({ zone: z.zone, top, blocksTop, bottom, cellsPerRow, cellRows, blockW, blockH, blocksPerRow });
    y = bottom + m.zoneGap;
  }
  return { metrics: m, width, height: Math.ceil(y - m.zoneGap + m.margin), zones: boxes };
}

export function blockOrigin(layout: MapLayout, zoneIndex: number, nodeIndex: number): { x: number; y: number } {
  const z = layout.zones[zoneIndex];
  const m = layout.metrics;
  const row = Math.floor(nodeIndex / z.blocksPerRow);
  const col = nodeIndex % z.blocksPerRow;
  return { x: m.margin + col * (z.blockW + m.nodeGap), y: z.blocksTop + row * (z.blockH + m.nodeGap) };
}

export function cellOrigin(layout: MapLayout, zoneIndex: number, nodeIndex: number, gpuIndex: number): { x: number; y: number } {
  const z = layout.zones[zoneIndex];
  const m = layout.metrics;
  const b = blockOrigin(layout, zoneIndex, nodeIndex);
  const r = Math.floor(gpuIndex / z.cellsPerRow);
  const c = gpuIndex % z.cellsPerRow;
  return { x: b.x + m.pad + c * (m.cell + m.gap), y: b.y + m.label + m.pad + r * (m.cell + m.gap) };
}

export interface MapHit { zoneIndex: number; nodeIndex: number; gpuIndex?: number }

/** What is under (x, y) in CSS pixels: a GPU cell, a node block's frame, or nothing. */
export function hitTest(layout: MapLayout, zones: readonly MapZone[], x: number, y: number): MapHit | null {
  const m = layout.metrics;
  for (let zi = 0; zi < layout.zones.length; zi++) {
    const z = layout.zones[zi];
    if (y < z.blocksTop || y >= z.bottom) continue;
    const strideX = z.blockW + m.nodeGap;
    const strideY = z.blockH + m.nodeGap;
    const rx = x - m.margin;
    const ry = y - z.blocksTop;
    if (rx < 0) return null;
    const col = Math.floor(rx / strideX);
    const row = Math.floor(ry / strideY);
    if (col >= z.blocksPerRow) return null;
    const inX = rx - col * strideX;
    const inY = ry - row * strideY;
    if (inX >= z.blockW || inY >= z.blockH) return null;
    const nodeIndex = row * z.blocksPerRow + col;
    const node = zones[zi]?.nodes[nodeIndex];
    if (!node) return null;
    const cx = inX - m.pad;
    const cy = inY - m.label - m.pad;
    const cStride = m.cell + m.gap;
    if (cx >= 0 && cy >= 0) {
      const c = Math.floor(cx / cStride);
      const r = Math.floor(cy / cStride);
      if (c < z.cellsPerRow && r < z.cellRows && cx - c * cStride < m.cell && cy - r * cStride < m.cell) {
        const gpuIndex = r * z.cellsPerRow + c;
        if (gpuIndex < node.gpus.length && node.gpus[gpuIndex]) return { zoneIndex: zi, nodeIndex, gpuIndex };
      }
    }
    return { zoneIndex: zi, nodeIndex };
  }
  return null;
}

/** Finds a GPU by id in the grouped map (for deep links and keyboard focus). */
export function locateGpu(zones: readonly MapZone[], id: string): MapHit | null {
  const slash = id.lastIndexOf('/');
  if (slash < 0) return null;
  const nodeName = id.slice(0, slash);
  const index = Number(id.slice(slash + 1));
  for (let zi = 0; zi < zones.length; zi++) {
    const ni = zones[zi].nodes.findIndex((n) => n.name === nodeName);
    if (ni >= 0) return zones[zi].nodes[ni].gpus[index] ? { zoneIndex: zi, nodeIndex: ni, gpuIndex: index } : null;
  }
  return null;
}

/** Keyboard movement over GPUs in reading order: ±1 GPU (left/right) or ±1 node (up/down). */
export function stepGpu(zones: readonly MapZone[], from: MapHit | null, key: 'next' | 'prev' | 'nextNode' | 'prevNode' | 'first' | 'last'): MapHit | null {
  const flat: MapHit[] = [];
  // Small enough (nodes, not cells) to walk; GPU steps inside a node are arithmetic.
  const firstGpu = (zi: number, ni: number) => zones[zi].nodes[ni].gpus.findIndex((g) => g !== undefined);
  const lastGpu = (zi: number, ni: number) => {
    const gs = zones[zi].nodes[ni].gpus;
    for (let i = gs.length - 1; i >= 0; i--) if (gs[i]) return i;
    return -1;
  };
  for (let zi = 0; zi < zones.length; zi++) for (let ni = 0; ni < zones[zi].nodes.length; ni++) flat.push({ zoneIndex: zi, nodeIndex: ni });
  if (flat.length === 0) return null;
  const at = (i: number, which: 'first' | 'last') => {
    const h = flat[Math.max(0, Math.min(flat.length - 1, i))];
    return { ...h, gpuIndex: which === 'first' ? firstGpu(h.zoneIndex, h.nodeIndex) : lastGpu(h.zoneIndex, h.nodeIndex) };
  };
  if (!from || key === 'first') return at(0, 'first');
  if (key === 'last') return at(flat.length - 1, 'last');
  const pos = flat.findIndex((h) => h.zoneIndex === from.zoneIndex && h.nodeIndex === from.nodeIndex);
  if (pos < 0) return at(0, 'first');
  const gpus = zones[from.zoneIndex].nodes[from.nodeIndex].gpus;
  const gi = from.gpuIndex ?? -1;
  if (key === 'next') {
    for (let i = gi + 1; i < gpus.length; i++) if (gpus[i]) return { ...from, gpuIndex: i };
    return pos + 1 < flat.length ? at(pos + 1, 'first') : from;
  }
  if (key === 'prev') {
    for (let i = gi - 1; i >= 0; i--) if (gpus[i]) return { ...from, gpuIndex: i };
    return pos > 0 ? at(pos - 1, 'last') : from;
  }
  if (key === 'nextNode') return pos + 1 < flat.length ? at(pos + 1, 'first') : from;
  return pos > 0 ? at(pos - 1, 'first') : from;
}
