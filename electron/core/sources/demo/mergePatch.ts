/**
 * JSON Merge Patch (RFC 7386): objects merge key by key, `null` deletes a key, anything else
 * (arrays included) replaces. Returns a new value; the target is not changed.
 */
import { deepClone } from './objectStore';

export function applyMergePatch<T>(target: T, patch: unknown): T {
  return mergeInto(deepClone(target), patch) as T;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepClone(patch);
  const out: Record<string, unknown> = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const v = patch[key];
    if (v === null) delete out[key];
    else out[key] = mergeInto(out[key], v);
  }
  return out;
}
