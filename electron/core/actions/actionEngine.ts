/**
 * The ActionEngine runs every operator action the same way:
 *
 *   preview: plan (blast radius, warnings, undo) from the model → RBAC via SelfSubjectAccessReview
 *            → server-side dry run of the real writes → blockedReason (read-only, already
 *            running, not applicable, forbidden).
 *   run:     the same checks again, the typed confirmation, an audit `start` entry flushed to
 *            disk before the first write, the writes (with progress), an audit `end` entry.
 *            An attempt refused before the start entry leaves one `refused` entry instead.
 *
 * It knows no action by name: each lives in its own module (see actionCatalog.ts).
 */
import { randomUUID } from 'node:crypto';
import { actionRequestSchema } from '../../../shared/actions';
import type { ActionPreview, ActionProgress, ActionRequest, ActionResult, AuditEntry, AuditRefusal, PermissionCheck } from '../../../shared/actions';
import { CodedError } from '../../../shared/codedError';
import { reasonOf } from '../../../shared/reasons';
import type { ModelReader } from '../model/modelApi';
import type { ClusterSource } from '../sources/clusterSource';
import type { ActionDefinition, ActionPlan, ExecContext, ExecOutcome } from './actionDefinition';
import { ACTION_DEFINITIONS } from './actionCatalog';
import { resourceLabel } from './accessChecks';
import { said, saidOf, verbatim, type Said } from './actionText';
import type { AuditLog } from './auditLog';
import { emptyRadius } from './blastRadius';

/** How long the audit waits to learn the user's name from the cluster. */
const WHO_AM_I_TIMEOUT_MS = 3000;

export interface ActionEngineOptions {
  model: ModelReader;
  source: () => ClusterSource;
  audit: AuditLog;
  context: () => { sourceName: string; readOnly: boolean };
  onProgress: (p: ActionProgress) => void;
  /** Lets time pass while an action waits for the cluster (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
}

export const READ_ONLY_REASON = 'Read-only mode is on: actions are disabled for this cluster. Turn it off in Settings to act.';
const READ_ONLY: Said = said(READ_ONLY_REASON, reasonOf('action.readOnly', {}));

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function parse(input: ActionRequest): ActionRequest {
  const r = actionRequestSchema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
    throw new CodedError(`Invalid action request: ${issues}`, reasonOf('error.invalidActionRequest', { issues }));
  }
  return r.data;
}

function definitionOf(req: ActionRequest): ActionDefinition {
  return ACTION_DEFINITIONS[req.kind] as unknown as ActionDefinition;
}

/** What the lock and the "already running" message call this run. */
function label(req: ActionRequest, plan?: ActionPlan): Said {
  const target = plan?.target ?? ('node' in req ? req.node : 'workload' in req ? req.workload : req.gpu);
  return said(`${req.kind} of ${target}`, reasonOf('action.label', { kind: req.kind, target }));
}

/** The permission outcome with its reason's code beside the English. */
function permissionOf(allowed: boolean, reason: Said | undefined, checks: PermissionCheck['checks']): PermissionCheck {
  return { allowed, reason: reason?.text, reasonCode: reason?.code, checks };
}

function paramsOf(req: ActionRequest): Record<string, unknown> {
  const { kind: _kind, ...params } = req;
  return params;
}

export class ActionEngine {
  /** lock key → the request holding it. */
  private readonly inFlight = new Map<string, ActionRequest>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: ActionEngineOptions) {
    this.sleep = opts.sleep ?? realSleep;
  }

  running(): ActionRequest[] {
    return [...this.inFlight.values()];
  }

