import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { ApiContext } from '../api/ApiContext';
import type { ClientApi } from '../api/link';
import { applyLocale } from '../i18n';
import { useBulwark } from '../store';
import type { ModelSync } from '../store/modelSync';
import { registerBuiltInCommands } from './palette/builtInCommands';
import { Shell } from './shell/Shell';
import { SyncContext } from './SyncContext';

/** The root: providers around the shell. The transport and the model sync start in main.tsx, outside React's lifecycle. */
export function App({ api, sync, i18n }: { api: ClientApi; sync: ModelSync; i18n: I18n }) {
  const locale = useBulwark((s) => s.locale);
  const theme = useBulwark((s) => s.theme);

  useEffect(() => { registerBuiltInCommands(); }, []);
  useEffect(() => { applyLocale(locale); }, [locale]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  return (
    <I18nextProvider i18n={i18n}>
      <ApiContext.Provider value={api}>
        <SyncContext.Provider value={sync}>
          <Shell />
        </SyncContext.Provider>
      </ApiContext.Provider>
    </I18nextProvider>
  );
}
