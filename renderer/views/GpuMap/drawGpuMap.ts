/**
 * Paints the GPU map. A full draw is one pass: one fillRect per cell, batched by colour so
 * fillStyle changes a handful of times rather than 16,000; dimmed (filtered-out) cells are a
 * second batch at low alpha. The painter remembers what colour class it gave every cell and
 * every node block, so an update repaints only the cells whose class changed (a telemetry
 * update that moves 300 GPUs across a band repaints 300 cells, not 16,000) and the blocks
 * whose node turned cordoned or NotReady. Live values come from the `gpu` / `node` lookups
 * (the grouped `zones` are structure only). Everything is in CSS pixels; the caller has
 * scaled for devicePixelRatio.
 */
import type { GpuView, NodeView } from '../../../shared/views';
import { blockOrigin } from '../../store/selectors/gpuMapLayout';
import type { MapLayout, MapNode, MapZone } from '../../store/selectors/gpuMapLayout';
import { GPU_CLASSES, gpuClass, gpuHighlighted } from '../../store/selectors/gpuClass';
import type { GpuColorBy, Theme } from '../../store/uiSlice';
import { GPU_PALETTE, MAP_CHROME, OUTLINE_CLASSES } from './gpuPalette';

export interface DrawOptions {
  colorBy: GpuColorBy;
  theme: Theme;
  namespace: string;
  workload: string;
  zoneLabel(zone: MapZone): string;
  /** The current view of a GPU (the zones hold the views of when they were grouped). */
  gpu?(id: string): GpuView | undefined;
  /** The current view of a node (ready / schedulable shade its block). */
  node?(name: string): NodeView | undefined;
}

interface Where { zi: number; ni: number; base: number; bi: number }

/** 0 = ready and schedulable, 1 = cordoned, 2 = NotReady. */
function blockState(n: MapNode, live: NodeView | undefined): number {
  const ready = live ? live.ready : n.ready;
  const schedulable = live ? live.schedulable : n.schedulable;
  return !ready ? 2 : !schedulable ? 1 : 0;
}

export class GpuMapPainter {
  /** Per cell (flat index): 0 = nothing drawn, else 1 + 2 × class index + dimmed. */
  private cells = new Uint8Array(0);
  private blocks = new Uint8Array(0);
  private where = new Map<string, Where>();
  private layout: MapLayout | undefined;
  private zones: readonly MapZone[] = [];
  private o: DrawOptions | undefined;

