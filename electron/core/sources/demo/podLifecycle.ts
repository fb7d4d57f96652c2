/**
 * A pod's life as the kubelet and the API server show it: created Pending, bound by the
 * scheduler, ContainerCreating, Running, Ready, container restarts, Failed/Succeeded, graceful
 * deletion. Every change goes through here so the pod object, the node's resource accounting
 * and the owners' dirty flags stay in step.
 */
import type { V1ContainerStatus, V1PodCondition } from '@kubernetes/client-node';
import type { V1Pod } from '../../k8s/objects';
import type { Simulation } from './simulation';
import type { NodeSim, PodOwner, PodSim } from './simTypes';
import { podCpuRequest, podGpuRequest, setCondition } from './manifests';
import { hashInts, hashString } from './rng';

export interface NewPodOptions {
  startupSec: number;
  readySec: number;
  inference?: boolean;
  daemon?: boolean;
}

/** Adds a pod object and its record; it waits for the scheduler unless spec.nodeName is set. */
export function createPod(sim: Simulation, pod: V1Pod, owner: PodOwner, opts: NewPodOptions): PodSim {
  const ns = pod.metadata!.namespace!;
  const name = pod.metadata!.name!;
  const key = `${ns}/${name}`;
  const ps: PodSim = {
    key,
    ns,
    name,
    uid: pod.metadata!.uid!,
    owner,
    gpus: podGpuRequest(pod),
    cpuMilli: podCpuRequest(pod),
    priority: pod.spec?.priority ?? 0,
    nodeSelector: pod.spec?.nodeSelector ?? {},
    tolerations: pod.spec?.tolerations ?? [],
    startupSec: opts.startupSec,
    readySec: opts.readySec,
    gpuIdx: [],
    state: 'Pending',
    seq: sim.podSeq++,
    deleting: false,
    ready: false,
    restarts: 0,
    inference: opts.inference ?? false,
    daemon: opts.daemon ?? false,
  };
  sim.store.add('Pod', pod);
  sim.pods.set(key, ps);
  sim.podsByNs(ns).add(key);
  for (const pdb of sim.pdbsByNs.get(ns) ?? []) {
    if (matches(pdb.matchLabels, pod.metadata!.labels)) {
      pdb.pods.add(key);
      sim.dirty.pdbs.add(pdb.key);
    }
  }
  const nodeName = pod.spec?.nodeName;
  if (nodeName && sim.nodes.has(nodeName)) bindPod(sim, ps, sim.nodes.get(nodeName)!);
  else sim.pending.add(key);
  return ps;
}

export function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const k in selector) if (labels?.[k] !== selector[k]) return false;
  return true;
}

/** The scheduler's Binding: resources are held from now on; containers start after startupSec. */
export function bindPod(sim: Simulation, ps: PodSim, node: NodeSim): void {
  const now = sim.now;
  sim.pending.delete(ps.key);
  ps.node = node.name;
  ps.nominatedNode = undefined;
  ps.state = 'Creating';
  node.pods.add(ps.key);
  holdResources(node, ps);
  const ip = sim.nodeIp(node.name);
  if (sim.building) {
    writeInitialRunning(sim, ps, ip);
    return;
  }
  sim.store.mutate('Pod', ps.key, (p) => {
    p.spec!.nodeName = node.name;
    const st = p.status!;
    delete st.nominatedNodeName;
    st.hostIP = ip;
    st.hostIPs = [{ ip }];
    st.conditions = st.conditions ?? [];
    setCondition(st.conditions, { type: 'PodScheduled', status: 'True' }, now);
    setCondition(st.conditions, { type: 'PodReadyToStartContainers', status: 'False' }, now);
    setCondition(st.conditions, { type: 'Initialized', status: 'True' }, now);
    setCondition(st.conditions, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containerNames(p)}]` }, now);
    setCondition(st.conditions, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containerNames(p)}]` }, now);
    st.startTime = new Date(now);
    st.containerStatuses = p.spec!.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    }));
  });
  sim.markOwnerDirty(ps);
  if (!ps.daemon) {
    sim.events.record(podRef(ps), 'Normal', 'Scheduled', `Successfully assigned ${ps.ns}/${ps.name} to ${node.name}`, 'default-scheduler');
  }
  ps.startAt = now + ps.startupSec * 1000;
  const at = ps.startAt;
  sim.timers.at(at, () => {
    if (sim.pods.get(ps.key) === ps && ps.state === 'Creating' && ps.startAt === at && !ps.deleting && sim.nodes.get(ps.node!)?.ready) startPod(sim, ps);
    else if (sim.pods.get(ps.key) === ps && ps.state === 'Creating' && ps.startAt === at && !ps.deleting) retryStartLater(sim, ps);
  });
}

