/**
 * Inference services: offered load follows a daily curve; the Deployment the Service selects
 * (primary or standby, by `bulwark.io/serving-role` in its selector) serves it with its ready
 * replicas. Latency grows with utilisation (queueing), past saturation requests are shed
 * (error rate), with no ready replica everything fails. Published as annotations on the
 * primary Deployment every 10 s.
 */
import { LABELS } from '../../../../shared/conventions';
import type { Simulation } from './simulation';
import type { InferenceSim } from './simTypes';
import { DEMO_ANNOTATIONS } from './demoAnnotations';
import { isAvailable } from './podLifecycle';
import { hashString, noise } from './rng';
import { DEMO_EPOCH_MS } from './virtualClock';

const PUBLISH_EVERY_MS = 10_000;
/** Client timeout: what p50/p99 show when nothing answers. */
export const CLIENT_TIMEOUT_MS = 30_000;

export function activeRole(sim: Simulation, inf: InferenceSim): 'primary' | 'standby' {
  const svc = sim.store.getByKey('Service', inf.key);
  return svc?.spec?.selector?.[LABELS.servingRole] === 'standby' ? 'standby' : 'primary';
}

export function readyReplicas(sim: Simulation, deploymentKey: string): number {
  const dep = sim.deployments.get(deploymentKey);
  if (!dep) return 0;
  let n = 0;
  for (const key of dep.pods) if (isAvailable(sim, sim.pods.get(key))) n++;
  return n;
}

/** Load factor over the day: low at night, peak mid-afternoon (UTC). */
export function diurnal(now: number): number {
  const hour = ((now - DEMO_EPOCH_MS) / 3_600_000) % 24;
  return 0.78 + 0.32 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

export function stepInference(sim: Simulation, inf: InferenceSim): void {
  const now = sim.now;
  const p = inf.plan;
  const role = activeRole(sim, inf);
  const depKey = `${inf.ns}/${role === 'primary' ? inf.primary : inf.standby}`;
  const ready = readyReplicas(sim, depKey);
  const h = hashString(inf.key);
  const offered = p.baseLoadRps * diurnal(now) * (0.94 + 0.12 * noise(sim.seed, h, Math.floor(sim.clock.seconds / 10)));
  const capacity = ready * p.rpsPerReplica;
  inf.offered = offered;
  if (capacity <= 0) {
    inf.rps = 0;
    inf.errorRate = offered > 0 ? 1 : 0;
    inf.p50 = CLIENT_TIMEOUT_MS;
    inf.p99 = CLIENT_TIMEOUT_MS;
    inf.utilization = 0;
  } else {
    const rho = offered / capacity;
    const u = Math.min(rho, 0.97);
    // M/M/1-like growth of queueing delay near saturation.
    let p50 = p.baseLatencyMs * (1 + 0.35 * (u / (1 - u)));
    let p99 = p50 * (2.1 + 3 * u ** 4);
    let errorRate = 0.0004;
    if (rho > 1) {
      p50 *= 1 + 4 * (rho - 1);
      p99 *= 1 + 10 * (rho - 1);
      errorRate = Math.min(1, (rho - 1) / rho + 0.0004);
    }
    inf.rps = Math.min(offered, capacity) * (1 - errorRate);
    inf.errorRate = errorRate;
    inf.p50 = Math.min(CLIENT_TIMEOUT_MS, p50);
    inf.p99 = Math.min(CLIENT_TIMEOUT_MS, p99);
    inf.utilization = Math.min(1, rho);
  }
  if (now - inf.lastPublish >= PUBLISH_EVERY_MS) publishInference(sim, inf, role);
}

export function publishInference(sim: Simulation, inf: InferenceSim, role = activeRole(sim, inf)): void {
  inf.lastPublish = sim.now;
  const ann: Record<string, string> = {
    [DEMO_ANNOTATIONS.rps]: inf.rps.toFixed(1),
    [DEMO_ANNOTATIONS.offeredRps]: inf.offered.toFixed(1),
    [DEMO_ANNOTATIONS.latencyP50]: inf.p50.toFixed(0),
    [DEMO_ANNOTATIONS.latencyP99]: inf.p99.toFixed(0),
    [DEMO_ANNOTATIONS.errorRate]: inf.errorRate.toFixed(4),
    [DEMO_ANNOTATIONS.servingRole]: role,
  };
  let changed = false;
  for (const k in ann) if (inf.published[k] !== ann[k]) changed = true;
  if (!changed) return;
  inf.published = ann;
  sim.store.mutate('Deployment', `${inf.ns}/${inf.primary}`, (d) => {
    d.metadata!.annotations = { ...(d.metadata!.annotations ?? {}), ...ann };
  }, 'status');
}
