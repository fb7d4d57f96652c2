/**
 * Workload health and a short English reason (the renderer localizes by health; the reason is
 * the detail). Pure: every input is computed by workloadView.
 *
 * Training (PyTorchJob) and batch (Job), first match wins:
 *   Failed condition → failed · Succeeded/Complete → succeeded · Restarting → recovering ·
 *   Suspended, not Running or no running pod → pending · otherwise degraded when any of:
 *   fewer ready workers than desired (PyTorchJob), no progress-step change for more than
 *   STALL_THRESHOLD_SEC while Running ("possible NCCL hang"), a GPU of the job degraded while
 *   others are fine (straggler) or lost, a stale checkpoint — all reasons joined — else healthy.
 * Inference (Deployment, or a primary/standby pair judged by the side the Service selects):
 *   no replica ready → failed · fewer ready than desired, p99 above the SLO annotation, or the
 *   other side of the pair not fully ready (no failover target) → degraded · else healthy.
 */
import type { CheckpointView, WorkloadHealth } from '../../../shared/views';
import { durationText } from './kubeValues';
import type { WorkloadFacts } from './workloadFacts';

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
  checkpoint?: CheckpointView;
  checkpointText?: string;
  /** Inference: the side the Service selects and the other side of the pair. */
  active?: InferenceSide;
  other?: InferenceSide;
  /** Inference latency (from the active side's Deployment, else the primary's) and its objective. */
  latencyP99Ms?: number;
  latencySloP99Ms?: number;
}

export interface HealthResult { health: WorkloadHealth; reason: string }

export function workloadHealth(i: HealthInput): HealthResult {
  return i.facts.kind === 'Deployment' ? inferenceHealth(i) : jobHealth(i);
}

function jobHealth(i: HealthInput): HealthResult {
  const f = i.facts;
  if (f.failed) return { health: 'failed', reason: f.failed };
  if (f.succeeded) return { health: 'succeeded', reason: 'completed' };
  if (f.restarting) return { health: 'recovering', reason: f.restarting };
  if (f.suspended) return { health: 'pending', reason: 'suspended' };
  const unit = f.kind === 'PyTorchJob' ? 'workers' : 'pods';
  if (!f.running || i.runningPods === 0) {
    const reason = i.pendingPods > 0
      ? `${i.pendingPods} of ${i.desired} ${unit} pending`
      : i.runningPods > 0 ? `${i.runningPods}/${i.desired} ${unit} running, waiting for the job to start` : `waiting for ${unit}`;
    return { health: 'pending', reason };
  }
  const reasons: string[] = [];
  if (f.kind === 'PyTorchJob' && i.ready < i.desired) reasons.push(`${i.ready}/${i.desired} ${unit} ready`);
  if (i.stalledSec !== undefined) reasons.push(`no progress for ${durationText(i.stalledSec)} — possible NCCL hang`);
  if (i.gpuIssue) reasons.push(i.gpuIssue);
  if (i.checkpoint?.stale && i.checkpointText) reasons.push(i.checkpointText);
  if (reasons.length > 0) return { health: 'degraded', reason: reasons.join('; ') };
  const p = f.progress;
  const step = p ? `, step ${p.step}${p.totalSteps !== undefined ? `/${p.totalSteps}` : ''}` : '';
  return { health: 'healthy', reason: `${i.runningPods}/${i.desired} ${unit} running${step}` };
}

function sideText(s: InferenceSide, pair: boolean): string {
  return pair ? `${s.role}${s.zone ? ` (${s.zone})` : ''}` : '';
}

function inferenceHealth(i: HealthInput): HealthResult {
  const pair = i.other !== undefined;
  const active = i.active ?? { role: 'primary' as const, desired: i.desired, ready: i.ready };
  const where = sideText(active, pair);
  if (active.desired === 0) return { health: 'healthy', reason: pair ? `${where} scaled to 0` : 'scaled to 0' };
  if (active.ready === 0) {
    let reason = `0/${active.desired} replicas ready${where ? ` on ${where}` : ''}`;
    if (i.other && i.other.ready > 0) reason += ` — ${i.other.role} has ${i.other.ready} ready: fail over`;
    return { health: 'failed', reason };
  }
  const reasons: string[] = [];
  if (active.ready < active.desired) reasons.push(`${active.ready}/${active.desired} replicas ready${where ? ` on ${where}` : ''}`);
  if (i.latencyP99Ms !== undefined && i.latencySloP99Ms !== undefined && i.latencyP99Ms > i.latencySloP99Ms) {
    reasons.push(`p99 ${Math.round(i.latencyP99Ms)} ms above SLO ${Math.round(i.latencySloP99Ms)} ms`);
  }
  if (i.other && i.other.desired > 0 && i.other.ready < i.other.desired) {
    reasons.push(`${sideText(i.other, true)} ${i.other.ready}/${i.other.desired} ready — reduced failover capacity`);
  }
  if (reasons.length > 0) return { health: 'degraded', reason: reasons.join('; ') };
  return { health: 'healthy', reason: `${active.ready}/${active.desired} replicas ready${where ? ` on ${where}` : ''}` };
}
