import type { Theme } from '../../store/uiSlice';

/**
 * Series colours per theme. SVG presentation attributes can not read CSS variables, so the
 * charts take concrete colours; axes, grid and tooltips are themed in CSS.
 * Okabe–Ito based, distinguishable with the common colour-vision deficiencies.
 */
export const CHART_COLORS: Record<Theme, { series: string[]; grid: string; text: string; bg: string; border: string }> = {
  light: { series: ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'], grid: '#e2e6ec', text: '#4a5566', bg: '#ffffff', border: '#cfd6e0' },
  dark: { series: ['#56B4E9', '#E69F00', '#3ccf9b', '#e08dc0', '#f0c33c', '#9ad0f5'], grid: '#2c3442', text: '#a9b4c4', bg: '#1b212b', border: '#3a4352' },
};
