/**
 * The headless server as a script, a monitor or an attacker on the same machine would see it.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConsoleBackend } from '../../electron/core/backend/consoleBackend';
import { startServer, type RunningServer } from '../../electron/core/serve/httpServer';
import { BackendCallError } from '../../renderer/api/backendError';
import { apiOverWebSocket, WsTransport } from '../../renderer/api/wsTransport';

let server: RunningServer;
let backend: ConsoleBackend;
let base: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-serve-'));

beforeAll(async () => {
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Bulwark</title>');
  backend = new ConsoleBackend({ dataDir: path.join(tmp, 'data'), initialSource: { kind: 'demo', preset: 'lab' }, realtime: false });
  await backend.start();
  server = await startServer({ backend, rendererDir, host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  await backend?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Raw request so tests can set Host and Origin freely (fetch forbids both). */
function get(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless serve', () => {
  it('prints a loopback URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to the page and the API without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/api/summary')).status).toBe(401);
    expect((await get('/api/summary', { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('serves the page with the token, a strict CSP and an HttpOnly cookie for its assets', async () => {
    const res = await get(`/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['set-cookie'])).toMatch(/bulwark_token=.*HttpOnly; SameSite=Strict/);
  });

  it('reports health without a token', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', source: 'demo:lab', dataAgeMs: expect.any(Number) });
  });

  it('reports the documented summary with a bearer token or ?token', async () => {
    for (const res of [await get('/api/summary', { Authorization: `Bearer ${server.token}` }), await get(`/api/summary?token=${server.token}`)]) {
      expect(res.status).toBe(200);
      const s = JSON.parse(res.body);
      expect(s.gpus).toMatchObject({ total: 32, allocated: expect.any(Number), idle: expect.any(Number), unhealthy: 0 });
      expect(s.nodes).toMatchObject({ total: 4, ready: 4 });
      expect(Object.keys(s.workloads).sort()).toEqual(['degraded', 'failed', 'healthy', 'pending', 'recovering', 'succeeded']);
    }
  });

  it('refuses a foreign Origin and a rebinding Host even with the token', async () => {
    expect((await get(`/api/summary?token=${server.token}`, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(`/api/summary?token=${server.token}`, { Host: 'evil.example' })).status).toBe(421);
  });

  it('never serves files outside the renderer folder', async () => {
    expect((await get(`/..%2F..%2F..%2Fetc%2Fpasswd?token=${server.token}`)).status).toBe(404);
  });

  it('serves the demo DCGM metrics at /metrics without a token', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('# TYPE DCGM_FI_DEV_GPU_UTIL gauge');
    expect(res.body).toMatch(/DCGM_FI_DEV_GPU_UTIL\{[^}]*Hostname="[^"]+"[^}]*\} \d/);
  });
});

function openWs(headers: Record<string, string> = {}, token = server.token, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${token}${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: { message: string; code: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString());
      if (msg.id === id) { ws.off('message', onMessage); resolve(msg); }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, params }));
  });
}

describe('WebSocket transport', () => {
  it('sends a ?subscribe=1 connection its snapshot unasked (answer id 0), then the deltas after it, as to every client', async () => {
    const texts: string[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws?token=${server.token}&subscribe=1`);
    ws.on('message', (d: WebSocket.RawData) => texts.push(d.toString()));
    await new Promise((r) => ws.once('open', r));
    await expect.poll(() => texts.some((t) => t.startsWith('{"id":0,'))).toBe(true);
    const snap = JSON.parse(texts.find((t) => t.startsWith('{"id":0,'))!).result as { seq: number; gpuTable: { n: number } };
    expect(snap.gpuTable.n).toBe(32);
    const other = await openWs();
    const otherTexts: string[] = [];
    other.on('message', (d: WebSocket.RawData) => otherTexts.push(d.toString()));
    (backend.currentSource() as unknown as { advance(ms: number): void }).advance(10_000);
    const delta = (t: string) => t.startsWith('{"event":"delta"');
    await expect.poll(() => otherTexts.some(delta)).toBe(true);
    // In order on the socket: deltas up to the snapshot's seq (flushed by it) before it, the next one after.
    const at = texts.findIndex((t) => t.startsWith('{"id":0,'));
    const seqs = texts.map((t, i) => (delta(t) ? { i, seq: (JSON.parse(t) as { payload: { seq: number } }).payload.seq } : undefined)).filter((x) => x !== undefined);
    expect(seqs.filter((x) => x.i < at).every((x) => x.seq <= snap.seq)).toBe(true);
    expect(seqs.find((x) => x.i > at)?.seq).toBe(snap.seq + 1);
    // Fan-out: every client gets the same text (serialized once).
    expect(otherTexts.filter(delta)[0]).toBe(texts[seqs.find((x) => x.i > at)!.i]);
    ws.close();
    other.close();
  });

  it('refuses the upgrade without the token or from a foreign origin', async () => {
    await expect(openWs({}, 'wrong')).rejects.toThrow('HTTP 401');
    await expect(openWs({ Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers contract calls and rejects unknown methods and invalid params clearly', async () => {
    const ws = await openWs({ Origin: `http://127.0.0.1:${server.port}` });
    const snap = await call(ws, 1, 'subscribe', {});
    expect(snap.ok).toBe(true);
    // The wire form: GPUs as a column table (shared/columnTable.ts).
    expect((snap.result as { gpuTable: { n: number } }).gpuTable.n).toBe(32);
    const unknown = await call(ws, 2, 'rm -rf', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-method', message: expect.stringContaining('Unknown method') } });
    const invalid = await call(ws, 3, 'getNodeDetail', { name: '<script>alert(1)</script>' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-params', message: expect.stringContaining('name') } });
    const extra = await call(ws, 4, 'getStatus', { injected: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    ws.close();
  });

  it('carries a thrown error\'s reason code to the renderer\'s BackendCallError, beside the English message', async () => {
    const transport = new WsTransport({ url: `ws://127.0.0.1:${server.port}/api/ws?token=${server.token}`, createSocket: (url) => new WebSocket(url) as never, log: () => {} });
    const api = apiOverWebSocket(transport);
    try {
      const missing = await api.getNodeDetail({ name: 'no-such-node' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(BackendCallError);
      expect(missing).toMatchObject({
        message: 'Node no-such-node not found (it may have been deleted).', code: 'failed', method: 'getNodeDetail',
        reason: { code: 'error.nodeNotFound', params: { name: 'no-such-node' } },
      });
      // A drill engine refusal (CodedError, not a ContractError) keeps its code through the backend's wrapping.
      const drill = await api.startDrill({ id: 'gpu-off-the-bus' }).catch((e: unknown) => e);
      expect(drill).toMatchObject({ reason: { code: 'error.drill.wrongPreset', params: { id: 'gpu-off-the-bus', preset: 'region', current: 'lab' } } });
      const invalid = await api.previewAction({ kind: 'cordon', node: '<script>' }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ code: 'invalid-params', reason: { code: 'error.invalidParams', params: { method: 'previewAction' } } });
    } finally {
      (transport as unknown as { socket?: { close(): void } }).socket?.close();
    }
  });
});
