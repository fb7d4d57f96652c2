/**
 * Prometheus text exposition format 0.0.4 of DCGM samples, as dcgm-exporter serves it at
 * /metrics: one `# HELP` and `# TYPE` per family, then one line per GPU.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { DcgmLabels, DcgmSample } from '../dcgm';
import { DCGM_FIELDS, DCGM_HELP } from '../dcgm';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** dcgm-exporter's label order. */
const LABEL_ORDER: (keyof DcgmLabels)[] = ['gpu', 'UUID', 'device', 'modelName', 'Hostname', 'container', 'namespace', 'pod'];

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelBlock(labels: DcgmLabels): string {
  const parts: string[] = [];
  for (const k of LABEL_ORDER) {
    const v = labels[k];
    if (v !== undefined) parts.push(`${k}="${escapeLabelValue(v)}"`);
  }
  return `{${parts.join(',')}}`;
}

export function renderDcgmExposition(samples: DcgmSample[], timestampMs?: number): string {
  const blocks = samples.map((s) => labelBlock(s.labels));
  const ts = timestampMs === undefined ? '' : ` ${Math.round(timestampMs)}`;
  const lines: string[] = [];
  for (const field of DCGM_FIELDS) {
    const meta = DCGM_HELP[field];
    lines.push(`# HELP ${field} ${escapeHelp(meta.help)}`);
    lines.push(`# TYPE ${field} ${meta.type}`);
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i].values[field];
      if (v === undefined) continue;
      lines.push(`${field}${blocks[i]} ${formatValue(v)}${ts}`);
    }
  }
  return lines.join('\n') + '\n';
}
