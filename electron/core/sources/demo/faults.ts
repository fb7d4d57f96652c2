/**
 * Fault injection: the failures GPU-cluster operators meet, with the consequences the real
 * components would produce. Each inject() returns a handle whose clear() undoes the fault (a
 * GPU reset or reboot, a node coming back, storage recovering). Faults of the same kind on the
 * same target stack: a node stays NotReady until every fault holding it down is cleared.
 *
 * XID consequences follow the code's class (shared/xid.ts):
 *  - gpu-lost (79): the GPU is gone — no DCGM samples, allocatable nvidia.com/gpu − 1, its pod fails;
 *  - memory (48, 64, 95, …): the device is unhealthy — allocatable − 1, its pod fails;
 *    row-remap pending (63) and single-bit ECC (92) only degrade it;
 *  - application (13, 31, 43, 94, …): the container restarts, the GPU stays healthy;
 *  - nvlink (74): its pod fails, the GPU is degraded and withdrawn until reset;
 *  - driver: like memory; thermal-power: degraded; other: the XID is only reported.
 */
import { xidClass } from '../../../../shared/xid';
import { SourceError } from '../clusterSource';
import type { Simulation } from './simulation';
import type { GpuSim, NodeSim, TrainingSim } from './simTypes';
import { nodeRef, setNodeNotReady, setNodeReady, syncGpuAllocatable } from './nodeLifecycle';
import { podRef, refreshReady, restartContainer, terminatePod, deletePod } from './podLifecycle';
import { addTrainingJob } from './trainingDynamics';
import type { TrainingPlan } from './presets';

export type FaultSpec =
  | { type: 'xid'; gpu: string; code: number }
  | { type: 'nodeNotReady'; node: string }
  | { type: 'zoneOutage'; zone: string }
  | { type: 'ncclHang'; job: string }
  | { type: 'thermal'; gpu: string }
  | { type: 'checkpointStorage'; storage: string; mode: 'full' | 'unavailable' }
  | { type: 'inferenceZoneDown'; zone: string }
  | { type: 'priorityBurst'; namespace: string; gpus: number; priorityClass: string };

export type FaultType = FaultSpec['type'];

export interface ActiveFault { id: string; spec: FaultSpec; since: number }

export interface FaultHandle extends ActiveFault {
  /** Undo the fault; a no-op when already cleared. */
  clear(): void;
  readonly active: boolean;
}

/** What an XID does to its GPU and pod. */
export interface XidEffect { health: GpuSim['health']; allocatable: boolean; pod: 'fail' | 'restart' | 'none' }

export function xidEffect(code: number): XidEffect {
  switch (xidClass(code)) {
    case 'gpu-lost': return { health: 'lost', allocatable: false, pod: 'fail' };
    case 'memory':
      if (code === 63 || code === 92) return { health: 'degraded', allocatable: true, pod: 'none' };
      return { health: 'unhealthy', allocatable: false, pod: 'fail' };
    case 'application': return { health: 'ok', allocatable: true, pod: 'restart' };
    case 'nvlink': return { health: 'degraded', allocatable: false, pod: 'fail' };
    case 'driver': return { health: 'unhealthy', allocatable: false, pod: 'fail' };
    case 'thermal-power': return { health: 'degraded', allocatable: true, pod: 'none' };
    default: return { health: 'ok', allocatable: true, pod: 'none' };
  }
}

const SEVERITY: Record<GpuSim['health'], number> = { ok: 0, degraded: 1, unhealthy: 2, lost: 3 };

const XID_TEXT: Record<string, string> = {
  'gpu-lost': 'GPU has fallen off the bus',
  memory: 'GPU memory error',
  application: 'application error (graphics engine exception / MMU fault)',
  nvlink: 'NVLink error',
  'thermal-power': 'thermal or power event',
  driver: 'driver/firmware error',
  other: 'GPU error',
};

export class FaultController {
  private readonly faults = new Map<string, { spec: FaultSpec; since: number; undo: () => void }>();
  private seq = 0;
  private burstSeq = 0;

  constructor(private readonly sim: Simulation, private readonly afterChange: () => void) {}

  active(): ActiveFault[] {
    return [...this.faults.entries()].map(([id, f]) => ({ id, spec: f.spec, since: f.since }));
  }

  inject(spec: FaultSpec): FaultHandle {
    const undo = this.apply(spec);
    const id = `fault-${++this.seq}`;
    const since = this.sim.now;
    this.faults.set(id, { spec, since, undo });
    this.afterChange();
    const faults = this.faults;
    const clear = (faultId: string) => this.clear(faultId);
    return {
      id,
      spec,
      since,
      get active() {
        return faults.has(id);
      },
      clear() {
        clear(id);
      },
    };
  }

  clear(id: string): boolean {
    const f = this.faults.get(id);
    if (!f) return false;
    this.faults.delete(id);
    f.undo();
    this.afterChange();
    return true;
  }

  clearAll(): void {
    for (const id of [...this.faults.keys()]) this.clear(id);
  }

