/** The palette's own commands: views, nodes, workloads, GPUs (by id), explainers, preferences. */
import { explainers } from '../../../shared/explainers';
import { gpuHref, nodeHref, workloadHref } from '../../store/selectors/attention';
import { useBulwark } from '../../store';
import { getRoutes } from '../routes';
import { registerPaletteCommands } from './paletteRegistry';
import type { PaletteCommand, PaletteContext } from './paletteRegistry';

const MAX_PER_GROUP = 5000;

function views({ t, navigate }: PaletteContext): PaletteCommand[] {
  return getRoutes().map((r, i) => ({
    id: `view:${r.id}`,
    group: t('groups.views'),
    title: t(r.labelKey),
    keywords: r.id,
    shortcut: `g ${r.shortcut}`,
    rank: i,
    run: () => navigate(`#/${r.id}`),
  }));
}

function nodes({ state, t, navigate }: PaletteContext): PaletteCommand[] {
  const out: PaletteCommand[] = [];
  for (const n of state.model.nodes.values()) {
    if (out.length >= MAX_PER_GROUP) break;
    out.push({
      id: `node:${n.name}`,
      group: t('groups.nodes'),
      title: n.name,
      subtitle: `${n.zone} · ${n.gpuModel}`,
      rank: 200,
      run: () => navigate(nodeHref(n.name)),
    });
  }
  return out;
}

function workloads({ state, t, navigate }: PaletteContext): PaletteCommand[] {
  return [...state.model.workloads.values()].slice(0, MAX_PER_GROUP).map((w) => ({
    id: `workload:${w.key}`,
    group: t('groups.workloads'),
    title: w.name,
    subtitle: `${w.kind} · ${w.namespace}`,
    keywords: w.key,
    rank: 100,
    run: () => navigate(workloadHref(w.key)),
  }));
}

/** GPUs only once the query names a node and a slash: 16,000 entries are noise otherwise. */
function gpus({ state, t, navigate, query }: PaletteContext): PaletteCommand[] {
  if (!query.includes('/')) return [];
  const q = query.trim().toLowerCase();
  const out: PaletteCommand[] = [];
  for (const g of state.model.gpus.values()) {
    if (!g.id.startsWith(q.split('/')[0])) continue;
    out.push({ id: `gpu:${g.id}`, group: t('groups.gpus'), title: g.id, subtitle: g.model, run: () => navigate(gpuHref(g.id)) });
    if (out.length > 200) break;
  }
  return out;
}

function explain({ state, t, navigate }: PaletteContext): PaletteCommand[] {
  return explainers.map((e) => ({
    id: `explain:${e.id}`,
    group: t('groups.explain'),
    title: e.title[state.locale],
    keywords: `${e.title.en} ${(e.keywords ?? []).join(' ')}`,
    rank: 300,
    run: () => navigate(`#/explain/${e.id}`),
  }));
}

function preferences({ state, t }: PaletteContext): PaletteCommand[] {
  const store = useBulwark.getState;
  return [
    { id: 'pref:theme', group: t('groups.preferences'), title: state.theme === 'dark' ? t('commands.lightTheme') : t('commands.darkTheme'), rank: 50, run: () => store().setTheme(state.theme === 'dark' ? 'light' : 'dark') },
    { id: 'pref:language', group: t('groups.preferences'), title: state.locale === 'en' ? '切换到简体中文' : 'Switch to English', keywords: 'language 语言', rank: 51, run: () => store().setLocale(state.locale === 'en' ? 'zh-CN' : 'en') },
    { id: 'pref:shortcuts', group: t('groups.preferences'), title: t('commands.shortcuts'), shortcut: '?', rank: 52, run: () => store().setShortcutsOpen(true) },
  ];
}

let registered = false;

export function registerBuiltInCommands(): void {
  if (registered) return;
  registered = true;
  for (const p of [views, preferences, workloads, nodes, gpus, explain]) registerPaletteCommands(p);
}
