/**
 * failover / failback of an inference service with a primary and a standby Deployment
 * (bulwark.io/primary-deployment and bulwark.io/standby-deployment on its Service):
 *  1. scale the target side up to the active side's desired replicas (scale subresource);
 *  2. wait, bounded, until its ready replicas reach that number (polling the model), and stop
 *     without touching the Service if they do not — traffic never moves to an unready side;
 *  3. merge patch the Service selector `bulwark.io/serving-role` to the target role;
 *  4. scale the side that was active to 0.
 * failback is the same from standby to primary.
 */
import { ANNOTATIONS, LABELS } from '../../../shared/conventions';
import type { V1Deployment } from '../k8s/objects';
import type { InferencePair } from '../model/modelApi';
import { defineAction, type ActionDefinition, type ActionPlan, type ExecContext, type RequestOf } from './actionDefinition';
import { patchDeploymentScale, patchServices } from './accessChecks';
import { describeWorkload, parseWorkloadKey, plural } from './actionText';
import { freeGpus, isReady, notApplicablePlan, podGpus, podKeyOf } from './blastRadius';
import { waitUntil } from './convergence';
import { podsOfDeployment } from './scaleInference';
import { templateGpus } from './podTemplates';

/** How long a failover waits for the other side to become ready before it gives up. */
export const FAILOVER_READY_TIMEOUT_MS = 600_000;

type Role = 'primary' | 'standby';
type FailRequest = RequestOf<'failover'> | RequestOf<'failback'>;

interface Sides { from: V1Deployment; to: V1Deployment; fromRole: Role; toRole: Role; desired: number }

function sides(pair: InferencePair, toRole: Role): Sides | undefined {
  if (!pair.standby) return undefined;
  const from = toRole === 'standby' ? pair.primary : pair.standby;
  const to = toRole === 'standby' ? pair.standby : pair.primary;
  const fromReplicas = from.spec?.replicas ?? 1;
  // An active side at 0 replicas (already drained by hand): bring the other up to at least 1.
  const desired = Math.max(1, fromReplicas);
  return { from, to, fromRole: toRole === 'standby' ? 'primary' : 'standby', toRole, desired };
}

function depName(d: V1Deployment): string {
  return d.metadata?.name ?? '';
}

function planFor(req: FailRequest, toRole: Role, model: ExecContext['model']): ActionPlan {
  const ref = parseWorkloadKey(req.workload);
  const target = describeWorkload(req.workload);
  const verb = toRole === 'standby' ? 'fail over' : 'fail back';
  const pair = ref.kind === 'Deployment' ? model.inferencePair(req.workload) : undefined;
  if (!pair) return notApplicablePlan(model, target, `${target} is not the primary Deployment of an inference Service: there is nothing to ${verb}.`, true, ref.name);
  const s = sides(pair, toRole);
  if (!s) return notApplicablePlan(model, target, `${target} has no standby Deployment (no ${ANNOTATIONS.standbyDeployment} annotation on its Service): there is nothing to fail over to.`, true, ref.name);
  if (pair.activeRole === toRole) {
    return notApplicablePlan(model, target, toRole === 'standby'
      ? `${target} has already failed over: the Service selects the standby ${depName(s.to)}.`
      : `${target} already serves from the primary ${depName(s.to)}: there is nothing to fail back.`, true, ref.name);
  }
  const view = model.workload(req.workload);
  const zones = view?.inference;
  const fromZone = toRole === 'standby' ? zones?.primaryZone : zones?.standbyZone;
  const toZone = toRole === 'standby' ? zones?.standbyZone : zones?.primaryZone;
  const all = model.podsOfWorkload(req.workload);
  const fromPods = podsOfDeployment(all, s.from);
  const toCurrent = s.to.spec?.replicas ?? 0;
  const addGpus = Math.max(0, s.desired - toCurrent) * templateGpus(s.to.spec?.template?.spec);
  const freedGpus = fromPods.reduce((n, p) => n + podGpus(model, p), 0);
  const before = freeGpus(model);
  const warnings = [
    `Moves the traffic of ${target} from ${depName(s.from)}${fromZone ? ` (${fromZone})` : ''} to ${depName(s.to)}${toZone ? ` (${toZone})` : ''}.`,
    `${depName(s.to)} is scaled to ${plural(s.desired, 'replica')} first; the Service switches only once they are all ready (up to ${FAILOVER_READY_TIMEOUT_MS / 60_000} min), then ${depName(s.from)} is scaled to 0.`,
  ];
  if (addGpus > before) warnings.push(`Only ${before} GPUs are free and ${depName(s.to)} needs ${addGpus} more: it may not become ready, and the ${toRole === 'standby' ? 'failover' : 'failback'} would stop before switching traffic.`);
  const sel = pair.service.spec?.selector ?? {};
  if (!(LABELS.servingRole in sel)) warnings.push(`The Service selector has no ${LABELS.servingRole} key yet: it is added.`);
  return {
    target,
    destructive: true,
    confirmText: ref.name,
    blastRadius: {
      pods: fromPods.map(podKeyOf),
      workloads: [req.workload],
      gpus: freedGpus + addGpus,
      pdbBlocked: [],
      freeGpusBefore: before,
      freeGpusAfter: Math.max(0, before - addGpus + freedGpus),
    },
    warnings,
    undo: toRole === 'standby' ? { kind: 'failback', workload: req.workload } : { kind: 'failover', workload: req.workload },
  };
}

