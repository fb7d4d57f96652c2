/**
 * The backend under test runs in its own process (like `npm run serve`), so its heap is its
 * own; the benchmark drives it over stdin with one JSON command per line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConsoleBackend } from '../../electron/core/backend/consoleBackend';
import { startServer } from '../../electron/core/serve/httpServer';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';

export async function runBackendProcess(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-bench-'));
  const backend = new ConsoleBackend({ dataDir, initialSource: { kind: 'demo', preset: 'large' }, realtime: false });
  await backend.start();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const server = await startServer({ backend, rendererDir: path.join(here, '..', 'renderer'), host: '127.0.0.1', port: 0 });
  const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);
  out({ url: server.url, token: server.token });
  const source = backend.currentSource() as DemoSource;
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const cmd = JSON.parse(line) as { cmd: string; rate?: number; ms?: number; speed?: number };
    if (cmd.cmd === 'storm') out({ storm: await source.storm(cmd.rate!, cmd.ms!) });
    if (cmd.cmd === 'fast') out({ fast: await runFast(source, cmd.speed!, cmd.ms!) });
    if (cmd.cmd === 'heap') {
      (globalThis as { gc?: () => void }).gc?.();
      out({ heapMB: process.memoryUsage().heapUsed / 1024 / 1024 });
    }
    if (cmd.cmd === 'exit') break;
  }
  await server.close();
  await backend.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

/**
 * The demo clock at `speed` × wall time for `ms`, as realtime mode runs it (speed × 250 ms of
 * virtual time every 250 ms, at most 300 s per tick): DCGM scrapes land every 5 virtual
 * seconds, so at 1000× every tick carries one. Returns the virtual speed reached.
 */
async function runFast(source: DemoSource, speed: number, ms: number): Promise<{ virtualSpeed: number; wallMs: number }> {
  const start = Date.now();
  const t0 = source.now();
  while (Date.now() - start < ms) {
    const tick = Date.now();
    source.advance(Math.min(300_000, speed * 250));
    await new Promise((r) => setTimeout(r, Math.max(0, 250 - (Date.now() - tick))));
  }
  const wallMs = Date.now() - start;
  return { virtualSpeed: (source.now() - t0) / Math.max(1, wallMs), wallMs };
}
