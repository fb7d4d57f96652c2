/**
 * The simulated cluster: state, indexes and the step loop. Builds the initial state of a
 * preset, then advances in fixed one-second steps:
 *   timers (container starts, grace periods, evictions) → pod GC (pods of deleted nodes) → controllers (training-operator,
 *   ReplicaSet, Job, CronJob) → scheduler → training and inference dynamics → PDB status.
 * Everything visible goes through the ObjectStore, whose flush() yields the step's watch events.
 *
 * Per-step work is proportional to what changes (dirty sets, timers, pending pods) plus one pass
 * over training jobs and inference services — never over all pods or nodes — so the 2,000-node
 * preset steps in well under a millisecond when nothing happens.
 */
import type { DemoPreset } from '../../../../shared/contract';
import { LABELS } from '../../../../shared/conventions';
import type { V1PodDisruptionBudget } from '../../k8s/objects';
import { ObjectStore } from './objectStore';
import { EventRecorder } from './eventRecorder';
import { TimerQueue } from './timerQueue';
import { Rng, hashInts } from './rng';
import { STEP_MS, VirtualClock } from './virtualClock';
import { nameSuffix, stableUuid, templateHash, uuid } from './names';
import type { ClusterPlan } from './presets';
import { DAEMON_SETS, GPU_MODELS, clusterPlan, nodeName } from './presets';
import type { BatchSim, CronSim, DeploymentSim, GpuSim, InferenceSim, NodeSim, OrphanNodeSim, PdbSim, PodSim, TrainingSim } from './simTypes';
import {
  cpuDeployment, daemonTemplate, inferenceDeployment, inferenceService, nodeManifest, ownerRef, pdbManifest, podCidr, podFromTemplate,
} from './manifests';
import { createPod, matches } from './podLifecycle';
import { collectOrphanedPods } from './podGc';
import { syncUnschedulableTaint } from './nodeLifecycle';
import { schedulePending } from './scheduler';
import { addTrainingJob, availableReplicas, desiredReplicas, reconcileTrainingPods, stepTraining, updateTrainingStatus } from './trainingDynamics';
import { publishInference, stepInference } from './inferenceDynamics';
import { createBatchRun, reconcileBatchJob, reconcileDeployment, tickCrons, updatePdbStatus } from './workloadControllers';

const DAY = 86_400_000;

export class Simulation {
  readonly plan: ClusterPlan;
  readonly store = new ObjectStore();
  readonly clock: VirtualClock;
  readonly timers = new TimerQueue();
  /** Dynamics stream (jitter, choices): seed-dependent. */
  readonly rng: Rng;
  /** UIDs: seed-dependent. */
  private readonly uidRng: Rng;
  /** Generated name suffixes: seed-independent at build, so presets have stable pod names. */
  readonly nameRng = new Rng(0x5eed);
  readonly events: EventRecorder;
  readonly schedulerName = 'default-scheduler';

  readonly nodes = new Map<string, NodeSim>();
  nodeList: NodeSim[] = [];
  /** Deleted nodes whose pods the pod garbage collector has not removed yet, by name. */
  readonly orphanNodes = new Map<string, OrphanNodeSim>();
  private readonly groups = new Map<string, NodeSim[]>();
  private readonly nodeOrdinal = new Map<string, number>();
  private readonly podIpNext = new Map<string, number>();
  readonly gpus = new Map<string, GpuSim>();
  readonly pods = new Map<string, PodSim>();
  private readonly byNs = new Map<string, Set<string>>();
  readonly pending = new Set<string>();
  readonly training = new Map<string, TrainingSim>();
  readonly deployments = new Map<string, DeploymentSim>();
  readonly inference = new Map<string, InferenceSim>();
  readonly batch = new Map<string, BatchSim>();
  readonly crons: CronSim[] = [];
  readonly pdbs = new Map<string, PdbSim>();
  readonly pdbsByNs = new Map<string, PdbSim[]>();
  readonly dirty = { training: new Set<string>(), deployments: new Set<string>(), batch: new Set<string>(), pdbs: new Set<string>(), daemons: new Set<string>(), nodes: new Set<string>() };
  /** DaemonSets by "ns/name": their pod template, to put a pod back on a node that lost it. */
  private readonly daemonSets = new Map<string, { ns: string; name: string; uid: string; template: ReturnType<typeof daemonTemplate> }>();
  /** Zones whose inference pods fail readiness (inferenceZoneDown), with a count per active fault. */
  readonly inferenceDownZones = new Map<string, number>();
  /** Checkpoint storage prefixes that fail, with the modes of the active faults. */
  readonly storageFaults = new Map<string, ('full' | 'unavailable')[]>();
  capacityChanged = true;
  podSeq = 0;
  building = false;
  private serviceOrdinal = 0;