  async preview(input: ActionRequest): Promise<ActionPreview> {
    const req = parse(input);
    const def = definitionOf(req);
    const source = this.opts.source();
    const plan = this.plan(def, req, source);
    const permission = await this.permission(def, req, source);
    const blockedReason = this.blockedReason(req, def, plan, permission);
    const serverSide = source.info.kind === 'kube';
    let dryRun: ActionPreview['dryRun'];
    const notSent = (why: Said) => said(`Dry run not sent: ${why.text}`, reasonOf('action.dryRunNotSent', {}, { why: why.code }));
    const dry = (ok: boolean, m: Said) => ({ ok, serverSide, message: m.text, messageCode: m.code });
    if (plan.notApplicable) dryRun = dry(false, notSent(plan.notApplicable));
    else if (!permission.allowed) dryRun = dry(false, notSent(permission.reasonCode ? said(permission.reason ?? '', permission.reasonCode) : verbatim(permission.reason ?? '')));
    else {
      try {
        const out = await def.execute(req, this.execContext(source, true, () => {}));
        dryRun = dry(out.ok, out.message);
      } catch (err) {
        const why = saidOf(err);
        dryRun = dry(false, said(`Dry run refused: ${why.text}`, reasonOf('action.dryRunRefused', {}, { why: why.code })));
      }
    }
    return {
      request: req,
      target: plan.target,
      destructive: plan.destructive,
      confirmText: plan.destructive ? plan.confirmText : undefined,
      permission,
      dryRun,
      blastRadius: plan.blastRadius,
      expectedLostWorkSec: plan.expectedLostWorkSec,
      warnings: plan.warnings.map((w) => w.text),
      warningCodes: plan.warnings.map((w) => w.code),
      blockedReason: blockedReason?.text,
      blockedReasonCode: blockedReason?.code,
      undo: plan.undo,
    };
  }

