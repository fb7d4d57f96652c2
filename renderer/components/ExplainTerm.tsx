/**
 * A "?" beside a concept label that opens that concept's explainer in a small non-modal dialog:
 * summary, why it matters, what to do, and a link to the full entry in the Explain library.
 * Escape or a click outside closes it and focus returns to the button.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { getExplainer } from '../../shared/explainers';
import type { ExplainerId } from '../../shared/explainers';
import { useBulwark } from '../store';

export function ExplainTerm({ id, label }: { id: ExplainerId; label?: string }) {
  const { t } = useTranslation('explain');
  const locale = useBulwark((s) => s.locale);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  const uid = useId();
  const explainer = getExplainer(id);

  useLayoutEffect(() => {
    if (!open || !buttonRef.current) return;
    const r = buttonRef.current.getBoundingClientRect();
    const width = Math.min(380, window.innerWidth - 16);
    const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
    const below = r.bottom + 6;
    const top = below + 320 > window.innerHeight && r.top > 340 ? Math.max(8, r.top - 6 - 320) : below;
    setPos({ top, left });
  }, [open]);

  useEffect(() => {
    if (!open) return;
    popRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!popRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  if (!explainer) return null;
  const title = explainer.title[locale];
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="explain-term"
        aria-label={t('explainTerm', { term: label ?? title })}
        title={t('explainTerm', { term: label ?? title })}
        aria-expanded={open}
        aria-controls={open ? uid : undefined}
        data-explain={id}
        onClick={(e) => { e.stopPropagation(); setOpen((o) => !o); }}
      >
        ?
      </button>
      {open
        ? createPortal(
            <div
              ref={popRef}
              id={uid}
              role="dialog"
              aria-labelledby={`${uid}-title`}
              tabIndex={-1}
              className="explain-popover"
              data-testid="explain-popover"
              style={pos ? { top: pos.top, left: pos.left } : { visibility: 'hidden' }}
            >
              <div className="explain-popover-head">
                <h2 id={`${uid}-title`}>{title}</h2>
                <button type="button" className="icon-button" aria-label={t('close')} onClick={() => { setOpen(false); buttonRef.current?.focus(); }}>×</button>
              </div>
              <p className="explain-summary">{explainer.summary[locale]}</p>
              <h3>{t('whyItMatters')}</h3>
              <p>{explainer.whyItMatters[locale]}</p>
              <h3>{t('whatToDo')}</h3>
              <p>{explainer.whatToDo[locale]}</p>
              <a href={`#/explain/${explainer.id}`} onClick={() => setOpen(false)}>{t('openInLibrary')}</a>
            </div>,
            document.body,
          )
        : null}
    </>
  );
}

/** A label with its explainer button, the common case in tables and cards. */
export function TermLabel({ id, children }: { id: ExplainerId; children: React.ReactNode }) {
  return (
    <span className="term-label">
      {children}
      <ExplainTerm id={id} label={typeof children === 'string' ? children : undefined} />
    </span>
  );
}
