/**
 * KubeSource's list/watch loop against a scripted HTTP endpoint on 127.0.0.1 that answers
 * like an API server (list pages, watch streams, Status errors). This is a fixture for the
 * protocol handling; the behaviour against a real API server is in test/cluster/conformance.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceSink, SourceStatus } from '../../electron/core/sources/clusterSource';
import type { KubeObject, ResourceKind, WatchEvent } from '../../electron/core/k8s/objects';
import { KubeSource, type KubeSourceOptions } from '../../electron/core/sources/kube/kubeSource';
import { backoffDelay } from '../../electron/core/sources/kube/kindWatcher';
import { expectCodeSays } from './reasonEnglish';

interface Recorded { method: string; path: string; query: URLSearchParams; headers: http.IncomingHttpHeaders; body: string }
type Handler = (req: Recorded, res: http.ServerResponse) => void;

interface FakeApi {
  url: string;
  requests: Recorded[];
  /** Open watch responses by collection path. */
  watches: Map<string, http.ServerResponse[]>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function fakeApi(handler: Handler): Promise<FakeApi> {
  const requests: Recorded[] = [];
  const watches = new Map<string, http.ServerResponse[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const u = new URL(req.url!, 'http://x');
      const r: Recorded = { method: req.method!, path: u.pathname, query: u.searchParams, headers: req.headers, body };
      requests.push(r);
      if (u.searchParams.get('watch') === 'true') {
        const list = watches.get(u.pathname) ?? [];
        list.push(res);
        watches.set(u.pathname, list);
        res.on('close', () => watches.set(u.pathname, (watches.get(u.pathname) ?? []).filter((x) => x !== res)));
      }
      handler(r, res);
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const api: FakeApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    watches,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
  cleanups.push(api.close);
  return api;
}

function kubeconfigFor(server: string, token = 'good'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-kube-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'config');
  // Plain HTTP needs insecure-skip-tls-verify in client-node.
  fs.writeFileSync(file, `apiVersion: v1
kind: Config
current-context: fake
clusters: [{ name: fake, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: tester, user: { token: ${token} } }]
contexts: [{ name: fake, context: { cluster: fake, user: tester } }]
`);
  return file;
}

interface Recorder extends SourceSink {
  syncs: { kind: ResourceKind; objects: KubeObject[] }[];
  batches: WatchEvent[][];
  statuses: SourceStatus[];
}

function recorder(): Recorder {
  const r: Recorder = {
    syncs: [], batches: [], statuses: [],
    onSync: (kind, objects) => { r.syncs.push({ kind, objects }); },
    onEvents: (events) => { r.batches.push(events); },
    onMetrics: () => undefined,
    onStatus: (s) => { r.statuses.push(s); },
  };
  return r;
}

async function startSource(api: FakeApi, sink: SourceSink, opts: Partial<KubeSourceOptions> = {}, token?: string): Promise<KubeSource> {
  const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url, token), context: 'fake', startWaitMs: 5_000, ...opts });
  cleanups.push(() => source.stop());
  await source.start(sink);
  return source;
}

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const node = (name: string, rv = '1') => ({ metadata: { name, resourceVersion: rv }, spec: {}, status: {} });
const pod = (name: string, rv = '1') => ({ metadata: { name, namespace: 'ml', resourceVersion: rv }, spec: { nodeName: 'n1' } });

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Lists from `items` per path; watches stay open until the test writes to them. */
function serveCollections(items: Record<string, unknown[]>, rv = '100'): Handler {
  return (req, res) => {
    if (req.query.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      return;
    }
    if (req.path === '/apis') return json(res, 200, { kind: 'APIGroupList', groups: [] });
    const list = items[req.path];
    if (!list) return json(res, 404, { kind: 'Status', status: 'Failure', message: `the server could not find the requested resource`, reason: 'NotFound', code: 404 });
    json(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: rv }, items: list });
  };
}

function watchLine(type: string, object: unknown): string {
  return `${JSON.stringify({ type, object })}\n`;
}

