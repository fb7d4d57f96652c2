/**
 * The Prometheus client and DCGM normalization, fed recorded-shape Prometheus HTTP API
 * answers from a tiny server on 127.0.0.1 (a fixture for the parser, not a cluster).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DcgmSample } from '../../electron/core/sources/dcgm';
import type { SourceStatus } from '../../electron/core/sources/clusterSource';
import { dcgmInstantQuery, dcgmSelectorQuery, normalizeDcgmVector } from '../../electron/core/sources/prometheus/dcgmQuery';
import { parsePrometheusEndpoint, PrometheusSource, type MetricsState } from '../../electron/core/sources/prometheus/prometheusSource';
import { KubeSource } from '../../electron/core/sources/kube/kubeSource';
import { expectCodeSays } from './reasonEnglish';

/** Down with exactly this sentence, and a reason code that says the same (for the UI's language). */
function expectDown(state: MetricsState | undefined, message: string): void {
  expect(state).toEqual({ state: 'down', message, messageCode: expect.anything() });
  expectCodeSays('metrics', state!.message, state!.messageCode);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Served { url: string; queries: URL[]; headers: http.IncomingHttpHeaders[] }

async function serve(handler: (u: URL, res: http.ServerResponse) => void): Promise<Served> {
  const queries: URL[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    queries.push(u);
    headers.push(req.headers);
    handler(u, res);
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queries, headers };
}

const H100 = 'NVIDIA H100 80GB HBM3';
const AT = 1767225600.123;

/** dcgm-exporter scraped with honorLabels (its own label names). */
const direct = (name: string, gpu: string, value: string) => ({
  metric: {
    __name__: name, gpu, UUID: `GPU-aaaa000${gpu}`, device: `nvidia${gpu}`, modelName: H100, Hostname: 'gpu-node-0001',
    pod: 'llama-70b-worker-0', namespace: 'llm-pretrain', container: 'pytorch',
    DCGM_FI_DRIVER_VERSION: '550.54.15', instance: '10.0.0.5:9400', job: 'dcgm-exporter',
  },
  value: [AT, value],
});

/** The same exporter behind a Prometheus Operator ServiceMonitor: workload labels renamed exported_*. */
const renamed = (name: string, gpu: string, value: string, workload?: { pod: string; namespace: string; container: string }) => ({
  metric: {
    __name__: name, gpu, UUID: `GPU-bbbb000${gpu}`, device: `nvidia${gpu}`, modelName: H100, hostname: 'gpu-node-0002',
    ...(workload ? { exported_pod: workload.pod, exported_namespace: workload.namespace, exported_container: workload.container } : {}),
    pod: 'nvidia-dcgm-exporter-x7k2p', namespace: 'gpu-operator', container: 'nvidia-dcgm-exporter',
    endpoint: 'gpu-metrics', service: 'nvidia-dcgm-exporter', instance: '10.0.0.6:9400', job: 'nvidia-dcgm-exporter',
  },
  value: [AT, value],
});

const vllm = { pod: 'vllm-llama-0', namespace: 'inference-prod', container: 'server' };
const RECORDED = {
  status: 'success',
  data: {
    resultType: 'vector',
    result: [
      direct('DCGM_FI_DEV_GPU_UTIL', '0', '97'),
      direct('DCGM_FI_DEV_FB_USED', '0', '71234'),
      direct('DCGM_FI_DEV_GPU_TEMP', '0', '71'),
      direct('DCGM_FI_DEV_POWER_USAGE', '0', '612.5'),
      direct('DCGM_FI_DEV_XID_ERRORS', '0', '0'),
      renamed('DCGM_FI_DEV_GPU_UTIL', '1', '35', vllm),
      renamed('DCGM_FI_DEV_FB_FREE', '1', '40000', vllm),
      renamed('DCGM_FI_DEV_GPU_UTIL', '2', '0'),
      renamed('DCGM_FI_DEV_SM_CLOCK', '2', 'NaN'),
      { metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL' }, value: [AT, '5'] },
      { metric: { __name__: 'up', gpu: '0', Hostname: 'gpu-node-0001' }, value: [AT, '1'] },
    ],
  },
};

function byHost(samples: DcgmSample[]): Record<string, DcgmSample> {
  return Object.fromEntries(samples.map((s) => [`${s.labels.Hostname}/${s.labels.gpu}`, s]));
}

describe('DCGM normalization', () => {
  it('reads dcgm-exporter labels in both spellings (Hostname/hostname, pod/exported_pod) into dcgm-exporter names', () => {
    const s = byHost(normalizeDcgmVector(RECORDED.data.result));
    expect(Object.keys(s).sort()).toEqual(['gpu-node-0001/0', 'gpu-node-0002/1', 'gpu-node-0002/2']);
    expect(s['gpu-node-0001/0']).toEqual({
      labels: { gpu: '0', UUID: 'GPU-aaaa0000', device: 'nvidia0', modelName: H100, Hostname: 'gpu-node-0001', pod: 'llama-70b-worker-0', namespace: 'llm-pretrain', container: 'pytorch' },
      values: { DCGM_FI_DEV_GPU_UTIL: 97, DCGM_FI_DEV_FB_USED: 71234, DCGM_FI_DEV_GPU_TEMP: 71, DCGM_FI_DEV_POWER_USAGE: 612.5, DCGM_FI_DEV_XID_ERRORS: 0 },
    });
    expect(s['gpu-node-0002/1'].labels).toEqual({ gpu: '1', UUID: 'GPU-bbbb0001', device: 'nvidia1', modelName: H100, Hostname: 'gpu-node-0002', ...vllm });
    expect(s['gpu-node-0002/1'].values).toEqual({ DCGM_FI_DEV_GPU_UTIL: 35, DCGM_FI_DEV_FB_FREE: 40000 });
  });

  it("does not mistake the exporter's own pod for a workload on an idle GPU behind a ServiceMonitor", () => {
    const idle = byHost(normalizeDcgmVector(RECORDED.data.result))['gpu-node-0002/2'];
    expect(idle.labels.pod).toBeUndefined();
    expect(idle.labels.namespace).toBeUndefined();
    expect(idle.values).toEqual({ DCGM_FI_DEV_GPU_UTIL: 0 });
  });

  it('builds one instant query for every field and range selectors that accept both spellings', () => {
    expect(dcgmInstantQuery(['DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED'])).toBe('{__name__=~"DCGM_FI_DEV_GPU_UTIL|DCGM_FI_DEV_FB_USED"}');
    expect(dcgmSelectorQuery('DCGM_FI_DEV_GPU_TEMP', { Hostname: 'gpu-node-0001', gpu: '3' }))
      .toBe('DCGM_FI_DEV_GPU_TEMP{Hostname="gpu-node-0001",gpu="3"} or DCGM_FI_DEV_GPU_TEMP{hostname="gpu-node-0001",gpu="3"}');
    expect(dcgmSelectorQuery('DCGM_FI_DEV_GPU_UTIL', { pod: 'a"b' })).toBe('DCGM_FI_DEV_GPU_UTIL{pod="a\\"b"} or DCGM_FI_DEV_GPU_UTIL{exported_pod="a\\"b"}');
  });

  it.each([
    ['http://prometheus.monitoring:9090', { kind: 'url', base: 'http://prometheus.monitoring:9090' }],
    ['https://mon.example/prometheus/', { kind: 'url', base: 'https://mon.example/prometheus' }],
    ['service://monitoring/prometheus-k8s:9090', { kind: 'service', namespace: 'monitoring', service: 'prometheus-k8s:9090', proxyPath: '/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy' }],
    ['https://10.0.0.1:6443/api/v1/namespaces/monitoring/services/https:prometheus:9091/proxy/', { kind: 'service', namespace: 'monitoring', service: 'https:prometheus:9091', proxyPath: '/api/v1/namespaces/monitoring/services/https:prometheus:9091/proxy' }],
  ])('parses the endpoint %s', (value, want) => {
    expect(parsePrometheusEndpoint(value)).toEqual(want);
  });
});

function collector() {
  const got: { samples: DcgmSample[]; at: number }[] = [];
  const states: MetricsState[] = [];
  return { got, states, onSamples: (samples: DcgmSample[], at: number) => got.push({ samples, at }), onState: (s: MetricsState) => states.push(s) };
}

describe('PrometheusSource', () => {
  it('polls /api/v1/query and pushes normalized samples', async () => {
    const prom = await serve((u, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(RECORDED)); });
    const c = collector();
    const p = new PrometheusSource({ endpoint: parsePrometheusEndpoint(prom.url), intervalMs: 60_000, now: () => 1_000, ...c });
    cleanups.push(() => p.stop());
    await p.start();
    expect(prom.queries[0].pathname).toBe('/api/v1/query');
    expect(prom.queries[0].searchParams.get('query')).toBe(dcgmInstantQuery());
    expect(c.got).toHaveLength(1);
    expect(c.got[0].at).toBe(1_000);
    expect(c.got[0].samples).toHaveLength(3);
    expect(c.states.at(-1)).toEqual({ state: 'ok', lastScrapeAt: 1_000 });
  });

  it('goes down with the reason when Prometheus refuses, errors or is slow, and recovers', async () => {
    let mode: 'error' | 'slow' | 'ok' = 'error';
    const prom = await serve((u, res) => {
      if (mode === 'error') { res.writeHead(503, { 'Content-Type': 'text/plain' }); res.end('Service Unavailable\n'); return; }
      if (mode === 'slow') { setTimeout(() => { res.writeHead(200); res.end(JSON.stringify(RECORDED)); }, 1_000); return; }
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }));
    });
    const c = collector();
    const p = new PrometheusSource({ endpoint: parsePrometheusEndpoint(prom.url), intervalMs: 60_000, timeoutMs: 200, ...c });
    cleanups.push(() => p.stop());
    await p.start();
    expectDown(c.states.at(-1), `Prometheus at ${prom.url} answered 503: Service Unavailable`);
    mode = 'slow';
    await p.poll();
    expectDown(c.states.at(-1), `Prometheus at ${prom.url} did not answer within 0.2 s`);
    mode = 'ok';
    await p.poll();
    expectDown(c.states.at(-1), `Prometheus at ${prom.url} answered 400: bad_data: parse error at char 3`);
  });

  it('says it cannot reach a Prometheus that is not there', async () => {
    const prom = await serve(() => undefined);
    await cleanups.pop()!();
    const c = collector();
    const p = new PrometheusSource({ endpoint: parsePrometheusEndpoint(prom.url), ...c });
    cleanups.push(() => p.stop());
    await p.start();
    expectDown(c.states.at(-1), `Cannot reach Prometheus at ${prom.url} (ECONNREFUSED)`);
    expect(c.got).toEqual([]);
  });

  it('answers range queries for one GPU with points in ms', async () => {
    const prom = await serve((u, res) => {
      res.writeHead(200);
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [
        { metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', hostname: 'gpu-node-0001', gpu: '3' }, values: [[1767225600, '10'], [1767225615, '20']] },
        { metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', Hostname: 'gpu-node-0001', gpu: '3' }, values: [[1767225600, '11'], [1767225615, '21'], [1767225630, '31']] },
      ] } }));
    });
    const p = new PrometheusSource({ endpoint: parsePrometheusEndpoint(prom.url), ...collector() });
    const points = await p.rangeQuery('DCGM_FI_DEV_GPU_UTIL', { Hostname: 'gpu-node-0001', gpu: '3' }, 1767225600_000, 1767225630_000, 15_000);
    expect(points).toEqual([{ t: 1767225600_000, v: 11 }, { t: 1767225615_000, v: 21 }, { t: 1767225630_000, v: 31 }]);
    const q = prom.queries[0];
    expect(q.pathname).toBe('/api/v1/query_range');
    expect(Object.fromEntries(q.searchParams)).toEqual({
      query: 'DCGM_FI_DEV_GPU_UTIL{Hostname="gpu-node-0001",gpu="3"} or DCGM_FI_DEV_GPU_UTIL{hostname="gpu-node-0001",gpu="3"}',
      start: '1767225600', end: '1767225630', step: '15',
    });
  });
});

