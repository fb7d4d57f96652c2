import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/createApi';
import { App } from './app/App';
import './app/palette/actionCommands';
import { initI18n } from './i18n';
import { useBulwark } from './store';
import { startModelSync } from './store/modelSync';
import './styles/theme.css';
import './styles/app.css';

const { locale, theme } = useBulwark.getState();
document.documentElement.dataset.theme = theme;
const i18n = initI18n(locale);
const api = createApi();
const sync = startModelSync(api, useBulwark);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} sync={sync} i18n={i18n} />
  </StrictMode>,
);
