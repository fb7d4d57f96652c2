/**
 * The "?" explainer for use inside a modal <dialog>. The shared <ExplainTerm> portals its popover
 * to document.body, which a modal dialog makes inert and paints under the top layer: inside the
 * action dialog it would open invisible and unfocusable. This one portals into the dialog that
 * holds the button, and keeps Escape for itself (preventDefault stops the dialog's cancel), so
 * Escape closes the explanation first and the dialog second. Same look and content.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { getExplainer } from '../../../shared/explainers';
import type { ExplainerId } from '../../../shared/explainers';
import { useBulwark } from '../../store';

const POP_HEIGHT = 320;

export function DialogExplainTerm({ id, label }: { id: ExplainerId; label?: string }) {
  const { t } = useTranslation('explain');
  const locale = useBulwark((s) => s.locale);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const [host, setHost] = useState<Element | null>(null);
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
    const top = below + POP_HEIGHT > window.innerHeight && r.top > POP_HEIGHT + 20 ? Math.max(8, r.top - 6 - POP_HEIGHT) : below;
    setPos({ top, left });
    setHost(buttonRef.current.closest('dialog') ?? document.body);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    popRef.current?.focus();
    const close = () => { setOpen(false); buttonRef.current?.focus(); };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
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
  }, [open, host]);

  if (!explainer) return null;
  const title = explainer.title[locale];
  const name = t('explainTerm', { term: label ?? title });
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="explain-term"
        aria-label={name}
        title={name}
        aria-expanded={open}
        aria-controls={open ? uid : undefined}
        data-explain={id}
        onClick={(e) => { e.stopPropagation(); setOpen((o) => !o); }}
      >
        ?
      </button>
      {open && host
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
            </div>,
            host,
          )
        : null}
    </>
  );
}
