/**
 * PyTorchJobs: the training-operator's pod management and the trainer's behaviour.
 *
 * - Replicas are pods named `<job>-master-0` / `<job>-worker-<i>`; a missing or failed replica
 *   pod is recreated under the same name (training-operator), a scaled-down one is deleted.
 * - The job progresses only when enough replicas are available (all of them for a gang job,
 *   elasticPolicy.minReplicas for an elastic one) and at the speed of its slowest GPU.
 * - A replica lost while Running: an elastic job above its minimum carries on with fewer
 *   workers (progress kept); otherwise the job restarts — Restarting, every container restarts,
 *   progress rolls back to the last checkpoint and the seconds of training since that
 *   checkpoint are added to lost work. Too many restarts → Failed.
 * - Checkpoints every interval (training pauses while saving); a failing storage produces
 *   CheckpointFailed events and the checkpoint time stops advancing.
 * - Progress annotations are refreshed every 10 s of virtual time at most (like a trainer's
 *   reporting sidecar), checkpoint annotations right after each checkpoint.
 */
import type { JobCondition, PyTorchJob } from '../../k8s/objects';
import { ANNOTATIONS, LABELS } from '../../../../shared/conventions';
import type { Simulation } from './simulation';
import type { PodSim, TrainingSim } from './simTypes';
import type { TrainingPlan } from './presets';
import { ownerRef, pdbManifest, podFromTemplate, trainingManifest } from './manifests';
import { createPod, deletePod, isAvailable, restartContainer, terminatePod } from './podLifecycle';
import { rfc3339 } from './virtualClock';
import { noise } from './rng';

const PUBLISH_EVERY_MS = 10_000;
const TRAINER = 'pytorch-trainer';
const OPERATOR = 'pytorchjob-controller';

export function stepsPerSecondFull(p: TrainingPlan): number {
  return ((p.master ? 1 : 0) + p.workers) * p.samplesPerSecPerPod / p.globalBatch;
}

/** Creates the PyTorchJob object (and PDB) with its state; pods follow from reconcileTrainingPods. */
export function addTrainingJob(sim: Simulation, p: TrainingPlan, opts: { createdAgoSec: number; initial: boolean }): TrainingSim {
  const now = sim.now;
  const uid = sim.uid();
  const rate = stepsPerSecondFull(p);
  const totalSteps = Math.round(p.totalDays * 86400 * rate);
  const step = Math.floor(totalSteps * p.startProgress);
  // The last checkpoint was a random fraction of an interval ago.
  const sinceCkpt = opts.initial ? Math.floor(p.checkpointIntervalSec * 0.9 * sim.rng.next()) : 0;
  const ckptStep = Math.max(0, Math.floor(step - sinceCkpt * rate));
  const tj: TrainingSim = {
    key: `${p.namespace}/${p.name}`,
    ns: p.namespace,
    name: p.name,
    uid,
    plan: p,
    phase: opts.initial ? 'Running' : 'Created',
    step,
    totalSteps,
    pods: new Map(),
    lastAvailable: 0,
    runningSecSinceCkpt: sinceCkpt,
    sinceCkptAttemptSec: sinceCkpt,
    ckptStep,
    ckptTime: now - sinceCkpt * 1000,
    restoreUntil: now,
    lostWorkSec: 0,
    restarts: 0,
    elasticRestarts: 0,
    hung: 0,
    samplesPerSec: opts.initial ? replicaCount(p) * p.samplesPerSecPerPod : 0,
    lastPublish: now,
    published: {},
    startTime: now - opts.createdAgoSec * 1000,
    lastTransition: now - opts.createdAgoSec * 1000,
  };
  const ann: Record<string, string> = {
    [ANNOTATIONS.checkpointInterval]: String(p.checkpointIntervalSec),
    [ANNOTATIONS.checkpointStorage]: p.storage,
    [ANNOTATIONS.totalSteps]: String(totalSteps),
    [ANNOTATIONS.rpo]: String(p.rpoSec),
    [ANNOTATIONS.rto]: String(p.rtoSec),
    ...progressAnnotations(tj),
  };
  if (opts.initial || step > 0) {
    ann[ANNOTATIONS.checkpointTime] = rfc3339(tj.ckptTime);
    ann[ANNOTATIONS.checkpointStep] = String(ckptStep);
  }
  tj.published = { ...ann };
  const job = trainingManifest(p, uid, now - opts.createdAgoSec * 1000, ann);
  const created = rfc3339(now - opts.createdAgoSec * 1000);
  job.status = {
    conditions: [
      { type: 'Created', status: 'True', reason: 'PyTorchJobCreated', message: `PyTorchJob ${p.namespace}/${p.name} is created.`, lastUpdateTime: created, lastTransitionTime: created },
      ...(opts.initial ? [{ type: 'Running' as const, status: 'True' as const, reason: 'PyTorchJobRunning', message: `PyTorchJob ${p.namespace}/${p.name} is running.`, lastUpdateTime: created, lastTransitionTime: created }] : []),
    ],
    replicaStatuses: {},
    startTime: created,
  };
  sim.store.add('PyTorchJob', job);
  sim.training.set(tj.key, tj);
  if (p.pdb) {
    sim.addPdb(pdbManifest(p.namespace, `${p.name}-pdb`, sim.uid(), now - opts.createdAgoSec * 1000, { [LABELS.trainingJobName]: p.name }, replicaCount(p)));
  }
  reconcileTrainingPods(sim, tj);
  return tj;
}

