/**
 * Headless serve: the built renderer and the backend behind HTTP + WebSocket on loopback,
 * guarded by a random per-run token. How Bulwark runs on a jump host or in a browser, and how
 * end-to-end tests drive the real UI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ContractError, rpcErrorOf, type RpcResponse } from '../../../shared/contract';
import type { ConsoleBackend } from '../backend/consoleBackend';
import { securityHeaders } from './securityHeaders';
import { isLoopbackHost, tokenFromRequest, tokensEqual } from './requestAuth';

export interface ServeOptions {
  backend: ConsoleBackend;
  rendererDir: string;
  host: string;
  port: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer { url: string; token: string; port: number; close(): Promise<void> }

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};
/** A slow WebSocket client is skipped (it sees a seq gap and resubscribes) rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const { backend } = opts;
  const rendererDir = path.resolve(opts.rendererDir);
  const headers = securityHeaders({ connectSelf: true });
  let port = opts.port;

  const sameOrigin = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (!origin) return true; // non-browser clients (curl, scripts) send none; they still need the token
    try {
      const o = new URL(origin);
      return o.host === req.headers.host && (o.protocol === 'http:' || o.protocol === 'https:');
    } catch { return false; }
  };
  // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
  const hostAllowed = (req: http.IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return isLoopbackHost(name) || name === opts.host;
  };

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, type = 'application/json', extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': type, ...extra });
    res.end(body);
  };
  const json = (res: http.ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value));

  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!hostAllowed(req)) return json(res, 421, { error: 'Host not allowed' });
      if (!sameOrigin(req)) return json(res, 403, { error: 'Cross-origin request refused' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'Method not allowed' });

      if (url.pathname === '/api/health') return json(res, 200, backend.health());
      if (url.pathname === '/metrics') {
        const text = backend.metricsText();
        if (text === undefined) return json(res, 404, { error: 'Metrics are served only in demo mode; live clusters use their own dcgm-exporter.' });
        return send(res, 200, text, 'text/plain; version=0.0.4; charset=utf-8');
      }

      const given = tokenFromRequest(req, url);
      if (!given || !tokensEqual(given, token)) {
        return json(res, 401, { error: 'Unauthorized: open the URL printed by `npm run serve` (it carries ?token=…), or send Authorization: Bearer <token>.' });
      }
      if (url.pathname === '/api/summary') return json(res, 200, backend.summary());
      if (url.pathname.startsWith('/api/')) return json(res, 404, { error: 'Not found' });

      // Static renderer. The token cookie lets the page's own assets and WebSocket authenticate.
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(rendererDir, rel);
      if (!file.startsWith(rendererDir + path.sep)) return json(res, 404, { error: 'Not found' });
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return json(res, 404, { error: 'Not found' });
      const cookie = `bulwark_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
      return send(res, 200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream', { 'Set-Cookie': cookie });
    } catch (err) {
      return json(res, 500, { error: (err as Error).message });
    }
  });

  // Fan-out: each pushed event is serialized once, however many clients are connected.
  const clients = new Set<WebSocket>();
  const offBackend = backend.on((event, payload) => {
    if (clients.size === 0) return;
    let text: string | undefined;
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (event === 'delta' && ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      text ??= JSON.stringify({ event, payload });
      ws.send(text);
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = tokenFromRequest(req, url);
    const refuse = (code: number, text: string) => {
      socket.write(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/api/ws') return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!sameOrigin(req)) return refuse(403, 'Forbidden');
    if (!given || !tokensEqual(given, token)) return refuse(401, 'Unauthorized');
    const subscribe = url.searchParams.get('subscribe') === '1';
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, backend, clients, subscribe));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => { offBackend(); reject(err); });
    server.listen(port, opts.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    close: () => new Promise<void>((resolve) => {
      offBackend();
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** Request id of the snapshot sent unasked to a `?subscribe=1` connection (renderer/api/wsTransport.ts). */
const CONNECT_SNAPSHOT_ID = 0;

function attachClient(ws: WebSocket, backend: ConsoleBackend, clients: Set<WebSocket>, subscribe: boolean): void {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  if (subscribe) {
    // `subscribe` on connect: the client is already in the fan-out, so every delta after this
    // snapshot's seq reaches it, in order, behind the snapshot on the same socket.
    backend.handle('subscribe', {}).then(
      (result) => reply(ws, { id: CONNECT_SNAPSHOT_ID, ok: true, result }),
      (err: unknown) => reply(ws, { id: CONNECT_SNAPSHOT_ID, ok: false, error: rpcErrorOf(err) }),
    );
  }
  ws.on('message', async (data) => {
    let id = -1;
    try {
      const msg = JSON.parse(data.toString()) as { id?: unknown; method?: unknown; params?: unknown };
      if (typeof msg.id !== 'number') throw new ContractError('Request needs a numeric id', 'invalid-params');
      id = msg.id;
      const result = await backend.handle(msg.method, msg.params);
      reply(ws, { id, ok: true, result });
    } catch (err) {
      reply(ws, { id, ok: false, error: rpcErrorOf(err) });
    }
  });
}

function reply(ws: WebSocket, res: RpcResponse): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(res));
}
