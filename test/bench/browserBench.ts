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

export async function benchBrowser(opts: { url: string; runs: number; storm: (durationMs: number) => Promise<void>; stormMs: number; log: (m: string) => void }): Promise<BrowserFigures> {
  const browser = await launchChromium();
  try {
    const firstDraws: number[] = [];
    const marks: Record<string, number[]> = {};
    for (let i = 0; i < opts.runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${opts.url}#/gpus`);
      firstDraws.push(await waitForMapDrawn(page, 60_000));
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
      const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; running: boolean } };
      w.__bench = { frames: [], longTasks: [], running: true };
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
      let last = performance.now();
      const loop = (t: number) => {
        w.__bench.frames.push(t - last);
        last = t;
        if (w.__bench.running) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    opts.log(`storm: ${opts.stormMs / 1000} s with the GPU map open`);
    await opts.storm(opts.stormMs);
    const { frames, longTasks } = await page.evaluate(() => {
      const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; running: boolean } };
      w.__bench.running = false;
      return { frames: w.__bench.frames.slice(1), longTasks: w.__bench.longTasks };
    });
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
      framesDuringStorm: frames.length,
    };
  } finally {
    await browser.close();
  }
}