  constructor(readonly preset: DemoPreset, readonly seed: number) {
    this.plan = clusterPlan(preset);
    this.clock = new VirtualClock(1);
    this.rng = new Rng(hashInts(seed, 1));
    this.uidRng = new Rng(hashInts(seed, 2));
    this.events = new EventRecorder(this.store, () => this.clock.now, this.uidRng);
    this.build();
  }

  get now(): number {
    return this.clock.now;
  }

  uid(): string {
    return uuid(this.uidRng);
  }

  podsByNs(ns: string): Set<string> {
    let s = this.byNs.get(ns);
    if (!s) this.byNs.set(ns, (s = new Set()));
    return s;
  }

  /** Nodes a pod's nodeSelector allows by pool and zone (other label keys are filtered later), in name order. */
  candidateNodes(selector: Record<string, string>): NodeSim[] {
    return this.groups.get(`${selector[LABELS.pool] ?? '*'}|${selector[LABELS.zone] ?? '*'}`) ?? [];
  }

  nodesInZone(zone: string): NodeSim[] {
    return this.groups.get(`*|${zone}`) ?? [];
  }

  /** The node a pod is bound to, also when the Node object was deleted and the pod not yet collected. */
  hostOf(ps: PodSim): NodeSim | undefined {
    if (!ps.node) return undefined;
    return this.nodes.get(ps.node) ?? this.orphanNodes.get(ps.node)?.node;
  }

  /**
   * The Node object is gone: the scheduler, the telemetry, faults and the DaemonSet controller
   * stop seeing the node. Its pods stay (and keep their node's record) until the pod GC.
   */
  forgetNode(node: NodeSim): void {
    if (this.nodes.get(node.name) !== node) return;
    this.nodes.delete(node.name);
    this.nodeList = this.nodeList.filter((n) => n !== node);
    // New arrays: callers may hold the old ones (an active zone outage keeps its node list).
    for (const [k, list] of this.groups) if (list.includes(node)) this.groups.set(k, list.filter((n) => n !== node));
    for (const g of node.gpus) this.gpus.delete(g.id);
    if (node.pods.size > 0) this.orphanNodes.set(node.name, { node, deletedAt: this.now });
    this.capacityChanged = true;
  }

  nodeIp(name: string): string {
    const o = this.nodeOrdinal.get(name) ?? 0;
    return `10.128.${(o >> 8) & 255}.${o & 255}`;
  }

  allocatePodIp(node: string): string {
    const o = this.nodeOrdinal.get(node) ?? 0;
    const n = this.podIpNext.get(node) ?? 0;
    this.podIpNext.set(node, n + 1);
    const base = podCidr(o).split('.').slice(0, 3).join('.');
    return `${base}.${2 + (n % 250)}`;
  }

  /** Remembers why a training replica went away, for the job's event message. */
  noteFailure(ps: PodSim): void {
    if (ps.owner.kind !== 'PyTorchJob' || !ps.lastFailure) return;
    const tj = this.training.get(ps.owner.workload);
    if (tj) tj.failureNote = `${ps.name}: ${ps.lastFailure}`;
  }

  markOwnerDirty(ps: PodSim): void {
    switch (ps.owner.kind) {
      case 'Deployment': this.dirty.deployments.add(ps.owner.workload); break;
      case 'Job': this.dirty.batch.add(ps.owner.workload); break;
      case 'PyTorchJob': this.dirty.training.add(ps.owner.workload); break;
      case 'DaemonSet': if (ps.node) this.dirty.daemons.add(`${ps.owner.workload}|${ps.node}`); break;
      default: break;
    }
    const pdbs = this.pdbsByNs.get(ps.ns);
    if (pdbs) for (const pdb of pdbs) if (pdb.pods.has(ps.key)) this.dirty.pdbs.add(pdb.key);
  }

