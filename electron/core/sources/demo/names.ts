/**
 * Names and identifiers the way Kubernetes mints them: pod name suffixes from the API server's
 * alphabet (no vowels, no 0/1/3 — k8s.io/apimachinery/pkg/util/rand), ReplicaSet template
 * hashes, UIDs, and Event names (`<object>.<hex timestamp>`).
 */
import { Rng, hashString } from './rng';

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random 5-character suffix, as generateName produces. */
export function nameSuffix(rng: Rng, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[rng.int(SUFFIX_ALPHABET.length)];
  return s;
}

/** pod-template-hash of a Deployment (stable per name, like the real hash of the template). */
export function templateHash(deployment: string): string {
  let h = hashString(deployment);
  let s = '';
  for (let i = 0; i < 10; i++) {
    s += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length];
    h = Math.floor(h / SUFFIX_ALPHABET.length) || hashString(s + deployment);
  }
  return s;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/** An RFC 4122 version 4 UUID from the stream. */
export function uuid(rng: Rng): string {
  const a = hex32(rng.u32());
  const b = rng.u32();
  const c = rng.u32();
  const d = hex32(rng.u32());
  const b1 = HEX[(b >>> 24) & 255] + HEX[(b >>> 16) & 255];
  const b2 = HEX[0x40 | ((b >>> 8) & 0x0f)] + HEX[b & 255];
  const c1 = HEX[0x80 | ((c >>> 24) & 0x3f)] + HEX[(c >>> 16) & 255];
  const c2 = HEX[(c >>> 8) & 255] + HEX[c & 255];
  return `${a}-${b1}-${b2}-${c1}-${c2}${d}`;
}

/** A stable UUID derived from a name (GPU UUIDs, machine ids): the same node always has the same GPUs. */
export function stableUuid(name: string): string {
  const rng = new Rng(hashString(name));
  return uuid(rng);
}

/** 32 hex characters without dashes (machine-id, boot-id style). */
export function stableHex32(name: string): string {
  return stableUuid(name).replace(/-/g, '');
}
