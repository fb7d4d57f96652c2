/**
 * A model reason (`ReasonView`: code + parameters, shared/reasons.ts) as text in the user's
 * language: templates from the `reasons` namespace (`code.<code>`), numbers, durations and
 * units through Intl (format.ts), XID names from shared/xid.ts in the locale. Pure: the
 * translate function is passed in (react-i18next in the app, an i18next instance in tests).
 *
 * Anything this renderer does not know — an unknown code (a newer backend), a missing or
 * mistyped parameter, an unknown XID — gives undefined, and the caller shows the model's
 * English text instead (`reasonText`).
 */
import type { Locale } from '../../shared/explainers/types';
import { isReasonCode, REASON_SPECS, type ReasonParamKind, type ReasonSpec } from '../../shared/reasons';
import type { ReasonView } from '../../shared/views';
import { xidInfo } from '../../shared/xid';
import { formattersFor } from './format';

/** Looks a key up in the `reasons` namespace; undefined when the key does not exist. */
export type ReasonTranslate = (key: string, vars?: Record<string, string>) => string | undefined;

export type ParamFormat = (value: number | string) => string;

export interface ReasonFormatContext {
  locale: Locale;
  translate: ReasonTranslate;
  /** How numbers of each kind are shown; by default the locale's Intl formatters. */
  numbers?: Partial<Record<NumericKind, ParamFormat>>;
}

type NumericKind = Exclude<ReasonParamKind, TextKind>;
type TextKind = 'text' | 'role' | 'nodeCondition' | 'actionKind';
const TEXT_KINDS: ReadonlySet<ReasonParamKind> = new Set<TextKind>(['text', 'role', 'nodeCondition', 'actionKind']);

/** Nesting deeper than this is not something the model sends. */
const MAX_DEPTH = 6;

export function intlNumbers(locale: Locale): Record<NumericKind, ParamFormat> {
  const f = formattersFor(locale);
  return {
    count: (v) => f.number(Number(v)),
    number: (v) => f.number(Number(v), 2),
    duration: (v) => f.duration(Number(v)),
    ms: (v) => f.ms(Number(v)),
    celsius: (v) => f.temp(Number(v)),
    // Intl has no hertz unit; "MHz" reads the same in both languages.
    mhz: (v) => `${f.number(Number(v))} MHz`,
    percent: (v) => f.percent(Number(v)),
    xid: (v) => String(v),
  };
}

const intlCache = new Map<Locale, Record<NumericKind, ParamFormat>>();
function defaultNumbers(locale: Locale): Record<NumericKind, ParamFormat> {
  let n = intlCache.get(locale);
  if (!n) intlCache.set(locale, (n = intlNumbers(locale)));
  return n;
}

export function formatReason(reason: ReasonView | undefined, ctx: ReasonFormatContext): string | undefined {
  return format(reason, ctx, 0);
}

/** The reason in the user's language, else the model's English text. */
export function reasonText(reason: ReasonView | undefined, fallback: string, ctx: ReasonFormatContext): string {
  return format(reason, ctx, 0) ?? fallback;
}

/**
 * Several whole sentences (each with its own code) one after another, in the user's language;
 * the backend's English (`fallback`, the same sentences joined by a space) when any is unknown.
 */
export function sentencesText(reasons: readonly ReasonView[] | undefined, fallback: string, ctx: ReasonFormatContext): string {
  if (!reasons || reasons.length === 0) return fallback;
  const out: string[] = [];
  for (const r of reasons) {
    const s = format(r, ctx, 0);
    if (s === undefined) return fallback;
    out.push(s);
  }
  // Each sentence ends with its own full stop ("." / "。"); a space between reads well in both languages.
  return out.join(' ');
}

function format(r: ReasonView | undefined, ctx: ReasonFormatContext, depth: number): string | undefined {
  if (!r || typeof r.code !== 'string' || depth > MAX_DEPTH || !isReasonCode(r.code)) return undefined;
  if (r.code === 'list') {
    if (!Array.isArray(r.parts) || r.parts.length === 0) return undefined;
    const out: string[] = [];
    for (const p of r.parts) {
      const s = format(p, ctx, depth + 1);
      if (s === undefined) return undefined;
      out.push(s);
    }
    return out.join(ctx.translate('list.separator') ?? '; ');
  }
  const spec: ReasonSpec = REASON_SPECS[r.code];
  const vars: Record<string, string> = {};
  for (const [name, kind] of Object.entries(spec.params)) {
    const s = param(kind, r.params?.[name], ctx);
    if (s === undefined) return undefined;
    vars[name] = s;
    if (kind === 'xid') {
      const info = xidInfo(Number(r.params![name]));
      if (!info) return undefined;
      vars[`${name}Name`] = info.name[ctx.locale];
    }
  }
  for (const name of spec.nested ?? []) {
    const s = format(r.nested?.[name], ctx, depth + 1);
    if (s === undefined) return undefined;
    vars[name] = s;
  }
  if (spec.plural === undefined) return ctx.translate(`code.${r.code}`, vars);
  // i18next's plural suffixes, picked by the locale's rules (Chinese has only `_other`).
  const form = pluralRules(ctx.locale).select(Number(r.params?.[spec.plural]));
  return ctx.translate(`code.${r.code}_${form}`, vars) ?? ctx.translate(`code.${r.code}_other`, vars);
}

const pluralCache = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let p = pluralCache.get(locale);
  if (!p) pluralCache.set(locale, (p = new Intl.PluralRules(locale)));
  return p;
}

function param(kind: ReasonParamKind, value: unknown, ctx: ReasonFormatContext): string | undefined {
  if (TEXT_KINDS.has(kind)) {
    if (typeof value !== 'string') return undefined;
    if (kind === 'role') return ctx.translate(`role.${value}`) ?? value;
    if (kind === 'nodeCondition') return ctx.translate(`condition.${value}`) ?? value;
    if (kind === 'actionKind') return ctx.translate(`actionKind.${value}`) ?? value;
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const k = kind as NumericKind;
  return (ctx.numbers?.[k] ?? defaultNumbers(ctx.locale)[k])(value);
}
