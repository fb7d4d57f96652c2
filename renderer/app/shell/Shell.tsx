/**
 * The frame around every view: header (source, connection, clock, preferences), left
 * navigation from the route registry, the main landmark, and the global keyboard layer.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useBulwark } from '../../store';
import { freshness } from '../../store/selectors/freshness';
import { CommandPalette } from '../palette/CommandPalette';
import { findRoute, getRoutes } from '../routes';
import { isTypingTarget, resolveShortcut } from '../shortcuts';
import { navigate, useRoute } from '../useRoute';
import { useSync } from '../SyncContext';
import { useApi } from '../../api/ApiContext';
import { ConnectionBadge } from './ConnectionBadge';
import { DemoClock } from './DemoClock';
import { LanguageSwitch, ThemeSwitch } from './Preferences';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { SourcePicker } from './SourcePicker';
import { useFormat } from '../../i18n';
import { useNow } from '../useNow';
import { DrillGuidePanel } from '../../components/drills/DrillGuidePanel';
import { useErrorText, useReasonText } from '../../components/ReasonText';

export function Shell() {
  const { t } = useTranslation('common');
  const route = useRoute();
  const routes = getRoutes();
  const active = findRoute(route.view) ?? findRoute('overview')!;
  const mainRef = useRef<HTMLElement>(null);
  const lastView = useRef(active.id);
  useGlobalShortcuts();

  // Move focus to the new view's heading when the view (not just its selection) changes,
  // so keyboard and screen-reader users land at the start of what they asked for.
  useEffect(() => {
    if (lastView.current === active.id) return;
    lastView.current = active.id;
    const h1 = mainRef.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [active.id]);

  useEffect(() => {
    document.title = `${t(active.labelKey)} · Bulwark`;
  }, [active, t]);

  const View = active.Component;
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>{t('skipToContent')}</button>
      <header className="app-header">
        <a className="brand" href="#/overview" aria-label={t('brandHome')}>
          <span className="brand-mark" aria-hidden="true">▰</span>
          <span className="brand-name">Bulwark</span>
        </a>
        <SourcePicker />
        <ConnectionBadge />
        <DemoClock />
        <div className="header-spacer" />
        <button type="button" className="palette-button" onClick={() => useBulwark.getState().setPaletteOpen(true)} data-testid="palette-button">
          <Icon name="search" />
          <span>{t('palette')}</span>
          <kbd aria-hidden="true">Ctrl K</kbd>
        </button>
        <LanguageSwitch />
        <ThemeSwitch />
        <button type="button" className="icon-button" aria-label={t('shortcutsHelp')} title={t('shortcutsHelp')} onClick={() => useBulwark.getState().setShortcutsOpen(true)} data-testid="shortcuts-button">
          <Icon name="keyboard" />
        </button>
      </header>
      <nav className="app-nav" aria-label={t('mainNavigation')}>
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <a href={`#/${r.id}`} aria-current={r.id === active.id ? 'page' : undefined} data-route={r.id}>
                <Icon name={r.icon} size={18} />
                <span className="nav-label">{t(r.labelKey)}</span>
                <kbd className="nav-kbd" aria-hidden="true">{`g ${r.shortcut}`}</kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className={`app-main view-${active.id}`}>
        <ConnectionBanner />
        <MetricsBanner />
        <View route={route} />
      </main>
      <DrillGuidePanel />
      <CommandPalette />
      <ShortcutsOverlay />
    </div>
  );
}

/** Shown above the view when the data can not be trusted to be current, with the reason. */
function ConnectionBanner() {
  const { t } = useTranslation('common');
  const f = useFormat();
  const sync = useSync();
  const api = useApi();
  const status = useBulwark((s) => s.status);
  const link = useBulwark((s) => s.link);
  const lastDeltaAt = useBulwark((s) => s.lastDeltaAt);
  const syncError = useBulwark((s) => s.syncError);
  const loaded = useBulwark((s) => s.model.loaded);
  const now = useNow(1000);
  const reasonText = useReasonText();
  const errorText = useErrorText();
  const fr = freshness(status, link, lastDeltaAt, now);
  // The source's sentence in the user's language; the link's own words as they are.
  const message = fr.message !== undefined ? reasonText(fr.messageCode, fr.message) : undefined;
  if (syncError) {
    return (
      <div className="banner banner-bad" role="alert">
        <Icon name="warning" />
        <span>{syncError.during === 'connect' ? t('source.connectFailed', { message: errorText(syncError) }) : errorText(syncError)}</span>
        <button type="button" onClick={() => void sync.resubscribe()}>{t('retry')}</button>
      </div>
    );
  }
  if (fr.level === 'offline') {
    return (
      <div className="banner banner-bad" data-testid="offline-banner">
        <Icon name="warning" />
        <span>
          {t('banner.offline', { message: message ?? '—' })}
          {fr.ageSec !== undefined ? <strong className="banner-age">{t('banner.age', { age: f.duration(fr.ageSec) })}</strong> : null}
        </span>
        <button type="button" onClick={() => api.link.retryNow()}>{t('retry')}</button>
      </div>
    );
  }
  if (fr.level === 'stale' && (status?.state === 'error' || status?.state === 'reconnecting')) {
    // The source's own sentence first (what failed and what to do), then how old the picture is.
    const failed = status.state === 'error';
    return (
      <div className={`banner ${failed ? 'banner-bad' : 'banner-warn'}`} role={failed ? 'alert' : undefined} data-testid="source-banner" data-source-state={status.state}>
        <Icon name="warning" />
        <span>
          {t(failed ? 'banner.sourceError' : 'banner.reconnecting', { message: message ?? '—' })}
          <strong className="banner-age">{fr.ageSec !== undefined ? t('banner.age', { age: f.duration(fr.ageSec) }) : t('banner.noData')}</strong>
        </span>
      </div>
    );
  }
  if (fr.level === 'stale') {
    return (
      <div className="banner banner-warn" data-testid="stale-banner">
        <Icon name="warning" />
        <span>
          {fr.ageSec !== undefined ? t('banner.stale', { age: f.duration(fr.ageSec) }) : t('banner.noData')}
          {message ? <span className="banner-msg">{t('banner.sourceSays', { message })}</span> : null}
        </span>
      </div>
    );
  }
  if (!loaded && fr.level === 'connecting') {
    return <div className="banner banner-info">{t('banner.connecting')}</div>;
  }
  return null;
}