function replicaCount(p: TrainingPlan): number {
  return (p.master ? 1 : 0) + p.workers;
}

/** Desired replica names from the job's spec (the store is the truth: scale and patch change it). */
export function desiredReplicas(job: PyTorchJob | undefined): { names: string[]; masters: number; workers: number } {
  const masters = job?.spec.pytorchReplicaSpecs.Master ? job.spec.pytorchReplicaSpecs.Master.replicas ?? 1 : 0;
  const workers = job?.spec.pytorchReplicaSpecs.Worker?.replicas ?? 0;
  const names: string[] = [];
  for (let i = 0; i < masters; i++) names.push(`master-${i}`);
  for (let i = 0; i < workers; i++) names.push(`worker-${i}`);
  return { names, masters, workers };
}

export function trainingRef(tj: TrainingSim) {
  return { kind: 'PyTorchJob', apiVersion: 'kubeflow.org/v1', namespace: tj.ns, name: tj.name, uid: tj.uid };
}

/** training-operator: one pod per replica; failed pods are replaced, extra pods deleted. */
export function reconcileTrainingPods(sim: Simulation, tj: TrainingSim): void {
  const job = sim.store.getByKey('PyTorchJob', tj.key);
  if (!job) return;
  const terminal = tj.phase === 'Succeeded' || tj.phase === 'Failed';
  const { names } = desiredReplicas(job);
  const wanted = new Set(names);
  for (const [replica, key] of [...tj.pods]) {
    const ps = sim.pods.get(key);
    if (!ps) {
      tj.pods.delete(replica);
      continue;
    }
    if (!wanted.has(replica) && !ps.deleting) {
      deletePod(sim, ps);
      if (!sim.building) sim.events.record(trainingRef(tj), 'Normal', 'SuccessfulDeletePod', `Deleted pod: ${ps.name}`, OPERATOR);
    } else if (ps.state === 'Failed' && !ps.deleting && !terminal) {
      deletePod(sim, ps, 0);
      tj.pods.delete(replica);
      sim.events.record(trainingRef(tj), 'Normal', 'SuccessfulDeletePod', `Deleted pod: ${ps.name}`, OPERATOR);
    }
  }
  if (terminal) return;
  for (const replica of names) {
    const key = `${tj.ns}/${tj.name}-${replica}`;
    if (sim.pods.has(key)) {
      tj.pods.set(replica, key);
      continue;
    }
    createReplicaPod(sim, tj, job, replica);
  }
}

