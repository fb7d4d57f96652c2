import type { GpuColorBy, Theme } from '../../store/uiSlice';

/**
 * Cell colours per theme and colouring. Utilization and temperature use sequential scales
 * (viridis-like / yellow→red) that stay ordered in greyscale; allocation and health pair hue
 * with lightness so that "free" and "faulty" differ for colour-blind operators too.
 */
export const GPU_PALETTE: Record<Theme, Record<GpuColorBy, Record<string, string>>> = {
  light: {
    allocation: { allocated: '#2f6fd6', free: '#c9d3e0', cordoned: '#8a94a6', faulty: '#d1342f' },
    utilization: { u0: '#d3dfec', u1: '#a9c9e2', u2: '#5fa8c9', u3: '#2c7a9e', u4: '#173f6b', na: '#9aa5b5' },
    temperature: { t0: '#c9e4c9', t1: '#f2e6a0', t2: '#f4b860', t3: '#e8713a', t4: '#b81d1d', na: '#9aa5b5' },
    health: { healthy: '#3f9a5b', degraded: '#e0a21b', unhealthy: '#d1342f', lost: '#6b2a8c' },
  },
  dark: {
    allocation: { allocated: '#4c8df0', free: '#566174', cordoned: '#a3acba', faulty: '#f0574f' },
    utilization: { u0: '#2f3b4e', u1: '#27506b', u2: '#2e84a8', u3: '#4fb6d6', u4: '#a6e4f5', na: '#6b7587' },
    temperature: { t0: '#2a4a32', t1: '#7a6d2a', t2: '#b07a2a', t3: '#d0582c', t4: '#ff4d4d', na: '#6b7587' },
    health: { healthy: '#49b36b', degraded: '#f0b429', unhealthy: '#f0574f', lost: '#b07ae0' },
  },
};

/** Classes drawn as an outline only (no data is not the same as a low value). */
export const OUTLINE_CLASSES = new Set(['na']);

export const MAP_CHROME: Record<Theme, { block: string; blockCordoned: string; blockNotReady: string; text: string; textMuted: string; focus: string }> = {
  light: { block: '#ffffff', blockCordoned: '#eef0f3', blockNotReady: '#fbe4e2', text: '#1d2633', textMuted: '#5b6678', focus: '#111827' },
  dark: { block: '#222a36', blockCordoned: '#1a2029', blockNotReady: '#3a2326', text: '#e6ebf2', textMuted: '#a9b4c4', focus: '#ffffff' },
};
