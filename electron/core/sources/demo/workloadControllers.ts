/**
 * The controllers of kube-controller-manager the demo needs: ReplicaSet/Deployment (keep
 * spec.replicas pods, replace failed and deleted ones, publish status), Job and CronJob
 * (batch evaluation runs back to back), and the disruption controller (PDB status).
 */
import type { V1DeploymentCondition, V1JobCondition } from '@kubernetes/client-node';
import type { V1Deployment } from '../../k8s/objects';
import type { Simulation } from './simulation';
import type { BatchSim, CronSim, DeploymentSim, PdbSim, PodSim } from './simTypes';
import { batchJobManifest, ownerRef, podFromTemplate, setCondition } from './manifests';
import { createPod, deletePod, isAvailable } from './podLifecycle';
import { nameSuffix } from './names';

/* ------------------------------------------------------------- Deployments */

export function reconcileDeployment(sim: Simulation, dep: DeploymentSim): void {
  const obj = sim.store.getByKey('Deployment', dep.key);
  if (!obj) return;
  const desired = obj.spec?.replicas ?? 1;
  if (dep.rsReplicas !== undefined && dep.rsReplicas !== desired && !sim.building) {
    // The deployment controller scales the ReplicaSet (one ReplicaSet: no rollout in the demo).
    const how = desired > dep.rsReplicas ? 'up' : 'down';
    sim.events.record({ kind: 'Deployment', apiVersion: 'apps/v1', namespace: dep.ns, name: dep.name, uid: dep.uid }, 'Normal', 'ScalingReplicaSet',
      `Scaled ${how} replica set ${dep.rsName} to ${desired} from ${dep.rsReplicas}`, 'deployment-controller');
  }
  dep.rsReplicas = desired;
  const live: PodSim[] = [];
  for (const key of [...dep.pods]) {
    const ps = sim.pods.get(key);
    if (!ps) {
      dep.pods.delete(key);
      continue;
    }
    if (ps.state === 'Failed' || ps.state === 'Succeeded') {
      // The ReplicaSet controller deletes failed pods and replaces them.
      deletePod(sim, ps, 0);
      dep.pods.delete(key);
      continue;
    }
    if (!ps.deleting) live.push(ps);
  }
  if (live.length < desired) {
    for (let i = live.length; i < desired; i++) createDeploymentPod(sim, dep, obj);
  } else if (live.length > desired) {
    // Scale down: unscheduled first, then not ready, then the newest (controller.ActivePods order).
    const rank = (p: PodSim) => (p.node ? (p.ready ? 2 : 1) : 0);
    live.sort((a, b) => rank(a) - rank(b) || b.seq - a.seq);
    for (const ps of live.slice(0, live.length - desired)) {
      deletePod(sim, ps);
      if (!sim.building) sim.events.record(rsRef(dep), 'Normal', 'SuccessfulDelete', `Deleted pod: ${ps.name}`, 'replicaset-controller');
    }
  }
  updateDeploymentStatus(sim, dep, desired);
}

export function createDeploymentPod(sim: Simulation, dep: DeploymentSim, obj: V1Deployment): PodSim {
  let name: string;
  do name = `${dep.rsName}-${nameSuffix(sim.nameRng)}`;
  while (sim.pods.has(`${dep.ns}/${name}`));
  const pod = podFromTemplate({
    ns: dep.ns,
    name,
    uid: sim.uid(),
    created: sim.now,
    template: obj.spec!.template,
    labels: { 'pod-template-hash': dep.hash },
    owner: ownerRef('apps/v1', 'ReplicaSet', dep.rsName, dep.rsUid),
    shareSpec: true,
  });
  const ps = createPod(sim, pod, { kind: 'Deployment', workload: dep.key }, { startupSec: dep.startupSec, readySec: dep.readySec, inference: dep.service !== undefined });
  dep.pods.add(ps.key);
  if (!sim.building) sim.events.record(rsRef(dep), 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'replicaset-controller');
  return ps;
}

function rsRef(dep: DeploymentSim) {
  return { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespace: dep.ns, name: dep.rsName, uid: dep.rsUid };
}

