/**
 * The backend's English sentences from their reason codes: the English templates of
 * `reasons.json` with the backend's own number and duration style (no digit grouping, "18 min").
 * A code that renders back to the sentence it was sent with says the same thing — what the
 * renderer then shows in the user's language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ReasonView } from '../../shared/views';
import { formatAge } from '../../electron/core/actions/actionText';
import { formatReason, type ReasonFormatContext } from '../../renderer/i18n/reasonFormat';

const EN = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../renderer/i18n/locales/en/reasons.json'), 'utf8')) as Record<string, unknown>;

function lookup(key: string): unknown {
  let v: unknown = EN;
  for (const part of key.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** English templates with a given duration style (the model writes "47m"-style, actions "18 min"). */
export function englishReasons(duration: (sec: number) => string): ReasonFormatContext {
  return {
    locale: 'en',
    translate: (key, vars) => {
      const s = lookup(key);
      return typeof s === 'string' ? s.replace(/\{\{(\w+)\}\}/g, (_, n: string) => vars?.[n] ?? `{{${n}}}`) : undefined;
    },
    numbers: {
      count: String, number: String, xid: String, duration: (v) => duration(Number(v)),
      ms: (v) => `${v} ms`, celsius: (v) => `${v} °C`, mhz: (v) => `${v} MHz`, percent: (v) => `${v}%`,
    },
  };
}

export const backendEnglish: ReasonFormatContext = englishReasons(formatAge);

/** `code` renders back to `text` (both absent is fine; one without the other is not). */
export function expectCodeSays(what: string, text: string | undefined, code: ReasonView | undefined): void {
  if (text === undefined) {
    expect(code, `${what}: a code without a text`).toBeUndefined();
    return;
  }
  expect(code, `${what}: "${text}" has no code`).toBeDefined();
  expect(formatReason(code, backendEnglish), `${what}: ${JSON.stringify(code)}`).toBe(text);
}
