import type { StateCreator } from 'zustand';
import type { Locale } from '../../shared/explainers/types';
import type { BulwarkState } from './index';

export type Theme = 'light' | 'dark';
export type GpuColorBy = 'allocation' | 'utilization' | 'temperature' | 'health';
export type SortDir = 'asc' | 'desc';
export interface SortState { column: string; dir: SortDir }

export interface GpuMapFilters { zone: string; pool: string; namespace: string; workload: string }
export interface NodeFilters { text: string; zone: string; pool: string; health: string; schedulable: '' | 'yes' | 'no' }
export interface WorkloadFilters { text: string; type: string; health: string; namespace: string; kind: string }
export interface EventFilters { text: string; type: '' | 'Normal' | 'Warning' }

export interface UiSlice {
  locale: Locale;
  theme: Theme;
  gpuColorBy: GpuColorBy;
  gpuFilters: GpuMapFilters;
  nodeFilters: NodeFilters;
  nodeSort: SortState;
  workloadFilters: WorkloadFilters;
  workloadSort: SortState;
  eventFilters: EventFilters;
  paletteOpen: boolean;
  shortcutsOpen: boolean;
  setLocale(locale: Locale): void;
  setTheme(theme: Theme): void;
  setGpuColorBy(c: GpuColorBy): void;
  setGpuFilters(f: Partial<GpuMapFilters>): void;
  setNodeFilters(f: Partial<NodeFilters>): void;
  setNodeSort(s: SortState): void;
  setWorkloadFilters(f: Partial<WorkloadFilters>): void;
  setWorkloadSort(s: SortState): void;
  setEventFilters(f: Partial<EventFilters>): void;
  setPaletteOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
}

const PREFS_KEY = 'bulwark.prefs';

interface Prefs { locale?: Locale; theme?: Theme; gpuColorBy?: GpuColorBy }

function readPrefs(): Prefs {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(PREFS_KEY) : null;
    return raw ? (JSON.parse(raw) as Prefs) : {};
  } catch {
    return {};
  }
}

function writePrefs(p: Prefs): void {
  try { localStorage.setItem(PREFS_KEY, JSON.stringify({ ...readPrefs(), ...p })); } catch { /* private mode */ }
}

export function initialLocale(saved: string | undefined, browser: readonly string[]): Locale {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const l of browser) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

export function initialTheme(saved: string | undefined, prefersDark: boolean): Theme {
  if (saved === 'light' || saved === 'dark') return saved;
  return prefersDark ? 'dark' : 'light';
}

export const createUiSlice: StateCreator<BulwarkState, [], [], UiSlice> = (set) => {
  const prefs = readPrefs();
  const nav = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  const dark = typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    locale: initialLocale(prefs.locale, nav),
    theme: initialTheme(prefs.theme, dark),
    gpuColorBy: prefs.gpuColorBy ?? 'allocation',
    gpuFilters: { zone: '', pool: '', namespace: '', workload: '' },
    nodeFilters: { text: '', zone: '', pool: '', health: '', schedulable: '' },
    nodeSort: { column: 'name', dir: 'asc' },
    workloadFilters: { text: '', type: '', health: '', namespace: '', kind: '' },
    workloadSort: { column: 'health', dir: 'asc' },
    eventFilters: { text: '', type: '' },
    paletteOpen: false,
    shortcutsOpen: false,
    setLocale: (locale) => { writePrefs({ locale }); set({ locale }); },
    setTheme: (theme) => { writePrefs({ theme }); set({ theme }); },
    setGpuColorBy: (gpuColorBy) => { writePrefs({ gpuColorBy }); set({ gpuColorBy }); },
    setGpuFilters: (f) => set((s) => ({ gpuFilters: { ...s.gpuFilters, ...f } })),
    setNodeFilters: (f) => set((s) => ({ nodeFilters: { ...s.nodeFilters, ...f } })),
    setNodeSort: (nodeSort) => set({ nodeSort }),
    setWorkloadFilters: (f) => set((s) => ({ workloadFilters: { ...s.workloadFilters, ...f } })),
    setWorkloadSort: (workloadSort) => set({ workloadSort }),
    setEventFilters: (f) => set((s) => ({ eventFilters: { ...s.eventFilters, ...f } })),
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  };
};
