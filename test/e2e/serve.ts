/**
 * Starts the headless serve (`dist/electron/serve.mjs`, built by `npm run build`) as a child
 * process and parses the one line it prints: `Bulwark serving at http://127.0.0.1:N/?token=T`.
 * Shared by the Playwright global setup, tests that need their own server, and
 * test/screenshots.ts. Plain Node: no Playwright imports.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningServe {
  /** The full URL with the token, as printed. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const SERVE_LINE = /Bulwark serving at (\S+)/;

/** Finds the repository root (the folder with package.json) above `from`. */
export function repoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'renderer'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from);
    dir = up;
  }
}

export function parseServeLine(line: string): { url: string; origin: string; token: string } | undefined {
  const m = SERVE_LINE.exec(line);
  if (!m) return undefined;
  const u = new URL(m[1]);
  const token = u.searchParams.get('token') ?? '';
  return { url: m[1], origin: u.origin, token };
}

/**
 * `dataDir`: a data folder the caller owns (kept on stop), e.g. to start a second serve on the
 * audit log a killed one left; by default each serve gets a fresh one, removed on stop.
 */
export async function startServe(args: string[], opts: { root?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; dataDir?: string } = {}): Promise<RunningServe> {
  const root = opts.root ?? repoRoot();
  // BULWARK_SERVE_SCRIPT: test another build of the serve (default: this checkout's dist/).
  const script = process.env.BULWARK_SERVE_SCRIPT ?? path.join(root, 'dist', 'electron', 'serve.mjs');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first.`);
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-e2e-'));
  const child = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  const found = await new Promise<{ url: string; origin: string; token: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not print its URL within ${opts.timeoutMs ?? 60_000} ms.\n${stderr}`)); }, opts.timeoutMs ?? 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const hit = out.split('\n').map(parseServeLine).find(Boolean);
      if (hit) { clearTimeout(timer); resolve(hit); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with code ${code} before it was ready.\n${stderr}`)); });
  });
  child.removeAllListeners('exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...found, dataDir, process: child, stop };
}

/**
 * Calls one backend method over the serve's WebSocket, as the renderer would (tests use it to
 * set up a scenario, e.g. start a drill that injects a fault).
 */
export async function callBackend(serve: Pick<RunningServe, 'origin' | 'token'>, method: string, params: unknown = {}): Promise<unknown> {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(serve.token)}`);
  try {
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id?: number; ok?: boolean; result?: unknown; error?: { message: string } };
        if (msg.id !== 1) return;
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error?.message ?? 'failed'));
      });
      ws.send(JSON.stringify({ id: 1, method, params }));
    });
  } finally {
    ws.close();
  }
}

/** Debian's chromium unless BULWARK_CHROMIUM says otherwise; undefined lets Playwright use its own. */
export function chromiumPath(): string | undefined {
  if (process.env.BULWARK_CHROMIUM) return process.env.BULWARK_CHROMIUM;
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
