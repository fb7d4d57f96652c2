/**
 * Renderer figures from Debian's Chromium on the headless serve: first draw of the GPU map,
 * frame times and long tasks while a watch-event storm streams deltas, and heap size.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import { median, percentile } from './stats';

export interface BrowserFigures {
  gpuMapFirstDrawMs: number; gpuMapFirstDrawRuns: number[];
  /** Median time from navigation to each renderer mark of the first draw (subscribe sent, snapshot received / loaded, drawn). */
  firstDrawMarks: Record<string, number>;
  stormFrameMsP95: number; longTasksOver200ms: number; longTasksOver50ms: number; rendererHeapMB: number; framesDuringStorm: number;
  /** Highest used JS heap seen during the storm (sampled every frame, before GC): garbage pressure. */
  rendererHeapPeakMB: number;
  fast?: FrameFigures;
}

export function chromiumPath(): string | undefined {
  const env = process.env.BULWARK_CHROMIUM;
  if (env) return env;
  return fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
  });
}

async function waitForMapDrawn(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('gpu-map-drawn').length > 0, null, { timeout: timeoutMs, polling: 16 });
  return page.evaluate(() => performance.getEntriesByName('gpu-map-drawn')[0].startTime);
}

/** The renderer's User Timing marks up to the first draw (ms from navigation), first of each name. */
async function firstDrawMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (!(m.name in out)) out[m.name] = m.startTime;
    return out;
  });
}

export interface FrameFigures { frameMsP95: number; longTasksOver50ms: number; longTasksOver200ms: number; frames: number }

export async function benchBrowser(opts: {
  url: string; runs: number; storm: (durationMs: number) => Promise<void>; stormMs: number; log: (m: string) => void;
  /** After the storm, on the same page: the demo clock fast (1000×) for a while. */
  fast?: { run: () => Promise<void>; label: string };
  /** Write a Chromium trace (chrome://tracing, DevTools Performance) of the last first-draw run here. */
  traceFile?: string;
}): Promise<BrowserFigures> {
  const browser = await launchChromium();
  try {
    const firstDraws: number[] = [];
    const marks: Record<string, number[]> = {};
    for (let i = 0; i < opts.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      const tracing = opts.traceFile !== undefined && i === opts.runs - 1;
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'] });
      await page.goto(`${opts.url}#/gpus`);
      firstDraws.push(await waitForMapDrawn(page, 60_000));
      if (tracing) {
        fs.writeFileSync(opts.traceFile!, await browser.stopTracing());
        opts.log(`trace of the first draw: ${opts.traceFile}`);
      }
      const m = await firstDrawMarks(page);
      for (const [k, v] of Object.entries(m)) (marks[k] ??= []).push(v);
      opts.log(`gpu map first draw (run ${i + 1}): ${firstDraws.at(-1)!.toFixed(0)} ms ${JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)])))}`);
      await context.close();
    }

    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${opts.url}#/gpus`);
    await waitForMapDrawn(page, 60_000);
    await page.evaluate(() => {
      const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; running: boolean; heapPeak: number } };
      const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      w.__bench = { frames: [], longTasks: [], running: true, heapPeak: 0 };
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const loop = (t: number) => {
        w.__bench.frames.push(t - last);
        if (memory) w.__bench.heapPeak = Math.max(w.__bench.heapPeak, memory.usedJSHeapSize);
        last = t;
        if (w.__bench.running) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    opts.log(`storm: ${opts.stormMs / 1000} s with the GPU map open`);
    await opts.storm(opts.stormMs);
    const { frames, longTasks, heapPeak } = await page.evaluate(() => {
      const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; running: boolean; heapPeak: number } };
      w.__bench.running = false;
      return { frames: w.__bench.frames.slice(1), longTasks: w.__bench.longTasks, heapPeak: w.__bench.heapPeak };
    });
    let fast: FrameFigures | undefined;
    if (opts.fast) {
      await page.evaluate(() => {
        // A loop of its own: the storm's may still have one frame scheduled.
        const w = window as unknown as { __bench: { longTasks: number[] }; __fast: { frames: number[]; running: boolean } };
        w.__bench.longTasks = [];
        w.__fast = { frames: [], running: true };
        let last = performance.now();
        const loop = (t: number) => {
          w.__fast.frames.push(t - last);
          last = t;
          if (w.__fast.running) requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
      });
      opts.log(opts.fast.label);
      await opts.fast.run();
      const f = await page.evaluate(() => {
        const w = window as unknown as { __bench: { longTasks: number[] }; __fast: { frames: number[]; running: boolean } };
        w.__fast.running = false;
        return { frames: w.__fast.frames.slice(1), longTasks: w.__bench.longTasks };
      });
      fast = {
        frameMsP95: percentile(f.frames, 95), frames: f.frames.length,
        longTasksOver50ms: f.longTasks.filter((d) => d > 50).length, longTasksOver200ms: f.longTasks.filter((d) => d > 200).length,
      };
    }
    // The page's main-thread isolate after a full GC: what the console holds. Checked against a
    // heap snapshot of the same page (16.6 MB of which 4 MB native, 2 MB code) and
    // performance.memory — the views are small under V8's pointer compression (≈ 90 B per
    // GpuView object plus its strings). The renderer runs no workers, so this is all its JS heap.
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await context.close();
    return {
      gpuMapFirstDrawMs: median(firstDraws),
      gpuMapFirstDrawRuns: firstDraws,
      firstDrawMarks: Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(median(v))])),
      stormFrameMsP95: percentile(frames, 95),
      longTasksOver200ms: longTasks.filter((d) => d > 200).length,
      longTasksOver50ms: longTasks.filter((d) => d > 50).length,
      rendererHeapMB: heap.usedSize / 1024 / 1024,
      rendererHeapPeakMB: heapPeak / 1024 / 1024,
      fast,
      framesDuringStorm: frames.length,
    };
  } finally {
    await browser.close();
  }
}