  /** Everything, from scratch. */
  drawAll(ctx: CanvasRenderingContext2D, layout: MapLayout, zones: readonly MapZone[], o: DrawOptions): void {
    this.layout = layout;
    this.zones = zones;
    this.o = o;
    const m = layout.metrics;
    const palette = GPU_PALETTE[o.theme][o.colorBy];
    const chrome = MAP_CHROME[o.theme];
    const classes = GPU_CLASSES[o.colorBy];
    ctx.clearRect(0, 0, layout.width, layout.height);
    const filtering = !!(o.namespace || o.workload);
    const batches = new Map<string, number[]>();
    const dimmed = new Map<string, number[]>();
    const outlines: number[] = [];
    const push = (map: Map<string, number[]>, color: string, x: number, y: number) => {
      let arr = map.get(color);
      if (!arr) map.set(color, (arr = []));
      arr.push(x, y);
    };
    let total = 0;
    let nodeCount = 0;
    for (const z of zones) {
      nodeCount += z.nodes.length;
      for (const n of z.nodes) total += n.gpus.length;
    }
    this.cells = new Uint8Array(total);
    this.blocks = new Uint8Array(nodeCount);
    this.where = new Map();

    ctx.textBaseline = 'middle';
    let base = 0;
    let bi = 0;
    for (let zi = 0; zi < zones.length; zi++) {
      const zone = zones[zi];
      const box = layout.zones[zi];
      ctx.fillStyle = chrome.text;
      ctx.font = '600 13px system-ui, sans-serif';
      ctx.fillText(o.zoneLabel(zone), m.margin, box.top + m.zoneHeader / 2);
      const prefix = m.label ? sharedPrefix(zone.nodes.map((n) => n.name)) : 0;
      const cStride = m.cell + m.gap;
      for (let ni = 0; ni < zone.nodes.length; ni++, bi++) {
        const node = zone.nodes[ni];
        const state = blockState(node, o.node?.(node.name));
        this.blocks[bi] = state;
        this.where.set(node.name, { zi, ni, base, bi });
        this.paintBlockFrame(ctx, zi, ni, state, prefix);
        const schedulable = state !== 1;
        const b = blockOrigin(layout, zi, ni);
        const cx0 = b.x + m.pad;
        const cy0 = b.y + m.label + m.pad;
        for (let gi = 0; gi < node.gpus.length; gi++) {
          const ref = node.gpus[gi];
          if (!ref) continue;
          const g = o.gpu?.(ref.id) ?? ref;
          const x = cx0 + (gi % box.cellsPerRow) * cStride;
          const y = cy0 + Math.floor(gi / box.cellsPerRow) * cStride;
          const cls = gpuClass(g, o.colorBy, schedulable);
          const dim = filtering && !OUTLINE_CLASSES.has(cls) && !gpuHighlighted(g, o.namespace, o.workload);
          this.cells[base + gi] = cellCode(classes, cls, dim);
          if (OUTLINE_CLASSES.has(cls)) { outlines.push(x, y); continue; }
          push(dim ? dimmed : batches, palette[cls] ?? '#888', x, y);
        }
        base += node.gpus.length;
      }
    }
    const size = m.cell;
    const fill = (map: Map<string, number[]>) => {
      for (const [color, xy] of map) {
        ctx.fillStyle = color;
        for (let i = 0; i < xy.length; i += 2) ctx.fillRect(xy[i], xy[i + 1], size, size);
      }
    };
    ctx.globalAlpha = 0.18;
    fill(dimmed);
    ctx.globalAlpha = 1;
    fill(batches);
    if (outlines.length) {
      ctx.strokeStyle = palette.na ?? '#888';
      ctx.lineWidth = 1;
      for (let i = 0; i < outlines.length; i += 2) ctx.strokeRect(outlines[i] + 0.5, outlines[i + 1] + 0.5, size - 1, size - 1);
    }
    if (filtering) {
      // Ring the highlighted cells so they stand out even where colours are close.
      ctx.strokeStyle = chrome.focus;
      ctx.lineWidth = 1;
      for (const xy of batches.values()) for (let i = 0; i < xy.length; i += 2) ctx.strokeRect(xy[i] + 0.5, xy[i + 1] + 0.5, size - 1, size - 1);
    }
  }

  /**
   * Repaints, with the inputs of the last full draw, the cells of the GPUs in `ids` whose
   * colour class changed, and — when `checkNodes` — every block whose node turned cordoned,
   * uncordoned, NotReady or Ready again. Returns how many cells it repainted.
   */
  update(ctx: CanvasRenderingContext2D, ids: Iterable<string>, checkNodes: boolean): number {
    const o = this.o;
    const layout = this.layout;
    if (!o || !layout) return 0;
    let painted = 0;
    if (checkNodes && o.node) {
      let bi = 0;
      for (let zi = 0; zi < this.zones.length; zi++) {
        const zone = this.zones[zi];
        let prefix = -1;
        for (let ni = 0; ni < zone.nodes.length; ni++, bi++) {
          const node = zone.nodes[ni];
          const state = blockState(node, o.node(node.name));
          if (state === this.blocks[bi]) continue;
          this.blocks[bi] = state;
          if (prefix < 0) prefix = layout.metrics.label ? sharedPrefix(zone.nodes.map((n) => n.name)) : 0;
          this.paintBlockFrame(ctx, zi, ni, state, prefix);
          const w = this.where.get(node.name)!;
          for (let gi = 0; gi < node.gpus.length; gi++) {
            if (!node.gpus[gi]) continue;
            this.cells[w.base + gi] = 0; // force
            painted += this.paintCell(ctx, w, gi, state);
          }
        }
      }
    }
    for (const id of ids) {
      const slash = id.lastIndexOf('/');
      const w = slash > 0 ? this.where.get(id.slice(0, slash)) : undefined;
      if (!w) continue;
      const gi = Number(id.slice(slash + 1));
      if (!Number.isInteger(gi) || gi < 0 || !this.zones[w.zi].nodes[w.ni].gpus[gi]) continue;
      painted += this.paintCell(ctx, w, gi, undefined);
    }
    return painted;
  }

