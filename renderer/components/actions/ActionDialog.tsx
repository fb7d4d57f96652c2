/**
 * One action, from preview to result, inside the shell's <Modal> (native <dialog>):
 *
 *   preview  what will happen · options · blast radius · lost work · warnings · permission ·
 *            dry run · blocked reason · typed confirmation → Run (enabled only when nothing
 *            blocks and the typed text equals confirmText exactly)
 *   running  the run's actionProgress lines (filtered by request, then by id), elapsed time
 *   done     the result and its details; Undo opens the undo request as a new preview
 *
 * The caller keeps the <Modal> and remounts this body (key) for each request, so Undo gets a
 * fresh dialog with its own preview while the focus-return logic of <Modal> stays intact.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ActionKind, ActionProgress, ActionRequest, ActionResult } from '../../../shared/actions';
import type { ExplainerId } from '../../../shared/explainers';
import { useApi } from '../../api/ApiContext';
import { shownError, type ShownError } from '../../api/backendError';
import { useNow } from '../../app/useNow';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { useErrorText, useReasonText } from '../ReasonText';
import { confirmationMatches, progressFraction, requestKey, runBlock, targetName, workloadOfRequest } from './actionOffers';
import { fieldsFromRequest, fieldsOf, requestFromFields } from './actionRequestForm';
import type { OptionFields, ReplicaLimits } from './actionRequestForm';
import { ActionOptions } from './ActionOptions';
import { DialogExplainTerm } from './DialogExplainTerm';
import { BlastRadiusSection, DryRunSection, LostWorkSection, PermissionSection, WarningsSection } from './PreviewSections';
import { useActionPreview } from './useActionPreview';

export const MECHANISM_TERMS: Record<ActionKind, readonly ExplainerId[]> = {
  cordon: ['cordon'],
  uncordon: ['cordon'],
  drain: ['drain', 'eviction-api'],
  taint: ['taints-tolerations'],
  untaint: ['taints-tolerations'],
  restartFromCheckpoint: ['checkpointing'],
  scaleTraining: ['elastic-training'],
  scaleInference: [],
  failover: ['failover-active-passive-active-active'],
  failback: ['failover-active-passive-active-active'],
  resetGpu: ['gpu-reset'],
};

/** Interpolation values for an action's title, button and mechanism sentence. */
export function actionText(req: ActionRequest): Record<string, string | number> {
  const out: Record<string, string | number> = { target: targetName(req) };
  if ('node' in req) out.node = req.node;
  if (req.kind === 'taint' || req.kind === 'untaint') {
    out.key = req.key;
    out.effect = req.effect;
    out.taint = `${req.key}${req.kind === 'taint' && req.value ? `=${req.value}` : ''}:${req.effect}`;
  }
  if (req.kind === 'scaleTraining' || req.kind === 'scaleInference') out.replicas = req.replicas;
  if (req.kind === 'resetGpu') {
    out.gpu = req.gpu;
    out.index = req.gpu.slice(req.gpu.lastIndexOf('/') + 1);
  }
  return out;
}

/** A progress line: the English (for the progress bar's count) and its code (for the reader). */
type ProgressLine = Pick<ActionProgress, 'message' | 'messageCode'>;

type Phase =
  | { name: 'preview' }
  | { name: 'running'; request: ActionRequest; startedAt: number; id?: string; lines: ProgressLine[] }
  | { name: 'done'; request: ActionRequest; result?: ActionResult; error?: ShownError; lines: ProgressLine[] };

const MAX_LINES = 200;