function createReplicaPod(sim: Simulation, tj: TrainingSim, job: PyTorchJob, replica: string): PodSim {
  const [type, idx] = replica.split('-');
  const spec = type === 'master' ? job.spec.pytorchReplicaSpecs.Master! : job.spec.pytorchReplicaSpecs.Worker!;
  const { masters, workers } = desiredReplicas(job);
  const name = `${tj.name}-${replica}`;
  const rank = type === 'master' ? 0 : masters + Number(idx);
  const pod = podFromTemplate({
    ns: tj.ns,
    name,
    uid: sim.uid(),
    created: sim.now,
    template: spec.template,
    labels: {
      [LABELS.trainingJobName]: tj.name,
      'training.kubeflow.org/operator-name': OPERATOR,
      [LABELS.trainingReplicaType]: type,
      'training.kubeflow.org/replica-index': idx,
      ...(type === 'master' ? { 'training.kubeflow.org/job-role': 'master' } : {}),
    },
    owner: ownerRef('kubeflow.org/v1', 'PyTorchJob', tj.name, tj.uid),
    restartPolicy: spec.restartPolicy === 'ExitCode' ? 'Never' : spec.restartPolicy ?? 'OnFailure',
  });
  const c = pod.spec!.containers[0];
  c.env = [
    ...(c.env ?? []),
    { name: 'MASTER_ADDR', value: masters > 0 ? `${tj.name}-master-0` : `${tj.name}-worker-0` },
    { name: 'MASTER_PORT', value: '23456' },
    { name: 'WORLD_SIZE', value: String(masters + workers) },
    { name: 'RANK', value: String(rank) },
    { name: 'PYTHONUNBUFFERED', value: '1' },
  ];
  const ps = createPod(sim, pod, { kind: 'PyTorchJob', workload: tj.key, replicaType: type === 'master' ? 'Master' : 'Worker', index: Number(idx) }, {
    startupSec: 25 + sim.rng.int(20),
    readySec: 5,
  });
  tj.pods.set(replica, ps.key);
  if (!sim.building) sim.events.record(trainingRef(tj), 'Normal', 'SuccessfulCreatePod', `Created pod: ${name}`, OPERATOR);
  return ps;
}

/** Available replicas among the desired ones. */
export function availableReplicas(sim: Simulation, tj: TrainingSim, names: string[]): { available: number; lost: PodSim[] } {
  let available = 0;
  const lost: PodSim[] = [];
  for (const r of names) {
    const ps = sim.pods.get(tj.pods.get(r) ?? `${tj.ns}/${tj.name}-${r}`);
    if (isAvailable(sim, ps)) available++;
    else if (ps) lost.push(ps);
  }
  return { available, lost };
}

/** Slowest GPU of the job's available replicas: 1 at full clock, lower when throttled. */
export function slowestFactor(sim: Simulation, tj: TrainingSim): number {
  let f = 1;
  for (const key of tj.pods.values()) {
    const ps = sim.pods.get(key);
    if (!ps || !ps.node || !isAvailable(sim, ps)) continue;
    const node = sim.hostOf(ps);
    if (!node) continue;
    for (const i of ps.gpuIdx) {
      const g = node.gpus[i];
      if (g.thermal > 0) f = Math.min(f, 0.55);
      else if (g.health === 'degraded') f = Math.min(f, 0.9);
    }
  }
  return f;
}

