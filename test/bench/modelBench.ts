/**
 * Model figures on the `large` preset: build cost against the JSON.parse floor of the same
 * object list, and the cost of applying one watch event.
 */
import { ClusterModel } from '../../electron/core/model/clusterModel';
import { RESOURCE_KINDS, type KubeObject, type ResourceKind, type WatchEvent } from '../../electron/core/k8s/objects';
import { DemoSource } from '../../electron/core/sources/demo/demoSource';
import { median, percentile } from './stats';

export interface ModelFigures {
  nodes: number; gpus: number; pods: number; objects: number; jsonBytes: number;
  jsonParseFloorMs: number; modelBuildMs: number; modelBuildRatio: number; metricsApplyMs: number;
  eventApplyUsP50: number; eventApplyUsP99: number; eventsMeasured: number; deltaFlushMsP50: number;
}

export function benchModel(opts: { runs: number; events: number; log: (m: string) => void }): ModelFigures {
  const source = new DemoSource({ preset: 'large', realtime: false });
  const lists = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, source.list(k)])) as Record<ResourceKind, KubeObject[]>;
  const json = JSON.stringify(lists);
  const samples = source.dcgmSamples();
  const nodes = lists.Node.length;
  const pods = lists.Pod.length;
  const objects = RESOURCE_KINDS.reduce((n, k) => n + lists[k].length, 0);

  const parseTimes: number[] = [];
  const buildTimes: number[] = [];
  let model: ClusterModel | undefined;
  for (let i = 0; i < opts.runs; i++) {
    let t0 = performance.now();
    const parsed = JSON.parse(json) as Record<ResourceKind, KubeObject[]>;
    parseTimes.push(performance.now() - t0);
    // The model is complete when its first snapshot (what the renderer receives) is built.
    t0 = performance.now();
    model = new ClusterModel({ now: () => source.now() });
    for (const kind of RESOURCE_KINDS) model.onSync(kind, parsed[kind]);
    model.snapshot();
    buildTimes.push(performance.now() - t0);
  }
  const m = model!;
  let t0 = performance.now();
  m.onMetrics(samples, source.now());
  const metricsApplyMs = performance.now() - t0;
  m.takeDelta();
  const gpus = m.kpis().gpus.total;
  opts.log(`model: ${nodes} nodes, ${gpus} GPUs, ${pods} pods; parse ${median(parseTimes).toFixed(0)} ms, build ${median(buildTimes).toFixed(0)} ms`);

  // Realistic events from the simulator's churn (heartbeats, readiness flaps, progress reports), one at a time.
  const events: WatchEvent[] = [];
  while (events.length < opts.events) events.push(...source.generateChurn(1000));
  const us: number[] = new Array(events.length);
  const flushes: number[] = [];
  for (let i = 0; i < events.length; i++) {
    t0 = performance.now();
    m.onEvents([events[i]]);
    us[i] = (performance.now() - t0) * 1000;
    // The backend takes a coalesced delta every 100 ms; at ~2,500 events/s that is every 250 events.
    if (i % 250 === 249) {
      const f0 = performance.now();
      m.takeDelta();
      flushes.push(performance.now() - f0);
    }
  }
  const jsonParseFloorMs = median(parseTimes);
  const modelBuildMs = median(buildTimes);
  return {
    nodes, gpus, pods, objects, jsonBytes: json.length,
    jsonParseFloorMs, modelBuildMs, modelBuildRatio: modelBuildMs / jsonParseFloorMs, metricsApplyMs,
    eventApplyUsP50: percentile(us, 50), eventApplyUsP99: percentile(us, 99), eventsMeasured: events.length,
    deltaFlushMsP50: median(flushes),
  };
}