/** Initial state: the pod has been running for a while (one write, no intermediate states). */
function writeInitialRunning(sim: Simulation, ps: PodSim, hostIP: string): void {
  const now = sim.now;
  const t0 = sim.initialPodStart(ps);
  const t = new Date(t0 + ps.startupSec * 1000);
  const podIP = sim.allocatePodIp(ps.node!);
  ps.state = 'Running';
  ps.ready = true;
  ps.readyAt = now;
  const p = sim.store.getByKey('Pod', ps.key)!;
  p.metadata!.creationTimestamp = new Date(t0);
  p.spec!.nodeName = ps.node;
  const cond = (type: string) => ({ type, status: 'True', lastTransitionTime: t });
  p.status = {
    phase: 'Running',
    qosClass: p.status?.qosClass,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: new Date(t0 + 1000),
    conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
    containerStatuses: p.spec!.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: imageId(c.image ?? ''),
      containerID: containerId(ps, 0),
      ready: true,
      restartCount: 0,
      started: true,
      state: { running: { startedAt: t } },
      lastState: {},
    })),
  };
  sim.markOwnerDirty(ps);
  if (ps.finishAt !== undefined) scheduleFinish(sim, ps);
}

/** A kubelet that cannot be reached does not start containers; try again when it returns. */
function retryStartLater(sim: Simulation, ps: PodSim): void {
  ps.startAt = sim.now + 10_000;
  const at = ps.startAt;
  sim.timers.at(at, () => {
    if (sim.pods.get(ps.key) !== ps || ps.state !== 'Creating' || ps.startAt !== at || ps.deleting) return;
    if (sim.nodes.get(ps.node!)?.ready) startPod(sim, ps);
    else retryStartLater(sim, ps);
  });
}

function holdResources(node: NodeSim, ps: PodSim): void {
  node.usedCpu += ps.cpuMilli;
  node.podCount += 1;
  if (ps.gpus > 0) {
    node.usedGpus += ps.gpus;
    let need = ps.gpus;
    for (const g of node.gpus) {
      if (need === 0) break;
      if (g.allocatable && !g.pod) {
        g.pod = ps.key;
        ps.gpuIdx.push(g.index);
        need--;
      }
    }
  }
}

/** Terminal pods and removed pods stop holding resources (the scheduler ignores them). */
export function releaseResources(sim: Simulation, ps: PodSim): void {
  if (!ps.node) return;
  const node = sim.nodes.get(ps.node);
  if (!node) return;
  if (ps.state === 'Succeeded' || ps.state === 'Failed') return; // already released
  node.usedCpu -= ps.cpuMilli;
  node.podCount -= 1;
  if (ps.gpus > 0) {
    node.usedGpus -= ps.gpus;
    for (const i of ps.gpuIdx) if (node.gpus[i]?.pod === ps.key) node.gpus[i].pod = undefined;
  }
  sim.capacityChanged = true;
}

const imageIds = new Map<string, string>();

function imageId(image: string): string {
  let id = imageIds.get(image);
  if (!id) {
    id = `${image.split(':')[0]}@sha256:${hashString(image).toString(16).padStart(8, '0').repeat(8)}`;
    imageIds.set(image, id);
  }
  return id;
}

function containerId(ps: PodSim, restarts: number): string {
  const tail = hashInts(hashString(ps.uid), restarts).toString(16).padStart(8, '0');
  return `containerd://${ps.uid.replace(/-/g, '')}${tail.repeat(4)}`;
}

