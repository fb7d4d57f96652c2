/**
 * Per-workload state (facts, progress tracking, restart counter, throughput ring, timeline)
 * and the assembly of its WorkloadView from its pods, their GPUs and the clock. A view is
 * rebuilt only when something it reads changed (a pod, the object, a GPU's health, the Service
 * of its pair) or when `tick` finds that its time-dependent fields moved.
 */
import { reasonOf } from '../../../shared/reasons';
import type { CheckpointView, InferenceView, PlacementView, QueueView, ReasonView, WorkloadDetail, WorkloadHealth, WorkloadView } from '../../../shared/views';
import { checkpointView, staleReason, staleReasonCode, workAtRiskSec } from './checkpoint';
import type { GpuState } from './gpuView';
import type { ServicePair } from './inferencePairs';
import { durationText } from './kubeValues';
import { PointRing } from './metricHistory';
import { heldGpus, type PodFacts } from './podFacts';
import type { WorkloadFacts, WorkloadObject } from './workloadFacts';
import { STALL_THRESHOLD_SEC, workloadHealth, type InferenceSide } from './workloadHealth';

export type TimelineEntry = WorkloadDetail['timeline'][number];
const TIMELINE_CAPACITY = 200;

export interface WorkloadState {
  key: string;
  facts: WorkloadFacts;
  obj: WorkloadObject;
  /** Shown as a workload (false for the standby of a pair and Deployments without GPUs). */
  listed: boolean;
  view: WorkloadView | undefined;
  /** The health currently counted in the fleet KPIs. */
  counted: WorkloadHealth | undefined;
  /** Source time of the last progress-step change (or of the start of running). */
  lastStepAt: number;
  restartTransitions: number;
  throughput: PointRing | undefined;
  timeline: TimelineEntry[];
  /** Time-dependent fields at the last build, to let tick skip unchanged workloads. */
  timeSig: string;
}

export function newWorkloadState(facts: WorkloadFacts, obj: WorkloadObject, now: number): WorkloadState {
  const ws: WorkloadState = {
    key: facts.key, facts, obj, listed: false, view: undefined, counted: undefined,
    lastStepAt: now, restartTransitions: facts.restarting ? 1 : 0, throughput: undefined, timeline: [], timeSig: '',
  };
  const c = facts.checkpoint;
  if (c?.timeMs !== undefined) addTimeline(ws, c.timeMs, 'checkpoint', checkpointText(facts));
  if (facts.progress?.samplesPerSec !== undefined) pushThroughput(ws, now, facts.progress.samplesPerSec);
  return ws;
}

function checkpointText(f: WorkloadFacts): string {
  const c = f.checkpoint!;
  return `checkpoint${c.step !== undefined ? ` at step ${c.step}` : ''}${c.storage ? ` to ${c.storage}` : ''}`;
}

export function addTimeline(ws: WorkloadState, t: number, kind: TimelineEntry['kind'], text: string): void {
  if (ws.timeline.length >= TIMELINE_CAPACITY) ws.timeline.shift();
  ws.timeline.push({ t, kind, text });
}

function pushThroughput(ws: WorkloadState, t: number, v: number): void {
  if (!ws.throughput) ws.throughput = new PointRing();
  ws.throughput.push(t, v);
}

/** Records what changed between two versions of the object (timeline, stall timer, restarts, throughput). */
export function noteObjectChange(ws: WorkloadState, prev: WorkloadFacts, next: WorkloadFacts, now: number): void {
  if (next.progress?.step !== prev.progress?.step || (next.running && !prev.running)) ws.lastStepAt = now;
  if (next.restarting && !prev.restarting) {
    ws.restartTransitions++;
    addTimeline(ws, now, 'restart', next.restarting);
  }
  if ((next.statusRestarts ?? 0) > (prev.statusRestarts ?? 0)) addTimeline(ws, now, 'restart', `restart ${next.statusRestarts} (controller status)`);
  if (next.failed && !prev.failed) addTimeline(ws, now, 'failure', next.failed);
  if (next.succeeded && !prev.succeeded) addTimeline(ws, now, 'event', 'completed');
  const ct = next.checkpoint?.timeMs;
  if (ct !== undefined && ct !== prev.checkpoint?.timeMs) addTimeline(ws, ct, 'checkpoint', checkpointText(next));
  if (next.desired !== prev.desired) addTimeline(ws, now, 'scale', `desired replicas ${prev.desired} → ${next.desired}`);
  const sps = next.progress?.samplesPerSec;
  if (sps !== undefined && (sps !== prev.progress?.samplesPerSec || !ws.throughput)) pushThroughput(ws, now, sps);
}

