/**
 * Workload health and a short English reason, with the same reason as a code (`ReasonView`,
 * codes in shared/reasons.ts) that the renderer shows in the user's language. Pure: every input
 * is computed by workloadView.
 *
 * Training (PyTorchJob, JobSet, Volcano Job, RayJob — their status read in workloadFacts /
 * trainingCrdFacts) and batch (Job), first match wins:
 *   Failed → failed · Succeeded/Complete → succeeded · Restarting → recovering ·
 *   Suspended, not Running or no running pod → pending (a job Kueue has not admitted says so:
 *   "waiting for quota in LocalQueue X") · otherwise degraded when any of:
 *   fewer ready pods than desired (training kinds: gang-scheduled, a missing one stalls all), no progress-step change for more than
 *   STALL_THRESHOLD_SEC while Running ("possible NCCL hang"), a GPU of the job degraded while
 *   others are fine (straggler) or lost, a stale checkpoint — all reasons joined — else healthy.
 * Inference (Deployment, or a primary/standby pair judged by the side the Service selects):
 *   no replica ready → failed · fewer ready than desired, p99 above the SLO annotation, or the
 *   other side of the pair not fully ready (no failover target) → degraded · else healthy.
 */
import { reasonList, reasonOf } from '../../../shared/reasons';
import type { CheckpointView, QueueView, ReasonView, WorkloadHealth } from '../../../shared/views';
import { durationParam, durationText } from './kubeValues';
import { JOB_FAILED_TEXT, RESTARTING_TEXT, type WorkloadFacts } from './workloadFacts';

/**
 * Trainers following the convention update bulwark.io/progress-step at least once a minute;
 * five minutes (source time) without a new step while Running is a hang, not a slow step.
 */
export const STALL_THRESHOLD_SEC = 300;

export interface InferenceSide { role: 'primary' | 'standby'; desired: number; ready: number; zone?: string }

export interface HealthInput {
  facts: WorkloadFacts;
  desired: number;
  ready: number;
  runningPods: number;
  pendingPods: number;
  /** Seconds without progress, set only when above the stall threshold. */
  stalledSec?: number;
  /** Straggler or lost-GPU text, e.g. "straggler on gpu-a-0001/3 (SM clock throttled…)". */
  gpuIssue?: string;
  gpuIssueCode?: ReasonView;
  checkpoint?: CheckpointView;
  checkpointText?: string;
  checkpointCode?: ReasonView;
  /** Inference: the side the Service selects and the other side of the pair. */
  active?: InferenceSide;
  other?: InferenceSide;
  /** Inference latency (from the active side's Deployment, else the primary's) and its objective. */
  latencyP99Ms?: number;
  latencySloP99Ms?: number;
  /** Kueue admission of the job, when Kueue queues it. */
  queue?: QueueView;
}

/** `code` is the reason as a code; undefined only when a part of it has none (renderer shows `reason`). */
export interface HealthResult { health: WorkloadHealth; reason: string; code?: ReasonView }

export function workloadHealth(i: HealthInput): HealthResult {
  return i.facts.kind === 'Deployment' ? inferenceHealth(i) : jobHealth(i);
}

function jobHealth(i: HealthInput): HealthResult {
  const f = i.facts;
  if (f.failed) {
    const code = f.failedCode ?? (f.failed === JOB_FAILED_TEXT ? reasonOf('job.failed', {}) : reasonOf('job.failedWith', { message: f.failed }));
    return { health: 'failed', reason: f.failed, code };
  }
  if (f.succeeded) return { health: 'succeeded', reason: 'completed', code: reasonOf('job.completed', {}) };
  if (f.restarting) {
    const code = f.restartingCode ?? (f.restarting === RESTARTING_TEXT ? reasonOf('job.restarting', {}) : reasonOf('job.restartingWith', { message: f.restarting }));
    return { health: 'recovering', reason: f.restarting, code };
  }
  // Kueue keeps a job it has not admitted suspended: the queue is the reason, not "suspended".
  const queued = i.runningPods === 0 ? queueWait(i.queue) : undefined;
  if (f.suspended) return queued ?? { health: 'pending', reason: 'suspended', code: reasonOf('job.suspended', {}) };
  const workers = f.kind === 'PyTorchJob';
  const gang = f.kind !== 'Job';
  const unit = workers ? 'workers' : 'pods';
  if (!f.running || i.runningPods === 0) {
    if (queued) return queued;
    if (i.pendingPods > 0) {
      const params = { pending: i.pendingPods, desired: i.desired };
      return { health: 'pending', reason: `${i.pendingPods} of ${i.desired} ${unit} pending`, code: workers ? reasonOf('job.workersPending', params) : reasonOf('job.podsPending', params) };
    }
    if (i.runningPods > 0) {
      const params = { running: i.runningPods, desired: i.desired };
      return {
        health: 'pending', reason: `${i.runningPods}/${i.desired} ${unit} running, waiting for the job to start`,
        code: workers ? reasonOf('job.workersStarting', params) : reasonOf('job.podsStarting', params),
      };
    }
    if (f.waiting) return { health: 'pending', reason: f.waiting.text, code: f.waiting.code };
    return { health: 'pending', reason: `waiting for ${unit}`, code: reasonOf(workers ? 'job.waitingForWorkers' : 'job.waitingForPods', {}) };
  }
  const reasons: string[] = [];
  const codes: (ReasonView | undefined)[] = [];
  if (gang && i.ready < i.desired) {
    reasons.push(`${i.ready}/${i.desired} ${unit} ready`);
    codes.push(reasonOf(workers ? 'job.workersReady' : 'job.podsReady', { ready: i.ready, desired: i.desired }));
  }
  if (i.stalledSec !== undefined) {
    reasons.push(`no progress for ${durationText(i.stalledSec)} — possible NCCL hang`);
    codes.push(reasonOf('job.stalled', { duration: durationParam(i.stalledSec) }));
  }
  if (i.gpuIssue) {
    reasons.push(i.gpuIssue);
    codes.push(i.gpuIssueCode);
  }
  if (i.checkpoint?.stale && i.checkpointText) {
    reasons.push(i.checkpointText);
    codes.push(i.checkpointCode);
  }
  if (reasons.length > 0) return { health: 'degraded', reason: reasons.join('; '), code: reasonList(codes) };
  const p = f.progress;
  const step = p ? `, step ${p.step}${p.totalSteps !== undefined ? `/${p.totalSteps}` : ''}` : '';
  return { health: 'healthy', reason: `${i.runningPods}/${i.desired} ${unit} running${step}`, code: runningCode(workers, i.runningPods, i.desired, p) };
}