  /** Demo GPU reset: clears every XID and thermal fault of the GPU. Returns how many were cleared. */
  resetGpu(gpuId: string): number {
    const g = this.sim.gpus.get(gpuId);
    if (!g) throw new SourceError(`GPU ${gpuId} not found`, 404, 'NotFound');
    let n = 0;
    for (const [id, f] of [...this.faults]) {
      if ((f.spec.type === 'xid' || f.spec.type === 'thermal') && f.spec.gpu === gpuId) {
        this.clear(id);
        n++;
      }
    }
    // A reset also zeroes the last XID reported by DCGM.
    g.xid = 0;
    g.xidAt = undefined;
    return n;
  }

  private gpu(id: string): { g: GpuSim; node: NodeSim } {
    const g = this.sim.gpus.get(id);
    if (!g) throw new SourceError(`GPU ${id} not found (expected "node/index")`, 404, 'NotFound');
    return { g, node: this.sim.nodes.get(g.node)! };
  }

  private apply(spec: FaultSpec): () => void {
    switch (spec.type) {
      case 'xid': return this.xid(spec.gpu, spec.code);
      case 'nodeNotReady': {
        const node = this.sim.nodes.get(spec.node);
        if (!node) throw new SourceError(`nodes "${spec.node}" not found`, 404, 'NotFound');
        return this.holdNodesDown([node]);
      }
      case 'zoneOutage': {
        const nodes = this.sim.nodesInZone(spec.zone);
        if (nodes.length === 0) throw new SourceError(`zone ${spec.zone} has no nodes`, 404, 'NotFound');
        return this.holdNodesDown(nodes);
      }
      case 'ncclHang': {
        const tj = this.job(spec.job);
        tj.hung += 1;
        return () => {
          tj.hung = Math.max(0, tj.hung - 1);
        };
      }
      case 'thermal': {
        const { g } = this.gpu(spec.gpu);
        g.thermal += 1;
        return () => {
          g.thermal = Math.max(0, g.thermal - 1);
        };
      }
      case 'checkpointStorage': {
        if (!spec.storage) throw new SourceError('checkpointStorage fault needs a storage URI (prefix)', 422, 'Invalid');
        const modes = this.sim.storageFaults.get(spec.storage) ?? [];
        modes.push(spec.mode);
        this.sim.storageFaults.set(spec.storage, modes);
        return () => {
          const i = modes.lastIndexOf(spec.mode);
          if (i >= 0) modes.splice(i, 1);
          if (modes.length === 0) this.sim.storageFaults.delete(spec.storage);
        };
      }
      case 'inferenceZoneDown': return this.inferenceZoneDown(spec.zone);
      case 'priorityBurst': return this.priorityBurst(spec.namespace, spec.gpus, spec.priorityClass);
    }
  }

  private job(key: string): TrainingSim {
    const m = /^(?:PyTorchJob\/)?([^/]+)\/([^/]+)$/.exec(key);
    const tj = m ? this.sim.training.get(`${m[1]}/${m[2]}`) : undefined;
    if (!tj) throw new SourceError(`PyTorchJob ${key} not found (expected "PyTorchJob/namespace/name")`, 404, 'NotFound');
    return tj;
  }

