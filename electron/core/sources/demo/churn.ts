/**
 * Background churn for load tests: the watch traffic a big cluster produces when nothing in
 * particular happens — kubelet node status heartbeats, pod readiness flaps of CPU workers
 * (each flap comes back Ready a few seconds later, so the cluster's meaning is unchanged), and
 * trainers re-reporting throughput. Deterministic from the seed.
 */
import { ANNOTATIONS } from '../../../../shared/conventions';
import type { Simulation } from './simulation';
import type { PodSim } from './simTypes';
import { Rng, hashInts } from './rng';
import { refreshReady } from './podLifecycle';

export class ChurnGenerator {
  private readonly rng: Rng;
  private cpuPods: string[] = [];
  private jobs: string[] = [];

  constructor(private readonly sim: Simulation) {
    this.rng = new Rng(hashInts(sim.seed, 3));
  }

  /** Applies changes until about n watch events are pending (the caller flushes them as one batch). */
  apply(n: number): void {
    const sim = this.sim;
    if (this.cpuPods.length === 0) {
      for (const ps of sim.pods.values()) if (ps.gpus === 0 && !ps.daemon && ps.owner.kind === 'Deployment') this.cpuPods.push(ps.key);
      this.jobs = [...sim.training.keys()];
    }
    const now = sim.now;
    const target = sim.store.pendingCount + n;
    for (let i = 0; i < 3 * n && sim.store.pendingCount < target; i++) {
      const r = this.rng.next();
      if (r < 0.5) {
        const node = sim.nodeList[this.rng.int(sim.nodeList.length)];
        if (!node.ready) continue;
        sim.store.mutate('Node', node.name, (o) => {
          for (const c of o.status?.conditions ?? []) c.lastHeartbeatTime = new Date(now);
        }, 'status');
      } else if (r < 0.85 && this.cpuPods.length > 0) {
        const ps = sim.pods.get(this.cpuPods[this.rng.int(this.cpuPods.length)]);
        if (ps && ps.ready) this.flap(ps);
      } else if (this.jobs.length > 0) {
        const tj = sim.training.get(this.jobs[this.rng.int(this.jobs.length)]);
        if (!tj || tj.phase !== 'Running' || tj.hung > 0) continue;
        const v = (tj.samplesPerSec * (0.99 + 0.02 * this.rng.next())).toFixed(1);
        sim.store.mutate('PyTorchJob', tj.key, (j) => {
          j.metadata!.annotations = { ...(j.metadata!.annotations ?? {}), [ANNOTATIONS.samplesPerSecond]: v };
        }, 'status');
        tj.published[ANNOTATIONS.samplesPerSecond] = v;
      }
    }
  }

  /** Readiness probe fails once; the pod is Ready again after 2–6 s. */
  private flap(ps: PodSim): void {
    const sim = this.sim;
    ps.readyAt = sim.now + (2 + this.rng.int(5)) * 1000;
    refreshReady(sim, ps);
    const at = ps.readyAt;
    sim.timers.at(at, () => {
      if (sim.pods.get(ps.key) === ps && ps.readyAt === at) refreshReady(sim, ps);
    });
  }
}