async function execute(req: FailRequest, toRole: Role, ctx: ExecContext) {
  const { model, ops, dryRun } = ctx;
  const ref = parseWorkloadKey(req.workload);
  const target = describeWorkload(req.workload);
  const pair = model.inferencePair(req.workload);
  const s = pair ? sides(pair, toRole) : undefined;
  if (!pair || !s) throw new Error(`${target} has no primary/standby pair.`);
  const ns = ref.namespace;
  const to = depName(s.to);
  const from = depName(s.from);
  const details: string[] = [];

  if ((s.to.spec?.replicas ?? 0) < s.desired || dryRun) {
    await ops.scale({ kind: 'Deployment', namespace: ns, name: to }, Math.max(s.desired, s.to.spec?.replicas ?? 0), { dryRun });
    if (!dryRun) { details.push(`scaled ${to} to ${s.desired}`); ctx.progress(`scaled ${to} to ${plural(s.desired, 'replica')}`); }
  }
  if (!dryRun) {
    // Count ready pods rather than trusting status.readyReplicas: right after this side was
    // scaled to 0 (a failback just after a failover) its status still reports the old,
    // terminating replicas as ready, and traffic must never move to pods on their way out.
    const ready = () => {
      const dep = model.object('Deployment', ns, to);
      if (!dep) return 0;
      return podsOfDeployment([...model.list('Pod')].filter((p) => p.metadata?.namespace === ns), dep)
        .filter((p) => !p.metadata?.deletionTimestamp && isReady(p)).length;
    };
    const wait = await waitUntil(ctx, {
      timeoutMs: FAILOVER_READY_TIMEOUT_MS,
      check: () => ready() >= s.desired,
      onWait: () => ctx.progress(`${toRole} ${ns}/${to}: ${ready()}/${s.desired} ready`),
    });
    if (!wait.done) {
      details.push(`${to} had ${ready()}/${s.desired} ready replicas after ${Math.round(wait.waitedMs / 1000)} s`);
      return {
        ok: false,
        undo: null,
        message: `${toRole === 'standby' ? 'Failover' : 'Failback'} of ${target} stopped: ${to} did not become ready (${ready()}/${s.desired}). The Service still routes to ${from}; ${to} stays scaled to ${s.desired}.`,
        details,
      };
    }
    details.push(`${to}: ${ready()}/${s.desired} ready`);
  }
  const service = pair.service.metadata?.name ?? '';
  await ops.mergePatch({ kind: 'Service', namespace: ns, name: service }, { spec: { selector: { [LABELS.servingRole]: toRole } } }, { dryRun });
  if (!dryRun) { details.push(`Service ${ns}/${service} selector ${LABELS.servingRole}=${toRole}`); ctx.progress(`Service ${service} now routes to ${to}`); }
  await ops.scale({ kind: 'Deployment', namespace: ns, name: from }, 0, { dryRun });
  if (dryRun) return { ok: true, message: `The API server accepts scaling ${to}, switching Service ${service} to ${toRole} and scaling ${from} to 0.`, details: [] };
  details.push(`scaled ${from} to 0`);
  return { ok: true, message: `${toRole === 'standby' ? 'Failed over' : 'Failed back'} ${target}: Service ${service} routes to ${to} (${plural(s.desired, 'ready replica')}); ${from} scaled to 0.`, details };
}

function permissions(req: FailRequest) {
  const ns = parseWorkloadKey(req.workload).namespace;
  return [patchServices(ns), patchDeploymentScale(ns)];
}

/** Failover and failback move the same Service: one lock per workload. */
const lockKey = (req: FailRequest) => `serving:${req.workload}`;

export const failoverAction: ActionDefinition<'failover'> = defineAction({
  kind: 'failover',
  lockKey,
  plan: (req, { model }) => planFor(req, 'standby', model),
  permissions,
  execute: (req, ctx) => execute(req, 'standby', ctx),
});

export const failbackAction: ActionDefinition<'failback'> = defineAction({
  kind: 'failback',
  lockKey,
  plan: (req, { model }) => planFor(req, 'primary', model),
  permissions,
  execute: (req, ctx) => execute(req, 'primary', ctx),
});
