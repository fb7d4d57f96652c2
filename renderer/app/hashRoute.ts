/**
 * Routes live in the URL hash (`#/nodes/gpu-h100-a-0003`, `#/gpus?select=node/3`,
 * `#/workloads/PyTorchJob/ns/name`) so that every detail pane can be deep-linked, works from
 * file:// in Electron, and survives a reload. Pure parse/format; the hook is in useRoute.ts.
 */
export interface HashRoute {
  /** First segment: the view id ('overview', 'gpus', …). */
  view: string;
  /** Remaining path segments, decoded. */
  params: string[];
  query: Record<string, string>;
}

export const DEFAULT_VIEW = 'overview';

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function parseHash(hash: string): HashRoute {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const search = q >= 0 ? raw.slice(q + 1) : '';
  const segments = path.split('/').filter(Boolean).map(safeDecode);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  return { view: segments[0] || DEFAULT_VIEW, params: segments.slice(1), query };
}

export function formatHash(route: { view: string; params?: readonly string[]; query?: Record<string, string | undefined> }): string {
  const path = [route.view, ...(route.params ?? [])].map((s) => encodeURIComponent(s)).join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(route.query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  // Keep '/' readable in GPU ids (`select=node/3`): it is legal in a query.
  return `#/${path}${qs ? `?${qs.replace(/%2F/gi, '/')}` : ''}`;
}