export function stepTraining(sim: Simulation, tj: TrainingSim): void {
  if (tj.phase === 'Succeeded' || tj.phase === 'Failed') return;
  const now = sim.now;
  const p = tj.plan;
  const job = sim.store.getByKey('PyTorchJob', tj.key);
  if (!job) return;
  const { names } = desiredReplicas(job);
  const total = names.length;
  const elastic = job.spec.elasticPolicy;
  const min = elastic ? Math.min(elastic.minReplicas ?? 1, total) : total;
  const avail0 = availableReplicas(sim, tj, names);
  const lost = avail0.lost;
  let available = avail0.available;
  const before = Math.min(tj.lastAvailable, total);

  if (tj.phase === 'Running' && available < before) {
    const dropped = before - available;
    const failedPod = lost.find((ps) => ps.lastFailure);
    const why = tj.failureNote ?? (failedPod ? `${failedPod.name}: ${failedPod.lastFailure}` : 'replica failed');
    const failedType = failedPod?.owner.replicaType ?? (/-master-\d+:/.test(why) ? 'Master' : 'Worker');
    tj.failureNote = undefined;
    if (elastic && available >= min) {
      tj.elasticRestarts += dropped;
      if (tj.elasticRestarts > (elastic.maxRestarts ?? 3)) {
        failJob(sim, tj, `PyTorchJob ${tj.ns}/${tj.name} has failed because it exceeded elasticPolicy.maxRestarts (${elastic.maxRestarts}).`);
        return;
      }
      sim.events.record(trainingRef(tj), 'Normal', 'ElasticMembershipChanged',
        `${dropped} ${failedType} replica(s) left (${why}); continuing with ${available}/${total} workers (min ${min}).`, TRAINER);
    } else {
      restartJob(sim, tj, dropped, failedType, why, elastic !== undefined);
      if ((tj.phase as string) === 'Failed') return;
      ({ available } = availableReplicas(sim, tj, names));
    }
  }

  if ((tj.phase === 'Restarting' || tj.phase === 'Created') && available >= min && (elastic ? available >= min : available === total)) {
    const fresh = tj.phase === 'Created' && tj.step === 0;
    setPhase(sim, tj, 'Running');
    tj.restoreUntil = now + (fresh ? 30 : restoreSeconds(p)) * 1000;
    publish(sim, tj, true);
  }

  if (tj.phase === 'Running') {
    if (tj.saving && now >= tj.saving.until) finishCheckpoint(sim, tj);
    if (tj.hung === 0 && !tj.saving && now >= tj.restoreUntil) {
      const active = elastic ? available : total;
      const jitter = 0.97 + 0.06 * noise(sim.seed, tj.uid.length, sim.clock.seconds, 17);
      const sps = active * p.samplesPerSecPerPod * slowestFactor(sim, tj) * jitter;
      tj.samplesPerSec = sps;
      tj.step = Math.min(tj.totalSteps, tj.step + sps / p.globalBatch);
      tj.runningSecSinceCkpt += 1;
      tj.sinceCkptAttemptSec += 1;
      if (tj.step >= tj.totalSteps) {
        succeedJob(sim, tj);
        return;
      }
      if (tj.sinceCkptAttemptSec >= p.checkpointIntervalSec) {
        tj.saving = { until: now + saveSeconds(p) * 1000, step: Math.floor(tj.step) };
      }
    } else if (tj.hung === 0) {
      // Restoring or saving: the job is up but not stepping.
      tj.samplesPerSec = 0;
    }
  } else {
    tj.samplesPerSec = 0;
  }
  tj.lastAvailable = available;
  // A hung trainer reports nothing: its annotations freeze, which is how a hang looks from outside.
  if (tj.hung === 0 && now - tj.lastPublish >= PUBLISH_EVERY_MS) publish(sim, tj, false);
  updateJobStatus(sim, tj, names);
}

function saveSeconds(p: TrainingPlan): number {
  return Math.min(120, 20 + replicaCount(p) * 2);
}

function restoreSeconds(p: TrainingPlan): number {
  return Math.min(300, 60 + replicaCount(p) * 4);
}

function finishCheckpoint(sim: Simulation, tj: TrainingSim): void {
  const saving = tj.saving!;
  tj.saving = undefined;
  tj.sinceCkptAttemptSec = 0;
  const p = tj.plan;
  const fault = sim.storageFault(p.storage);
  if (fault) {
    const why = fault === 'full' ? 'No space left on device (ENOSPC)' : 'storage endpoint unreachable: connection timed out';
    sim.events.record(trainingRef(tj), 'Warning', 'CheckpointFailed', `Checkpoint of step ${saving.step} to ${p.storage} failed: ${why}`, TRAINER);
    return;
  }
  tj.ckptStep = saving.step;
  tj.ckptTime = sim.now;
  tj.runningSecSinceCkpt = 0;
  const gib = Math.round(replicaCount(p) * p.gpusPerPod * 9.5);
  sim.events.record(trainingRef(tj), 'Normal', 'CheckpointSaved', `Saved checkpoint of step ${saving.step} to ${p.storage} (${gib} GiB in ${saveSeconds(p)} s)`, TRAINER);
  publish(sim, tj, true);
}