/** What the view needs from the rest of the model. */
export interface WorkloadContext {
  now(): number;
  podsOf(owner: string): Iterable<PodFacts>;
  zoneOf(node: string): string | undefined;
  /** GPUs the pod holds (allocation brought up to date). */
  gpusOfPod(pod: PodFacts): readonly GpuState[];
  pair(key: string): { pair: ServicePair; role: 'primary' | 'standby' } | undefined;
  stateOf(key: string): WorkloadState | undefined;
  /** Raw owner keys folded into a job: a JobSet's child Jobs, a RayJob's RayCluster and submitter Job. */
  foldedOwners(key: string): Iterable<string>;
  /** Kueue admission of the job, if a Kueue Workload belongs to it. */
  queueOf(key: string): QueueView | undefined;
}

interface SideStats { ready: number; zones: Map<string, number> }

function mainZone(zones: Map<string, number>): string | undefined {
  let best: string | undefined;
  let n = 0;
  for (const [z, c] of zones) if (c > n || (c === n && best !== undefined && z < best)) { best = z; n = c; }
  return best;
}

interface TimeFields { checkpoint?: CheckpointView; checkpointText?: string; checkpointCode?: ReasonView; stalledSec?: number; workAtRisk?: number }

function timeFields(ws: WorkloadState, now: number): TimeFields {
  const f = ws.facts;
  if (f.kind === 'Deployment') return {};
  const out: TimeFields = {};
  if (f.checkpoint) {
    out.checkpoint = checkpointView(f.checkpoint, now, f.runningSince);
    if (out.checkpoint.stale) {
      out.checkpointText = staleReason(out.checkpoint, now, f.runningSince);
      out.checkpointCode = staleReasonCode(out.checkpoint, now, f.runningSince);
    }
  }
  if (f.running && f.progress && !f.restarting) {
    const sec = (now - ws.lastStepAt) / 1000;
    if (sec > STALL_THRESHOLD_SEC) out.stalledSec = sec;
  }
  out.workAtRisk = workAtRiskSec(f.checkpoint, f.running && !f.restarting, f.runningSince, now);
  return out;
}

/** A cheap signature of the time-dependent parts of the view (what tick compares). */
export function timeSignature(ws: WorkloadState, now: number): string {
  const t = timeFields(ws, now);
  if (t.checkpoint === undefined && t.stalledSec === undefined && !t.workAtRisk) return '';
  return `${t.checkpoint?.ageSec}|${t.checkpointText}|${t.stalledSec === undefined ? '' : durationText(t.stalledSec)}|${t.workAtRisk}`;
}

