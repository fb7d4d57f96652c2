/**
 * The command palette's extension point. A provider returns commands for the current state;
 * the palette calls every provider when it opens and fuzzy-filters the union. The actions
 * engineer registers e.g. "Cordon node…" commands with `registerPaletteCommands`.
 *
 *   const off = registerPaletteCommands(({ state, t }) =>
 *     [...state.model.nodes.values()].map((n) => ({ id: `cordon:${n.name}`, group: t('actions:group'), title: …, run: … })));
 */
import type { TFunction } from 'i18next';
import type { ClientApi } from '../../api/link';
import type { BulwarkState } from '../../store';

export interface PaletteCommand {
  /** Unique and stable (used as the React key and the option id). */
  id: string;
  /** Group heading, already translated ("Views", "Nodes", "Actions"). */
  group: string;
  title: string;
  subtitle?: string;
  /** Extra text the fuzzy filter matches (not shown). */
  keywords?: string;
  /** Shown at the right, e.g. "g n". */
  shortcut?: string;
  /** Lower sorts first when the query is empty. */
  rank?: number;
  run(): void;
}

export interface PaletteContext {
  state: BulwarkState;
  api: ClientApi;
  t: TFunction;
  navigate(hash: string): void;
  /** The palette's query, so providers can skip work (e.g. GPUs only when the query looks like one). */
  query: string;
}

export type PaletteProvider = (ctx: PaletteContext) => PaletteCommand[];

const providers = new Set<PaletteProvider>();

export function registerPaletteCommands(provider: PaletteProvider): () => void {
  providers.add(provider);
  return () => providers.delete(provider);
}

export function collectPaletteCommands(ctx: PaletteContext): PaletteCommand[] {
  const out: PaletteCommand[] = [];
  for (const p of providers) {
    try {
      out.push(...p(ctx));
    } catch (err) {
      console.error('palette provider failed', err);
    }
  }
  return out;
}
