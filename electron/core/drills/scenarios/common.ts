/**
 * Pieces several scenarios share: "the operator found it" predicates and the usual verify stage.
 */
import type { ActionRequest } from '../../../../shared/actions';
import { isIsolated } from '../clusterFacts';
import type { DrillContext } from '../scenario';

/** The operator took the node out of scheduling since the drill started (cordon or a new taint). */
export function isolated(ctx: DrillContext, node: string): boolean {
  return isIsolated(ctx.model, node, ctx.baseline.nodeTaints[node] ?? []);
}

/** The operator opened one of these, or already acted on the node (they must have found it). */
export function found(ctx: DrillContext, what: { gpus?: (string | undefined)[]; nodes?: (string | undefined)[]; workloads?: (string | undefined)[] }): boolean {
  for (const g of what.gpus ?? []) if (g && ctx.viewed('gpu', g)) return true;
  for (const n of what.nodes ?? []) {
    if (!n) continue;
    if (ctx.viewed('node', n)) return true;
    if (ctx.actions.some((a) => a.ok && 'node' in a.request && a.request.node === n)) return true;
  }
  for (const w of what.workloads ?? []) {
    if (!w) continue;
    if (ctx.viewed('workload', w)) return true;
    if (ctx.actions.some((a) => a.ok && 'workload' in a.request && a.request.workload === w)) return true;
  }
  return false;
}

/** A successful action matching `match` was taken during the drill. */
export function took(ctx: DrillContext, match: (r: ActionRequest) => boolean): boolean {
  return ctx.actions.some((a) => a.ok && match(a.request));
}

/** Second of the first successful action matching `match`. */
export function tookAt(ctx: DrillContext, match: (r: ActionRequest) => boolean): number | undefined {
  return ctx.actions.find((a) => a.ok && match(a.request))?.tSec;
}

/**
 * `cond` has held for at least `sec` seconds (remembered in the memo under `key`). Verification
 * wants a steady state, not one lucky sample.
 */
export function heldFor(ctx: DrillContext, key: string, sec: number, cond: boolean): boolean {
  if (!cond) {
    delete ctx.memo[key];
    return false;
  }
  ctx.memo[key] ??= ctx.sec;
  return ctx.sec - ctx.memo[key] >= sec;
}