export function updateDeploymentStatus(sim: Simulation, dep: DeploymentSim, desired: number): void {
  let replicas = 0;
  let ready = 0;
  let terminating = 0;
  for (const key of dep.pods) {
    const ps = sim.pods.get(key);
    if (!ps || ps.state === 'Failed' || ps.state === 'Succeeded') continue;
    if (ps.deleting) {
      terminating++;
      continue;
    }
    replicas++;
    if (isAvailable(sim, ps)) ready++;
  }
  const now = sim.now;
  sim.store.mutate('Deployment', dep.key, (d) => {
    const st = d.status ?? (d.status = {});
    const maxUnavailable = Math.floor(desired * 0.25);
    const availableOk = ready >= desired - maxUnavailable;
    const changed = st.replicas !== replicas || st.readyReplicas !== ready || st.availableReplicas !== ready
      || (st.terminatingReplicas ?? 0) !== terminating || st.observedGeneration !== d.metadata?.generation
      || (st.unavailableReplicas ?? 0) !== Math.max(0, desired - ready)
      || (st.conditions?.find((c) => c.type === 'Available')?.status === 'True') !== availableOk;
    if (!changed) return false;
    st.observedGeneration = d.metadata?.generation ?? 1;
    st.replicas = replicas;
    st.updatedReplicas = replicas;
    st.readyReplicas = ready;
    st.availableReplicas = ready;
    st.unavailableReplicas = Math.max(0, desired - ready);
    if (terminating > 0) st.terminatingReplicas = terminating;
    else delete st.terminatingReplicas;
    const conds = st.conditions ?? (st.conditions = []);
    const setDep = (c: V1DeploymentCondition) => {
      setCondition(conds, c, now);
      const got = conds.find((x) => x.type === c.type)!;
      got.lastUpdateTime = new Date(now);
    };
    setDep(availableOk
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    if (!conds.some((c) => c.type === 'Progressing')) {
      setDep({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${dep.rsName}" has successfully progressed.` });
    }
  }, 'status');
}

/* -------------------------------------------------------------- Jobs, CronJobs */

export function createBatchRun(sim: Simulation, cron: CronSim, startedAgoSec = 0): BatchSim {
  cron.run += 1;
  const p = cron.plan;
  const name = `${p.name}-${String(29_000_000 + cron.run * 7)}`;
  const uid = sim.uid();
  const created = sim.now - startedAgoSec * 1000;
  const job = batchJobManifest(p, name, uid, cron.uid, created);
  sim.store.add('Job', job);
  const b: BatchSim = {
    key: `${p.namespace}/${name}`,
    ns: p.namespace,
    name,
    uid,
    cron,
    completions: p.parallelism,
    parallelism: p.parallelism,
    backoffLimit: 4,
    pods: new Set(),
    counted: new Set(),
    succeeded: 0,
    failed: 0,
    phase: 'Running',
    startTime: created,
  };
  sim.batch.set(b.key, b);
  cron.previous = cron.current;
  cron.current = b.key;
  cron.nextRunAt = undefined;
  if (!sim.building) {
    sim.events.record({ kind: 'CronJob', apiVersion: 'batch/v1', namespace: p.namespace, name: p.name, uid: cron.uid }, 'Normal', 'SuccessfulCreate', `Created job ${name}`, 'cronjob-controller');
  }
  reconcileBatchJob(sim, b, startedAgoSec);
  return b;
}

export function reconcileBatchJob(sim: Simulation, b: BatchSim, startedAgoSec = 0): void {
  const obj = sim.store.getByKey('Job', b.key);
  if (!obj) return;
  let active = 0;
  let ready = 0;
  let terminating = 0;
  for (const key of [...b.pods]) {
    const ps = sim.pods.get(key);
    if (!ps) {
      // Gone before it was counted: the Job's tracking finalizer would have held it until the
      // controller counted it, as a failure (it did not succeed).
      if (!b.counted.delete(key)) b.failed++;
      b.pods.delete(key);
      continue;
    }
    const terminal = ps.state === 'Succeeded' || ps.state === 'Failed';
    if (!b.counted.has(key)) {
      // A deleted pod that did not succeed counts as failed (podReplacementPolicy TerminatingOrFailed).
      if (ps.state === 'Succeeded') {
        b.counted.add(key);
        b.succeeded++;
      } else if (ps.state === 'Failed' || ps.deleting) {
        b.counted.add(key);
        b.failed++;
      }
    }
    if (!terminal) {
      if (ps.deleting) terminating++;
      else {
        active++;
        if (ps.ready) ready++;
      }
    }
  }
  const now = sim.now;
  if (b.phase === 'Running') {
    if (b.failed > b.backoffLimit) {
      b.phase = 'Failed';
      b.completionTime = now;
      for (const key of b.pods) {
        const ps = sim.pods.get(key);
        if (ps && ps.state !== 'Succeeded' && ps.state !== 'Failed') deletePod(sim, ps);
      }
      sim.events.record(jobRef(b), 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', 'job-controller');
      finishRun(sim, b);
    } else if (b.succeeded >= b.completions) {
      b.phase = 'Complete';
      b.completionTime = now;
      sim.events.record(jobRef(b), 'Normal', 'Completed', 'Job completed', 'job-controller');
      finishRun(sim, b);
    } else {
      // Terminating pods are replaced at once (podReplacementPolicy TerminatingOrFailed, the default).
      const want = Math.min(b.parallelism, b.completions - b.succeeded) - active;
      for (let i = 0; i < want; i++) {
        createBatchPod(sim, b, obj.spec!.template, startedAgoSec);
        active++;
      }
      const excess = active - Math.min(b.parallelism, b.completions - b.succeeded);
      if (excess > 0) {
        // Parallelism lowered: the Job controller deletes the surplus active pods (activePodsForRemoval order).
        const live: PodSim[] = [];
        for (const key of b.pods) {
          const ps = sim.pods.get(key);
          if (ps && !ps.deleting && ps.state !== 'Succeeded' && ps.state !== 'Failed') live.push(ps);
        }
        const rank = (p: PodSim) => (p.node ? (p.ready ? 2 : 1) : 0);
        live.sort((x, y) => rank(x) - rank(y) || y.seq - x.seq);
        for (const ps of live.slice(0, excess)) {
          if (ps.ready) ready--;
          deletePod(sim, ps);
          active--;
          if (sim.pods.get(ps.key) === ps) terminating++;
          // The controller drops its tracking finalizer before the DELETE: not a failure.
          b.counted.add(ps.key);
        }
      }
    }
  }
  sim.store.mutate('Job', b.key, (j) => {
    const st = j.status ?? (j.status = {});
    const conds = st.conditions ?? (st.conditions = []);
    const phaseChanged = (b.phase === 'Complete' && !conds.some((c) => c.type === 'Complete'))
      || (b.phase === 'Failed' && !conds.some((c) => c.type === 'Failed'));
    if (!phaseChanged && st.active === active && st.ready === ready && st.succeeded === b.succeeded && st.failed === b.failed && (st.terminating ?? 0) === terminating && st.startTime) return false;
    st.active = active;
    st.ready = ready;
    st.succeeded = b.succeeded;
    st.failed = b.failed;
    st.terminating = terminating;
    st.startTime = st.startTime ?? new Date(b.startTime);
    if (b.phase === 'Complete' && phaseChanged) {
      st.completionTime = new Date(now);
      setCondition<V1JobCondition>(conds, { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: new Date(now) }, now);
      setCondition<V1JobCondition>(conds, { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: new Date(now) }, now);
    } else if (b.phase === 'Failed' && phaseChanged) {
      setCondition<V1JobCondition>(conds, { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: new Date(now) }, now);
      setCondition<V1JobCondition>(conds, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: new Date(now) }, now);
    }
  }, 'status');
}

function createBatchPod(sim: Simulation, b: BatchSim, template: NonNullable<V1Deployment['spec']>['template'], startedAgoSec: number): PodSim {
  let name: string;
  do name = `${b.name}-${nameSuffix(sim.nameRng)}`;
  while (sim.pods.has(`${b.ns}/${name}`));
  const pod = podFromTemplate({
    ns: b.ns, name, uid: sim.uid(), created: sim.now - startedAgoSec * 1000, template, labels: {},
    owner: ownerRef('batch/v1', 'Job', b.name, b.uid), restartPolicy: 'Never', shareSpec: true,
  });
  const ps = createPod(sim, pod, { kind: 'Job', workload: b.key }, { startupSec: 20, readySec: 2 });
  // The work itself: the planned duration with ±15 % spread, partly done for the initial runs.
  const dur = b.cron.plan.durationSec * (0.85 + 0.3 * sim.rng.next());
  ps.finishAt = sim.now + Math.round(Math.max(60, dur - startedAgoSec)) * 1000 + ps.startupSec * 1000;
  b.pods.add(ps.key);
  if (!sim.building) sim.events.record(jobRef(b), 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, 'job-controller');
  return ps;
}

function finishRun(sim: Simulation, b: BatchSim): void {
  const cron = b.cron;
  if (cron.current !== b.key) return;
  cron.nextRunAt = sim.now + cron.plan.gapSec * 1000;
}

/** CronJob controller: the next run after the gap; the run before the previous one is deleted (history limit 1). */
export function tickCrons(sim: Simulation): void {
  const now = sim.now;
  for (const cron of sim.crons) {
    if (cron.nextRunAt === undefined || now < cron.nextRunAt) continue;
    const old = cron.previous;
    createBatchRun(sim, cron);
    if (old) deleteBatchJob(sim, old);
  }
}

export function deleteBatchJob(sim: Simulation, key: string): void {
  const b = sim.batch.get(key);
  if (!b) return;
  for (const pk of b.pods) {
    const ps = sim.pods.get(pk);
    if (ps) deletePod(sim, ps);
  }
  sim.batch.delete(key);
  sim.store.remove('Job', key);
}

function jobRef(b: BatchSim) {
  return { kind: 'Job', apiVersion: 'batch/v1', namespace: b.ns, name: b.name, uid: b.uid };
}

/* -------------------------------------------------------------------- PDBs */

/**
 * The disruption controller: currentHealthy = Ready pods not being deleted; with an integer
 * minAvailable, expectedPods = every pod the selector matches (terminating and finished ones
 * too) and desiredHealthy = minAvailable; with maxUnavailable or a percentage, expectedPods = the
 * scale of the pods' controllers (a Deployment's replicas, a PyTorchJob's Worker replicas — its
 * CRD's scale subresource; other owners: the live pods). disruptionsAllowed = current - desired.
 */
export function pdbStatus(sim: Simulation, pdb: PdbSim): { expected: number; healthy: number; desired: number; allowed: number } {
  const obj = sim.store.getByKey('PodDisruptionBudget', pdb.key);
  let matched = 0;
  let healthy = 0;
  for (const key of pdb.pods) {
    const ps = sim.pods.get(key);
    if (!ps) continue;
    matched++;
    if (isAvailable(sim, ps)) healthy++;
  }
  const spec = obj?.spec ?? {};
  let desired: number;
  let expected: number;
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    expected = expectedScale(sim, pdb);
    desired = Math.max(0, expected - resolveIntOrPercent(spec.maxUnavailable, expected, true));
  } else if (typeof spec.minAvailable === 'number') {
    expected = matched;
    desired = spec.minAvailable;
  } else if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    expected = expectedScale(sim, pdb);
    desired = resolveIntOrPercent(spec.minAvailable, expected, true);
  } else {
    expected = matched;
    desired = matched;
  }
  const allowed = Math.max(0, healthy - desired);
  return { expected, healthy, desired, allowed };
}

/** getExpectedScale: the sum of the scales of the distinct controllers of the budget's pods. */
function expectedScale(sim: Simulation, pdb: PdbSim): number {
  const owners = new Set<string>();
  let total = 0;
  for (const key of pdb.pods) {
    const ps = sim.pods.get(key);
    if (!ps) continue;
    if (ps.owner.kind === 'Deployment' || ps.owner.kind === 'PyTorchJob') {
      const id = `${ps.owner.kind}/${ps.owner.workload}`;
      if (owners.has(id)) continue;
      owners.add(id);
      if (ps.owner.kind === 'Deployment') total += sim.store.getByKey('Deployment', ps.owner.workload)?.spec?.replicas ?? 1;
      else total += sim.store.getByKey('PyTorchJob', ps.owner.workload)?.spec.pytorchReplicaSpecs.Worker?.replicas ?? 0;
    } else if (!ps.deleting && ps.state !== 'Succeeded' && ps.state !== 'Failed') {
      total++;
    }
  }
  return total;
}

function resolveIntOrPercent(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return parseInt(v, 10) || 0;
  const x = (parseInt(m[1], 10) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export function updatePdbStatus(sim: Simulation, pdb: PdbSim): void {
  const s = pdbStatus(sim, pdb);
  const now = sim.now;
  sim.store.mutate('PodDisruptionBudget', pdb.key, (o) => {
    const st = o.status ?? (o.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 });
    if (st.currentHealthy === s.healthy && st.desiredHealthy === s.desired && st.disruptionsAllowed === s.allowed && st.expectedPods === s.expected && (st.conditions?.length ?? 0) > 0) return false;
    st.currentHealthy = s.healthy;
    st.desiredHealthy = s.desired;
    st.disruptionsAllowed = s.allowed;
    st.expectedPods = s.expected;
    st.observedGeneration = o.metadata?.generation ?? 1;
    const conds = st.conditions ?? (st.conditions = []);
    const cond = s.allowed > 0
      ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', lastTransitionTime: new Date(now), observedGeneration: st.observedGeneration }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', lastTransitionTime: new Date(now), observedGeneration: st.observedGeneration };
    setCondition(conds, cond, now);
  }, 'status');
}