/** A job Kueue has not (or no longer) admitted: where it waits. */
function queueWait(q: QueueView | undefined): HealthResult | undefined {
  if (!q) return undefined;
  if (q.state === 'queued') {
    const queue = q.localQueue ?? q.clusterQueue ?? q.workload;
    return { health: 'pending', reason: `waiting for quota in LocalQueue ${queue}`, code: reasonOf('kueue.queued', { queue }) };
  }
  if (q.state === 'quotaReserved') {
    const cq = q.clusterQueue ?? '?';
    return { health: 'pending', reason: `quota reserved in ClusterQueue ${cq}, waiting for admission checks`, code: reasonOf('kueue.quotaReserved', { clusterQueue: cq }) };
  }
  if (q.state === 'evicted') {
    const message = q.message ?? 'evicted';
    return { health: 'pending', reason: `evicted by Kueue: ${message}`, code: reasonOf('kueue.evicted', { message }) };
  }
  return undefined;
}

function runningCode(workers: boolean, running: number, desired: number, p: WorkloadFacts['progress']): ReasonView {
  if (!p) return reasonOf(workers ? 'job.workersRunning' : 'job.podsRunning', { running, desired });
  if (p.totalSteps === undefined) return reasonOf(workers ? 'job.workersRunningStep' : 'job.podsRunningStep', { running, desired, step: p.step });
  return reasonOf(workers ? 'job.workersRunningStepOf' : 'job.podsRunningStepOf', { running, desired, step: p.step, total: p.totalSteps });
}

function sideText(s: InferenceSide, pair: boolean): string {
  return pair ? `${s.role}${s.zone ? ` (${s.zone})` : ''}` : '';
}

/** sideText as a code (pairs only). */
function sideCode(s: InferenceSide): ReasonView {
  return s.zone ? reasonOf('pair.sideInZone', { role: s.role, zone: s.zone }) : reasonOf('pair.side', { role: s.role });
}

/** "r/d replicas ready[ on <side>]". */
function replicasReadyCode(s: InferenceSide, pair: boolean): ReasonView {
  const params = { ready: s.ready, desired: s.desired };
  return pair ? reasonOf('pair.replicasReady', params, { where: sideCode(s) }) : reasonOf('inference.replicasReady', params);
}

function inferenceHealth(i: HealthInput): HealthResult {
  const pair = i.other !== undefined;
  const active = i.active ?? { role: 'primary' as const, desired: i.desired, ready: i.ready };
  const where = sideText(active, pair);
  if (active.desired === 0) {
    return pair
      ? { health: 'healthy', reason: `${where} scaled to 0`, code: reasonOf('pair.scaledToZero', {}, { where: sideCode(active) }) }
      : { health: 'healthy', reason: 'scaled to 0', code: reasonOf('inference.scaledToZero', {}) };
  }
  if (active.ready === 0) {
    let reason = `0/${active.desired} replicas ready${where ? ` on ${where}` : ''}`;
    let code = pair ? reasonOf('pair.noneReady', { desired: active.desired }, { where: sideCode(active) }) : reasonOf('inference.noneReady', { desired: active.desired });
    if (i.other && i.other.ready > 0) {
      reason += ` — ${i.other.role} has ${i.other.ready} ready: fail over`;
      code = reasonOf('pair.noneReadyFailOver', { desired: active.desired, other: i.other.role, otherReady: i.other.ready }, { where: sideCode(active) });
    }
    return { health: 'failed', reason, code };
  }
  const reasons: string[] = [];
  const codes: ReasonView[] = [];
  if (active.ready < active.desired) {
    reasons.push(`${active.ready}/${active.desired} replicas ready${where ? ` on ${where}` : ''}`);
    codes.push(replicasReadyCode(active, pair));
  }
  if (i.latencyP99Ms !== undefined && i.latencySloP99Ms !== undefined && i.latencyP99Ms > i.latencySloP99Ms) {
    reasons.push(`p99 ${Math.round(i.latencyP99Ms)} ms above SLO ${Math.round(i.latencySloP99Ms)} ms`);
    codes.push(reasonOf('inference.latencyAboveSlo', { p99: Math.round(i.latencyP99Ms), slo: Math.round(i.latencySloP99Ms) }));
  }
  if (i.other && i.other.desired > 0 && i.other.ready < i.other.desired) {
    reasons.push(`${sideText(i.other, true)} ${i.other.ready}/${i.other.desired} ready — reduced failover capacity`);
    codes.push(reasonOf('pair.otherNotReady', { ready: i.other.ready, desired: i.other.desired }, { where: sideCode(i.other) }));
  }
  if (reasons.length > 0) return { health: 'degraded', reason: reasons.join('; '), code: reasonList(codes) };
  return { health: 'healthy', reason: `${active.ready}/${active.desired} replicas ready${where ? ` on ${where}` : ''}`, code: replicasReadyCode(active, pair) };
}
