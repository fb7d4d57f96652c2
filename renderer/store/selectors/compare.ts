/**
 * Shared collators. `a.localeCompare(b, undefined, opts)` builds a collator per call, which
 * cost ~300 ms per second on the 2,000-node map at 1000× speed; one Intl.Collator is ~50× faster.
 * Kubernetes names are ASCII, so a fixed locale keeps the order the same in every UI language.
 */
const natural = new Intl.Collator('en', { numeric: true });
const plain = new Intl.Collator('en');

/** "gpu-a-2" before "gpu-a-10". */
export const compareNames: (a: string, b: string) => number = natural.compare;
export const compareText: (a: string, b: string) => number = plain.compare;
