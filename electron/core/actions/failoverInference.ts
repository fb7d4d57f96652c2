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
import { reasonOf } from '../../../shared/reasons';
import { ActionError, describeWorkload, parseWorkloadKey, plural, said, type Said } from './actionText';
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
  const pair = ref.kind === 'Deployment' ? model.inferencePair(req.workload) : undefined;
  if (!pair) {
    return notApplicablePlan(model, target, toRole === 'standby'
      ? said(`${target} is not the primary Deployment of an inference Service: there is nothing to fail over.`, reasonOf('action.failover.notPrimary', { target }))
      : said(`${target} is not the primary Deployment of an inference Service: there is nothing to fail back.`, reasonOf('action.failback.notPrimary', { target })), true, ref.name);
  }
  const s = sides(pair, toRole);
  if (!s) {
    const annotation = ANNOTATIONS.standbyDeployment;
    return notApplicablePlan(model, target, said(`${target} has no standby Deployment (no ${annotation} annotation on its Service): there is nothing to fail over to.`,
      reasonOf('action.failover.noStandby', { target, annotation })), true, ref.name);
  }
  if (pair.activeRole === toRole) {
    const deployment = depName(s.to);
    return notApplicablePlan(model, target, toRole === 'standby'
      ? said(`${target} has already failed over: the Service selects the standby ${deployment}.`, reasonOf('action.failover.alreadyFailedOver', { target, deployment }))
      : said(`${target} already serves from the primary ${deployment}: there is nothing to fail back.`, reasonOf('action.failback.alreadyPrimary', { target, deployment })),
    true, ref.name);
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
  const from = depName(s.from);
  const to = depName(s.to);
  const minutes = FAILOVER_READY_TIMEOUT_MS / 60_000;
  const fromSide = sideOf(from, fromZone);
  const toSide = sideOf(to, toZone);
  const warnings: Said[] = [
    said(`Moves the traffic of ${target} from ${fromSide.text} to ${toSide.text}.`, reasonOf('action.failover.moves', { target }, { from: fromSide.code, to: toSide.code })),
    said(`${to} is scaled to ${plural(s.desired, 'replica')} first; the Service switches only once they are all ready (up to ${minutes} min), then ${from} is scaled to 0.`,
      reasonOf('action.failover.plan', { to, count: s.desired, minutes, from })),
  ];
  if (addGpus > before) {
    const kind = toRole === 'standby' ? 'failover' : 'failback';
    warnings.push(said(`Only ${before} GPUs are free and ${to} needs ${addGpus} more: it may not become ready, and the ${kind} would stop before switching traffic.`,
      reasonOf('action.failover.notEnoughGpus', { free: before, to, need: addGpus, kind })));
  }
  const sel = pair.service.spec?.selector ?? {};
  if (!(LABELS.servingRole in sel)) {
    warnings.push(said(`The Service selector has no ${LABELS.servingRole} key yet: it is added.`, reasonOf('action.failover.addsSelector', { label: LABELS.servingRole })));
  }
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

/** A side of the pair as the warnings name it: "vllm-primary (zone-a)". */
function sideOf(name: string, zone: string | undefined): Said {
  return zone
    ? said(`${name} (${zone})`, reasonOf('action.failover.deploymentInZone', { name, zone }))
    : said(name, reasonOf('action.failover.deployment', { name }));
}

function scaledDetail(name: string, replicas: number): Said {
  return said(`scaled ${name} to ${replicas}`, reasonOf('action.failover.scaledDetail', { name, replicas }));
}

async function execute(req: FailRequest, toRole: Role, ctx: ExecContext) {
  const { model, ops, dryRun } = ctx;
  const ref = parseWorkloadKey(req.workload);
  const target = describeWorkload(req.workload);
  const pair = model.inferencePair(req.workload);
  const s = pair ? sides(pair, toRole) : undefined;
  if (!pair || !s) throw new ActionError(said(`${target} has no primary/standby pair.`, reasonOf('action.failover.noPair', { target })));
  const ns = ref.namespace;
  const to = depName(s.to);
  const from = depName(s.from);
  const details: Said[] = [];
  const desired = s.desired;

  if ((s.to.spec?.replicas ?? 0) < desired || dryRun) {
    await ops.scale({ kind: 'Deployment', namespace: ns, name: to }, Math.max(desired, s.to.spec?.replicas ?? 0), { dryRun });
    if (!dryRun) {
      details.push(scaledDetail(to, desired));
      ctx.progress(said(`scaled ${to} to ${plural(desired, 'replica')}`, reasonOf('action.failover.scaled', { name: to, count: desired })));
    }
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
      onWait: () => {
        const deployment = `${ns}/${to}`;
        const r = ready();
        ctx.progress(said(`${toRole} ${deployment}: ${r}/${desired} ready`, reasonOf('action.failover.waitReady', { role: toRole, deployment, ready: r, desired })));
      },
    });
    if (!wait.done) {
      const r = ready();
      const seconds = Math.round(wait.waitedMs / 1000);
      details.push(said(`${to} had ${r}/${desired} ready replicas after ${seconds} s`, reasonOf('action.failover.notReadyDetail', { name: to, ready: r, desired, seconds })));
      const params = { target, to, ready: r, desired, from };
      const rest = `${to} did not become ready (${r}/${desired}). The Service still routes to ${from}; ${to} stays scaled to ${desired}.`;
      return {
        ok: false,
        undo: null,
        message: toRole === 'standby'
          ? said(`Failover of ${target} stopped: ${rest}`, reasonOf('action.failover.stopped', params))
          : said(`Failback of ${target} stopped: ${rest}`, reasonOf('action.failback.stopped', params)),
        details,
      };
    }
    const r = ready();
    details.push(said(`${to}: ${r}/${desired} ready`, reasonOf('action.failover.readyDetail', { name: to, ready: r, desired })));
  }
  const service = pair.service.metadata?.name ?? '';
  await ops.mergePatch({ kind: 'Service', namespace: ns, name: service }, { spec: { selector: { [LABELS.servingRole]: toRole } } }, { dryRun });
  if (!dryRun) {
    const selector = `${LABELS.servingRole}=${toRole}`;
    details.push(said(`Service ${ns}/${service} selector ${selector}`, reasonOf('action.failover.selectorDetail', { service: `${ns}/${service}`, selector })));
    ctx.progress(said(`Service ${service} now routes to ${to}`, reasonOf('action.failover.routed', { service, to })));
  }
  await ops.scale({ kind: 'Deployment', namespace: ns, name: from }, 0, { dryRun });
  if (dryRun) {
    return {
      ok: true,
      message: said(`The API server accepts scaling ${to}, switching Service ${service} to ${toRole} and scaling ${from} to 0.`,
        reasonOf('action.failover.dryRun', { to, service, role: toRole, from })),
      details: [],
    };
  }
  details.push(scaledDetail(from, 0));
  const params = { target, service, to, count: desired, from };
  const rest = `${target}: Service ${service} routes to ${to} (${plural(desired, 'ready replica')}); ${from} scaled to 0.`;
  return {
    ok: true,
    message: toRole === 'standby'
      ? said(`Failed over ${rest}`, reasonOf('action.failover.done', params))
      : said(`Failed back ${rest}`, reasonOf('action.failback.done', params)),
    details,
  };
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