/** Roll back to the last checkpoint and restart every replica. */
export function restartJob(sim: Simulation, tj: TrainingSim, failed: number, type: string, why: string, elastic: boolean): void {
  const job = sim.store.getByKey('PyTorchJob', tj.key);
  if (elastic) tj.elasticRestarts += 1;
  tj.restarts += 1;
  const limit = elastic ? job?.spec.elasticPolicy?.maxRestarts ?? 3 : job?.spec.runPolicy?.backoffLimit ?? tj.plan.backoffLimit;
  if ((elastic ? tj.elasticRestarts : tj.restarts) > limit) {
    failJob(sim, tj, `PyTorchJob ${tj.ns}/${tj.name} has failed because it has reached the specified backoff limit`);
    return;
  }
  tj.lostWorkSec += tj.runningSecSinceCkpt;
  tj.runningSecSinceCkpt = 0;
  tj.sinceCkptAttemptSec = 0;
  tj.step = tj.ckptStep;
  tj.saving = undefined;
  tj.samplesPerSec = 0;
  setPhase(sim, tj, 'Restarting', `PyTorchJob ${tj.ns}/${tj.name} is restarting because ${failed} ${type} replica(s) failed.`);
  sim.events.record(trainingRef(tj), 'Warning', 'Restarting', `PyTorchJob ${tj.ns}/${tj.name} is restarting because ${failed} ${type} replica(s) failed: ${why}. Resuming from checkpoint step ${tj.ckptStep}.`, OPERATOR);
  for (const key of tj.pods.values()) {
    const ps = sim.pods.get(key);
    if (ps && ps.state === 'Running' && !ps.deleting && ps.ready && sim.nodes.get(ps.node!)?.ready) {
      restartContainer(sim, ps, 'Error', 1, 'torch.distributed.elastic: worker group restarted after a peer failure');
    }
  }
  tj.failureNote = undefined;
  publish(sim, tj, true);
}

export function failJob(sim: Simulation, tj: TrainingSim, message: string): void {
  setPhase(sim, tj, 'Failed', message);
  tj.completionTime = sim.now;
  tj.samplesPerSec = 0;
  sim.events.record(trainingRef(tj), 'Warning', 'PyTorchJobFailed', message, OPERATOR);
  // cleanPodPolicy: Running — running pods are deleted, finished ones kept.
  for (const key of tj.pods.values()) {
    const ps = sim.pods.get(key);
    if (ps && ps.state !== 'Succeeded' && ps.state !== 'Failed') deletePod(sim, ps);
  }
  publish(sim, tj, true);
  updateJobStatus(sim, tj, []);
}

function succeedJob(sim: Simulation, tj: TrainingSim): void {
  tj.step = tj.totalSteps;
  tj.samplesPerSec = 0;
  setPhase(sim, tj, 'Succeeded', `PyTorchJob ${tj.ns}/${tj.name} successfully completed.`);
  tj.completionTime = sim.now;
  for (const key of tj.pods.values()) {
    const ps = sim.pods.get(key);
    if (ps && ps.state === 'Running') terminatePod(sim, ps, 'Succeeded', 'Completed', 0);
  }
  sim.events.record(trainingRef(tj), 'Normal', 'PyTorchJobSucceeded', `PyTorchJob ${tj.ns}/${tj.name} successfully completed.`, OPERATOR);
  publish(sim, tj, true);
  updateJobStatus(sim, tj, []);
}

const REASONS: Record<string, string> = {
  Running: 'PyTorchJobRunning', Restarting: 'PyTorchJobRestarting', Succeeded: 'PyTorchJobSucceeded', Failed: 'PyTorchJobFailed',
};

