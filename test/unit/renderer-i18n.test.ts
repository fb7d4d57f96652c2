/**
 * Every UI string exists in both languages. Discovers every namespace file under
 * renderer/i18n/locales/<lang>/, so namespaces added later are checked too. Plural forms are
 * compared by their base key (English has _one/_other, Chinese only _other).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../renderer/i18n/locales');
const LOCALES = ['en', 'zh-CN'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj !== 'object' || obj === null) return out;
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function load(locale: string, ns: string): Map<string, string> {
  const file = path.join(root, locale, `${ns}.json`);
  return flatten(JSON.parse(fs.readFileSync(file, 'utf8')));
}

const baseKeys = (m: Map<string, string>) => new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const namespaces = [...new Set(LOCALES.flatMap((l) => fs.readdirSync(path.join(root, l)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''))))].sort();

describe('renderer translations', () => {
  it('finds the namespaces', () => {
    expect(namespaces).toContain('common');
  });

  it.each(namespaces)('namespace %s exists in every language', (ns) => {
    for (const l of LOCALES) expect(fs.existsSync(path.join(root, l, `${ns}.json`)), `${l}/${ns}.json`).toBe(true);
  });

  it.each(namespaces)('namespace %s has the same keys in English and Simplified Chinese', (ns) => {
    const en = baseKeys(load('en', ns));
    const zh = baseKeys(load('zh-CN', ns));
    expect([...en].filter((k) => !zh.has(k)), 'missing in zh-CN').toEqual([]);
    expect([...zh].filter((k) => !en.has(k)), 'missing in en').toEqual([]);
  });

  it.each(namespaces)('namespace %s uses the same interpolation variables in both languages, and no empty strings', (ns) => {
    const en = load('en', ns);
    const zh = load('zh-CN', ns);
    for (const [k, v] of zh) {
      expect(v.trim(), `zh-CN ${ns}:${k} is empty`).not.toBe('');
      const enValue = en.get(k) ?? en.get(k.replace(PLURAL, '_other')) ?? en.get(k.replace(PLURAL, ''));
      if (enValue === undefined) continue;
      expect(vars(v), `${ns}:${k}`).toEqual(vars(enValue));
    }
    for (const [k, v] of en) expect(v.trim(), `en ${ns}:${k} is empty`).not.toBe('');
  });
});
