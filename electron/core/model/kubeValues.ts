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
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
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
