/**
 * Palette commands for the common actions: "Cordon node gpu-h100-a-0003…", "Drain node…",
 * "Restart llama-70b-pretrain from checkpoint…", "Fail over chat-llama-70b…". Running one
 * navigates to the target's detail pane and asks it to open the same action dialog the panel's
 * buttons open (preview, permission, dry run, typed confirmation) — see actionActivity.ts.
 *
 * With an empty query only the selected node or workload (the open detail pane) has commands;
 * once the operator types, every node and workload does, and the fuzzy filter picks.
 * Registered once, on import (renderer/main.tsx).
 */
import type { ActionRequest } from '../../../shared/actions';
import { requestActionDialog } from '../../components/actions/actionActivity';
import { nodeActionOffers, targetName, workloadActionOffers } from '../../components/actions/actionOffers';
import { nodeHref, workloadHref } from '../../store/selectors/attention';
import { parseHash } from '../hashRoute';
import { registerPaletteCommands } from './paletteRegistry';
import type { PaletteCommand, PaletteContext } from './paletteRegistry';

/** Node actions common enough for the palette (untaint and GPU reset need the pane's context). */
const NODE_KINDS = new Set(['cordon', 'uncordon', 'drain', 'taint']);
const MAX_COMMANDS = 6000;
const PLACEHOLDER = '\u0000target\u0000';

/** The node or workload whose detail pane is open, from the URL. */
export function selectedTarget(hash: string): { node?: string; workload?: string } {
  const r = parseHash(hash);
  if (r.view === 'nodes' && r.params[0]) return { node: r.params[0] };
  if (r.view === 'gpus' && r.query.select?.includes('/')) return { node: r.query.select.slice(0, r.query.select.lastIndexOf('/')) };
  if (r.view === 'workloads' && r.params.length === 3) return { workload: r.params.join('/') };
  return {};
}

export function actionCommands({ state, t, navigate, query }: PaletteContext): PaletteCommand[] {
  const selected = selectedTarget(typeof window === 'undefined' ? '' : window.location.hash);
  const typed = query.trim() !== '';
  const group = t('actions:palette.group');
  const out: PaletteCommand[] = [];
  // Thousands of nodes × a few actions: translate each kind's title once, with a placeholder
  // for the target, instead of calling i18next per command on every keystroke.
  const templates = new Map<string, { title: string; keywords: string }>();
  const template = (kind: ActionRequest['kind']) => {
    let tpl = templates.get(kind);
    if (!tpl) {
      tpl = { title: t(`actions:palette.${kind}`, { target: PLACEHOLDER }), keywords: `${kind} ${t(`actions:kind.${kind}`)} ${t('actions:palette.keywords')}` };
      templates.set(kind, tpl);
    }
    return tpl;
  };
  const command = (req: ActionRequest, href: string, subtitle: string, rank: number): PaletteCommand => ({
    id: `action:${req.kind}:${'node' in req ? req.node : 'workload' in req ? req.workload : req.gpu}`,
    group,
    title: template(req.kind).title.replace(PLACEHOLDER, targetName(req)),
    subtitle,
    keywords: template(req.kind).keywords,
    rank,
    run: () => {
      requestActionDialog(req);
      navigate(href);
    },
  });

  const addNode = (name: string, rank: number) => {
    const n = state.model.nodes.get(name);
    if (!n) return;
    for (const o of nodeActionOffers(n, [], { demo: false })) {
      if (NODE_KINDS.has(o.request.kind)) out.push(command(o.request, nodeHref(n.name), `${n.zone} · ${n.gpuModel}`, rank));
    }
  };
  const addWorkload = (key: string, rank: number) => {
    const w = state.model.workloads.get(key);
    if (!w) return;
    for (const o of workloadActionOffers(w)) out.push(command(o.request, workloadHref(w.key), `${w.kind} · ${w.namespace}`, rank));
  };

  // The selected target first (rank 20: right after the views when the query is empty).
  if (selected.node) addNode(selected.node, 20);
  if (selected.workload) addWorkload(selected.workload, 20);
  if (!typed) return out;
  for (const w of state.model.workloads.values()) {
    if (out.length >= MAX_COMMANDS) break;
    if (w.key !== selected.workload) addWorkload(w.key, 150);
  }
  for (const n of state.model.nodes.values()) {
    if (out.length >= MAX_COMMANDS) break;
    if (n.name !== selected.node) addNode(n.name, 250);
  }
  return out;
}

let registered = false;

export function registerActionCommands(): void {
  if (registered) return;
  registered = true;
  registerPaletteCommands(actionCommands);
}

registerActionCommands();
