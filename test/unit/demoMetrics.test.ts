import { describe, expect, it } from 'vitest';
import { DemoSource, renderDcgmExposition } from '../../electron/core/sources/demo';
import { DCGM_FIELDS } from '../../electron/core/sources/dcgm';
import type { DcgmSample } from '../../electron/core/sources/dcgm';

interface Parsed { help: Map<string, string>; type: Map<string, string>; samples: { name: string; labels: Record<string, string>; value: number; ts?: number }[] }

/** A strict parser of the Prometheus text format 0.0.4 (enough to reject malformed output). */
function parseExposition(text: string): Parsed {
  const out: Parsed = { help: new Map(), type: new Map(), samples: [] };
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    let m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      expect(out.help.has(m[1])).toBe(false);
      out.help.set(m[1], m[2]);
      continue;
    }
    m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (m) {
      expect(out.samples.some((s) => s.name === m![1])).toBe(false); // TYPE before its samples
      out.type.set(m[1], m[2]);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (\S+)(?: (-?\d+))?$/.exec(line);
    expect(m, `malformed line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const lm of m![2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g)) {
      labels[lm[1]] = lm[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = Number(m![3]);
    expect(Number.isNaN(value) && m![3] !== 'NaN').toBe(false);
    out.samples.push({ name: m![1], labels, value, ts: m![4] ? Number(m![4]) : undefined });
  }
  return out;
}

describe('DCGM metrics exposition', () => {
  it('serves every DCGM family with HELP and TYPE and one sample per GPU, labelled like dcgm-exporter', () => {
    const src = new DemoSource({ preset: 'region', realtime: false });
    src.advance(10_000);
    const parsed = parseExposition(src.metricsText());
    for (const f of DCGM_FIELDS) {
      expect(parsed.help.get(f)).toBeTruthy();
      expect(parsed.type.get(f)).toBe('gauge');
      expect(parsed.samples.filter((s) => s.name === f)).toHaveLength(512);
    }
    const util = parsed.samples.filter((s) => s.name === 'DCGM_FI_DEV_GPU_UTIL');
    const assigned = util.find((s) => s.labels.pod === 'llama-70b-pretrain-master-0')!;
    expect(assigned.labels).toMatchObject({ namespace: 'llm-pretrain', container: 'pytorch', modelName: 'NVIDIA H100 80GB HBM3' });
    expect(assigned.labels.device).toBe(`nvidia${assigned.labels.gpu}`);
    expect(assigned.labels.UUID).toMatch(/^GPU-[0-9a-f-]{36}$/);
    expect(assigned.value).toBeGreaterThanOrEqual(80);
    const idle = util.find((s) => s.labels.Hostname === 'gpu-h100-c-0013')!;
    expect(idle.labels.pod).toBeUndefined();
    expect(idle.value).toBe(0);
  });

  it('keeps readings physically consistent: memory adds up, temperature and power follow load', () => {
    const src = new DemoSource({ preset: 'region', realtime: false });
    src.advance(10_000);
    const byGpu = src.dcgmSamples();
    for (const s of byGpu) {
      const v = s.values;
      expect(v.DCGM_FI_DEV_FB_USED! + v.DCGM_FI_DEV_FB_FREE!).toBeGreaterThan(80_000);
      expect(v.DCGM_FI_DEV_GPU_UTIL!).toBeGreaterThanOrEqual(0);
      expect(v.DCGM_FI_DEV_GPU_UTIL!).toBeLessThanOrEqual(100);
      expect(v.DCGM_FI_DEV_XID_ERRORS).toBe(0);
    }
    const busy = byGpu.filter((s) => s.values.DCGM_FI_DEV_GPU_UTIL! > 80);
    const idle = byGpu.filter((s) => s.values.DCGM_FI_DEV_GPU_UTIL === 0);
    const mean = (xs: DcgmSample[], f: (typeof DCGM_FIELDS)[number]) => xs.reduce((a, s) => a + s.values[f]!, 0) / xs.length;
    expect(mean(busy, 'DCGM_FI_DEV_GPU_TEMP')).toBeGreaterThan(mean(idle, 'DCGM_FI_DEV_GPU_TEMP') + 20);
    expect(mean(busy, 'DCGM_FI_DEV_POWER_USAGE')).toBeGreaterThan(mean(idle, 'DCGM_FI_DEV_POWER_USAGE') * 3);
  });

  it('escapes hostile label values (backslash, quote, newline) so they parse back unchanged', () => {
    const hostile = 'evil"pod\\name\nwith newline';
    const text = renderDcgmExposition([
      { labels: { gpu: '0', UUID: 'GPU-x', device: 'nvidia0', modelName: 'A "quoted" \\ model', Hostname: 'node\n1', pod: hostile, namespace: 'ns', container: 'c' }, values: { DCGM_FI_DEV_GPU_UTIL: 42, DCGM_FI_DEV_POWER_USAGE: 123.456 } },
    ], 1767225600000);
    const parsed = parseExposition(text);
    const util = parsed.samples.find((s) => s.name === 'DCGM_FI_DEV_GPU_UTIL')!;
    expect(util.labels.pod).toBe(hostile);
    expect(util.labels.modelName).toBe('A "quoted" \\ model');
    expect(util.labels.Hostname).toBe('node\n1');
    expect(util.value).toBe(42);
    expect(util.ts).toBe(1767225600000);
    // Families without a value are still described but have no sample lines.
    expect(parsed.help.has('DCGM_FI_DEV_SM_CLOCK')).toBe(true);
    expect(parsed.samples.filter((s) => s.name === 'DCGM_FI_DEV_SM_CLOCK')).toHaveLength(0);
  });
});
