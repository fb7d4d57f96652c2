/**
 * Bulwark explainer library: short, sourced explanations of every concept the
 * console shows, in English and Simplified Chinese. Pure data + pure functions.
 */
import type { Explainer, Locale } from './types';
import { EXPLAINER_IDS, type ExplainerId } from './ids';
import { gpuHealthExplainers } from './content/gpuHealth';
import { kubernetesExplainers } from './content/kubernetes';
import { resilienceExplainers } from './content/resilience';
import { availabilityExplainers } from './content/availability';
import { parallelismExplainers } from './content/parallelism';
import { schedulingExplainers } from './content/scheduling';
import { inferenceExplainers } from './content/inference';
import { consoleExplainers } from './content/console';

export type { Explainer, ExplainerTable, Locale, Localized } from './types';
export { EXPLAINER_IDS, type ExplainerId } from './ids';
export { XID_TABLE } from './content/gpuHealth';

const ORDER = new Map<string, number>(EXPLAINER_IDS.map((id, i) => [id, i]));

/** All explainers, in the order of EXPLAINER_IDS. */
export const explainers: readonly Explainer[] = [
  ...gpuHealthExplainers,
  ...kubernetesExplainers,
  ...resilienceExplainers,
  ...availabilityExplainers,
  ...parallelismExplainers,
  ...schedulingExplainers,
  ...inferenceExplainers,
  ...consoleExplainers,
].sort((a, b) => (ORDER.get(a.id) ?? Infinity) - (ORDER.get(b.id) ?? Infinity));

const BY_ID: ReadonlyMap<string, Explainer> = new Map(explainers.map((e) => [e.id, e]));

export function getExplainer(id: string): Explainer | undefined {
  return BY_ID.get(id);
}

export function isExplainerId(id: string): id is ExplainerId {
  return ORDER.has(id);
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

interface SearchDoc {
  explainer: Explainer;
  title: string;
  keywords: string;
  summary: string;
  body: string;
}

const WEIGHT = { title: 100, keywords: 40, summary: 10, body: 3 } as const;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function fold(s: string): string {
  return s.toLowerCase();
}

function localesFor(locale: Locale): Locale[] {
  return locale === 'en' ? ['en'] : [locale, 'en'];
}

const docCache = new Map<Locale, SearchDoc[]>();

function docsFor(locale: Locale): SearchDoc[] {
  const cached = docCache.get(locale);
  if (cached) return cached;
  const ls = localesFor(locale);
  const docs = explainers.map((e): SearchDoc => {
    const pick = (f: 'title' | 'summary' | 'whyItMatters' | 'whereInBulwark' | 'whatToDo') => ls.map((l) => e[f][l]).join('\n');
    const tableText = e.table
      ? [...e.table.columns, ...e.table.rows.flat()].map((c) => ls.map((l) => c[l]).join('\n')).join('\n')
      : '';
    return {
      explainer: e,
      title: fold(`${pick('title')}\n${e.id}`),
      keywords: fold(`${(e.keywords ?? []).join('\n')}\n${e.id.replace(/-/g, ' ')}`),
      summary: fold(pick('summary')),
      body: fold([pick('whyItMatters'), pick('whereInBulwark'), pick('whatToDo'), tableText].join('\n')),
    };
  });
  docCache.set(locale, docs);
  return docs;
}

const LATIN_WORD = /^[a-z0-9]/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Full weight when a Latin term starts a word ("hang" in "hangs"), a quarter inside a word ("change"). */
function fieldScore(text: string, term: string, wordStart: RegExp | null, weight: number): number {
  if (!text.includes(term)) return 0;
  if (!wordStart || wordStart.test(text)) return weight;
  return weight / 4;
}

interface Term { text: string; wordStart: RegExp | null }

function toTerm(text: string): Term {
  return { text, wordStart: LATIN_WORD.test(text) ? new RegExp(`(^|[^a-z0-9])${escapeRegExp(text)}`) : null };
}

function termScore(doc: SearchDoc, { text: term, wordStart }: Term): number {
  return (
    fieldScore(doc.title, term, wordStart, WEIGHT.title) +
    fieldScore(doc.keywords, term, wordStart, WEIGHT.keywords) +
    fieldScore(doc.summary, term, wordStart, WEIGHT.summary) +
    fieldScore(doc.body, term, wordStart, WEIGHT.body)
  );
}

function bigrams(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= term.length; i++) out.push(term.slice(i, i + 2));
  return out;
}

function rank(docs: SearchDoc[], words: string[], phrase: string, minHits: number): Explainer[] {
  const terms = words.map(toTerm);
  const scored: { e: Explainer; score: number; order: number }[] = [];
  docs.forEach((doc, order) => {
    let score = 0;
    let hits = 0;
    for (const t of terms) {
      const s = termScore(doc, t);
      if (s > 0) hits++;
      score += s;
    }
    if (hits < minHits) return;
    if (terms.length > 1 && doc.title.includes(phrase)) score += 2 * WEIGHT.title;
    else if (terms.length > 1 && doc.keywords.includes(phrase)) score += WEIGHT.keywords;
    scored.push({ e: doc.explainer, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((s) => s.e);
}

/**
 * Case-insensitive search over title, keywords, summary and body (including
 * tables) in the given locale and in English. Every query word must match
 * somewhere; results with title hits rank first. If nothing matches all words,
 * falls back to looser matching (any word; CJK runs split into bigrams).
 */
export function searchExplainers(query: string, locale: Locale): Explainer[] {
  const phrase = fold(query.trim().replace(/\s+/g, ' '));
  if (!phrase) return [];
  const terms = [...new Set(phrase.split(/[\s,，、;；]+/).filter(Boolean))];
  if (terms.length === 0) return [];
  const docs = docsFor(locale);
  const strict = rank(docs, terms, phrase, terms.length);
  if (strict.length > 0) return strict;
  const loose = [...new Set(terms.flatMap((t) => (CJK.test(t) && t.length > 2 ? bigrams(t) : [t])))];
  return rank(docs, loose, phrase, Math.max(1, Math.ceil(loose.length / 2)));
}