/**
 * Prometheus down is not a connection problem (nodes, pods and allocation still come from the
 * API server), but the GPU telemetry on screen is missing or old: say so, with the reason.
 */
function MetricsBanner() {
  const { t } = useTranslation('common');
  const metrics = useBulwark((s) => s.status?.metrics);
  const linkOpen = useBulwark((s) => s.link.state === 'open');
  const reasonText = useReasonText();
  if (!linkOpen || metrics?.state !== 'down') return null;
  return (
    <div className="banner banner-warn" data-testid="metrics-banner">
      <Icon name="warning" />
      <span>
        {t('banner.metricsDown', { message: metrics.message !== undefined ? reasonText(metrics.messageCode, metrics.message) : '—' })}
        <span className="banner-msg">{t('banner.metricsScope')}</span>
      </span>
    </div>
  );
}

function useGlobalShortcuts(): void {
  const pendingG = useRef<number>(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const state = useBulwark.getState();
      if (e.defaultPrevented) return;
      // Dialogs own the keyboard while open (except the palette toggle).
      const modalOpen = state.paletteOpen || state.shortcutsOpen || !!document.querySelector('dialog[open]');
      const routes = getRoutes();
      const action = resolveShortcut(e, Date.now() - pendingG.current < 1500, isTypingTarget(document.activeElement), routes);
      if (!action) { pendingG.current = 0; return; }
      if (action.kind === 'palette') {
        e.preventDefault();
        state.setShortcutsOpen(false);
        state.setPaletteOpen(!state.paletteOpen);
        return;
      }
      if (modalOpen) return;
      if (action.kind === 'prefix') { pendingG.current = Date.now(); return; }
      pendingG.current = 0;
      e.preventDefault();
      if (action.kind === 'route') navigate(`#/${action.id}`);
      else if (action.kind === 'help') state.setShortcutsOpen(true);
      else if (action.kind === 'search') {
        const box = document.querySelector<HTMLInputElement>('main [data-search]');
        box?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
