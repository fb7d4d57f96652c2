/**
 * The buttons of a node's or workload's "Actions" section, grouped (scheduling, isolation…),
 * and the action dialog they open. A button is disabled — with its reason written next to it,
 * not only in a tooltip — when read-only mode is on, when the same action on the same target is
 * running, or when RBAC forbids it. The panel also opens a dialog the command palette asked for
 * (see actionActivity.ts) when the request is about this panel's target.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionRequest } from '../../../shared/actions';
import type { ExplainerId } from '../../../shared/explainers';
import { useApi } from '../../api/ApiContext';
import { ExplainTerm } from '../ExplainTerm';
import { useReasonText } from '../ReasonText';
import { Modal } from '../Modal';
import { useBulwark } from '../../store';
import { connectActionActivity, takePendingDialog, useActionActivity } from './actionActivity';
import type { RunningAction } from './actionActivity';
import { firstDenied, lockKeyOf, progressFraction } from './actionOffers';
import type { ActionOffer, OfferGroup } from './actionOffers';
import { ActionDialog, actionText } from './ActionDialog';
import { usePermissionProbe } from './usePermissionProbe';
import './actions.css';

const GROUP_ORDER: readonly OfferGroup[] = ['scheduling', 'isolation', 'gpu', 'training', 'serving', 'capacity'];
const GROUP_TERMS: Partial<Record<OfferGroup, ExplainerId>> = {
  scheduling: 'cordon',
  isolation: 'taints-tolerations',
  gpu: 'gpu-reset',
  training: 'checkpointing',
  serving: 'failover-active-passive-active-active',
};

let localSeq = 0;

/**
 * The React key of an offer's button. Cordon and uncordon (failover and failback) share one, so
 * the button that opened the dialog is still in the DOM when the action flips it, and closing
 * the dialog returns focus to it.
 */
function slotOf(o: ActionOffer): string {
  if (o.id === 'uncordon') return 'cordon';
  if (o.id === 'failback') return 'failover';
  return o.id;
}

export interface ActionPanelProps {
  offers: readonly ActionOffer[];
  /** One request per distinct permission set, previewed once to learn RBAC up front. */
  probes: readonly ActionRequest[];
  /** The probe whose permission answers for this offer. */
  probeFor(offer: ActionOffer): ActionRequest | undefined;
  /** Whether a request (from the palette, a running action) is about this panel's target. */
  owns(request: ActionRequest): boolean;
  /** Overrides a group's label key (e.g. "capacity" reads "Workers" for training). */
  groupLabel?(group: OfferGroup): string | undefined;
  testId: string;
}

export function ActionPanel({ offers, probes, probeFor, owns, groupLabel, testId }: ActionPanelProps) {
  const reasonText = useReasonText();
  const { t } = useTranslation('actions');
  const api = useApi();
  const readOnly = useBulwark((s) => s.status?.readOnly ?? false);
  const running = useActionActivity((s) => s.running);
  const pending = useActionActivity((s) => s.pending);
  const permissionOf = usePermissionProbe(probes);
  const [dialog, setDialog] = useState<{ request: ActionRequest; key: string } | null>(null);
  const [taken, setTaken] = useState<number | undefined>();
  const titleId = useId();
  const readOnlyId = useId();

  useEffect(() => { connectActionActivity(api); }, [api]);

  // A dialog the palette asked for: adopt it during render (derived state), release it after.
  if (pending && pending.nonce !== taken && owns(pending.request)) {
    setTaken(pending.nonce);
    setDialog({ request: pending.request, key: `p${pending.nonce}` });
  }
  useEffect(() => { if (taken !== undefined) takePendingDialog(taken); }, [taken]);

  const mine: RunningAction[] = [...running.values()].filter((r) => owns(r.request));
  const runningByLock = new Map(mine.map((r) => [lockKeyOf(r.request), r]));

  const reasonOf = (offer: ActionOffer): string | undefined => {
    if (readOnly) return undefined; // one notice for the whole panel, above the buttons
    const busy = runningByLock.get(lockKeyOf(offer.request));
    if (busy) return t('blocked.running', { action: t(`kind.${busy.request.kind}`) });
    const probe = probeFor(offer);
    const permission = probe ? permissionOf(probe) : undefined;
    const denied = firstDenied(permission);
    if (permission && !permission.allowed) {
      return denied
        ? t(denied.namespace ? 'blocked.forbiddenIn' : 'blocked.forbidden', { verb: denied.verb, resource: denied.resource, namespace: denied.namespace })
        : permission.reason !== undefined ? reasonText(permission.reasonCode, permission.reason) : t('permission.denied');
    }
    return undefined;
  };

  const groups = GROUP_ORDER.filter((g) => offers.some((o) => o.group === g));
  if (offers.length === 0) return null;
  return (
    <div className="action-panel" data-testid={testId}>
      {readOnly ? (
        <p className="ap-readonly" id={readOnlyId} data-testid="actions-read-only">
          {t('blocked.readOnly')} <a href="#/settings">{t('blocked.openSettings')}</a> <ExplainTerm id="read-only-mode" />
        </p>
      ) : null}
      {mine.length > 0 ? (
        <ul className="ap-running" aria-live="polite" data-testid="actions-running">
          {mine.map((r) => {
            const fr = progressFraction(r.message);
            return (
              <li key={r.id}>
                <span className="ap-spinner" aria-hidden="true" />
                <span><strong>{t('panel.running', { action: t(`kind.${r.request.kind}`) })}</strong> {reasonText(r.messageCode, r.message)}</span>
                {fr ? <progress max={fr.total} value={fr.done} aria-label={t('progress.bar', { done: fr.done, total: fr.total })} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {groups.map((g) => (
        <div className="ap-group" key={g} role="group" aria-labelledby={`${titleId}-${g}`}>
          <span className="ap-group-label" id={`${titleId}-${g}`}>
            {t(groupLabel?.(g) ?? `group.${g}`)}
            {GROUP_TERMS[g] ? <ExplainTerm id={GROUP_TERMS[g]} /> : null}
          </span>
          <ul className="ap-buttons">
            {offers.filter((o) => o.group === g).map((o) => {
              const reason = reasonOf(o);
              const reasonId = `${titleId}-r-${o.id}`;
              return (
                <li key={slotOf(o)} className={reason ? 'is-blocked' : undefined}>
                  <button
                    type="button"
                    disabled={readOnly || !!reason}
                    aria-describedby={readOnly ? readOnlyId : reason ? reasonId : undefined}
                    onClick={(e) => { (e.currentTarget as HTMLButtonElement).focus(); setDialog({ request: o.request, key: `l${++localSeq}` }); }}
                    data-action={o.id}
                  >
                    {t(`button.${o.request.kind}`, actionText(o.request))}
                  </button>
                  {reason ? <span className="ap-reason" id={reasonId} data-testid="action-reason">{reason}</span> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <Modal open={!!dialog} onClose={() => setDialog(null)} labelledBy={titleId} className="action-modal">
        {dialog ? (
          <ActionDialog
            key={dialog.key}
            initial={dialog.request}
            titleId={titleId}
            onClose={() => setDialog(null)}
            onOpen={(request) => setDialog({ request, key: `l${++localSeq}` })}
          />
        ) : null}
      </Modal>
    </div>
  );
}
