/**
 * Draws the whole map in one pass: one fillRect per cell, batched by colour so fillStyle
 * changes a handful of times rather than 16,000. Dimmed (filtered-out) cells are a second
 * batch at low alpha. Everything is in CSS pixels; the caller has scaled for devicePixelRatio.
 */
import { blockOrigin } from '../../store/selectors/gpuMapLayout';
import type { MapLayout, MapZone } from '../../store/selectors/gpuMapLayout';
import { gpuClass, gpuHighlighted } from '../../store/selectors/gpuClass';
import type { GpuColorBy, Theme } from '../../store/uiSlice';
import { GPU_PALETTE, MAP_CHROME, OUTLINE_CLASSES } from './gpuPalette';

export interface DrawOptions {
  colorBy: GpuColorBy;
  theme: Theme;
  namespace: string;
  workload: string;
  zoneLabel(zone: MapZone): string;
}

export function drawGpuMap(ctx: CanvasRenderingContext2D, layout: MapLayout, zones: readonly MapZone[], o: DrawOptions): void {
  const m = layout.metrics;
  const palette = GPU_PALETTE[o.theme][o.colorBy];
  const chrome = MAP_CHROME[o.theme];
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

  ctx.textBaseline = 'middle';
  for (let zi = 0; zi < zones.length; zi++) {
    const zone = zones[zi];
    const box = layout.zones[zi];
    ctx.fillStyle = chrome.text;
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillText(o.zoneLabel(zone), m.margin, box.top + m.zoneHeader / 2);
    const prefix = m.label ? sharedPrefix(zone.nodes.map((n) => n.name)) : 0;
    const cStride = m.cell + m.gap;
    for (let ni = 0; ni < zone.nodes.length; ni++) {
      const node = zone.nodes[ni];
      const b = blockOrigin(layout, zi, ni);
      ctx.fillStyle = !node.ready ? chrome.blockNotReady : !node.schedulable ? chrome.blockCordoned : chrome.block;
      ctx.fillRect(b.x, b.y, box.blockW, box.blockH);
      if (m.label) {
        ctx.fillStyle = chrome.textMuted;
        ctx.font = '10px system-ui, sans-serif';
        ctx.fillText(ellipsize(ctx, node.name.slice(prefix), box.blockW - 4), b.x + 2, b.y + m.label / 2 + 1);
      }
      const cx0 = b.x + m.pad;
      const cy0 = b.y + m.label + m.pad;
      for (let gi = 0; gi < node.gpus.length; gi++) {
        const g = node.gpus[gi];
        if (!g) continue;
        const x = cx0 + (gi % box.cellsPerRow) * cStride;
        const y = cy0 + Math.floor(gi / box.cellsPerRow) * cStride;
        const cls = gpuClass(g, o.colorBy, node.schedulable);
        if (OUTLINE_CLASSES.has(cls)) { outlines.push(x, y); continue; }
        const color = palette[cls] ?? '#888';
        push(filtering && !gpuHighlighted(g, o.namespace, o.workload) ? dimmed : batches, color, x, y);
      }
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
