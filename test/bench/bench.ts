/**
 * `npm run bench -- --out FILE`: the whole performance benchmark on the `large` demo preset
 * (2,000 nodes, 16,000 GPUs, ~30,000 pods), Debian's Chromium and a real control plane.
 * Options: --runs N, --storm-seconds S, --skip-cluster, --skip-browser, --trace FILE (Chromium
 * trace of the last first draw), --fast-seconds S [--fast-speed 1000] (then the demo clock at
 * 1000× with the GPU map open: frames, long tasks and delta bytes under `fastClock`).
 * A script that prints numbers; it fails only when something cannot be measured.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { runBackendProcess } from './backendProcess';
import { benchBrowser, type BrowserFigures } from './browserBench';
import { benchModel } from './modelBench';
import { round } from './stats';

const TARGETS = {
  modelBuildRatio: ['<=', 1.5], eventApplyUsP50: ['<=', 20], stormEventsPerSec: ['>=', 2000], gpuMapFirstDrawMs: ['<=', 1500],
  stormFrameMsP95: ['<=', 50], longTasksOver200ms: ['<=', 0], rendererHeapMB: ['<=', 400], backendHeapMB: ['<=', 500], 'realCluster.ratio': ['<=', 1.5],
} as const;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' }, 'storm-seconds': { type: 'string' }, 'storm-rate': { type: 'string' },
      'skip-cluster': { type: 'boolean' }, 'skip-browser': { type: 'boolean' }, 'cluster-nodes': { type: 'string' }, 'cluster-pods': { type: 'string' },
      trace: { type: 'string' }, 'fast-seconds': { type: 'string' }, 'fast-speed': { type: 'string' },
    },
  });
  if (values.role === 'backend') return runBackendProcess();
  const runs = Number(values.runs ?? 3);
  const stormMs = Number(values['storm-seconds'] ?? 30) * 1000;
  const stormRate = Number(values['storm-rate'] ?? 2500);

  const model = benchModel({ runs: Math.max(runs, 5), events: 20_000, log });

  const backend = await startBackendProcess();
  const idleHeap = await backend.command<{ heapMB: number }>({ cmd: 'heap' });
  const deltaCounter = await countDeltaBytes(backend.url);
  const snapshotBytes = await deltaCounter.snapshotBytes;
  let storm = { events: 0, wallMs: 0, eventsPerSecond: 0 };
  let stormDeltaBytes = 0;
  const runStorm = async (ms: number) => {
    const before = deltaCounter.bytes();
    storm = (await backend.command<{ storm: typeof storm }>({ cmd: 'storm', rate: stormRate, ms })).storm;
    stormDeltaBytes = deltaCounter.bytes() - before;
  };
  // Optional: the demo clock at 1000× with the GPU map open (a DCGM scrape of every GPU per 250 ms tick).
  const fastMs = Number(values['fast-seconds'] ?? 0) * 1000;
  const fastSpeed = Number(values['fast-speed'] ?? 1000);
  let fastRun: { virtualSpeed: number; wallMs: number; deltaBytes: number } | undefined;
  const runFast = async () => {
    const before = deltaCounter.bytes();
    const r = (await backend.command<{ fast: { virtualSpeed: number; wallMs: number } }>({ cmd: 'fast', speed: fastSpeed, ms: fastMs })).fast;
    fastRun = { ...r, deltaBytes: deltaCounter.bytes() - before };
  };
  let browser: BrowserFigures | undefined;
  if (values['skip-browser']) await runStorm(stormMs);
  else {
    const fast = fastMs > 0 ? { run: runFast, label: `demo clock at ${fastSpeed}×: ${fastMs / 1000} s with the GPU map open` } : undefined;
    browser = await benchBrowser({ url: backend.url, runs, storm: runStorm, stormMs, log, traceFile: values.trace, fast });
  }
  const stormHeap = await backend.command<{ heapMB: number }>({ cmd: 'heap' });
  deltaCounter.close();
  await backend.exit();

  let realCluster: Record<string, number> | { skipped: string } = { skipped: 'not run (--skip-cluster)' };
  if (!values['skip-cluster']) {
    try {
      const { benchRealCluster } = await import('./clusterBench');
      realCluster = { ...(await benchRealCluster({ nodes: Number(values['cluster-nodes'] ?? 1000), pods: Number(values['cluster-pods'] ?? 10000), runs, log })) };
    } catch (err) {
      realCluster = { skipped: `failed: ${(err as Error).message}` };
    }
  }

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    nodes: model.nodes, gpus: model.gpus, pods: model.pods,
    jsonBytes: model.jsonBytes, snapshotBytes,
    jsonParseFloorMs: round(model.jsonParseFloorMs), modelBuildMs: round(model.modelBuildMs), modelBuildRatio: round(model.modelBuildRatio),
    metricsApplyMs: round(model.metricsApplyMs),
    eventApplyUsP50: round(model.eventApplyUsP50), eventApplyUsP99: round(model.eventApplyUsP99), deltaFlushMsP50: round(model.deltaFlushMsP50),
    stormEventsPerSec: round(storm.eventsPerSecond, 0), stormSeconds: round(storm.wallMs / 1000, 1),
    deltaBytesPerSec: round(stormDeltaBytes / Math.max(0.001, storm.wallMs / 1000), 0),
    backendHeapMB: round(Math.max(idleHeap.heapMB, stormHeap.heapMB), 1), backendHeapIdleMB: round(idleHeap.heapMB, 1),
    ...(browser ? {
      gpuMapFirstDrawMs: round(browser.gpuMapFirstDrawMs, 0), gpuMapFirstDrawRunsMs: browser.gpuMapFirstDrawRuns.map((x) => round(x, 0)),
      gpuMapFirstDrawMarksMs: browser.firstDrawMarks,
      stormFrameMsP95: round(browser.stormFrameMsP95, 1), longTasksOver200ms: browser.longTasksOver200ms, longTasksOver50ms: browser.longTasksOver50ms,
      rendererHeapMB: round(browser.rendererHeapMB, 1), rendererHeapPeakMB: round(browser.rendererHeapPeakMB, 1), framesDuringStorm: browser.framesDuringStorm,
    } : { browser: 'not run (--skip-browser)' }),
    ...(browser?.fast && fastRun ? {
      fastClock: {
        speed: fastSpeed, seconds: round(fastRun.wallMs / 1000, 1), virtualSpeed: round(fastRun.virtualSpeed, 0),
        frameMsP95: round(browser.fast.frameMsP95, 1), longTasksOver50ms: browser.fast.longTasksOver50ms, longTasksOver200ms: browser.fast.longTasksOver200ms,
        frames: browser.fast.frames, deltaBytesPerSec: round(fastRun.deltaBytes / Math.max(0.001, fastRun.wallMs / 1000), 0),
      },
    } : {}),
    realCluster,
  };
  if (values.out) fs.writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  printSummary(result as unknown as Record<string, unknown>);
}

function printSummary(r: Record<string, unknown>): void {
  const get = (key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r);
  const lines = [`Bulwark benchmark — ${r.nodes} nodes, ${r.gpus} GPUs, ${r.pods} pods`];
  for (const [key, [op, target]] of Object.entries(TARGETS)) {
    const v = get(key);
    const ok = typeof v === 'number' && (op === '<=' ? v <= target : v >= target);
    lines.push(`  ${ok ? 'PASS' : 'MISS'}  ${key.padEnd(22)} ${String(v ?? 'n/a').padStart(10)}  (target ${op} ${target})`);
  }
  lines.push(`  info  jsonParseFloorMs ${r.jsonParseFloorMs}, modelBuildMs ${r.modelBuildMs}, eventApplyUsP99 ${r.eventApplyUsP99}, deltaBytesPerSec ${r.deltaBytesPerSec}`);
  lines.push(`  info  jsonBytes ${r.jsonBytes}, snapshotBytes ${r.snapshotBytes}, first draw marks ${JSON.stringify(r.gpuMapFirstDrawMarksMs ?? {})}`);
  if (r.fastClock) lines.push(`  info  fastClock ${JSON.stringify(r.fastClock)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface BackendHandle { url: string; command<T>(cmd: object): Promise<T>; exit(): Promise<void> }

async function startBackendProcess(): Promise<BackendHandle> {
  const self = fileURLToPath(import.meta.url);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--expose-gc', self, '--role', 'backend'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (d) => process.stderr.write(d));
  const lines = readline.createInterface({ input: child.stdout });
  const queue: ((line: string) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = () => new Promise<string>((resolve, reject) => {
    queue.push(resolve);
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
  });
  const { url } = JSON.parse(await next()) as { url: string };
  return {
    url,
    async command<T>(cmd: object) { child.stdin.write(`${JSON.stringify(cmd)}\n`); return JSON.parse(await next()) as T; },
    async exit() { child.stdin.write('{"cmd":"exit"}\n'); await new Promise((r) => child.once('exit', r)); },
  };
}

/**
 * A second client on the WebSocket, counting the bytes of pushed deltas (what each renderer
 * receives) and of its subscribe answer (the snapshot a renderer loads before its first draw).
 */
async function countDeltaBytes(pageUrl: string): Promise<{ bytes(): number; snapshotBytes: Promise<number>; close(): void }> {
  const u = new URL(pageUrl);
  const ws = new WebSocket(`ws://${u.host}/api/ws?token=${u.searchParams.get('token')}`);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let bytes = 0;
  let snapshot: (n: number) => void = () => undefined;
  const snapshotBytes = new Promise<number>((resolve) => { snapshot = resolve; });
  ws.on('message', (data: Buffer) => {
    const head = data.subarray(0, 16).toString();
    if (head.includes('"delta"')) bytes += data.length;
    else if (head.startsWith('{"id":1,')) snapshot(data.length);
  });
  ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: {} }));
  return { bytes: () => bytes, snapshotBytes, close: () => ws.close() };
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
