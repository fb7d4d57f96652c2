/**
 * Strict readers for the loosely typed values inside Kubernetes objects (quantities,
 * timestamps, annotation numbers). Objects come from the network, so every reader accepts
 * `unknown`, never throws, and returns undefined for anything it does not trust.
 */

/** Longest object name Kubernetes accepts (DNS subdomain); longer names are rejected as malformed. */
export const MAX_NAME_LENGTH = 253;
/** Longest free text (reasons, storage URIs) a view carries; the rest is cut. */
export const MAX_TEXT_LENGTH = 1024;
/** A GPU count above this is treated as malformed (no node has a million GPUs). */
const MAX_COUNT = 1_000_000;

const DIGITS = /^[0-9]{1,7}$/;

/**
 * A whole, non-negative count: `8` or `"8"`. Extended resources such as nvidia.com/gpu must be
 * integers (the API server rejects fractions), so "0.5", "1k", "-1", NaN and garbage are
 * ignored (undefined) rather than guessed at.
 */
export function parseCount(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 && value <= MAX_COUNT ? value : undefined;
  }
  if (typeof value === 'string' && DIGITS.test(value)) {
    const n = Number(value);
    return n <= MAX_COUNT ? n : undefined;
  }
  return undefined;
}

/** The count of `resource` in a ResourceList (`requests`, `limits`, `capacity`, `allocatable`). */
export function resourceCount(list: unknown, resource: string): number | undefined {
  if (list === null || typeof list !== 'object') return undefined;
  return parseCount((list as Record<string, unknown>)[resource]);
}

/** ms epoch from a Date (client-node deserialized), an RFC 3339 string (raw JSON) or a number. */
export function timeMs(value: unknown): number | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value === 'string' && value.length > 0 && value.length < 64) {
    if (value.length === 20) {
      const fast = rfc3339Utc(value);
      if (fast !== undefined) return fast;
    }
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/**
 * "2025-05-01T12:00:00Z", the form the API server writes metadata timestamps in, without
 * Date.parse (a third of the cost of reading a pod was parsing its creationTimestamp).
 */
function rfc3339Utc(s: string): number | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 90) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A finite number from an annotation value ("12.5"); undefined when absent or not a number. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Like numberValue, but only values ≥ 0. */
export function nonNegative(value: unknown): number | undefined {
  const n = numberValue(value);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** A string cut to MAX_TEXT_LENGTH; undefined for non-strings and empty strings. */
export function text(value: unknown, max = MAX_TEXT_LENGTH): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** A valid object name (or namespace): a non-empty string of at most MAX_NAME_LENGTH. */
export function validName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

/** A string-to-string map (labels, annotations, selectors); anything else reads as empty. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  return value !== null && typeof value === 'object' ? (value as Record<string, string>) : EMPTY;
}
const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** "12 s", "47 min", "3.5 h": short English durations for reasons. */
export function durationText(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 90) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  const h = s / 3600;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}

/**
 * Seconds rounded to what durationText shows (47 min → 2820), for reason codes: the renderer
 * formats them in the user's locale, and equal texts give equal parameters.
 */
export function durationParam(sec: number): number {
  const s = Math.max(0, Math.round(sec));
  if (s < 90) return s;
  if (s < 2 * 3600) return Math.round(s / 60) * 60;
  const h = s / 3600;
  return Math.round((h < 10 ? Number(h.toFixed(1)) : Math.round(h)) * 3600);
}