export function startPod(sim: Simulation, ps: PodSim): void {
  const now = sim.now;
  ps.state = 'Running';
  ps.startAt = undefined;
  ps.readyAt = sim.building ? now : now + ps.readySec * 1000;
  const podIp = sim.allocatePodIp(ps.node!);
  sim.store.mutate('Pod', ps.key, (p) => {
    const st = p.status!;
    st.phase = 'Running';
    st.podIP = podIp;
    st.podIPs = [{ ip: podIp }];
    setCondition(st.conditions!, { type: 'PodReadyToStartContainers', status: 'True' }, now);
    st.containerStatuses = (st.containerStatuses ?? []).map((c) => ({
      ...c,
      containerID: containerId(ps, 0),
      imageID: imageId(c.image),
      started: true,
      state: { running: { startedAt: new Date(now) } },
    }));
  }, 'status');
  if (!sim.building && !ps.daemon) {
    sim.events.record({ ...podRef(ps), fieldPath: `spec.containers{${containerName(sim, ps)}}` }, 'Normal', 'Started', `Started container ${containerName(sim, ps)}`, 'kubelet', ps.node);
  }
  if (ps.finishAt !== undefined) scheduleFinish(sim, ps);
  sim.markOwnerDirty(ps);
  if (sim.building) {
    refreshReady(sim, ps);
    return;
  }
  scheduleReadyCheck(sim, ps);
}

function scheduleReadyCheck(sim: Simulation, ps: PodSim): void {
  const at = ps.readyAt!;
  sim.timers.at(at, () => {
    if (sim.pods.get(ps.key) === ps && ps.readyAt === at) refreshReady(sim, ps);
  });
}

/** Batch pods: the work takes finishAt - start; then the pod Succeeds. */
export function scheduleFinish(sim: Simulation, ps: PodSim): void {
  const at = ps.finishAt!;
  if (sim.building && at <= sim.now) return;
  sim.timers.at(Math.max(at, sim.now), () => {
    if (sim.pods.get(ps.key) === ps && ps.finishAt === at && ps.state === 'Running' && !ps.deleting && sim.nodes.get(ps.node!)?.ready) {
      terminatePod(sim, ps, 'Succeeded', 'Completed', 0);
    } else if (sim.pods.get(ps.key) === ps && ps.finishAt === at && ps.state === 'Running' && !ps.deleting) {
      ps.finishAt = sim.now + 30_000;
      scheduleFinish(sim, ps);
    }
  });
}

export function desiredReady(sim: Simulation, ps: PodSim): boolean {
  if (ps.state !== 'Running' || ps.deleting || ps.readyAt === undefined || sim.now < ps.readyAt) return false;
  const node = sim.nodes.get(ps.node!);
  if (!node || !node.ready) return false;
  if (ps.inference && (sim.inferenceDownZones.get(node.zone) ?? 0) > 0) return false;
  return true;
}

/** Publishes the Ready condition when it differs from what the pod shows. */
export function refreshReady(sim: Simulation, ps: PodSim): void {
  const ready = desiredReady(sim, ps);
  if (ready === ps.ready) return;
  ps.ready = ready;
  const now = sim.now;
  const node = sim.nodes.get(ps.node ?? '');
  const nodeDown = node !== undefined && !node.ready;
  sim.store.mutate('Pod', ps.key, (p) => {
    const st = p.status!;
    const conds = st.conditions ?? (st.conditions = []);
    if (ready) {
      setCondition(conds, { type: 'Ready', status: 'True', reason: undefined, message: undefined } as V1PodCondition, now);
      setCondition(conds, { type: 'ContainersReady', status: 'True', reason: undefined, message: undefined } as V1PodCondition, now);
      for (const c of conds) if (c.type === 'Ready' || c.type === 'ContainersReady') { delete c.reason; delete c.message; }
    } else if (nodeDown && ps.state === 'Running') {
      // The node lifecycle controller marks pods of an unreachable node NotReady (kubelet is silent).
      setCondition(conds, { type: 'Ready', status: 'False', reason: 'NodeNotReady', message: undefined } as V1PodCondition, now);
    } else {
      const msg = `containers with unready status: [${containerNames(p)}]`;
      setCondition(conds, { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: msg }, now);
      setCondition(conds, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: msg }, now);
    }
    if (!nodeDown) for (const c of st.containerStatuses ?? []) c.ready = ready;
  }, 'status');
  sim.markOwnerDirty(ps);
}

