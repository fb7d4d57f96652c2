/**
 * dcgm-exporter's view of every GPU: one sample per healthy-enough GPU of every reachable
 * node. A GPU that fell off the bus (XID 79) has no sample; an unreachable node's exporter
 * cannot be scraped, so its GPUs have none either.
 *
 * Readings follow what the GPU is doing: a training job stepping runs 85–99 % (a thermally
 * throttled GPU sits at 100 % while its peers wait for it), saving a checkpoint drops to I/O
 * levels, a hung NCCL collective to almost nothing; inference follows its load. Temperature
 * and power follow utilisation; a thermal fault pins the GPU above 90 °C with its SM clock cut.
 * Jitter is a hash of (seed, GPU, time), so readings do not depend on how often they are taken.
 */
import type { DcgmSample } from '../dcgm';
import type { Simulation } from './simulation';
import type { GpuSim, NodeSim, PodSim } from './simTypes';
import { hashString, noise } from './rng';
import { activeRole } from './inferenceDynamics';

const gpuHashes = new WeakMap<GpuSim, number>();

function gpuHash(g: GpuSim): number {
  let h = gpuHashes.get(g);
  if (h === undefined) {
    h = hashString(g.id);
    gpuHashes.set(g, h);
  }
  return h;
}

export interface GpuReading { util: number; fbUsed: number; fbFree: number; temp: number; power: number; smClock: number }

export function gpuReading(sim: Simulation, node: NodeSim, g: GpuSim): GpuReading {
  const t = Math.floor(sim.clock.seconds / 5);
  const h = gpuHash(g);
  const n = (k: number) => noise(sim.seed, h, t, k);
  const ps = g.pod ? sim.pods.get(g.pod) : undefined;
  const { util, memFrac } = activity(sim, g, ps, n);
  const total = node.model.memoryMiB;
  const reserved = 512;
  const fbUsed = Math.round(memFrac * (total - reserved));
  const thermal = g.thermal > 0;
  const temp = thermal ? 90 + 5 * n(3) : 31 + 0.42 * util + 3 * n(3);
  const m = node.model;
  let power = m.idlePowerW + (m.maxPowerW - m.idlePowerW) * (util / 100) * 0.92 + 8 * n(4);
  let clock: number;
  if (thermal) {
    clock = m.maxSmClockMHz * (0.52 + 0.04 * n(5));
    power *= 0.72;
  } else if (util < 3) clock = m.idleSmClockMHz;
  else clock = m.maxSmClockMHz - 45 * n(5);
  return {
    util: Math.round(util),
    fbUsed,
    fbFree: total - reserved - fbUsed,
    temp: Math.round(temp),
    power: Math.round(power * 1000) / 1000,
    smClock: Math.round(clock / 15) * 15,
  };
}

function activity(sim: Simulation, g: GpuSim, ps: PodSim | undefined, n: (k: number) => number): { util: number; memFrac: number } {
  if (!ps || ps.state !== 'Running' || ps.deleting) return { util: 0, memFrac: 0 };
  switch (ps.owner.kind) {
    case 'PyTorchJob': {
      const tj = sim.training.get(ps.owner.workload);
      if (!tj || !ps.ready) return { util: 0, memFrac: 0.02 };
      const mem = 0.88 + 0.06 * n(6);
      if (tj.phase !== 'Running') return { util: 2 * n(1), memFrac: 0.05 };
      if (tj.hung > 0) return { util: 5 * n(1), memFrac: mem };
      if (tj.saving) return { util: 8 + 12 * n(1), memFrac: mem };
      if (sim.now < tj.restoreUntil) return { util: 3 + 5 * n(1), memFrac: 0.3 + 0.5 * n(6) };
      if (g.thermal > 0) return { util: 99 + n(1), memFrac: mem };
      // Peers of a straggler wait at every collective.
      const slow = tj.samplesPerSec > 0 && slowestIsThrottled(sim, tj.key) ? 0.6 : 1;
      return { util: (85 + 14 * n(1)) * slow, memFrac: mem };
    }
    case 'Deployment': {
      const dep = sim.deployments.get(ps.owner.workload);
      if (!dep?.service) return { util: 0, memFrac: 0 };
      if (!ps.ready) return { util: 1 * n(1), memFrac: 0.9 };
      const inf = sim.inference.get(dep.service);
      const load = inf && activeRole(sim, inf) === dep.role ? inf.utilization : 0;
      return { util: Math.min(100, 4 + 88 * load + 6 * n(1)), memFrac: 0.9 };
    }
    case 'Job':
      return { util: 60 + 35 * n(1), memFrac: 0.35 + 0.3 * n(6) };
    default:
      return { util: 0, memFrac: 0 };
  }
}

const throttledCache = new WeakMap<Simulation, { at: number; jobs: Set<string> }>();

/** Jobs with a thermally throttled GPU, computed once per sampling instant. */
function slowestIsThrottled(sim: Simulation, job: string): boolean {
  let c = throttledCache.get(sim);
  if (!c || c.at !== sim.now) {
    const jobs = new Set<string>();
    for (const g of sim.gpus.values()) {
      if (g.thermal > 0 && g.pod) {
        const p = sim.pods.get(g.pod);
        if (p?.owner.kind === 'PyTorchJob') jobs.add(p.owner.workload);
      }
    }
    c = { at: sim.now, jobs };
    throttledCache.set(sim, c);
  }
  return c.jobs.has(job);
}

export function dcgmSamples(sim: Simulation): DcgmSample[] {
  const out: DcgmSample[] = [];
  for (const node of sim.nodeList) {
    if (!node.ready) continue;
    for (const g of node.gpus) {
      if (g.health === 'lost') continue;
      const r = gpuReading(sim, node, g);
      const ps = g.pod ? sim.pods.get(g.pod) : undefined;
      const labels: DcgmSample['labels'] = {
        gpu: String(g.index),
        UUID: g.uuid,
        device: `nvidia${g.index}`,
        modelName: node.model.modelName,
        Hostname: node.name,
      };
      if (ps && ps.state !== 'Succeeded' && ps.state !== 'Failed') {
        labels.container = sim.store.getByKey('Pod', ps.key)?.spec?.containers[0]?.name ?? 'main';
        labels.namespace = ps.ns;
        labels.pod = ps.name;
      }
      out.push({
        labels,
        values: {
          DCGM_FI_DEV_GPU_UTIL: r.util,
          DCGM_FI_DEV_FB_USED: r.fbUsed,
          DCGM_FI_DEV_FB_FREE: r.fbFree,
          DCGM_FI_DEV_GPU_TEMP: r.temp,
          DCGM_FI_DEV_POWER_USAGE: r.power,
          DCGM_FI_DEV_SM_CLOCK: r.smClock,
          DCGM_FI_DEV_XID_ERRORS: g.xid,
        },
      });
    }
  }
  return out;
}
