/**
 * Reason codes of the action engine (`action.*`): every sentence an action's preview, progress
 * and result show — warnings, blocked reason, dry-run message, permission reason, result
 * message and details. They join REASON_SPECS (shared/reasons.ts), so the same `ReasonView`
 * and the same renderer (`renderer/i18n/reasonFormat.ts`) carry them; texts live in
 * `renderer/i18n/locales/<lang>/reasons.json` under `code.action.*`.
 *
 * The backend keeps writing the English sentence (audit log, API, logs, tests) and sends the
 * code beside it. What Kubernetes or a source wrote (an API server's error, an eviction
 * refusal) travels as a `text` parameter, untranslated, inside a translated sentence
 * (`action.message` when there is nothing around it). `plural` names the count parameter that
 * picks the `_one`/`_other` form.
 */
import type { ReasonSpec } from './reasons';

/** A number of pods/replicas/… that picks the plural form, as `count`. */
const N = { count: 'count' } as const;
const PLURAL = { plural: 'count' } as const;

export const ACTION_REASON_SPECS = {
  // Engine: the rules every action goes through.
  'action.message': { params: { message: 'text' } },
  'action.apiCall': { params: { call: 'text' } },
  'action.label': { params: { kind: 'actionKind', target: 'text' } },
  'action.readOnly': { params: {} },
  'action.alreadyRunning': { params: {}, nested: ['label'] },
  'action.alreadyRunningWait': { params: {}, nested: ['label'] },
  'action.typeToConfirm': { params: { text: 'text' } },
  'action.permissionDenied': { params: {} },
  'action.permissionDeniedBecause': { params: {}, nested: ['why'] },
  'action.mayNot': { params: { verb: 'text', resource: 'text', namespace: 'text' } },
  'action.mayNotClusterWide': { params: { verb: 'text', resource: 'text' } },
  'action.accessReviewFailed': { params: { message: 'text' } },
  'action.permissionsUnknown': { params: { message: 'text' } },
  'action.cannotPlan': { params: { kind: 'actionKind', message: 'text' } },
  'action.sourceChanged': { params: {} },
  'action.auditStartFailed': { params: { message: 'text' } },
  'action.auditEndFailed': { params: { message: 'text' } },
  'action.auditRefusedFailed': { params: { message: 'text' } },
  'action.started': { params: {}, nested: ['label'] },
  'action.failed': { params: {}, nested: ['label', 'cause'] },
  'action.dryRunNotSent': { params: {}, nested: ['why'] },
  'action.dryRunRefused': { params: {}, nested: ['why'] },
  'action.nodeNotFound': { params: { node: 'text' } },
  'action.workloadNotFound': { params: { target: 'text' } },
  'action.deploymentNotFound': { params: { target: 'text' } },

  // What displacing pods means for each workload (drain, NoExecute taint); `doing` is an action.doing.* reason.
  'action.doing.drain': { params: { node: 'text' } },
  'action.doing.taint': { params: { node: 'text', taint: 'text' } },
  'action.displace.training': { params: { ...N, workload: 'text' }, nested: ['doing', 'tail'], ...PLURAL },
  'action.displace.checkpointAge': { params: { age: 'duration' } },
  'action.displace.checkpointAgeStep': { params: { age: 'duration', step: 'number' } },
  'action.displace.noCheckpoint': { params: {} },
  'action.displace.pods': { params: { ...N, workload: 'text' }, nested: ['doing'], ...PLURAL },
  'action.displace.others': { params: { ...N, pods: 'text' }, nested: ['doing'], ...PLURAL },
  'action.displace.orphan': { params: { pod: 'text' } },
  'action.displace.idleSide': { params: { ...N, role: 'role', workload: 'text', deployment: 'text' }, nested: ['doing'], ...PLURAL },
  'action.displace.allServing': { params: { ...N, workload: 'text', deployment: 'text' }, nested: ['doing'], ...PLURAL },
  'action.displace.someServing': { params: { count: 'count', ready: 'count', workload: 'text', deployment: 'text' }, nested: ['doing'] },
  'action.displace.morePods': { params: { ...N, workload: 'text' }, nested: ['doing'], ...PLURAL },

  // cordon / uncordon.
  'action.cordon.alreadyCordoned': { params: { node: 'text' } },
  'action.cordon.podsStay': { params: { node: 'text', pods: 'count' } },
  'action.cordon.dryRun': { params: { node: 'text' } },
  'action.cordon.done': { params: { node: 'text' } },
  'action.uncordon.notCordoned': { params: { node: 'text' } },
  'action.uncordon.notReady': { params: { node: 'text' } },
  'action.uncordon.dryRun': { params: { node: 'text' } },
  'action.uncordon.done': { params: { node: 'text' } },

  // drain.
  'action.drain.refused': { params: { node: 'text' }, nested: ['why'] },
  'action.drain.emptyDirRefusal': { params: { ...N, pods: 'text' }, ...PLURAL },
  'action.drain.daemonSetRefusal': { params: N, ...PLURAL },
  'action.drain.alreadyCordoned': { params: { node: 'text' } },
  'action.drain.pdbBlocks': { params: { pdb: 'text', ...N, pods: 'text', retry: 'count', timeout: 'count' }, ...PLURAL },
  'action.drain.notEnoughGpus': { params: { free: 'count', need: 'count' } },
  'action.drain.daemonSetsStay': { params: N, ...PLURAL },
  'action.drain.staticPodsStay': { params: N, ...PLURAL },
  'action.drain.emptyDirDeleted': { params: { pods: 'text' } },
  'action.drain.cordoned': { params: { node: 'text' } },
  'action.drain.evictedProgress': { params: { done: 'count', total: 'count' } },
  'action.drain.waitingForPdb': { params: { pdb: 'text', ...N }, ...PLURAL },
  'action.drain.dryRun': { params: {}, nested: ['parts'] },
  'action.drain.dryRunWould': { params: { node: 'text', ...N }, ...PLURAL },
  'action.drain.dryRunBlocked': { params: { count: 'count', pods: 'text' } },
  'action.drain.dryRunRefusedPods': { params: { count: 'count', failures: 'text' } },
  'action.drain.evicted': { params: { pod: 'text' } },
  'action.drain.evictionFailed': { params: { pod: 'text', message: 'text' } },
  'action.drain.stillBlocked': { params: { pod: 'text', pdb: 'text' } },
  'action.drain.stopped': { params: { node: 'text', evicted: 'count', total: 'count' }, nested: ['why'] },
  'action.drain.stoppedBlocked': { params: { ...N, timeout: 'count', pods: 'text' }, ...PLURAL },
  'action.drain.stoppedFailed': { params: N, ...PLURAL },
  'action.drain.waitingTerminate': { params: N, ...PLURAL },
  'action.drain.done': { params: { node: 'text', ...N }, ...PLURAL },
  'action.drain.doneStillTerminating': { params: {}, nested: ['done', 'tail'] },
  'action.drain.stillTerminating': { params: N, ...PLURAL },

  // taint / untaint.
  'action.taint.alreadyHas': { params: { node: 'text', taint: 'text' } },
  'action.taint.replaces': { params: { taint: 'text' } },
  'action.taint.toleratesFor': { params: { pod: 'text', seconds: 'count' } },
  'action.taint.ignoresPdb': { params: {} },
  'action.taint.noSchedule': { params: { node: 'text' } },
  'action.taint.conflict': { params: { node: 'text' } },
  'action.taint.dryRun': { params: { node: 'text', taint: 'text' } },
  'action.taint.done': { params: { node: 'text', taint: 'text' } },
  'action.taint.waiting': { params: { ...N, node: 'text' }, ...PLURAL },
  'action.taint.leftDetail': { params: { left: 'count', total: 'count' } },
  'action.taint.doneEvicted': { params: { node: 'text', taint: 'text', ...N }, ...PLURAL },
  'action.taint.doneContinuing': { params: { node: 'text', taint: 'text', left: 'count', total: 'count' } },
  'action.untaint.noTaint': { params: { node: 'text', taint: 'text' } },
  'action.untaint.opens': { params: { gpus: 'count', node: 'text' } },
  'action.untaint.dryRun': { params: { node: 'text', taint: 'text' } },
  'action.untaint.done': { params: { node: 'text', taint: 'text' } },

  // restartFromCheckpoint.
  'action.restart.isDeployment': { params: { target: 'text' } },
  'action.restart.finished': { params: { target: 'text' } },
  'action.restart.noPods': { params: { target: 'text' } },
  'action.restart.resumes': { params: { age: 'duration' }, nested: ['from', 'redo'] },
  'action.restart.resumesIn': { params: { age: 'duration', storage: 'text' }, nested: ['from', 'redo'] },
  'action.restart.fromStep': { params: { step: 'number' } },
  'action.restart.fromLast': { params: {} },
  'action.restart.redo': { params: { duration: 'duration' } },
  'action.restart.noRedo': { params: {} },
  'action.restart.stale': { params: { interval: 'count' } },
  'action.restart.staleNoInterval': { params: {} },
  'action.restart.noCheckpoint': { params: { target: 'text', annotation: 'text' } },
  'action.restart.deletesTraining': { params: { ...N, gpus: 'count' }, ...PLURAL },
  'action.restart.deletesJob': { params: { ...N, gpus: 'count' }, ...PLURAL },
  'action.restart.backoffLimit': { params: { limit: 'count' } },
  'action.restart.deleted': { params: { pod: 'text' } },
  'action.restart.deletedProgress': { params: { done: 'count', total: 'count' } },
  'action.restart.dryRun': { params: { ...N, target: 'text' }, ...PLURAL },
  'action.restart.waiting': { params: { fresh: 'count', total: 'count' } },
  'action.restart.done': { params: { target: 'text', ...N }, nested: ['made'], ...PLURAL },
  'action.restart.doneFrom': { params: { target: 'text', age: 'duration', ...N }, nested: ['made'], ...PLURAL },
  'action.restart.doneFromStep': { params: { target: 'text', step: 'number', age: 'duration', ...N }, nested: ['made'], ...PLURAL },
  'action.restart.created': { params: N, ...PLURAL },
  'action.restart.creating': { params: { fresh: 'count', total: 'count' } },

  // scaleInference.
  'action.scaleInference.notDeployment': { params: { target: 'text', kind: 'text' } },
  'action.scaleInference.unchanged': { params: { target: 'text', ...N }, ...PLURAL },
  'action.scaleInference.notEnoughGpus': { params: { free: 'count', ...N, need: 'count' }, ...PLURAL },
  'action.scaleInference.standbyActive': { params: { name: 'text' } },
  'action.scaleInference.toZero': { params: { target: 'text' } },
  'action.scaleInference.removes': { params: { ...N, percent: 'percent' }, ...PLURAL },
  'action.scaleInference.dryRun': { params: { target: 'text', ...N }, ...PLURAL },
  'action.scaleInference.done': { params: { target: 'text', ...N }, ...PLURAL },

  // scaleTraining.
  'action.scaleTraining.notPyTorchJob': { params: { target: 'text', kind: 'text' } },
  'action.scaleTraining.notElastic': { params: { target: 'text' } },
  'action.scaleTraining.belowMin': { params: { min: 'count' } },
  'action.scaleTraining.aboveMax': { params: { max: 'count' } },
  'action.scaleTraining.unchanged': { params: { target: 'text', ...N }, ...PLURAL },
  'action.scaleTraining.notEnoughGpus': { params: { free: 'count', ...N, need: 'count' }, ...PLURAL },
  'action.scaleTraining.removes': { params: { ...N, gpus: 'count', percent: 'percent' }, ...PLURAL },
  'action.scaleTraining.rendezvous': { params: {} },
  'action.scaleTraining.rendezvousResume': { params: { age: 'duration' } },
  'action.scaleTraining.dryRun': { params: { target: 'text', ...N }, ...PLURAL },
  'action.scaleTraining.done': { params: { target: 'text', ...N }, ...PLURAL },

  // failover / failback.
  'action.failover.notPrimary': { params: { target: 'text' } },
  'action.failback.notPrimary': { params: { target: 'text' } },
  'action.failover.noStandby': { params: { target: 'text', annotation: 'text' } },
  'action.failover.alreadyFailedOver': { params: { target: 'text', deployment: 'text' } },
  'action.failback.alreadyPrimary': { params: { target: 'text', deployment: 'text' } },
  'action.failover.deployment': { params: { name: 'text' } },
  'action.failover.deploymentInZone': { params: { name: 'text', zone: 'text' } },
  'action.failover.moves': { params: { target: 'text' }, nested: ['from', 'to'] },
  'action.failover.plan': { params: { to: 'text', ...N, minutes: 'count', from: 'text' }, ...PLURAL },
  'action.failover.notEnoughGpus': { params: { free: 'count', to: 'text', need: 'count', kind: 'actionKind' } },
  'action.failover.addsSelector': { params: { label: 'text' } },
  'action.failover.noPair': { params: { target: 'text' } },
  'action.failover.scaledDetail': { params: { name: 'text', replicas: 'count' } },
  'action.failover.scaled': { params: { name: 'text', ...N }, ...PLURAL },
  'action.failover.waitReady': { params: { role: 'role', deployment: 'text', ready: 'count', desired: 'count' } },
  'action.failover.notReadyDetail': { params: { name: 'text', ready: 'count', desired: 'count', seconds: 'count' } },
  'action.failover.stopped': { params: { target: 'text', to: 'text', ready: 'count', desired: 'count', from: 'text' } },
  'action.failback.stopped': { params: { target: 'text', to: 'text', ready: 'count', desired: 'count', from: 'text' } },
  'action.failover.readyDetail': { params: { name: 'text', ready: 'count', desired: 'count' } },
  'action.failover.selectorDetail': { params: { service: 'text', selector: 'text' } },
  'action.failover.routed': { params: { service: 'text', to: 'text' } },
  'action.failover.dryRun': { params: { to: 'text', service: 'text', role: 'role', from: 'text' } },
  'action.failover.done': { params: { target: 'text', service: 'text', to: 'text', ...N, from: 'text' }, ...PLURAL },
  'action.failback.done': { params: { target: 'text', service: 'text', to: 'text', ...N, from: 'text' }, ...PLURAL },

  // resetGpu.
  'action.resetGpu.liveMode': { params: {} },
  'action.resetGpu.notFound': { params: { gpu: 'text' } },
  'action.resetGpu.podRuns': { params: { pod: 'text' } },
  'action.resetGpu.noFault': { params: { gpu: 'text' } },
  'action.resetGpu.dryRun': { params: { gpu: 'text' } },
  'action.resetGpu.done': { params: { gpu: 'text', ...N }, ...PLURAL },
} as const satisfies Readonly<Record<string, ReasonSpec>>;
