/**
 * react-i18next with bundled resources: every `locales/<lang>/<namespace>.json` is picked up at
 * build time (no HTTP backend: the CSP allows no fetches beyond our own API, and Electron loads
 * from file://). Add a namespace by adding the two JSON files; the unit test checks that both
 * languages have the same keys.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import type { Locale } from '../../shared/explainers/types';
import { useBulwark } from '../store';
import { formattersFor } from './format';
import type { Formatters } from './format';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });

export function buildResources(entries: Record<string, Record<string, unknown>>): Resources {
  const resources: Resources = {};
  for (const [path, content] of Object.entries(entries)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!m) continue;
    (resources[m[1]] ??= {})[m[2]] = content;
  }
  return resources;
}

export const resources = buildResources(files);
export const NAMESPACES = Object.keys(resources.en ?? {});

export function initI18n(locale: Locale): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = locale;
  return i18next;
}

export function applyLocale(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

/** Locale-bound Intl formatters for the current language. */
export function useFormat(): Formatters {
  const locale = useBulwark((s) => s.locale);
  return useMemo(() => formattersFor(locale), [locale]);
}

export { useTranslation };