export function ActionDialog({ initial, titleId, onClose, onOpen }: {
  initial: ActionRequest;
  titleId: string;
  onClose(): void;
  /** Opens another request (the undo) in a fresh dialog. */
  onOpen(request: ActionRequest): void;
}) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  const api = useApi();
  const readOnly = useBulwark((s) => s.status?.readOnly ?? false);
  const workloadKey = workloadOfRequest(initial);
  const workload = useBulwark((s) => (workloadKey ? s.model.workloads.get(workloadKey) : undefined));
  const [fields, setFields] = useState<OptionFields>(() => fieldsFromRequest(initial));
  const [typed, setTyped] = useState('');
  const [refresh, setRefresh] = useState(0);
  const [phase, setPhase] = useState<Phase>({ name: 'preview' });
  const bodyRef = useRef<HTMLDivElement>(null);
  const focusedConfirm = useRef(false);

  const limits: ReplicaLimits | undefined = initial.kind === 'scaleTraining' && workload?.elastic
    ? { min: workload.elastic.minReplicas, max: workload.elastic.maxReplicas }
    : undefined;
  const limitKey = limits ? `${limits.min}-${limits.max}` : '';
  // Identity follows the field values, so the preview hook re-runs only when they change.
  const form = useMemo(() => requestFromFields(initial, fields, limits), [initial, fields, limitKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const request = form.request;
  const { preview, error: previewError, at: previewAt, loading } = useActionPreview(phase.name === 'preview' ? request : undefined, refresh);
  const block = request ? runBlock(preview, request, typed) : 'invalid';
  const text = actionText(request ?? initial);
  const kind = initial.kind;
  const hasFields = fieldsOf(kind).length > 0;

  // Focus the first field once the dialog is shown (after <Modal> calls showModal, hence the frame).
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      const body = bodyRef.current;
      const first = body?.querySelector<HTMLElement>('.ad-options input:not([disabled])') ?? body?.querySelector<HTMLElement>('[data-testid="ad-cancel"]');
      first?.focus();
    });
    return () => cancelAnimationFrame(raf);
  }, []);

  // Without option fields, the confirmation box is the first field: move there when it appears,
  // unless the operator has already moved focus elsewhere.
  const wantsConfirm = phase.name === 'preview' && !!preview?.destructive && !!preview.confirmText;
  useEffect(() => {
    if (!wantsConfirm || hasFields || focusedConfirm.current) return;
    focusedConfirm.current = true;
    const box = bodyRef.current?.querySelector<HTMLInputElement>('[data-testid="ad-confirm"]');
    const active = document.activeElement as HTMLElement | null;
    // preventScroll: the dialog reads from the top (what happens, blast radius) down to this box.
    if (box && (!active || active.dataset.testid === 'ad-cancel' || active === document.body || active.tagName === 'DIALOG')) box.focus({ preventScroll: true });
  }, [wantsConfirm, hasFields]);

  const run = async () => {
    if (!request || !preview || block) return;
    const key = requestKey(request);
    let runId: string | undefined;
    const off = api.on('actionProgress', (p) => {
      if (runId ? p.id !== runId : requestKey(p.request) !== key) return;
      runId = p.id;
      if (p.done) return; // the result carries the final message
      const line: ProgressLine = { message: p.message, messageCode: p.messageCode };
      setPhase((ph) => (ph.name === 'running' ? { ...ph, id: p.id, lines: [...ph.lines, line].slice(-MAX_LINES) } : ph));
    });
    setPhase({ name: 'running', request, startedAt: Date.now(), lines: [] });
    try {
      const result = await api.runAction({ request, confirmation: preview.confirmText !== undefined ? typed : undefined });
      setPhase((ph) => ({ name: 'done', request, result, lines: ph.name === 'running' ? ph.lines : [] }));
    } catch (err) {
      setPhase((ph) => ({ name: 'done', request, error: shownError(err), lines: ph.name === 'running' ? ph.lines : [] }));
    } finally {
      off();
    }
  };

  const title = t(`title.${kind}`, text);
  const running = phase.name === 'running';
  const done = phase.name === 'done';
  const result = done ? phase.result : undefined;

  return (
    <div className="action-dialog" data-testid="action-dialog" data-kind={kind} data-phase={phase.name} ref={bodyRef}>
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('dialog.close')} title={t('dialog.close')} onClick={onClose}>×</button>
      </div>
      <div className="ad-body">
        <p className="ad-mechanism" data-testid="ad-mechanism">
          <span className="ad-label-strong">{t('dialog.whatHappens')}</span>
          {t(`mechanism.${kind}`, text)}
          {MECHANISM_TERMS[kind].map((id) => <span key={id}> <DialogExplainTerm id={id} /></span>)}
        </p>

        {phase.name !== 'preview' ? (
          <RunPanel phase={phase} />
        ) : null}

        {phase.name === 'preview' ? (
          <>
            <ActionOptions
              kind={kind} fields={fields} errors={form.errors} limits={limits}
              current={kind === 'scaleTraining' ? workload?.elastic?.current ?? workload?.replicas.desired : workload?.replicas.desired}
              disabled={false}
              onChange={(patch) => setFields((x) => ({ ...x, ...patch }))}
            />
            <PreviewBody
              preview={preview}
              stale={!!preview && !!request && requestKey(preview.request) !== requestKey(request)}
              loading={loading}
              error={previewError}
              invalid={!request}
              readOnly={readOnly}
              kind={kind}
            />
            {preview && !preview.blockedReason && preview.destructive && preview.confirmText !== undefined ? (
              <ConfirmField confirmText={preview.confirmText} typed={typed} onChange={setTyped} />
            ) : null}
          </>
        ) : (
          preview ? (
            <details className="ad-previewed">
              <summary>{t('dialog.previewed')}</summary>
              <PreviewBody preview={preview} stale={false} loading={false} readOnly={readOnly} kind={kind} />
            </details>
          ) : null
        )}
      </div>
      <div className="ad-foot">
        <p className="ad-foot-note">
          {phase.name === 'preview' && previewAt ? (
            <>
              <span>{t('dialog.previewedAt', { time: f.time(previewAt) })}</span>{' '}
              <button type="button" className="link-button" onClick={() => setRefresh((n) => n + 1)} disabled={loading} data-testid="ad-refresh">{t('dialog.refresh')}</button>
            </>
          ) : null}
          <span className="ad-audit-note">{t('dialog.audited')} <DialogExplainTerm id="audit-log" /></span>
        </p>
        <div className="ad-buttons">
          {phase.name === 'preview' && block ? <span className="ad-why" id="ad-why" data-testid="ad-why">{t(`runBlock.${block}`)}</span> : null}
          <button type="button" onClick={onClose} data-testid="ad-cancel">{done ? t('dialog.closeButton') : running ? t('dialog.hide') : t('dialog.cancel')}</button>
          {done && result?.undo ? (
            <button type="button" onClick={() => onOpen(result.undo!)} data-testid="ad-undo">{t('dialog.undo', { action: t(`kind.${result.undo.kind}`) })}</button>
          ) : null}
          {phase.name === 'preview' ? (
            <button
              type="button"
              className={preview?.destructive ? 'danger' : 'primary'}
              disabled={!!block}
              aria-describedby={block ? 'ad-why' : undefined}
              onClick={() => void run()}
              data-testid="ad-run"
            >
              {t(`run.${kind}`, text)}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function PreviewBody({ preview, stale, loading, error, invalid, readOnly, kind }: {
  preview?: import('../../../shared/actions').ActionPreview;
  stale: boolean;
  loading: boolean;
  error?: ShownError;
  invalid?: boolean;
  readOnly: boolean;
  kind: ActionKind;
}) {
  const { t } = useTranslation('actions');
  const reasonText = useReasonText();
  const errorText = useErrorText();
  if (invalid) return <p className="ad-status muted" data-testid="ad-invalid">{t('dialog.fixFields')}</p>;
  if (error && !preview) return <p className="error-note" role="alert">{t('dialog.previewFailed', { message: errorText(error) })}</p>;
  if (!preview) return <p className="ad-status loading" role="status">{t('dialog.previewing')}</p>;
  return (
    <div className={`ad-preview ${stale || loading ? 'is-stale' : ''}`} aria-busy={stale || loading} data-testid="ad-preview">
      {stale || loading ? <p className="ad-status muted" role="status">{t('dialog.updating')}</p> : null}
      {error ? <p className="error-note" role="alert">{t('dialog.previewFailed', { message: errorText(error) })}</p> : null}
      <BlastRadiusSection preview={preview} />
      {preview.expectedLostWorkSec !== undefined || kind === 'restartFromCheckpoint' ? <LostWorkSection preview={preview} /> : null}
      <WarningsSection preview={preview} />
      <PermissionSection preview={preview} />
      <DryRunSection preview={preview} />
      {preview.blockedReason ? (
        <div className="ad-blocked" role="alert" data-testid="ad-blocked">
          <strong>{t('dialog.blocked')}</strong>{' '}
          {readOnly ? (
            <>
              {t('blocked.readOnly')} <a href="#/settings">{t('blocked.openSettings')}</a> <DialogExplainTerm id="read-only-mode" />
            </>
          ) : reasonText(preview.blockedReasonCode, preview.blockedReason)}
        </div>
      ) : null}
    </div>
  );
}

function ConfirmField({ confirmText, typed, onChange }: { confirmText: string; typed: string; onChange(v: string): void }) {
  const { t } = useTranslation('actions');
  const matches = confirmationMatches(typed, confirmText);
  return (
    <div className="ad-confirm">
      <label className="ad-field">
        <span className="ad-label" data-testid="ad-confirm-label">
          <Trans t={t} i18nKey="confirm.prompt" values={{ text: confirmText }} components={{ code: <code className="ad-confirm-text" /> }} />
        </span>
        <input
          type="text"
          value={typed}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={typed !== '' && !matches}
          aria-describedby="ad-confirm-hint"
          data-testid="ad-confirm"
        />
      </label>
      <span id="ad-confirm-hint" className={`ad-hint ${typed !== '' && !matches ? 'tone-bad' : ''}`} aria-live="polite">
        {typed === '' ? t('confirm.hint') : matches ? t('confirm.matches') : t('confirm.mismatch')}
      </span>
    </div>
  );
}

function RunPanel({ phase }: { phase: Exclude<Phase, { name: 'preview' }> }) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  const now = useNow(1000);
  const reasonText = useReasonText();
  // The newest line with a count ("evicted 3/8 pods"), for the bar.
  const fraction = phase.lines.reduce<ReturnType<typeof progressFraction>>((found, l) => progressFraction(l.message) ?? found, undefined);
  return (
    <section className="ad-run" aria-labelledby="ad-run-title" data-testid="ad-run-panel">
      <h3 id="ad-run-title">{phase.name === 'running' ? t('progress.running', { elapsed: f.duration((now - phase.startedAt) / 1000) }) : t('progress.finished')}</h3>
      {phase.name === 'running' && fraction ? (
        <progress max={fraction.total} value={fraction.done} aria-label={t('progress.bar', { done: fraction.done, total: fraction.total })} />
      ) : null}
      {phase.lines.length > 0 ? (
        <ol className="ad-progress" aria-live="polite" data-testid="ad-progress">
          {phase.lines.map((l, i) => <li key={i}>{reasonText(l.messageCode, l.message)}</li>)}
        </ol>
      ) : phase.name === 'running' ? <p className="muted" role="status">{t('progress.waiting')}</p> : null}
      {phase.name === 'done' ? <RunResult result={phase.result} error={phase.error} /> : null}
    </section>
  );
}

function RunResult({ result, error }: { result?: ActionResult; error?: ShownError }) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  const reasonText = useReasonText();
  const errorText = useErrorText();
  if (!result) {
    return (
      <div className="ad-result bad" role="alert" data-testid="ad-result" data-ok="false">
        <strong>{t('result.requestFailed')}</strong>
        <p>{error ? errorText(error) : null}</p>
        <p className="small">{t('result.checkAudit')} <a href="#/audit">{t('result.openAudit')}</a></p>
      </div>
    );
  }
  return (
    <div className={`ad-result ${result.ok ? 'ok' : 'bad'}`} role={result.ok ? 'status' : 'alert'} data-testid="ad-result" data-ok={result.ok}>
      <strong>{result.ok ? t('result.ok') : t('result.error')}</strong>
      <span className="muted small">{` · ${result.durationMs < 1000 ? f.ms(result.durationMs) : f.duration(result.durationMs / 1000)}`}</span>
      <p data-testid="ad-result-message">{reasonText(result.messageCode, result.message)}</p>
      {result.details.length > 0 ? (
        <details open={result.details.length <= 12}>
          <summary>{t('result.details', { count: result.details.length })}</summary>
          <ul className="ad-list mono" data-testid="ad-result-details">
            {result.details.map((d, i) => <li key={i}>{reasonText(result.detailCodes?.[i], d)}</li>)}
          </ul>
        </details>
      ) : null}
      <p className="small"><a href="#/audit">{t('result.openAudit')}</a></p>
    </div>
  );
}