export function buildWorkloadView(ws: WorkloadState, ctx: WorkloadContext): WorkloadView {
  const f = ws.facts;
  const now = ctx.now();
  const pairInfo = f.kind === 'Deployment' ? ctx.pair(ws.key) : undefined;
  const pair = pairInfo?.role === 'primary' ? pairInfo.pair : undefined;
  const standbyKey = pair?.standby ? `Deployment/${pair.namespace}/${pair.standby}` : undefined;
  const standbyState = standbyKey ? ctx.stateOf(standbyKey) : undefined;

  let gpus = 0;
  let restarts = ws.restartTransitions + (f.statusRestarts ?? 0);
  let ready = 0;
  let running = 0;
  let pending = 0;
  const placement = new Map<string, PlacementView>();
  const sides: SideStats[] = [{ ready: 0, zones: new Map() }, { ready: 0, zones: new Map() }];
  const watchGpus = f.kind !== 'Deployment' && f.running;
  let goodGpus = 0;
  let firstDegraded: GpuState | undefined;
  let degradedGpus = 0;
  let firstBad: GpuState | undefined;

  const owners = standbyKey ? [ws.key, standbyKey] : [ws.key, ...ctx.foldedOwners(ws.key)];
  for (let o = 0; o < owners.length; o++) {
    // Only a pair's standby is a second side; folded owners are parts of the one job.
    const side = standbyKey ? o : 0;
    for (const p of ctx.podsOf(owners[o])) {
      restarts += p.restarts;
      if (!p.active) continue;
      if (p.phase === 'Running') running++;
      else if (p.phase === 'Pending') pending++;
      if (p.ready) {
        ready++;
        sides[side].ready++;
      }
      if (p.node === undefined) continue;
      const held = heldGpus(p);
      gpus += held;
      const zone = ctx.zoneOf(p.node) ?? 'unknown';
      sides[side].zones.set(zone, (sides[side].zones.get(zone) ?? 0) + 1);
      let pl = placement.get(p.node);
      if (!pl) placement.set(p.node, (pl = { node: p.node, zone, gpus: 0, pods: 0 }));
      pl.gpus += held;
      pl.pods++;
      if (watchGpus && held > 0) {
        for (const g of ctx.gpusOfPod(p)) {
          if (g.health === 'healthy') goodGpus++;
          else if (g.health === 'degraded') {
            degradedGpus++;
            if (!firstDegraded || g.id < firstDegraded.id) firstDegraded = g;
          } else if (!firstBad || g.id < firstBad.id) firstBad = g;
        }
      }
    }
  }

  let gpuIssue: string | undefined;
  let gpuIssueCode: ReasonView | undefined;
  if (firstBad) {
    gpuIssue = `GPU ${firstBad.id} ${firstBad.health}${firstBad.healthReason ? `: ${firstBad.healthReason}` : ''}`;
    const cause = firstBad.healthReasonCode;
    if (cause) gpuIssueCode = reasonOf(firstBad.health === 'lost' ? 'job.gpuLost' : 'job.gpuUnhealthy', { gpu: firstBad.id }, { cause });
  } else if (firstDegraded && goodGpus > 0) {
    gpuIssue = `straggler on ${firstDegraded.id}${firstDegraded.healthReason ? ` (${firstDegraded.healthReason})` : ''}${degradedGpus > 1 ? ` and ${degradedGpus - 1} more GPUs` : ''}`;
    const cause = firstDegraded.healthReasonCode;
    if (cause) {
      gpuIssueCode = degradedGpus > 1
        ? reasonOf('job.stragglerAndMore', { gpu: firstDegraded.id, more: degradedGpus - 1 }, { cause })
        : reasonOf('job.straggler', { gpu: firstDegraded.id }, { cause });
    }
  } else if (firstDegraded) {
    gpuIssue = `all ${degradedGpus} GPUs degraded: ${firstDegraded.healthReason ?? ''}`;
    const cause = firstDegraded.healthReasonCode;
    if (cause) gpuIssueCode = reasonOf('job.allGpusDegraded', { count: degradedGpus }, { cause });
  }

  const t = timeFields(ws, now);
  const queue = f.kind === 'Deployment' ? undefined : ctx.queueOf(ws.key);
  let inference: InferenceView | undefined;
  let active: InferenceSide | undefined;
  let other: InferenceSide | undefined;
  let replicas = { desired: f.desired, ready };
  let latencyFacts = f;
  if (f.kind === 'Deployment') {
    const primarySide: InferenceSide = { role: 'primary', desired: f.desired, ready: sides[0].ready, zone: mainZone(sides[0].zones) };
    if (pair) {
      const standbySide: InferenceSide = { role: 'standby', desired: standbyState?.facts.desired ?? 0, ready: sides[1].ready, zone: mainZone(sides[1].zones) };
      active = pair.activeRole === 'standby' ? standbySide : primarySide;
      other = pair.standby ? (pair.activeRole === 'standby' ? primarySide : standbySide) : undefined;
      if (pair.activeRole === 'standby' && standbyState) latencyFacts = standbyState.facts;
      if (latencyFacts.rps === undefined && latencyFacts.latencyP99Ms === undefined) latencyFacts = f;
    } else {
      active = primarySide;
    }
    replicas = { desired: active.desired, ready: active.ready };
    inference = {
      primaryDeployment: f.name,
      standbyDeployment: pair?.standby,
      primaryZone: primarySide.zone,
      standbyZone: pair?.standby ? mainZone(sides[1].zones) : undefined,
      activeRole: pair?.activeRole ?? 'primary',
      rps: latencyFacts.rps,
      latencyP50Ms: latencyFacts.latencyP50Ms,
      latencyP99Ms: latencyFacts.latencyP99Ms,
    };
  }

  const { health, reason, code: reasonCode } = workloadHealth({
    facts: f,
    desired: replicas.desired,
    ready: replicas.ready,
    runningPods: running,
    pendingPods: pending,
    stalledSec: t.stalledSec,
    gpuIssue,
    gpuIssueCode,
    checkpoint: t.checkpoint,
    checkpointText: t.checkpointText,
    checkpointCode: t.checkpointCode,
    active: pair ? active : f.kind === 'Deployment' ? active : undefined,
    other,
    latencyP99Ms: latencyFacts.latencyP99Ms,
    latencySloP99Ms: latencyFacts.latencySloP99Ms ?? f.latencySloP99Ms,
    queue,
  });

  ws.timeSig = timeSignature(ws, now);
  return {
    key: ws.key,
    kind: f.kind,
    type: f.type,
    namespace: f.namespace,
    name: f.name,
    health,
    reason,
    reasonCode,
    replicas,
    gpus,
    restarts,
    priorityClass: f.priorityClass,
    progress: f.progress ? { ...f.progress } : undefined,
    checkpoint: t.checkpoint,
    workAtRiskSec: f.kind === 'Deployment' ? undefined : t.workAtRisk,
    lostWorkSec: f.lostWorkSec,
    elastic: f.elastic ? { ...f.elastic } : undefined,
    rpoSec: f.rpoSec,
    rtoSec: f.rtoSec,
    placement: [...placement.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
    inference,
    queue: queue ? { ...queue } : undefined,
    createdAt: f.createdAt,
  };
}
