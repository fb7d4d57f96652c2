/**
 * Ctrl/Cmd+K: one box to jump anywhere. A combobox over a listbox (WAI-ARIA APG pattern):
 * focus stays in the input, arrow keys move the active option (aria-activedescendant), Enter
 * runs it, Escape closes.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { Modal } from '../../components/Modal';
import { useBulwark } from '../../store';
import { fuzzyFilter } from '../../store/selectors/fuzzy';
import { navigate } from '../useRoute';
import { collectPaletteCommands } from './paletteRegistry';
import type { PaletteCommand } from './paletteRegistry';

const LIMIT = 60;

export function CommandPalette() {
  const open = useBulwark((s) => s.paletteOpen);
  const setOpen = useBulwark((s) => s.setPaletteOpen);
  const { t } = useTranslation('palette');
  return (
    <Modal open={open} onClose={() => setOpen(false)} labelledBy="palette-title" className="palette">
      <h2 id="palette-title" className="sr-only">{t('title')}</h2>
      <PaletteBody onClose={() => setOpen(false)} />
    </Modal>
  );
}

function PaletteBody({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('palette');
  const api = useApi();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // The palette lists what exists when it opens; it does not re-render on every delta.
  const [state] = useState(() => useBulwark.getState());

  const results = useMemo(() => {
    const all = collectPaletteCommands({ state, api, t, navigate: (h) => navigate(h), query });
    if (!query.trim()) {
      return [...all].sort((a, b) => (a.rank ?? 100) - (b.rank ?? 100)).slice(0, LIMIT);
    }
    return fuzzyFilter(all, query, (c) => `${c.title} ${c.subtitle ?? ''} ${c.keywords ?? ''}`, LIMIT);
  }, [state, api, t, query]);

  const run = (c: PaletteCommand | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };

  const clamp = (i: number) => (results.length === 0 ? 0 : (i + results.length) % results.length);
  const current = Math.min(active, Math.max(0, results.length - 1));
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(clamp(current + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(clamp(current - 1)); }
    else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); setActive(0); }
    else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); setActive(results.length - 1); }
    else if (e.key === 'Enter') { e.preventDefault(); run(results[current]); }
  };

  const headers = results.map((c, i) => (i === 0 || results[i - 1].group !== c.group ? c.group : null));
  return (
    <div className="palette-body">
      <input
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-autocomplete="list"
        aria-activedescendant={results[current] ? `palette-opt-${current}` : undefined}
        aria-label={t('inputLabel')}
        placeholder={t('placeholder')}
        value={query}
        autoFocus
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={onKeyDown}
        data-testid="palette-input"
      />
      <ul id="palette-list" role="listbox" aria-label={t('results')} className="palette-list">
        {results.map((c, i) => {
          const header = headers[i];
          return (
            <li
              key={c.id}
              id={`palette-opt-${i}`}
              role="option"
              aria-selected={i === current}
              className={`palette-option ${i === current ? 'active' : ''}`}
              onMouseMove={() => { if (i !== current) setActive(i); }}
              onClick={() => run(c)}
              data-command={c.id}
            >
              {header ? <span className="palette-group" aria-hidden="true">{header}</span> : null}
              <span className="palette-row">
                <span className="palette-title">{c.title}</span>
                {c.subtitle ? <span className="palette-sub">{c.subtitle}</span> : null}
                <span className="sr-only">{`, ${c.group}`}</span>
                {c.shortcut ? <kbd className="palette-kbd" aria-hidden="true">{c.shortcut}</kbd> : null}
              </span>
            </li>
          );
        })}
        {results.length === 0 ? <li className="palette-empty" role="presentation">{t('noResults')}</li> : null}
      </ul>
      <p className="palette-hint" aria-hidden="true">{t('hint')}</p>
    </div>
  );
}