describe('KubeSource metrics', () => {
  function kubeconfig(server: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-prom-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, `clusters: [{ name: c, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: tok } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
`);
    return file;
  }

  /** A minimal API server: empty lists, open watches; Prometheus answers behind its service proxy. */
  async function apiServer(): Promise<Served> {
    return serve((u, res) => {
      if (u.pathname.includes('/services/prometheus-k8s:9090/proxy/api/v1/query')) { res.writeHead(200); res.end(JSON.stringify(RECORDED)); return; }
      if (u.searchParams.get('watch') === 'true') { res.writeHead(200); res.flushHeaders(); return; }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(u.pathname === '/apis' ? { groups: [] } : { metadata: { resourceVersion: '1' }, items: [] }));
    });
  }

  async function run(prometheusUrl: string | undefined, api: Served) {
    const statuses: SourceStatus[] = [];
    const metrics: DcgmSample[][] = [];
    const source = new KubeSource({ kubeconfig: kubeconfig(api.url), context: 'ctx', prometheusUrl, metricsTimeoutMs: 500, kinds: ['Node'] });
    cleanups.push(() => source.stop());
    await source.start({ onSync: () => undefined, onEvents: () => undefined, onMetrics: (s) => metrics.push(s), onStatus: (s) => statuses.push(s) });
    for (let i = 0; i < 100 && !statuses.some((s) => s.metrics.state !== 'down' || !s.metrics.message?.startsWith('Waiting')); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    return { statuses, metrics };
  }

  it('reports metrics unconfigured without a Prometheus endpoint', async () => {
    const { statuses } = await run(undefined, await apiServer());
    expect(statuses.at(-1)).toMatchObject({ state: 'live', metrics: { state: 'unconfigured' } });
  });

  it('keeps the cluster live while Prometheus is down, with the reason in the status', async () => {
    const prom = await serve(() => undefined);
    await cleanups.pop()!();
    const { statuses } = await run(prom.url, await apiServer());
    expect(statuses.at(-1)).toMatchObject({ state: 'live', metrics: { state: 'down', message: `Cannot reach Prometheus at ${prom.url} (ECONNREFUSED)` } });
    expectCodeSays('metrics down', statuses.at(-1)!.metrics.message, statuses.at(-1)!.metrics.messageCode);
  });

  it('reaches Prometheus through the API server service proxy with the kubeconfig credentials', async () => {
    const api = await apiServer();
    const { statuses, metrics } = await run('service://monitoring/prometheus-k8s:9090', api);
    expect(statuses.at(-1)?.metrics).toMatchObject({ state: 'ok' });
    expect(metrics[0]).toHaveLength(3);
    const i = api.queries.findIndex((q) => q.pathname.endsWith('/api/v1/query'));
    expect(api.queries[i].pathname).toBe('/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy/api/v1/query');
    expect(api.headers[i].authorization).toBe('Bearer tok');
  });
});