  addPdb(obj: V1PodDisruptionBudget): PdbSim {
    this.store.add('PodDisruptionBudget', obj);
    const ns = obj.metadata!.namespace!;
    const pdb: PdbSim = { key: `${ns}/${obj.metadata!.name}`, ns, name: obj.metadata!.name!, matchLabels: obj.spec?.selector?.matchLabels ?? {}, pods: new Set() };
    for (const key of this.podsByNs(ns)) {
      const pod = this.store.getByKey('Pod', key);
      if (pod && matches(pdb.matchLabels, pod.metadata?.labels)) pdb.pods.add(key);
    }
    this.pdbs.set(pdb.key, pdb);
    const list = this.pdbsByNs.get(ns) ?? [];
    list.push(pdb);
    this.pdbsByNs.set(ns, list);
    this.dirty.pdbs.add(pdb.key);
    return pdb;
  }

  removePdb(key: string): void {
    const pdb = this.pdbs.get(key);
    if (!pdb) return;
    this.pdbs.delete(key);
    const list = (this.pdbsByNs.get(pdb.ns) ?? []).filter((p) => p !== pdb);
    this.pdbsByNs.set(pdb.ns, list);
    this.store.remove('PodDisruptionBudget', key);
  }

  /** The failure mode for checkpoints written to `storage`, if a fault covers it. */
  storageFault(storage: string): 'full' | 'unavailable' | undefined {
    for (const [prefix, modes] of this.storageFaults) {
      if (modes.length > 0 && storage.startsWith(prefix)) return modes[modes.length - 1];
    }
    return undefined;
  }

  /* ------------------------------------------------------------------- step */

  step(): void {
    this.clock.now += STEP_MS;
    this.timers.runDue(this.clock.now);
    if (this.orphanNodes.size > 0) collectOrphanedPods(this);
    this.runControllers();
    schedulePending(this);
    for (const tj of this.training.values()) stepTraining(this, tj);
    for (const inf of this.inference.values()) stepInference(this, inf);
    this.updatePdbs();
  }

  runControllers(): void {
    if (this.dirty.nodes.size) {
      const names = [...this.dirty.nodes];
      this.dirty.nodes.clear();
      for (const name of names) if (this.nodes.has(name)) syncUnschedulableTaint(this, name);
    }
    if (this.dirty.training.size) {
      const keys = [...this.dirty.training];
      this.dirty.training.clear();
      for (const k of keys) {
        const tj = this.training.get(k);
        if (tj) reconcileTrainingPods(this, tj);
      }
    }
    if (this.dirty.deployments.size) {
      const keys = [...this.dirty.deployments];
      this.dirty.deployments.clear();
      for (const k of keys) {
        const d = this.deployments.get(k);
        if (d) reconcileDeployment(this, d);
      }
    }
    if (this.dirty.batch.size) {
      const keys = [...this.dirty.batch];
      this.dirty.batch.clear();
      for (const k of keys) {
        const b = this.batch.get(k);
        if (b) reconcileBatchJob(this, b);
      }
    }
    if (this.dirty.daemons.size) {
      const keys = [...this.dirty.daemons];
      this.dirty.daemons.clear();
      for (const k of keys) this.reconcileDaemonPod(k);
    }
    tickCrons(this);
  }

  /** DaemonSet controller: every node runs one pod of each DaemonSet. */
  private reconcileDaemonPod(key: string): void {
    const [workload, nodeName] = key.split('|');
    const ds = this.daemonSets.get(workload);
    const node = this.nodes.get(nodeName);
    if (!ds || !node) return;
    for (const pk of node.pods) {
      const ps = this.pods.get(pk);
      if (ps && ps.owner.workload === workload && !ps.deleting) return;
    }
    for (const pk of node.pods) {
      const ps = this.pods.get(pk);
      if (ps && ps.owner.workload === workload) return; // wait until the old one is gone
    }
    this.createDaemonPod(ds, node);
  }

  private createDaemonPod(ds: { ns: string; name: string; uid: string; template: ReturnType<typeof daemonTemplate> }, node: NodeSim): void {
    const pod = podFromTemplate({
      ns: ds.ns, name: `${ds.name}-${nameSuffix(this.nameRng)}`, uid: this.uid(), created: this.now, template: ds.template,
      labels: { 'pod-template-generation': '1' }, owner: ownerRef('apps/v1', 'DaemonSet', ds.name, ds.uid), nodeName: node.name, shareSpec: true,
    });
    createPod(this, pod, { kind: 'DaemonSet', workload: `${ds.ns}/${ds.name}` }, { startupSec: 5, readySec: 2, daemon: true });
  }