  private xid(gpuId: string, code: number): () => void {
    const sim = this.sim;
    const { g, node } = this.gpu(gpuId);
    if (!Number.isInteger(code) || code <= 0) throw new SourceError(`invalid XID code ${code}`, 422, 'Invalid');
    const cls = xidClass(code);
    const eff = xidEffect(code);
    g.xid = code;
    g.xidAt = sim.now;
    const fault = { code, eff };
    xidFaults(g).push(fault);
    applyGpuHealth(sim, g, node);
    const ps = g.pod ? sim.pods.get(g.pod) : undefined;
    const msg = `Xid (PCI:0000:${(0x18 + g.index * 0x10).toString(16).padStart(2, '0')}:00): ${code}, ${XID_TEXT[cls]} on GPU ${g.index} (${g.uuid})${ps ? `, pid of ${ps.ns}/${ps.name}` : ''}`;
    sim.events.record(nodeRef(sim, node), 'Warning', 'GPUXidError', msg, 'nvidia-dcgm', node.name);
    if (ps && (ps.state === 'Running' || (ps.state === 'Creating' && eff.pod === 'fail')) && !ps.deleting) {
      const why = `XID ${code} on GPU ${g.index} of ${node.name}`;
      if (eff.pod === 'fail') {
        terminatePod(sim, ps, 'Failed', 'Error', cls === 'gpu-lost' ? 255 : 1, `CUDA error: ${XID_TEXT[cls]} (${why})`);
        ps.lastFailure = why;
      } else if (eff.pod === 'restart') {
        restartContainer(sim, ps, 'Error', 1, `CUDA error: an illegal memory access was encountered (${why})`, true);
        ps.lastFailure = why;
      }
    }
    return () => {
      const list = xidFaults(g);
      const i = list.indexOf(fault);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) {
        g.xid = 0;
        g.xidAt = undefined;
      }
      applyGpuHealth(sim, g, node);
    };
  }

  private holdNodesDown(nodes: NodeSim[]): () => void {
    for (const node of nodes) {
      node.downFaults += 1;
      if (node.downFaults === 1) setNodeNotReady(this.sim, node);
    }
    return () => {
      for (const node of nodes) {
        node.downFaults = Math.max(0, node.downFaults - 1);
        if (node.downFaults === 0) setNodeReady(this.sim, node);
      }
    };
  }

  private inferenceZoneDown(zone: string): () => void {
    const sim = this.sim;
    if (sim.nodesInZone(zone).length === 0) throw new SourceError(`zone ${zone} has no nodes`, 404, 'NotFound');
    sim.inferenceDownZones.set(zone, (sim.inferenceDownZones.get(zone) ?? 0) + 1);
    const refresh = (warn: boolean) => {
      for (const node of sim.nodesInZone(zone)) {
        for (const key of node.pods) {
          const ps = sim.pods.get(key);
          if (!ps || !ps.inference) continue;
          if (warn && ps.ready) {
            sim.events.record({ ...podRef(ps), fieldPath: 'spec.containers{server}' }, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet', ps.node);
          }
          refreshReady(sim, ps);
        }
      }
    };
    refresh(true);
    return () => {
      const n = (sim.inferenceDownZones.get(zone) ?? 1) - 1;
      if (n <= 0) sim.inferenceDownZones.delete(zone);
      else sim.inferenceDownZones.set(zone, n);
      refresh(false);
    };
  }

  /** A high-priority gang job arrives; the scheduler preempts lower-priority pods to place it. */
  private priorityBurst(namespace: string, gpus: number, priorityClass: string): () => void {
    const sim = this.sim;
    if (!Number.isInteger(gpus) || gpus <= 0) throw new SourceError('priorityBurst needs a positive number of GPUs', 422, 'Invalid');
    const perPod = Math.min(8, gpus);
    const pods = Math.ceil(gpus / perPod);
    let name: string;
    do name = `urgent-finetune-${++this.burstSeq}`;
    while (sim.training.has(`${namespace}/${name}`));
    const plan: TrainingPlan = {
      // Sized like an A100-pool job (CPU per GPU fits every pool); the pool selector is dropped below.
      namespace, name, pool: 'a100', master: true, workers: pods - 1, gpusPerPod: perPod, priorityClass,
      backoffLimit: 10, checkpointIntervalSec: 600, storage: `s3://ckpt-${namespace}/${name}`, rpoSec: 1200, rtoSec: 600,
      totalDays: 2, startProgress: 0, globalBatch: 512, samplesPerSecPerPod: 150, pdb: false, image: 'nvcr.io/nvidia/pytorch:25.01-py3',
    };
    const tj = addTrainingJob(sim, plan, { createdAgoSec: 0, initial: false });
    // No pool selector: an urgent job takes GPUs wherever it can get them.
    sim.store.mutate('PyTorchJob', tj.key, (j) => {
      for (const spec of [j.spec.pytorchReplicaSpecs.Master, j.spec.pytorchReplicaSpecs.Worker]) {
        if (spec?.template.spec) delete spec.template.spec.nodeSelector;
      }
    });
    for (const key of tj.pods.values()) {
      const ps = sim.pods.get(key);
      if (ps) {
        ps.nodeSelector = {};
        sim.store.mutate('Pod', key, (p) => {
          delete p.spec!.nodeSelector;
        });
      }
    }
    sim.events.record({ kind: 'PyTorchJob', apiVersion: 'kubeflow.org/v1', namespace, name, uid: tj.uid }, 'Normal', 'PyTorchJobCreated', `PyTorchJob ${namespace}/${name} is created.`, 'pytorchjob-controller');
    return () => {
      const cur = sim.training.get(tj.key);
      if (!cur) return;
      for (const key of cur.pods.values()) {
        const ps = sim.pods.get(key);
        if (ps) deletePod(sim, ps);
      }
      sim.training.delete(tj.key);
      sim.store.remove('PyTorchJob', tj.key);
    };
  }
}

const xidLists = new WeakMap<GpuSim, { code: number; eff: XidEffect }[]>();

function xidFaults(g: GpuSim): { code: number; eff: XidEffect }[] {
  let l = xidLists.get(g);
  if (!l) xidLists.set(g, (l = []));
  return l;
}

/** GPU health = the worst active XID; allocatable follows; the device plugin updates the node. */
function applyGpuHealth(sim: Simulation, g: GpuSim, node: NodeSim): void {
  let health: GpuSim['health'] = 'ok';
  let allocatable = true;
  for (const f of xidFaults(g)) {
    if (SEVERITY[f.eff.health] > SEVERITY[health]) health = f.eff.health;
    if (!f.eff.allocatable) allocatable = false;
  }
  const was = g.allocatable;
  g.health = health;
  g.allocatable = allocatable;
  if (was !== allocatable) syncGpuAllocatable(sim, node);
}
