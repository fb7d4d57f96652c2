/**
 * Explainer types. Pure TypeScript: shared by the Electron main process, the
 * headless server and the renderer.
 */
export type Locale = 'en' | 'zh-CN';
export type Localized = Record<Locale, string>;
export interface ExplainerTable { columns: Localized[]; rows: Localized[][] }
export interface Explainer {
  id: string;              // kebab-case, stable, from EXPLAINER_IDS
  title: Localized;
  summary: Localized;      // one or two sentence definition
  whyItMatters: Localized; // why it matters on a GPU cluster for training/inference
  whereInBulwark: Localized; // which screen/column/action of the console shows or uses it
  whatToDo: Localized;     // concrete operator guidance
  related: string[];       // ids of other explainers (must exist)
  sources: { title: string; url: string }[]; // where the facts come from — at least one each
  table?: ExplainerTable;
  keywords?: string[];     // extra search terms (both languages ok)
}