  updatePdbs(): void {
    if (this.dirty.pdbs.size === 0) return;
    const keys = [...this.dirty.pdbs];
    this.dirty.pdbs.clear();
    for (const k of keys) {
      const pdb = this.pdbs.get(k);
      if (pdb) updatePdbStatus(this, pdb);
    }
  }

  /* ------------------------------------------------------------------ build */

  private build(): void {
    this.building = true;
    this.store.building = true;
    const plan = this.plan;
    const ages = this.buildAges;
    const age = (rng: Rng, minDays: number, maxDays: number) => Math.round((minDays + (maxDays - minDays) * rng.next()) * DAY);
    const fixed = new Rng(0xa9e5);

    // Nodes, pool by pool and zone by zone; names sort in that order too.
    let ordinal = 0;
    for (const pool of plan.pools) {
      const model = GPU_MODELS[pool.pool];
      plan.zones.forEach((zone, zi) => {
        for (let i = 0; i < (pool.nodesPerZone[zi] ?? 0); i++) {
          const name = nodeName(pool.pool, zone, i + 1);
          ordinal++;
          this.nodeOrdinal.set(name, ordinal);
          const gpus: GpuSim[] = [];
          for (let g = 0; g < pool.gpusPerNode; g++) {
            const gpu: GpuSim = { id: `${name}/${g}`, node: name, index: g, uuid: `GPU-${stableUuid(`${name}/gpu/${g}`)}`, health: 'ok', allocatable: true, xid: 0, thermal: 0 };
            gpus.push(gpu);
            this.gpus.set(gpu.id, gpu);
          }
          const node: NodeSim = {
            name, zone, pool: pool.pool, model, gpus, cpuMilli: (model.cpu - 2) * 1000, podsCap: 110, ready: true, downFaults: 0,
            pods: new Set(), usedGpus: 0, usedCpu: 0, podCount: 0,
          };
          this.nodes.set(name, node);
          this.store.add('Node', nodeManifest({ name, zone, region: plan.region, pool: pool.pool, model, gpus: pool.gpusPerNode, ordinal, created: this.now - age(fixed, 40, 400), uid: stableUuid(`${name}/uid/${this.seed}`) }));
        }
      });
    }
    this.nodeList = [...this.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const node of this.nodeList) {
      for (const k of [`${node.pool}|${node.zone}`, `${node.pool}|*`, `*|${node.zone}`, '*|*']) {
        let g = this.groups.get(k);
        if (!g) this.groups.set(k, (g = []));
        g.push(node);
      }
    }

    // DaemonSet pods, one per node.
    for (const d of DAEMON_SETS) {
      const ds = { ns: d.namespace, name: d.name, uid: this.uid(), template: daemonTemplate(d.name, d.image, d.cpuMilli) };
      this.daemonSets.set(`${d.namespace}/${d.name}`, ds);
      for (const node of this.nodeList) this.createDaemonPod(ds, node);
    }

    // Inference: Service + primary/standby Deployments + PDB on the primary.
    for (const p of plan.inference) {
      const created = this.now - age(fixed, 10, 90);
      this.store.add('Service', inferenceService(p, this.uid(), created, this.serviceOrdinal++));
      for (const role of ['primary', 'standby'] as const) {
        const obj = inferenceDeployment(p, role, this.uid(), created);
        this.store.add('Deployment', obj);
        const dep = this.addDeploymentSim(obj.metadata!.name!, p.namespace, obj.metadata!.uid!, { service: `${p.namespace}/${p.name}`, role, gpus: p.gpusPerReplica, cpuMilli: 8000 * p.gpusPerReplica, memoryMi: 0, image: p.image, pool: p.pool, zone: role === 'primary' ? p.primary.zone : p.standby.zone, priorityClass: 'inference-critical', startupSec: 40, readySec: 60 + 15 * p.gpusPerReplica });
        ages.set(dep.key, created);
      }
      this.addPdb(pdbManifest(p.namespace, `${p.name}-primary-pdb`, this.uid(), created, { app: `${p.name}-primary` }, p.pdbMinAvailable));
      const inf: InferenceSim = {
        key: `${p.namespace}/${p.name}`, ns: p.namespace, name: p.name, plan: p, primary: `${p.name}-primary`, standby: `${p.name}-standby`,
        rps: 0, offered: 0, p50: p.baseLatencyMs, p99: p.baseLatencyMs * 2, errorRate: 0, utilization: 0, lastPublish: this.now, published: {},
      };
      this.inference.set(inf.key, inf);
    }

    for (const p of plan.cpu) {
      const created = this.now - age(fixed, 5, 120);
      const obj = cpuDeployment(p, this.uid(), created);
      this.store.add('Deployment', obj);
      const dep = this.addDeploymentSim(p.name, p.namespace, obj.metadata!.uid!, { gpus: 0, cpuMilli: p.cpuMilli, memoryMi: p.memoryMi, image: p.image, startupSec: 8, readySec: 3 });
      ages.set(dep.key, created);
    }
    for (const dep of this.deployments.values()) reconcileDeployment(this, dep);

    for (const p of plan.training) {
      const createdAgoSec = Math.round(p.startProgress * p.totalDays * 86400);
      addTrainingJob(this, p, { createdAgoSec, initial: true });
    }

    for (const bp of plan.batch) {
      const cron: CronSim = { plan: bp, uid: this.uid(), run: Math.floor(40 + fixed.next() * 200) };
      this.crons.push(cron);
      createBatchRun(this, cron, Math.round(bp.durationSec * fixed.next() * 0.8));
    }

    schedulePending(this);

    // Statuses as the controllers would have published them by now.
    for (const dep of this.deployments.values()) reconcileDeployment(this, dep);
    for (const b of this.batch.values()) reconcileBatchJob(this, b);
    for (const tj of this.training.values()) {
      const { names } = desiredReplicas(this.store.getByKey('PyTorchJob', tj.key));
      tj.lastAvailable = availableReplicas(this, tj, names).available;
      updateTrainingStatus(this, tj);
    }
    for (const inf of this.inference.values()) {
      stepInference(this, inf);
      publishInference(this, inf);
    }
    this.updatePdbs();
    for (const set of Object.values(this.dirty)) set.clear();
    this.store.building = false;
    this.building = false;
    this.store.flush();
    this.capacityChanged = true;
  }