/**
 * The container exited and the kubelet restarts it in place (restartPolicy OnFailure/Always):
 * restartCount + 1, lastState.terminated, Ready again after readySec.
 */
export function restartContainer(sim: Simulation, ps: PodSim, reason: string, exitCode: number, message?: string, backoff = false): void {
  if (ps.state !== 'Running' || ps.deleting || !sim.nodes.has(ps.node ?? '')) return; // no kubelet reports for a deleted node
  const now = sim.now;
  ps.restarts += 1;
  ps.readyAt = now + (ps.readySec + 10) * 1000;
  ps.lastFailure = message ?? reason;
  sim.noteFailure(ps);
  const restarts = ps.restarts;
  sim.store.mutate('Pod', ps.key, (p) => {
    const st = p.status!;
    st.containerStatuses = (st.containerStatuses ?? []).map((c, i) => {
      if (i > 0) return c;
      const prevStart = c.state?.running?.startedAt;
      const next: V1ContainerStatus = {
        ...c,
        restartCount: restarts,
        ready: false,
        containerID: containerId(ps, restarts),
        lastState: { terminated: { exitCode, reason, ...(message ? { message } : {}), startedAt: prevStart, finishedAt: new Date(now), containerID: c.containerID } },
        state: { running: { startedAt: new Date(now + 5000) } },
      };
      return next;
    });
  }, 'status');
  if (backoff) {
    sim.events.record({ ...podRef(ps), fieldPath: `spec.containers{${containerName(sim, ps)}}` }, 'Warning', 'BackOff', `Back-off restarting failed container ${containerName(sim, ps)} in pod ${ps.name}_${ps.ns}(${ps.uid})`, 'kubelet', ps.node);
  }
  refreshReady(sim, ps);
  scheduleReadyCheck(sim, ps);
  sim.markOwnerDirty(ps);
}

/** The pod reaches a terminal phase; its resources are free for the scheduler at once. */
export function terminatePod(sim: Simulation, ps: PodSim, phase: 'Succeeded' | 'Failed', reason: string, exitCode: number, message?: string): void {
  if (ps.state === 'Succeeded' || ps.state === 'Failed') return;
  const now = sim.now;
  releaseResources(sim, ps);
  const wasScheduled = ps.node !== undefined;
  ps.state = phase;
  ps.ready = false;
  ps.finishAt = undefined;
  if (phase === 'Failed') {
    ps.lastFailure = message ?? reason;
    sim.noteFailure(ps);
  }
  sim.pending.delete(ps.key);
  sim.store.mutate('Pod', ps.key, (p) => {
    const st = p.status!;
    st.phase = phase;
    const conds = st.conditions ?? (st.conditions = []);
    const why = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
    if (wasScheduled) {
      setCondition(conds, { type: 'PodReadyToStartContainers', status: 'False' }, now);
      setCondition(conds, { type: 'Ready', status: 'False', reason: why } as V1PodCondition, now);
      setCondition(conds, { type: 'ContainersReady', status: 'False', reason: why } as V1PodCondition, now);
    }
    st.containerStatuses = (st.containerStatuses ?? []).map((c) => ({
      ...c,
      ready: false,
      started: false,
      state: { terminated: { exitCode, reason, ...(message ? { message } : {}), startedAt: c.state?.running?.startedAt, finishedAt: new Date(now), containerID: c.containerID } },
    }));
  }, 'status');
  sim.markOwnerDirty(ps);
}

export interface DeletionCause { reason: 'PreemptionByScheduler' | 'EvictionByEvictionAPI' | 'DeletionByTaintManager' | 'TerminationByKubelet'; message: string }

