/**
 * The explainer library: every concept the console shows, searchable in the current language
 * (search also matches English terms from a Chinese UI), each entry deep-linkable.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { explainers, getExplainer, searchExplainers } from '../../../shared/explainers';
import type { Explainer } from '../../../shared/explainers';
import { useApi } from '../../api/ApiContext';
import { formatHash } from '../../app/hashRoute';
import type { ViewProps } from '../../app/routes';
import { navigate } from '../../app/useRoute';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';

export function ExplainView({ route }: ViewProps) {
  const { t } = useTranslation('explain');
  const f = useFormat();
  const locale = useBulwark((s) => s.locale);
  const query = route.query.q ?? '';
  const selectedId = route.params[0];
  const results = useMemo(() => (query.trim() ? searchExplainers(query, locale) : [...explainers]), [query, locale]);
  const selected = (selectedId ? getExplainer(selectedId) : undefined) ?? (query.trim() ? results[0] : undefined);

  const setQuery = (q: string) => navigate(formatHash({ view: 'explain', params: selectedId ? [selectedId] : [], query: { q } }), { replace: true });

  return (
    <div className="view explain">
      <div className="view-head">
        <h1>{t('title')}</h1>
        <span className="count" data-testid="explain-count">{t('count', { shown: f.number(results.length), total: f.number(explainers.length) })}</span>
      </div>
      <div className="toolbar" role="search" aria-label={t('searchLabel')}>
        <label className="filter grow">
          <span className="filter-label">{t('searchLabel')}</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('searchPlaceholder')} data-search data-testid="explain-search" />
        </label>
      </div>
      <div className="explain-layout">
        <nav className="explain-list" aria-label={t('listLabel')}>
          {results.length === 0 ? <p className="empty">{t('noResults')}</p> : (
            <ul data-testid="explain-results">
              {results.map((e) => (
                <li key={e.id}>
                  <a
                    href={formatHash({ view: 'explain', params: [e.id], query: { q: query } })}
                    aria-current={selected?.id === e.id ? 'true' : undefined}
                    data-explainer={e.id}
                  >
                    <span className="explain-item-title">{e.title[locale]}</span>
                    <span className="explain-item-summary">{e.summary[locale]}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="explain-entry-wrap">
          {selected ? <ExplainerEntry explainer={selected} /> : <p className="empty">{t('pick')}</p>}
        </div>
      </div>
    </div>
  );
}

function ExplainerEntry({ explainer: e }: { explainer: Explainer }) {
  const { t } = useTranslation('explain');
  const locale = useBulwark((s) => s.locale);
  const api = useApi();
  const openExternal = (ev: React.MouseEvent, url: string) => {
    // Electron denies new windows; the backend opens allow-listed https links in the system browser.
    if (api.link.info().kind === 'ipc') {
      ev.preventDefault();
      void api.openExternal({ url });
    }
  };
  return (
    <article className="explain-entry" aria-labelledby="explainer-title" data-testid="explain-entry" data-explainer={e.id}>
      <h2 id="explainer-title">{e.title[locale]}</h2>
      <p className="explain-summary">{e.summary[locale]}</p>
      <h3>{t('whyItMatters')}</h3>
      <p>{e.whyItMatters[locale]}</p>
      <h3>{t('whereInBulwark')}</h3>
      <p>{e.whereInBulwark[locale]}</p>
      <h3>{t('whatToDo')}</h3>
      <p>{e.whatToDo[locale]}</p>
      {e.table ? (
        <div className="table-scroll">
          <table className="table">
            <thead><tr>{e.table.columns.map((c, i) => <th key={i} scope="col">{c[locale]}</th>)}</tr></thead>
            <tbody>{e.table.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c[locale]}</td>)}</tr>)}</tbody>
          </table>
        </div>
      ) : null}
      {e.related.length ? (
        <>
          <h3>{t('related')}</h3>
          <ul className="chips">
            {e.related.map((id) => {
              const r = getExplainer(id);
              return r ? <li key={id} className="chip"><a href={`#/explain/${id}`}>{r.title[locale]}</a></li> : null;
            })}
          </ul>
        </>
      ) : null}
      <h3>{t('sources')}</h3>
      <ul className="sources">
        {e.sources.map((s) => (
          <li key={s.url}>
            <a href={s.url} target="_blank" rel="noopener noreferrer" onClick={(ev) => openExternal(ev, s.url)}>{s.title}</a>
          </li>
        ))}
      </ul>
    </article>
  );
}
