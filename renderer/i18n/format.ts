/**
 * Locale-aware formatting of numbers, percentages, durations, dates and units, with Intl.
 * Pure functions of (locale, value); formatter objects are cached because Intl constructors
 * are slow and tables format thousands of cells.
 */
import type { Locale } from '../../shared/explainers/types';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function nf(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

function df(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

function lf(locale: Locale): Intl.ListFormat {
  const key = `l|${locale}`;
  let f = cache.get(key) as Intl.ListFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' })));
  return f;
}

export const DASH = '—';

export function formatNumber(locale: Locale, n: number | undefined, maxFraction = 0): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: maxFraction }).format(n);
}

/** `value` is a percentage (0–100), as DCGM reports utilization. */
export function formatPercent(locale: Locale, value: number | undefined, maxFraction = 0): string {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  return nf(locale, { style: 'percent', maximumFractionDigits: maxFraction }).format(value / 100);
}

/** A share (0–1) as a percentage. */
export function formatShare(locale: Locale, share: number | undefined): string {
  return share === undefined ? DASH : formatPercent(locale, share * 100);
}

function unit(locale: Locale, u: string, n: number, maxFraction = 0, display: 'narrow' | 'short' = 'narrow'): string {
  return nf(locale, { style: 'unit', unit: u, unitDisplay: display, maximumFractionDigits: maxFraction }).format(n);
}

/**
 * Duration with at most `parts` units, largest first: "2h 5m", "3d 4h", "45s" (en);
 * "2小时5分钟" (zh-CN).
 */
export function formatDuration(locale: Locale, seconds: number | undefined, parts = 2): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return DASH;
  let s = Math.max(0, Math.round(seconds));
  const units: [string, number][] = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const out: string[] = [];
  for (const [name, size] of units) {
    if (out.length >= parts) break;
    const v = Math.floor(s / size);
    if (v > 0 || (name === 'second' && out.length === 0)) {
      out.push(unit(locale, name, v));
      s -= v * size;
    } else if (out.length > 0) {
      break; // "2h" rather than "2h 0m"
    }
  }
  return lf(locale).format(out);
}

export function formatMs(locale: Locale, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  return unit(locale, 'millisecond', ms, ms < 10 ? 1 : 0, 'short');
}

export function formatTemp(locale: Locale, c: number | undefined): string {
  return c === undefined ? DASH : unit(locale, 'celsius', c);
}

/** Watts have no Intl unit; the SI symbol reads the same in both languages. */
export function formatWatts(locale: Locale, w: number | undefined): string {
  return w === undefined ? DASH : `${formatNumber(locale, w)} W`;
}

/** Frame buffer memory, reported by DCGM in MiB, shown in GiB. */
export function formatMiB(locale: Locale, mib: number | undefined): string {
  if (mib === undefined) return DASH;
  return mib >= 1024 ? `${formatNumber(locale, mib / 1024, 1)} GiB` : `${formatNumber(locale, mib)} MiB`;
}

export function formatDateTime(locale: Locale, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  return df(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

export function formatTime(locale: Locale, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  return df(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);
}

export function formatClock(locale: Locale, ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return DASH;
  return df(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);
}

export interface Formatters {
  locale: Locale;
  number(n: number | undefined, maxFraction?: number): string;
  percent(value: number | undefined, maxFraction?: number): string;
  share(share: number | undefined): string;
  duration(seconds: number | undefined, parts?: number): string;
  ms(ms: number | undefined): string;
  temp(c: number | undefined): string;
  watts(w: number | undefined): string;
  mib(mib: number | undefined): string;
  dateTime(ms: number | undefined): string;
  time(ms: number | undefined): string;
  clock(ms: number | undefined): string;
}

export function formattersFor(locale: Locale): Formatters {
  return {
    locale,
    number: (n, f) => formatNumber(locale, n, f),
    percent: (v, f) => formatPercent(locale, v, f),
    share: (s) => formatShare(locale, s),
    duration: (s, p) => formatDuration(locale, s, p),
    ms: (v) => formatMs(locale, v),
    temp: (c) => formatTemp(locale, c),
    watts: (w) => formatWatts(locale, w),
    mib: (m) => formatMiB(locale, m),
    dateTime: (v) => formatDateTime(locale, v),
    time: (v) => formatTime(locale, v),
    clock: (v) => formatClock(locale, v),
  };
}
