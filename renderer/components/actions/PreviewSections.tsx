/**
 * The preview of an action, section by section, in the order an operator decides: blast radius,
 * lost work, warnings, permission, dry run. Presentational: it takes the ActionPreview.
 * Backend sentences (warnings, dry-run message, reasons) are shown in the user's language from
 * their reason codes (English when a code is missing), as text, never as HTML.
 */
import { useTranslation } from 'react-i18next';
import type { ActionPreview } from '../../../shared/actions';
import { useReasonText } from '../ReasonText';
import { useFormat } from '../../i18n';
import { DialogExplainTerm } from './DialogExplainTerm';

const LIST_LIMIT = 8;

function PodList({ pods, testId }: { pods: readonly string[]; testId: string }) {
  const { t } = useTranslation('actions');
  if (pods.length === 0) return null;
  const head = pods.slice(0, LIST_LIMIT);
  const rest = pods.slice(LIST_LIMIT);
  return (
    <>
      <ul className="ad-list mono" data-testid={testId}>
        {head.map((p) => <li key={p}>{p}</li>)}
      </ul>
      {rest.length > 0 ? (
        <details className="ad-more">
          <summary>{t('blast.more', { count: rest.length })}</summary>
          <ul className="ad-list mono">{rest.map((p) => <li key={p}>{p}</li>)}</ul>
        </details>
      ) : null}
    </>
  );
}

export function BlastRadiusSection({ preview }: { preview: ActionPreview }) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  const b = preview.blastRadius;
  const fewer = b.freeGpusAfter < b.freeGpusBefore;
  return (
    <section className="ad-section" aria-labelledby="ad-blast" data-testid="ad-blast">
      <h3 id="ad-blast">{t('blast.title')} <DialogExplainTerm id="blast-radius" /></h3>
      <dl className="ad-facts">
        <div><dt>{t('blast.pods')}</dt><dd data-testid="ad-blast-pods">{f.number(b.pods.length)}</dd></div>
        <div><dt>{t('blast.workloads')}</dt><dd data-testid="ad-blast-workloads">{f.number(b.workloads.length)}</dd></div>
        <div><dt>{t('blast.gpus')}</dt><dd data-testid="ad-blast-gpus">{f.number(b.gpus)}</dd></div>
        <div>
          <dt>{t('blast.freeGpus')}</dt>
          <dd data-testid="ad-blast-free" className={fewer ? 'tone-warn' : undefined}>
            {t('blast.freeBeforeAfter', { before: f.number(b.freeGpusBefore), after: f.number(b.freeGpusAfter) })}
          </dd>
        </div>
      </dl>
      {b.workloads.length > 0 ? (
        <>
          <h4>{t('blast.workloadList')}</h4>
          <PodList pods={b.workloads} testId="ad-blast-workload-list" />
        </>
      ) : null}
      {b.pods.length > 0 ? (
        <>
          <h4>{t('blast.podList')}</h4>
          <PodList pods={b.pods} testId="ad-blast-pod-list" />
        </>
      ) : null}
      <h4 className="ad-h4-term">{t('blast.pdbBlocked')} <DialogExplainTerm id="pod-disruption-budget" /></h4>
      {b.pdbBlocked.length === 0 ? <p className="muted small">{t('blast.noPdbBlocked')}</p> : (
        <ul className="ad-list ad-pdb" data-testid="ad-pdb-blocked">
          {b.pdbBlocked.map((x) => (
            <li key={x.pod}>
              <span className="mono">{x.pod}</span>
              <span className="muted">{t('blast.byPdb', { pdb: x.pdb })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function LostWorkSection({ preview }: { preview: ActionPreview }) {
  const { t } = useTranslation('actions');
  const f = useFormat();
  return (
    <section className="ad-section" aria-labelledby="ad-lost" data-testid="ad-lost-work">
      <h3 id="ad-lost">{t('lostWork.title')} <DialogExplainTerm id="lost-work" /> <DialogExplainTerm id="checkpointing" /></h3>
      <p>{preview.expectedLostWorkSec !== undefined ? t('lostWork.value', { duration: f.duration(preview.expectedLostWorkSec) }) : t('lostWork.unknown')}</p>
    </section>
  );
}

export function WarningsSection({ preview }: { preview: ActionPreview }) {
  const { t } = useTranslation('actions');
  const reasonText = useReasonText();
  if (preview.warnings.length === 0) return null;
  return (
    <section className="ad-section" aria-labelledby="ad-warnings" data-testid="ad-warnings">
      <h3 id="ad-warnings">{t('warnings.title')}</h3>
      <ul className="ad-warnings">
        {preview.warnings.map((w, i) => <li key={i}>{reasonText(preview.warningCodes?.[i], w)}</li>)}
      </ul>
    </section>
  );
}

export function PermissionSection({ preview }: { preview: ActionPreview }) {
  const { t } = useTranslation('actions');
  const reasonText = useReasonText();
  const p = preview.permission;
  const reason = p.reason !== undefined ? reasonText(p.reasonCode, p.reason) : undefined;
  return (
    <section className="ad-section" aria-labelledby="ad-permission" data-testid="ad-permission">
      <h3 id="ad-permission">
        {t('permission.title')} <DialogExplainTerm id="rbac" />
        <span className={`badge ${p.allowed ? 'badge-ok' : 'badge-bad'}`}>{p.allowed ? t('permission.allowed') : t('permission.denied')}</span>
      </h3>
      {p.checks.length === 0 ? <p className="muted small">{reason ?? t('permission.none')}</p> : (
        <ul className="ad-checks">
          {p.checks.map((c, i) => (
            <li key={i} className={c.allowed ? 'ok' : 'bad'} data-allowed={c.allowed}>
              <span className="ad-mark" aria-hidden="true">{c.allowed ? '✓' : '✗'}</span>
              <span className="sr-only">{c.allowed ? t('permission.allowed') : t('permission.denied')}: </span>
              <code>{`${c.verb} ${c.resource}`}</code>
              <span className="muted">{c.namespace ? t('permission.inNamespace', { namespace: c.namespace }) : t('permission.clusterWide')}</span>
            </li>
          ))}
        </ul>
      )}
      {!p.allowed && reason ? <p className="ad-reason-text">{reason}</p> : null}
    </section>
  );
}

export function DryRunSection({ preview }: { preview: ActionPreview }) {
  const { t } = useTranslation('actions');
  const reasonText = useReasonText();
  const d = preview.dryRun;
  return (
    <section className="ad-section" aria-labelledby="ad-dryrun" data-testid="ad-dry-run">
      <h3 id="ad-dryrun">
        {t('dryRun.title')} <DialogExplainTerm id="dry-run" />
        <span className={`badge ${d.ok ? 'badge-ok' : 'badge-bad'}`}>{d.ok ? t('dryRun.accepted') : t('dryRun.refused')}</span>
      </h3>
      <p className="muted small" data-testid="ad-dry-run-kind">{d.serverSide ? t('dryRun.serverSide') : t('dryRun.simulated')}</p>
      <p className="ad-message" data-testid="ad-dry-run-message">{reasonText(d.messageCode, d.message)}</p>
    </section>
  );
}
