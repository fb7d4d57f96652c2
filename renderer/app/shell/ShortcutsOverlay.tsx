import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { useBulwark } from '../../store';
import { getRoutes } from '../routes';

export function ShortcutsOverlay() {
  const { t } = useTranslation('palette');
  const open = useBulwark((s) => s.shortcutsOpen);
  const setOpen = useBulwark((s) => s.setShortcutsOpen);
  const routes = getRoutes();
  const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  const rows: [string, string][] = [
    [isMac ? '⌘ K' : 'Ctrl K', t('shortcuts.palette')],
    ['?', t('shortcuts.help')],
    ['/', t('shortcuts.search')],
    ...routes.map((r, i): [string, string] => [`g ${r.shortcut}${i < 9 ? `  ·  Alt ${i + 1}` : ''}`, t('shortcuts.goTo', { view: t(r.labelKey) })]),
    ['← → ↑ ↓  Enter', t('shortcuts.gpuMap')],
    ['Esc', t('shortcuts.close')],
  ];
  return (
    <Modal open={open} onClose={() => setOpen(false)} labelledBy="shortcuts-title" className="shortcuts">
      <div className="modal-head">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('shortcuts.close')} onClick={() => setOpen(false)}>×</button>
      </div>
      <table className="shortcuts-table">
        <thead>
          <tr><th scope="col">{t('shortcuts.keys')}</th><th scope="col">{t('shortcuts.action')}</th></tr>
        </thead>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}><td><kbd>{k}</kbd></td><td>{v}</td></tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