  private addDeploymentSim(name: string, ns: string, uid: string, o: Omit<DeploymentSim, 'key' | 'ns' | 'name' | 'uid' | 'rsName' | 'hash' | 'rsUid' | 'pods'>): DeploymentSim {
    const hash = templateHash(`${ns}/${name}`);
    const dep: DeploymentSim = { key: `${ns}/${name}`, ns, name, uid, rsName: `${name}-${hash}`, hash, rsUid: stableUuid(`${ns}/${name}/rs/${this.seed}`), pods: new Set(), ...o };
    this.deployments.set(dep.key, dep);
    return dep;
  }

  /** Build-time creation instants of workloads (ms), from which initial pods are backdated. */
  private readonly buildAges = new Map<string, number>();
  private readonly ageRng = new Rng(0xa9e6);

  /** When an initial pod was created: it has been running for a while, never longer than its owner. */
  initialPodStart(ps: PodSim): number {
    const now = this.now;
    let ageMs: number;
    if (ps.daemon) ageMs = Math.round((5 + 35 * this.ageRng.next()) * DAY);
    else if (ps.owner.kind === 'Deployment') {
      const created = this.buildAges.get(ps.owner.workload);
      ageMs = created !== undefined ? Math.round((now - created) * (0.2 + 0.8 * this.ageRng.next())) : DAY;
    } else if (ps.owner.kind === 'PyTorchJob') {
      const tj = this.training.get(ps.owner.workload);
      ageMs = tj ? Math.round(Math.min(now - tj.startTime, 3 * DAY) * (0.5 + 0.5 * this.ageRng.next())) : DAY;
    } else {
      const b = this.batch.get(ps.owner.workload);
      ageMs = b ? now - b.startTime : 0;
    }
    return now - Math.max(60_000, ageMs);
  }

  /* ---------------------------------------------------------- for the tests */

  /** GPUs requested by non-terminal pods bound to nodes. */
  allocatedGpus(): number {
    let n = 0;
    for (const node of this.nodeList) n += node.usedGpus;
    return n;
  }
}