/**
 * Graceful deletion: deletionTimestamp now, the object goes away after the grace period.
 * Unscheduled and terminal pods go at once, as the API server does when no kubelet must confirm.
 */
export function deletePod(sim: Simulation, ps: PodSim, graceSec?: number, cause?: DeletionCause): void {
  if (sim.pods.get(ps.key) !== ps) return;
  const now = sim.now;
  const grace = graceSec ?? sim.store.getByKey('Pod', ps.key)?.spec?.terminationGracePeriodSeconds ?? 30;
  if (ps.deleting) {
    // A second delete may only shorten the grace period.
    if (ps.deleteAt !== undefined && now + grace * 1000 < ps.deleteAt) scheduleRemoval(sim, ps, now + grace * 1000);
    return;
  }
  ps.deleting = true;
  ps.lastFailure = ps.lastFailure ?? cause?.message ?? 'deleted';
  sim.noteFailure(ps);
  if (!ps.node || ps.state === 'Succeeded' || ps.state === 'Failed' || grace === 0) {
    removePod(sim, ps);
    return;
  }
  sim.store.mutate('Pod', ps.key, (p) => {
    p.metadata!.deletionTimestamp = new Date(now + grace * 1000);
    p.metadata!.deletionGracePeriodSeconds = grace;
    if (cause) {
      setCondition(p.status!.conditions ?? (p.status!.conditions = []), { type: 'DisruptionTarget', status: 'True', reason: cause.reason, message: cause.message }, now);
    }
  }, 'status');
  if (!sim.nodes.has(ps.node)) {
    // The Node object was deleted: no kubelet confirms the deletion; the pod stays Terminating
    // until the pod garbage collector force-deletes it (podGc.ts).
    sim.markOwnerDirty(ps);
    return;
  }
  sim.events.record({ ...podRef(ps), fieldPath: `spec.containers{${containerName(sim, ps)}}` }, 'Normal', 'Killing', `Stopping container ${containerName(sim, ps)}`, 'kubelet', ps.node);
  refreshReady(sim, ps);
  sim.markOwnerDirty(ps);
  scheduleRemoval(sim, ps, now + Math.min(grace, 30) * 1000);
}

function scheduleRemoval(sim: Simulation, ps: PodSim, at: number): void {
  ps.deleteAt = at;
  sim.timers.at(at, () => {
    if (sim.pods.get(ps.key) === ps && ps.deleteAt === at) removePod(sim, ps);
  });
}

/** The pod object is gone (DELETED watch event); owners notice on their next reconcile. */
export function removePod(sim: Simulation, ps: PodSim): void {
  if (sim.pods.get(ps.key) !== ps) return;
  releaseResources(sim, ps);
  ps.deleting = true;
  sim.pods.delete(ps.key);
  sim.pending.delete(ps.key);
  sim.podsByNs(ps.ns).delete(ps.key);
  if (ps.node) sim.nodes.get(ps.node)?.pods.delete(ps.key);
  for (const pdb of sim.pdbsByNs.get(ps.ns) ?? []) {
    if (pdb.pods.delete(ps.key)) sim.dirty.pdbs.add(pdb.key);
  }
  sim.store.remove('Pod', ps.key);
  sim.capacityChanged = true;
  sim.markOwnerDirty(ps);
}

export function podRef(ps: PodSim) {
  return { kind: 'Pod', apiVersion: 'v1', namespace: ps.ns, name: ps.name, uid: ps.uid };
}

function containerNames(p: V1Pod): string {
  return p.spec!.containers.map((c) => c.name).join(' ');
}

function containerName(sim: Simulation, ps: PodSim): string {
  return sim.store.getByKey('Pod', ps.key)?.spec?.containers[0]?.name ?? 'main';
}

/** True when the pod counts as an available replica (Running, Ready, not being deleted). */
export function isAvailable(sim: Simulation, ps: PodSim | undefined): boolean {
  return ps !== undefined && ps.ready && !ps.deleting && ps.state === 'Running';
}