function setPhase(sim: Simulation, tj: TrainingSim, phase: TrainingSim['phase'], message?: string): void {
  tj.phase = phase;
  tj.lastTransition = sim.now;
  const t = rfc3339(sim.now);
  sim.store.mutate('PyTorchJob', tj.key, (j) => {
    const st = j.status ?? (j.status = {});
    const conds = st.conditions ?? (st.conditions = []);
    const set = (type: JobCondition['type'], status: JobCondition['status'], msg?: string) => {
      const i = conds.findIndex((c) => c.type === type);
      const c: JobCondition = { type, status, reason: REASONS[type] ?? `PyTorchJob${type}`, message: msg ?? `PyTorchJob ${tj.ns}/${tj.name} is ${type.toLowerCase()}.`, lastUpdateTime: t, lastTransitionTime: t };
      if (i < 0) conds.push(c);
      else conds[i] = { ...c, lastTransitionTime: conds[i].status === status ? conds[i].lastTransitionTime : t };
    };
    if (phase === 'Running') {
      set('Running', 'True', `PyTorchJob ${tj.ns}/${tj.name} is running.`);
      if (conds.some((c) => c.type === 'Restarting')) set('Restarting', 'False', message ?? `PyTorchJob ${tj.ns}/${tj.name} is running.`);
    } else if (phase === 'Restarting') {
      set('Restarting', 'True', message);
      if (conds.some((c) => c.type === 'Running')) set('Running', 'False', message);
    } else if (phase === 'Succeeded' || phase === 'Failed') {
      if (conds.some((c) => c.type === 'Running')) set('Running', 'False', message);
      if (conds.some((c) => c.type === 'Restarting')) set('Restarting', 'False', message);
      set(phase, 'True', message);
      st.completionTime = t;
    }
  }, 'status');
}

function progressAnnotations(tj: TrainingSim): Record<string, string> {
  return {
    [ANNOTATIONS.progressStep]: String(Math.floor(tj.step)),
    [ANNOTATIONS.samplesPerSecond]: tj.samplesPerSec.toFixed(1),
    [ANNOTATIONS.lostWork]: String(Math.round(tj.lostWorkSec)),
  };
}

/** Patches the trainer-reported annotations when they changed. */
export function publish(sim: Simulation, tj: TrainingSim, force: boolean): void {
  const ann: Record<string, string> = progressAnnotations(tj);
  if (tj.ckptTime > 0 && (tj.published[ANNOTATIONS.checkpointTime] !== undefined || tj.ckptStep > 0)) {
    ann[ANNOTATIONS.checkpointTime] = rfc3339(tj.ckptTime);
    ann[ANNOTATIONS.checkpointStep] = String(tj.ckptStep);
  }
  let changed = false;
  for (const k in ann) if (tj.published[k] !== ann[k]) changed = true;
  if (!changed) return;
  if (!force && sim.now - tj.lastPublish < PUBLISH_EVERY_MS) return;
  tj.lastPublish = sim.now;
  sim.store.mutate('PyTorchJob', tj.key, (j) => {
    j.metadata!.annotations = { ...(j.metadata!.annotations ?? {}), ...ann };
  }, 'status');
  tj.published = { ...tj.published, ...ann };
}

/** Publishes status.replicaStatuses from the pods (no-op when unchanged). */
export function updateTrainingStatus(sim: Simulation, tj: TrainingSim): void {
  updateJobStatus(sim, tj, desiredReplicas(sim.store.getByKey('PyTorchJob', tj.key)).names);
}

function updateJobStatus(sim: Simulation, tj: TrainingSim, names: string[]): void {
  const counts: Record<string, { active?: number; succeeded?: number; failed?: number }> = {};
  for (const r of names.length ? names : [...tj.pods.keys()]) {
    const type = r.startsWith('master') ? 'Master' : 'Worker';
    const c = counts[type] ?? (counts[type] = { active: 0 });
    const ps = sim.pods.get(tj.pods.get(r) ?? '');
    if (!ps) continue;
    if (ps.state === 'Running' && !ps.deleting) c.active = (c.active ?? 0) + 1;
    else if (ps.state === 'Succeeded') c.succeeded = (c.succeeded ?? 0) + 1;
    else if (ps.state === 'Failed') c.failed = (c.failed ?? 0) + 1;
  }
  const next = JSON.stringify(counts);
  if (tj.publishedStatus === next) return;
  tj.publishedStatus = next;
  sim.store.mutate('PyTorchJob', tj.key, (j) => {
    const st = j.status ?? (j.status = {});
    st.replicaStatuses = counts;
    st.lastReconcileTime = rfc3339(sim.now);
  }, 'status');
}