describe('KubeSource list and watch', () => {
  it('delivers the initial list with apiVersion and kind set, and skips malformed objects with a count', async () => {
    const api = await fakeApi(serveCollections({
      '/api/v1/nodes': [node('gpu-1'), { metadata: {} }, null, 'garbage', node('gpu-2')],
    }));
    const sink = recorder();
    const source = await startSource(api, sink, { kinds: ['Node'] });
    expect(sink.syncs).toHaveLength(1);
    expect(sink.syncs[0].kind).toBe('Node');
    expect(sink.syncs[0].objects.map((o) => [o.apiVersion, o.kind, o.metadata?.name])).toEqual([['v1', 'Node', 'gpu-1'], ['v1', 'Node', 'gpu-2']]);
    expect(source.malformedCount()).toBe(3);
    const live = await until('live', () => sink.statuses.find((s) => s.state === 'live'));
    expect(live.message).toBe('Skipped 3 malformed objects (no metadata.name).');
    expectCodeSays('malformed', live.message, live.messageCode);
    expect(live.lastSyncAt).toBeGreaterThan(0);
    expect(live.metrics.state).toBe('unconfigured');
  });

  it('follows continue tokens and delivers all pages as one list', async () => {
    const api = await fakeApi((req, res) => {
      if (req.query.get('watch') === 'true') { res.writeHead(200); res.flushHeaders(); return; }
      const cont = req.query.get('continue');
      if (!cont) return json(res, 200, { metadata: { resourceVersion: '7', continue: 'page2' }, items: [pod('a'), pod('b')] });
      json(res, 200, { metadata: { resourceVersion: '7' }, items: [pod('c')] });
    });
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Pod'] });
    expect(sink.syncs[0].objects.map((o) => o.metadata?.name)).toEqual(['a', 'b', 'c']);
    const lists = api.requests.filter((r) => r.query.get('watch') !== 'true');
    expect(lists.map((r) => r.query.get('limit'))).toEqual(['500', '500']);
    const watch = await until('watch request', () => api.requests.find((r) => r.query.get('watch') === 'true'));
    expect(watch.query.get('resourceVersion')).toBe('7');
    expect(watch.query.get('allowWatchBookmarks')).toBe('true');
    expect(watch.headers.authorization).toBe('Bearer good');
  });

  it('coalesces thousands of watch events into a few onEvents calls, in order', async () => {
    const api = await fakeApi(serveCollections({ '/api/v1/pods': [] }));
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Pod'] });
    const w = await until('watch open', () => api.watches.get('/api/v1/pods')?.[0]);
    const n = 5_000;
    let chunk = '';
    for (let i = 0; i < n; i++) {
      chunk += watchLine(i % 3 === 0 ? 'ADDED' : 'MODIFIED', pod(`p${i % 50}`, String(101 + i)));
      if (chunk.length > 64_000) { w.write(chunk); chunk = ''; }
    }
    w.write(chunk);
    await until('all events', () => sink.batches.flat().length === n);
    // 5,000 events in well under 1 % as many calls (a loaded machine may spread them over a few more windows).
    expect(sink.batches.length).toBeLessThan(50);
    const rvs = sink.batches.flat().map((e) => Number(e.object.metadata?.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(sink.batches.flat()[0]).toMatchObject({ type: 'ADDED', kind: 'Pod', object: { apiVersion: 'v1', kind: 'Pod' } });
  });

  it('relists (onSync again) when the watch says 410 Gone', async () => {
    let lists = 0;
    const api = await fakeApi((req, res) => {
      if (req.query.get('watch') === 'true') { res.writeHead(200); res.flushHeaders(); return; }
      lists++;
      json(res, 200, { metadata: { resourceVersion: String(lists * 100) }, items: lists === 1 ? [node('old')] : [node('new')] });
    });
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Node'] });
    const w = await until('watch open', () => api.watches.get('/api/v1/nodes')?.[0]);
    w.end(watchLine('ERROR', { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version: 100 (150)', reason: 'Expired', code: 410 }));
    await until('second sync', () => sink.syncs.length === 2);
    expect(sink.syncs.map((s) => s.objects.map((o) => o.metadata?.name))).toEqual([['old'], ['new']]);
    const watchRvs = await until('rewatch', () => {
      const rvs = api.requests.filter((r) => r.query.get('watch') === 'true').map((r) => r.query.get('resourceVersion'));
      return rvs.length >= 2 ? rvs : undefined;
    });
    expect(watchRvs.slice(0, 2)).toEqual(['100', '200']);
  });

  it('watches again from the last resourceVersion (no relist) when the server ends a watch', async () => {
    const api = await fakeApi(serveCollections({ '/api/v1/nodes': [node('a')] }, '10'));
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Node'] });
    const w = await until('watch open', () => api.watches.get('/api/v1/nodes')?.[0]);
    w.write(watchLine('MODIFIED', node('a', '11')));
    w.end(watchLine('BOOKMARK', { kind: 'Node', apiVersion: 'v1', metadata: { resourceVersion: '15' } }));
    const second = await until('second watch', () => api.requests.filter((r) => r.query.get('watch') === 'true')[1]);
    expect(second.query.get('resourceVersion')).toBe('15');
    expect(sink.syncs).toHaveLength(1);
  });

  it('reports a lost connection as reconnecting, keeps lastSyncAt, and backs off before retrying', async () => {
    let up = true;
    const api = await fakeApi((req, res) => {
      if (!up) { res.socket?.destroy(); return; }
      serveCollections({ '/api/v1/nodes': [node('a')] })(req, res);
    });
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Node'], backoff: { baseMs: 200, capMs: 400, jitter: 0 } });
    const live = await until('live', () => sink.statuses.find((s) => s.state === 'live'));
    const w = await until('watch open', () => api.watches.get('/api/v1/nodes')?.[0]);
    up = false;
    w.socket?.destroy();
    const rec = await until('reconnecting', () => sink.statuses.find((s) => s.state === 'reconnecting'));
    expect(rec.message).toMatch(/^(Cannot reach|Request to) http:\/\/127\.0\.0\.1:\d+.* — retrying in 1 s$/);
    expectCodeSays('reconnecting', rec.message, rec.messageCode);
    expect(rec.lastSyncAt).toBe(live.lastSyncAt);
    const before = api.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(api.requests.length - before).toBeLessThanOrEqual(1);
    up = true;
    await until('live again', () => sink.statuses.at(-1)?.state === 'live', 3_000);
  });

  it('turns 401 into a clear error and does not retry in a storm', async () => {
    const api = await fakeApi((req, res) => json(res, 401, { kind: 'Status', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    const sink = recorder();
    await startSource(api, sink, {}, 'expired');
    const last = sink.statuses.at(-1)!;
    expect(last.state).toBe('error');
    expect(last.message).toBe('Credentials for context fake were rejected (401 Unauthorized): the token may have expired — refresh your kubeconfig');
    expectCodeSays('401', last.message, last.messageCode);
    expect(last.messageCode?.code).toBe('source.credentialsRejected');
    const first = api.requests.length;
    // One request per kind (+ discovery for the CRD kind); then the 30 s cap.
    expect(first).toBeLessThanOrEqual(9);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(api.requests.length).toBe(first);
  });

  it('keeps the rest live when RBAC forbids one kind, and says which', async () => {
    const api = await fakeApi((req, res) => {
      if (req.path === '/api/v1/events') return json(res, 403, { kind: 'Status', status: 'Failure', code: 403, reason: 'Forbidden', message: 'events is forbidden: User "viewer" cannot list resource "events" in API group "" at the cluster scope' });
      serveCollections({ '/api/v1/nodes': [node('a')], '/api/v1/events': [] })(req, res);
    });
    const sink = recorder();
    await startSource(api, sink, { kinds: ['Node', 'Event'] });
    const last = await until('live', () => sink.statuses.find((s) => s.state === 'live'));
    expect(last.message).toBe('No permission to list events (403 Forbidden); those views stay empty.');
    expectCodeSays('403 on one kind', last.message, last.messageCode);
  });

  it('says which server it cannot reach', async () => {
    const api = await fakeApi(() => undefined);
    const url = api.url;
    await api.close();
    const sink = recorder();
    await startSource({ ...api, url }, sink, { kinds: ['Node'] });
    const last = sink.statuses.at(-1)!;
    expect(last.state).toBe('reconnecting');
    expect(last.message).toMatch(new RegExp(`^Cannot reach ${url.replace(/\./g, '\\.')} \\(ECONNREFUSED\\) — retrying in \\d+ s$`));
    expectCodeSays('unreachable', last.message, last.messageCode);
    expect(last.messageCode?.nested?.cause.code).toBe('source.unreachable');
    expect(last.lastSyncAt).toBeUndefined();
  });

  it('rejects start with the kubeconfig problem when the context does not exist', async () => {
    const api = await fakeApi(() => undefined);
    const sink = recorder();
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'prod' });
    await expect(source.start(sink)).rejects.toThrow(/Context "prod" is not defined in .* \(contexts: fake\)\./);
    expect(sink.statuses.at(-1)).toMatchObject({ state: 'error' });
  });
});

describe('training CRD discovery', () => {
  const groups = {
    kind: 'APIGroupList',
    groups: [
      { name: 'kubeflow.org', versions: [{ groupVersion: 'kubeflow.org/v1', version: 'v1' }], preferredVersion: { version: 'v1' } },
      { name: 'kueue.x-k8s.io', versions: [{ groupVersion: 'kueue.x-k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { version: 'v1beta1' } },
      { name: 'ray.io', versions: [{ groupVersion: 'ray.io/v1', version: 'v1' }], preferredVersion: { version: 'v1' } },
    ],
  };
  const resources: Record<string, unknown> = {
    '/apis/kubeflow.org/v1': { resources: [{ name: 'pytorchjobs', kind: 'PyTorchJob' }, { name: 'tfjobs', kind: 'TFJob' }] },
    '/apis/kueue.x-k8s.io/v1beta1': { resources: [{ name: 'workloads', kind: 'Workload' }] },
    '/apis/ray.io/v1': { resources: [{ name: 'rayclusters', kind: 'RayCluster' }] },
  };

  it('detects PyTorchJob, Kueue and friends from the API group list and watches PyTorchJobs', async () => {
    const job = { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 'llama', namespace: 'ml', resourceVersion: '5' }, spec: { pytorchReplicaSpecs: {} } };
    const api = await fakeApi((req, res) => {
      if (req.query.get('watch') === 'true') { res.writeHead(200); res.flushHeaders(); return; }
      if (req.path === '/apis') return json(res, 200, groups);
      if (resources[req.path]) return json(res, 200, resources[req.path]);
      if (req.path === '/apis/kubeflow.org/v1/pytorchjobs') return json(res, 200, { metadata: { resourceVersion: '5' }, items: [{ ...job, apiVersion: undefined, kind: undefined }] });
      json(res, 404, { code: 404 });
    });
    const sink = recorder();
    const source = await startSource(api, sink, { kinds: ['PyTorchJob'] });
    expect(source.detectedCrds()).toEqual(['PyTorchJob (kubeflow.org/v1)', 'Workload (kueue.x-k8s.io/v1beta1)']);
    expect(sink.syncs).toEqual([{ kind: 'PyTorchJob', objects: [expect.objectContaining({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob' })] }]);
  });

  it('watches JobSet, Volcano Job, RayJob and Kueue Workloads at the version served; a forbidden one is a note, not an error', async () => {
    const crdGroups = {
      kind: 'APIGroupList',
      groups: [
        { name: 'kueue.x-k8s.io', versions: [{ version: 'v1beta1' }], preferredVersion: { version: 'v1beta1' } },
        { name: 'jobset.x-k8s.io', versions: [{ version: 'v1alpha2' }], preferredVersion: { version: 'v1alpha2' } },
        { name: 'batch.volcano.sh', versions: [{ version: 'v1alpha1' }], preferredVersion: { version: 'v1alpha1' } },
        { name: 'ray.io', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
      ],
    };
    const crdResources: Record<string, unknown> = {
      '/apis/kueue.x-k8s.io/v1beta1': { resources: [{ name: 'workloads', kind: 'Workload' }] },
      '/apis/jobset.x-k8s.io/v1alpha2': { resources: [{ name: 'jobsets', kind: 'JobSet' }] },
      '/apis/batch.volcano.sh/v1alpha1': { resources: [{ name: 'jobs', kind: 'Job' }] },
      '/apis/ray.io/v1': { resources: [{ name: 'rayjobs', kind: 'RayJob' }, { name: 'rayclusters', kind: 'RayCluster' }] },
    };
    const item = (name: string) => ({ metadata: { name, namespace: 'ml', resourceVersion: '7' } });
    const api = await fakeApi((req, res) => {
      if (req.query.get('watch') === 'true') { res.writeHead(200); res.flushHeaders(); return; }
      if (req.path === '/apis') return json(res, 200, crdGroups);
      if (crdResources[req.path]) return json(res, 200, crdResources[req.path]);
      if (req.path === '/apis/ray.io/v1/rayjobs') {
        return json(res, 403, { kind: 'Status', code: 403, reason: 'Forbidden', message: 'rayjobs.ray.io is forbidden: User "alice" cannot list resource "rayjobs" in API group "ray.io" at the cluster scope' });
      }
      const lists: Record<string, unknown[]> = {
        '/apis/kueue.x-k8s.io/v1beta1/workloads': [item('job-etl-1a2b3')],
        '/apis/jobset.x-k8s.io/v1alpha2/jobsets': [item('llm-pretrain')],
        '/apis/batch.volcano.sh/v1alpha1/jobs': [item('mpi-bert')],
      };
      if (lists[req.path]) return json(res, 200, { metadata: { resourceVersion: '7' }, items: lists[req.path] });
      json(res, 404, { code: 404 });
    });
    const sink = recorder();
    const source = await startSource(api, sink, { kinds: ['KueueWorkload', 'JobSet', 'VolcanoJob', 'RayJob'] });
    expect(sink.syncs.map((x) => [x.kind, x.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata?.name}`)]).sort()).toEqual([
      ['JobSet', ['jobset.x-k8s.io/v1alpha2 JobSet llm-pretrain']],
      // Kueue at v1beta1, the version this cluster serves (v1beta2 is preferred where served).
      ['KueueWorkload', ['kueue.x-k8s.io/v1beta1 KueueWorkload job-etl-1a2b3']],
      ['VolcanoJob', ['batch.volcano.sh/v1alpha1 VolcanoJob mpi-bert']],
    ]);
    const live = await until('live', () => sink.statuses.find((x) => x.state === 'live' && x.trainingCrds?.some((c) => c.forbidden)));
    expect(live.message).toBe('No permission to list rayjobs (403 Forbidden); those views stay empty.');
    expect(live.trainingCrds).toEqual([
      { kind: 'Workload', group: 'kueue.x-k8s.io', version: 'v1beta1' },
      { kind: 'Job', group: 'batch.volcano.sh', version: 'v1alpha1' },
      { kind: 'JobSet', group: 'jobset.x-k8s.io', version: 'v1alpha2' },
      { kind: 'RayJob', group: 'ray.io', version: 'v1', forbidden: true },
    ]);
    expect(source.detectedCrds()).toContain('JobSet (jobset.x-k8s.io/v1alpha2)');
    // Four kinds asked at once; discovery answered them with one look at /apis.
    expect(api.requests.filter((r) => r.path === '/apis')).toHaveLength(1);
  });

  it('treats an absent training CRD as normal: an empty list, no error, no retries', async () => {
    const api = await fakeApi(serveCollections({ '/api/v1/nodes': [node('a')] }));
    const sink = recorder();
    const source = await startSource(api, sink, { kinds: ['Node', 'PyTorchJob'] });
    expect(source.detectedCrds()).toEqual([]);
    expect(sink.syncs.find((s) => s.kind === 'PyTorchJob')?.objects).toEqual([]);
    const live = await until('live', () => sink.statuses.find((s) => s.state === 'live'));
    expect(live.message).toBeUndefined();
    expect(api.requests.filter((r) => r.path.includes('pytorchjobs'))).toEqual([]);
  });
});

describe('KubeSource ops', () => {
  it('sends JSON merge patches with dryRun=All and reports the API server message on failure', async () => {
    const api = await fakeApi((req, res) => {
      if (req.method === 'PATCH' && req.path === '/api/v1/nodes/gpu-1') return json(res, 200, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gpu-1' }, spec: { unschedulable: true } });
      if (req.method === 'PATCH') return json(res, 422, { kind: 'Status', status: 'Failure', code: 422, reason: 'Invalid', message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' });
      json(res, 404, { code: 404 });
    });
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'fake' });
    const out = await source.ops.mergePatch({ kind: 'Node', name: 'gpu-1' }, { spec: { unschedulable: true } }, { dryRun: true });
    expect(out).toMatchObject({ kind: 'Node', spec: { unschedulable: true } });
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers['content-type']).toBe('application/merge-patch+json');
    expect(patch.query.get('dryRun')).toBe('All');
    expect(JSON.parse(patch.body)).toEqual({ spec: { unschedulable: true } });
    await expect(source.ops.mergePatch({ kind: 'Deployment', namespace: 'ml', name: 'web' }, { spec: { replicas: -1 } }, { dryRun: false }))
      .rejects.toMatchObject({ name: 'SourceError', status: 422, reason: 'Invalid', message: expect.stringContaining('spec.replicas: Invalid value: -1') });
  });

  it('reports an eviction refused by a PodDisruptionBudget as blocked with the reason', async () => {
    const api = await fakeApi((req, res) => {
      if (req.path.endsWith('/trainer-0/eviction')) {
        return json(res, 429, {
          kind: 'Status', status: 'Failure', code: 429, reason: 'TooManyRequests',
          message: "Cannot evict pod as it would violate the pod's disruption budget.",
          details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget trainer needs 2 healthy pods and has 2 currently' }] },
        });
      }
      if (req.path.endsWith('/gone/eviction')) return json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'pods "gone" not found' });
      json(res, 201, { kind: 'Status', status: 'Success', code: 201 });
    });
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'fake' });
    expect(await source.ops.evictPod('ml', 'trainer-0', { dryRun: false })).toEqual({
      outcome: 'blocked',
      reason: "Cannot evict pod as it would violate the pod's disruption budget. (The disruption budget trainer needs 2 healthy pods and has 2 currently)",
    });
    expect(await source.ops.evictPod('ml', 'gone', { dryRun: false })).toEqual({ outcome: 'not-found' });
    expect(await source.ops.evictPod('ml', 'web-1', { dryRun: true, gracePeriodSeconds: 5 })).toEqual({ outcome: 'evicted' });
    const ev = api.requests.at(-1)!;
    expect(ev.query.get('dryRun')).toBe('All');
    expect(JSON.parse(ev.body)).toMatchObject({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'ml' }, deleteOptions: { gracePeriodSeconds: 5, dryRun: ['All'] } });
  });

  it('scales Deployments through the scale subresource and PyTorchJobs through their worker replicas', async () => {
    const api = await fakeApi((req, res) => json(res, 200, { metadata: { name: 'x' } }));
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'fake' });
    await source.ops.scale({ kind: 'Deployment', namespace: 'ml', name: 'web' }, 3, { dryRun: false });
    await source.ops.scale({ kind: 'PyTorchJob', namespace: 'ml', name: 'llama' }, 4, { dryRun: true });
    const [dep, job] = api.requests;
    expect([dep.method, dep.path, dep.headers['content-type'], JSON.parse(dep.body)]).toEqual(['PATCH', '/apis/apps/v1/namespaces/ml/deployments/web/scale', 'application/merge-patch+json', { spec: { replicas: 3 } }]);
    expect([job.method, job.path, job.query.get('dryRun'), JSON.parse(job.body)]).toEqual(['PATCH', '/apis/kubeflow.org/v1/namespaces/ml/pytorchjobs/llama', 'All', { spec: { pytorchReplicaSpecs: { Worker: { replicas: 4 } } } }]);
  });

  it('answers canI from a SelfSubjectAccessReview and whoAmI from a SelfSubjectReview, falling back to the kubeconfig user', async () => {
    let reviews = true;
    const api = await fakeApi((req, res) => {
      if (req.path === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
        const spec = JSON.parse(req.body).spec.resourceAttributes;
        return json(res, 201, { status: spec.verb === 'patch' ? { allowed: false, reason: 'no RBAC policy matched' } : { allowed: true } });
      }
      if (req.path === '/apis/authentication.k8s.io/v1/selfsubjectreviews' && reviews) return json(res, 201, { status: { userInfo: { username: 'alice@example.com' } } });
      json(res, 404, { code: 404, message: 'the server could not find the requested resource' });
    });
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'fake' });
    expect(await source.ops.canI({ verb: 'patch', group: '', resource: 'nodes' })).toEqual({ allowed: false, reason: 'no RBAC policy matched' });
    expect(await source.ops.canI({ verb: 'get', group: '', resource: 'nodes' })).toEqual({ allowed: true });
    expect(await source.ops.whoAmI()).toBe('alice@example.com');
    reviews = false;
    expect(await source.ops.whoAmI()).toBe('tester');
  });

  it('names the unreachable server in op errors', async () => {
    const api = await fakeApi(() => undefined);
    await api.close();
    const source = new KubeSource({ kubeconfig: kubeconfigFor(api.url), context: 'fake' });
    await expect(source.ops.delete({ kind: 'Pod', namespace: 'ml', name: 'p' }, { dryRun: false }))
      .rejects.toThrow(`delete pods ml/p: Cannot reach ${api.url} (ECONNREFUSED)`);
  });
});

describe('backoffDelay', () => {
  it.each([
    [0, 1_000], [1, 2_000], [2, 4_000], [3, 8_000], [4, 16_000], [5, 30_000], [12, 30_000],
  ])('attempt %i waits %i ms without jitter', (attempt, ms) => {
    expect(backoffDelay(attempt, { baseMs: 1_000, capMs: 30_000, jitter: 0 })).toBe(ms);
  });

  it('spreads retries by ±25 % and never exceeds the cap', () => {
    expect(backoffDelay(0, undefined, () => 0)).toBe(750);
    expect(backoffDelay(0, undefined, () => 1)).toBe(1_250);
    expect(backoffDelay(10, undefined, () => 1)).toBe(30_000);
  });
});
