/**
 * PromQL for dcgm-exporter series and the normalization of query results into DcgmSample.
 *
 * The same dcgm-exporter series reach Prometheus under different label spellings depending
 * on how it is scraped:
 *   - dcgm-exporter itself writes `Hostname`, `gpu`, `UUID`, `device`, `modelName`, and
 *     `pod`/`namespace`/`container` of the workload using the GPU;
 *   - a Prometheus Operator ServiceMonitor (honorLabels: false, the default) attaches the
 *     exporter's own target labels `pod`/`namespace`/`container`, so the workload's labels are
 *     renamed `exported_pod`/`exported_namespace`/`exported_container`;
 *   - some charts relabel `Hostname` to `hostname` (or only carry `node`/`kubernetes_node`).
 * We read every spelling and hand the model dcgm-exporter's own names.
 */
import { DCGM_FIELDS, type DcgmField, type DcgmLabels, type DcgmSample } from '../dcgm';

/** One instant query for every field the model reads (one round trip per poll). */
export function dcgmInstantQuery(fields: readonly DcgmField[] = DCGM_FIELDS): string {
  return `{__name__=~"${fields.join('|')}"}`;
}

export interface PromVectorItem { metric?: Record<string, string>; value?: [number, string] }
export interface PromMatrixItem { metric?: Record<string, string>; values?: [number, string][] }

const FIELD_SET = new Set<string>(DCGM_FIELDS);

/** Labels that name the GPU's workload; the exported_ spelling wins when the scrape renamed them. */
const WORKLOAD_LABELS = ['pod', 'namespace', 'container'] as const;

/**
 * Group an instant-query vector into one DcgmSample per GPU.
 *
 * When a scrape job renames labels (any of its series carries `exported_pod`/`exported_namespace`),
 * a series of that job without them is an idle GPU: its plain `pod`/`namespace` are the exporter's
 * own, not a workload's, and are dropped.
 */
export function normalizeDcgmVector(result: unknown): DcgmSample[] {
  if (!Array.isArray(result)) return [];
  const renamingJobs = new Set<string>();
  for (const item of result as PromVectorItem[]) {
    const m = item?.metric;
    if (m && (m.exported_pod !== undefined || m.exported_namespace !== undefined)) renamingJobs.add(m.job ?? '');
  }
  const byGpu = new Map<string, DcgmSample>();
  for (const item of result as PromVectorItem[]) {
    const m = item?.metric;
    if (!m || typeof m !== 'object') continue;
    const field = m.__name__;
    if (!field || !FIELD_SET.has(field)) continue;
    const raw = Array.isArray(item.value) ? item.value[1] : undefined;
    const value = typeof raw === 'string' ? Number(raw) : NaN;
    if (!Number.isFinite(value)) continue;
    const labels = dcgmLabels(m, renamingJobs.has(m.job ?? ''));
    if (!labels) continue;
    const key = labels.UUID || `${labels.Hostname}/${labels.gpu}`;
    let s = byGpu.get(key);
    if (!s) {
      s = { labels, values: {} };
      byGpu.set(key, s);
    } else {
      // Fill in workload labels a later series has (fields of one GPU can come from two scrapes).
      for (const k of WORKLOAD_LABELS) if (!s.labels[k] && labels[k]) s.labels[k] = labels[k];
    }
    s.values[field as DcgmField] = value;
  }
  return [...byGpu.values()];
}

/** dcgm-exporter's labels from a Prometheus label set, whichever spelling it used; undefined without a GPU identity. */
export function dcgmLabels(m: Record<string, string>, renamedByScrape = m.exported_pod !== undefined || m.exported_namespace !== undefined): DcgmLabels | undefined {
  const gpu = m.gpu ?? m.minor_number;
  const UUID = m.UUID ?? m.uuid ?? '';
  const Hostname = m.Hostname ?? m.hostname ?? m.node ?? m.kubernetes_node ?? '';
  if (gpu === undefined && !UUID) return undefined;
  const labels: DcgmLabels = {
    gpu: gpu ?? '',
    UUID,
    device: m.device ?? (gpu !== undefined ? `nvidia${gpu}` : ''),
    modelName: m.modelName ?? m.modelname ?? m.model_name ?? '',
    Hostname,
  };
  for (const k of WORKLOAD_LABELS) {
    const v = renamedByScrape ? m[`exported_${k}`] : (m[`exported_${k}`] ?? m[k]);
    if (v) labels[k] = v;
  }
  return labels;
}

/** A PromQL string literal. */
export function promString(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Label spellings to try for each DcgmLabels key in a selector. */
const SPELLINGS: Record<keyof DcgmLabels, string[]> = {
  gpu: ['gpu'],
  UUID: ['UUID'],
  device: ['device'],
  modelName: ['modelName'],
  Hostname: ['Hostname', 'hostname'],
  pod: ['pod', 'exported_pod'],
  namespace: ['namespace', 'exported_namespace'],
  container: ['container', 'exported_container'],
};

/**
 * A PromQL expression for one field restricted to `selector`, accepting every label spelling:
 * `F{Hostname="n",gpu="3"} or F{hostname="n",gpu="3"}`.
 */
export function dcgmSelectorQuery(field: DcgmField, selector: Partial<DcgmLabels>): string {
  if (!FIELD_SET.has(field)) throw new Error(`Unknown DCGM field ${field}`);
  let alternatives: string[][] = [[]];
  for (const [key, value] of Object.entries(selector) as [keyof DcgmLabels, string | undefined][]) {
    if (value === undefined || value === '') continue;
    const names = SPELLINGS[key];
    if (!names) continue;
    const next: string[][] = [];
    for (const alt of alternatives) for (const n of names) next.push([...alt, `${n}=${promString(value)}`]);
    alternatives = next;
  }
  return alternatives.map((matchers) => `${field}{${matchers.join(',')}}`).join(' or ');
}
