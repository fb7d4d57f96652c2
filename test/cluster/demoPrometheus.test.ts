/**
 * A real Prometheus (Debian's, started here) scrapes the demo's `/metrics` on the headless
 * serve's port, and PromQL answers with the DCGM series as dcgm-exporter names and labels them:
 * one series per GPU and metric on the `region` preset (64 nodes × 8 GPUs), the GPUs of running
 * pods labelled with the pod, and the same allocation the console reports in /api/summary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleBackend } from '../../electron/core/backend/consoleBackend';
import { startServer, type RunningServer } from '../../electron/core/serve/httpServer';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';
import { startPrometheus, type PrometheusServer } from './controlPlane';

const DCGM_NAMES = [
  'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE', 'DCGM_FI_DEV_GPU_TEMP',
  'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_SM_CLOCK', 'DCGM_FI_DEV_XID_ERRORS',
];

interface PromSample { metric: Record<string, string>; value: [number, string] }

let tmp: string;
let backend: ConsoleBackend;
let server: RunningServer;
let prom: PrometheusServer;

async function query(q: string): Promise<PromSample[]> {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = await res.json() as { status: string; data: { result: PromSample[] } };
  if (body.status !== 'success') throw new Error(`PromQL ${q}: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-demo-prom-'));
  // The clock stands still (realtime off) so Prometheus and /api/summary see the same cluster.
  backend = new ConsoleBackend({ dataDir: tmp, initialSource: { kind: 'demo', preset: 'region' }, realtime: false });
  await backend.start();
  const demo = backend.currentSource();
  if (!(demo instanceof DemoSource)) throw new Error('expected the demo source');
  demo.advance(120_000); // pods scheduled and running, GPUs sampled
  server = await startServer({ backend, rendererDir: tmp, host: '127.0.0.1', port: 0 });
  prom = await startPrometheus({ scrapeTarget: `127.0.0.1:${server.port}` });
});

afterAll(async () => {
  await prom?.stop();
  await server?.close();
  await backend?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Prometheus scraping the demo', () => {
  it('holds every DCGM series of the region preset: 512 GPUs × 7 metrics', async () => {
    const byName = await eventually('the first scrape', async () => {
      const r = await query('count by (__name__) ({__name__=~"DCGM_FI_DEV_.*"})');
      return r.length === DCGM_NAMES.length ? r : undefined;
    });
    expect(Object.fromEntries(byName.map((s) => [s.metric.__name__, Number(s.value[1])]))).toEqual(Object.fromEntries(DCGM_NAMES.map((n) => [n, 512])));
  });

  it('labels each series as dcgm-exporter does, and one node answers for its 8 GPUs', async () => {
    const all = await query('DCGM_FI_DEV_GPU_UTIL');
    const node = all[0].metric.Hostname;
    const one = await query(`DCGM_FI_DEV_GPU_UTIL{Hostname="${node}"}`);
    expect(one.map((s) => s.metric.gpu).sort((a, b) => Number(a) - Number(b))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    for (const s of one) {
      expect(s.metric).toMatchObject({ Hostname: node, device: `nvidia${s.metric.gpu}` });
      expect(s.metric.UUID).toMatch(/^GPU-[0-9a-f-]{36}$/);
      expect(s.metric.modelName).toMatch(/^NVIDIA (H100|A100)/);
      const util = Number(s.value[1]);
      expect(util).toBeGreaterThanOrEqual(0);
      expect(util).toBeLessThanOrEqual(100);
    }
  });

  it('the GPUs whose series name a pod are the GPUs /api/summary counts as allocated', async () => {
    const withPod = await query('count(DCGM_FI_DEV_GPU_UTIL{pod!=""})');
    const labelled = await query('DCGM_FI_DEV_GPU_UTIL{pod!=""}');
    expect(labelled.every((s) => s.metric.namespace && s.metric.container)).toBe(true);
    const summary = await (await fetch(`http://127.0.0.1:${server.port}/api/summary?token=${server.token}`)).json() as { gpus: { total: number; allocated: number } };
    expect(summary.gpus.total).toBe(512);
    expect(Number(withPod[0].value[1])).toBe(summary.gpus.allocated);
  });
});