  private paintBlockFrame(ctx: CanvasRenderingContext2D, zi: number, ni: number, state: number, prefix: number): void {
    const layout = this.layout!;
    const m = layout.metrics;
    const box = layout.zones[zi];
    const chrome = MAP_CHROME[this.o!.theme];
    const node = this.zones[zi].nodes[ni];
    const b = blockOrigin(layout, zi, ni);
    ctx.fillStyle = state === 2 ? chrome.blockNotReady : state === 1 ? chrome.blockCordoned : chrome.block;
    ctx.fillRect(b.x, b.y, box.blockW, box.blockH);
    if (m.label) {
      ctx.fillStyle = chrome.textMuted;
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillText(ellipsize(ctx, node.name.slice(prefix), box.blockW - 4), b.x + 2, b.y + m.label / 2 + 1);
    }
  }

  /** Repaints one cell if its class changed (always when its code was reset); 1 if it did. */
  private paintCell(ctx: CanvasRenderingContext2D, w: Where, gi: number, state: number | undefined): number {
    const o = this.o!;
    const layout = this.layout!;
    const node = this.zones[w.zi].nodes[w.ni];
    const ref = node.gpus[gi]!;
    const g = o.gpu?.(ref.id) ?? ref;
    const st = state ?? this.blocks[w.bi];
    const filtering = !!(o.namespace || o.workload);
    const classes = GPU_CLASSES[o.colorBy];
    const cls = gpuClass(g, o.colorBy, st !== 1);
    const outline = OUTLINE_CLASSES.has(cls);
    const dim = filtering && !outline && !gpuHighlighted(g, o.namespace, o.workload);
    const code = cellCode(classes, cls, dim);
    if (this.cells[w.base + gi] === code) return 0;
    this.cells[w.base + gi] = code;
    const m = layout.metrics;
    const box = layout.zones[w.zi];
    const b = blockOrigin(layout, w.zi, w.ni);
    const cStride = m.cell + m.gap;
    const x = b.x + m.pad + (gi % box.cellsPerRow) * cStride;
    const y = b.y + m.label + m.pad + Math.floor(gi / box.cellsPerRow) * cStride;
    const size = m.cell;
    const palette = GPU_PALETTE[o.theme][o.colorBy];
    const chrome = MAP_CHROME[o.theme];
    ctx.fillStyle = st === 2 ? chrome.blockNotReady : st === 1 ? chrome.blockCordoned : chrome.block;
    ctx.fillRect(x, y, size, size);
    if (outline) {
      ctx.strokeStyle = palette.na ?? '#888';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
      return 1;
    }
    ctx.fillStyle = palette[cls] ?? '#888';
    if (dim) ctx.globalAlpha = 0.18;
    ctx.fillRect(x, y, size, size);
    ctx.globalAlpha = 1;
    if (filtering && !dim) {
      ctx.strokeStyle = chrome.focus;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
    }
    return 1;
  }
}

function cellCode(classes: readonly string[], cls: string, dim: boolean): number {
  const i = classes.indexOf(cls);
  return 1 + 2 * (i < 0 ? 100 : i) + (dim ? 1 : 0);
}

/** Draws the whole map once (no incremental state kept). */
export function drawGpuMap(ctx: CanvasRenderingContext2D, layout: MapLayout, zones: readonly MapZone[], o: DrawOptions): void {
  new GpuMapPainter().drawAll(ctx, layout, zones, o);
}

/**
 * Length of the prefix every name shares, cut back to a separator ("gpu-" of gpu-a100-a-0001
 * and gpu-h100-a-0001), so block labels show the part that tells nodes apart.
 */
export function sharedPrefix(names: readonly string[]): number {
  if (names.length < 2) return 0;
  let n = names[0].length;
  for (const s of names) {
    let i = 0;
    while (i < n && i < s.length && s[i] === names[0][i]) i++;
    n = i;
    if (n === 0) return 0;
  }
  const cut = names[0].slice(0, n).search(/[-._][^-._]*$/);
  return cut >= 0 ? cut + 1 : 0;
}

/** Keeps the end of the name: node names share prefixes ("gpu-h100-…") and differ at the end. */
function ellipsize(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`…${text.slice(text.length - mid)}`).width <= max) lo = mid;
    else hi = mid - 1;
  }
  return `…${text.slice(text.length - lo)}`;
}
