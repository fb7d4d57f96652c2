/**
 * The right-hand detail pane of list views. A labelled complementary region; Escape or the
 * close button returns to the list. Content is rendered as text only (names can be hostile).
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function DetailPane({ title, subtitle, onClose, children, testId, badge }: {
  title: string;
  subtitle?: ReactNode;
  badge?: ReactNode;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => { onCloseRef.current = onClose; });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        onCloseRef.current();
      }
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, []);
  return (
    <aside className="detail-pane" ref={ref} aria-labelledby="detail-title" data-testid={testId}>
      <div className="detail-head">
        <div className="detail-titles">
          <h2 id="detail-title" className="detail-title" title={title}>{title}</h2>
          {subtitle ? <div className="detail-subtitle">{subtitle}</div> : null}
        </div>
        {badge}
        <button type="button" className="icon-button" aria-label={t('closeDetail')} title={t('closeDetail')} onClick={onClose} data-testid="detail-close">×</button>
      </div>
      <div className="detail-body">{children}</div>
    </aside>
  );
}