  async run(input: ActionRequest, confirmation?: string): Promise<ActionResult> {
    const started = Date.now();
    const id = randomUUID();
    const req = parse(input);
    const def = definitionOf(req);
    let last: string | undefined;
    const progress = (message: Said, done = false, ok?: boolean) => {
      // A wait loop repeats its line every poll; the renderer needs it once.
      if (!done && message.text === last) return;
      last = message.text;
      try { this.opts.onProgress({ id, request: req, message: message.text, messageCode: message.code, done, ok }); } catch { /* a broken listener must not break the action */ }
    };
    const sourceName = this.opts.context().sourceName;
    let source = this.opts.source();
    let plan = this.plan(def, req, source);
    let user: string | undefined;
    // Operators and auditors want denied attempts on record too: each refusal before the start
    // entry writes one `refused` line (who, what, target, why). Nothing was changed, so an
    // unwritable log does not turn the refusal into anything else; it is reported in details.
    const refuse = async (message: Said, refusal: AuditRefusal): Promise<ActionResult> => {
      const details: Said[] = [];
      user ??= await this.whoAmI(source);
      try {
        this.opts.audit.append({
          id, time: new Date().toISOString(), phase: 'refused', user, source: sourceName, action: req.kind, target: plan.target, params: paramsOf(req), refusal, message: message.text, messageCode: message.code,
        } satisfies AuditEntry);
      } catch (err) {
        const error = messageOf(err);
        details.push(said(`The audit entry for this refused attempt could not be written: ${error}`, reasonOf('action.auditRefusedFailed', { message: error })));
      }
      progress(message, true, false);
      return {
        id, ok: false, message: message.text, messageCode: message.code,
        details: details.map((d) => d.text), detailCodes: details.map((d) => d.code), durationMs: Date.now() - started,
      };
    };

    // Synchronous up to the lock, so two concurrent calls cannot both pass the in-flight check.
    if (this.opts.context().readOnly) return refuse(READ_ONLY, 'readOnly');
    const key = this.lockKey(def, req, plan);
    const holder = this.inFlight.get(key);
    if (holder) {
      const l = label(holder);
      return refuse(said(`${l.text} is already running: wait for it to finish.`, reasonOf('action.alreadyRunningWait', {}, { label: l.code })), 'alreadyRunning');
    }
    this.inFlight.set(key, req);
    try {
      // `return await`: the lock is held until the refusal is on record.
      if (plan.notApplicable) return await refuse(plan.notApplicable, 'notApplicable');
      if (plan.destructive && plan.confirmText !== undefined && confirmation !== plan.confirmText) {
        return await refuse(said(`Type ${plan.confirmText} to confirm.`, reasonOf('action.typeToConfirm', { text: plan.confirmText })), 'confirmation');
      }
      const permission = await this.permission(def, req, source);
      if (!permission.allowed) {
        return await refuse(permission.reason !== undefined && permission.reasonCode
          ? said(permission.reason, permission.reasonCode)
          : said('Permission denied.', reasonOf('action.permissionDenied', {})), 'forbidden');
      }
      user = await this.whoAmI(source);

      // The awaits above let the world move: read-only may have been switched on, the source
      // switched, the target changed. Check again right before the first write.
      if (this.opts.context().readOnly) return await refuse(READ_ONLY, 'readOnly');
      if (this.opts.source() !== source) {
        return await refuse(said('The cluster connection changed while the action was being checked: preview it again.', reasonOf('action.sourceChanged', {})), 'sourceChanged');
      }
      source = this.opts.source();
      plan = this.plan(def, req, source);
      if (plan.notApplicable) return await refuse(plan.notApplicable, 'notApplicable');

      const base = { id, user, source: sourceName, action: req.kind, target: plan.target, params: paramsOf(req) };
      try {
        this.opts.audit.append({ ...base, time: new Date().toISOString(), phase: 'start' } satisfies AuditEntry);
      } catch (err) {
        // Not a `refused` line: the log that just failed is where it would go.
        const error = messageOf(err);
        const message = said(`The audit log could not be written (${error}): the action was not run.`, reasonOf('action.auditStartFailed', { message: error }));
        progress(message, true, false);
        return { id, ok: false, message: message.text, messageCode: message.code, details: [], detailCodes: [], durationMs: Date.now() - started };
      }
      const runLabel = label(req, plan);
      progress(said(`started ${runLabel.text}`, reasonOf('action.started', {}, { label: runLabel.code })));

      let outcome: ExecOutcome & { threw?: boolean };
      try {
        outcome = await def.execute(req, this.execContext(source, false, (m) => progress(m)));
      } catch (err) {
        const cause = saidOf(err);
        outcome = {
          ok: false, message: said(`${runLabel.text} failed: ${cause.text}`, reasonOf('action.failed', {}, { label: runLabel.code, cause: cause.code })), details: [], threw: true,
        };
      }
      const durationMs = Date.now() - started;
      const details = [...outcome.details];
      try {
        this.opts.audit.append({
          ...base, time: new Date().toISOString(), phase: 'end', result: outcome.ok ? 'ok' : 'error', message: outcome.message.text, messageCode: outcome.message.code, durationMs,
        } satisfies AuditEntry);
      } catch (err) {
        const message = messageOf(err);
        details.push(said(`The audit end entry could not be written: ${message}`, reasonOf('action.auditEndFailed', { message })));
      }
      // A run that failed before writing anything has nothing to undo; one that stopped midway
      // (a drain blocked by a PDB) keeps the plan's undo unless the action says otherwise.
      const undo = outcome.threw ? undefined : outcome.undo === null ? undefined : outcome.undo ?? plan.undo;
      progress(outcome.message, true, outcome.ok);
      return {
        id, ok: outcome.ok, message: outcome.message.text, messageCode: outcome.message.code,
        details: details.map((d) => d.text), detailCodes: details.map((d) => d.code), undo, durationMs,
      };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** The user the cluster knows; the audit says "unknown" rather than not writing the entry. */
  private async whoAmI(source: ClusterSource): Promise<string> {
    // Bounded: a refusal (read-only, already running) must answer at once even when the API
    // server does not; the audit line then says "unknown" rather than waiting for a TCP timeout.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<string>((resolve) => { timer = setTimeout(() => resolve('unknown'), WHO_AM_I_TIMEOUT_MS); });
    try {
      return await Promise.race([source.ops.whoAmI(), timeout]);
    } catch {
      return 'unknown';
    } finally {
      clearTimeout(timer);
    }
  }

  private plan(def: ActionDefinition, req: ActionRequest, source: ClusterSource): ActionPlan {
    try {
      return def.plan(req as never, { model: this.opts.model, source });
    } catch (err) {
      // A malformed object must not crash the preview: show why instead.
      const target = 'node' in req ? req.node : 'workload' in req ? req.workload : req.gpu;
      const message = messageOf(err);
      return {
        target, destructive: true, confirmText: target, blastRadius: emptyRadius(0), warnings: [],
        notApplicable: said(`Cannot plan ${req.kind}: ${message}`, reasonOf('action.cannotPlan', { kind: req.kind, message })),
      };
    }
  }

  private lockKey(def: ActionDefinition, req: ActionRequest, plan: ActionPlan): string {
    return def.lockKey ? def.lockKey(req as never) : `${req.kind}:${plan.target}`;
  }

  private blockedReason(req: ActionRequest, def: ActionDefinition, plan: ActionPlan, permission: PermissionCheck): Said | undefined {
    if (this.opts.context().readOnly) return READ_ONLY;
    const holder = this.inFlight.get(this.lockKey(def, req, plan));
    if (holder) {
      const l = label(holder);
      return said(`${l.text} is already running.`, reasonOf('action.alreadyRunning', {}, { label: l.code }));
    }
    if (plan.notApplicable) return plan.notApplicable;
    if (!permission.allowed && permission.reason !== undefined) return permission.reasonCode ? said(permission.reason, permission.reasonCode) : verbatim(permission.reason);
    return undefined;
  }

  private async permission(def: ActionDefinition, req: ActionRequest, source: ClusterSource): Promise<PermissionCheck> {
    let wanted;
    try {
      wanted = def.permissions(req as never, this.opts.model);
    } catch (err) {
      const message = messageOf(err);
      return permissionOf(false, said(`Cannot work out the permissions needed: ${message}`, reasonOf('action.permissionsUnknown', { message })), []);
    }
    const checks = await Promise.all(wanted.map(async (c) => {
      // The API server's own reason (SelfSubjectAccessReview status.reason) stays as it wrote it.
      let r: { allowed: boolean; reason?: Said };
      try {
        const answer = await source.ops.canI(c);
        r = { allowed: answer.allowed, reason: answer.reason !== undefined ? verbatim(answer.reason) : undefined };
      } catch (err) {
        const message = messageOf(err);
        r = { allowed: false, reason: said(`the access review failed: ${message}`, reasonOf('action.accessReviewFailed', { message })) };
      }
      return { check: c, ...r };
    }));
    const denied = checks.find((c) => !c.allowed);
    let reason: Said | undefined;
    if (denied) {
      const verb = denied.check.verb;
      const resource = resourceLabel(denied.check);
      const namespace = denied.check.namespace;
      const why = denied.reason ?? (namespace
        ? said(`you may not ${verb} ${resource} in namespace ${namespace}`, reasonOf('action.mayNot', { verb, resource, namespace }))
        : said(`you may not ${verb} ${resource} (cluster-wide)`, reasonOf('action.mayNotClusterWide', { verb, resource })));
      reason = said(`Permission denied: ${why.text}`, reasonOf('action.permissionDeniedBecause', {}, { why: why.code }));
    }
    const list = checks.map((c) => ({ verb: c.check.verb, resource: resourceLabel(c.check), namespace: c.check.namespace, allowed: c.allowed }));
    return permissionOf(!denied, reason, list);
  }

  private execContext(source: ClusterSource, dryRun: boolean, progress: (m: Said) => void): ExecContext {
    return {
      model: this.opts.model,
      source,
      ops: source.ops,
      dryRun,
      progress,
      // A dry run never waits; if a definition asks anyway, it returns at once.
      sleep: dryRun ? async () => {} : this.sleep,
    };
  }
}
