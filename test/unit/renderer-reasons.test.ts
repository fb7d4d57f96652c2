/**
 * Reason codes in the renderer: every code of shared/reasons.ts has an English and a Chinese
 * text using exactly its parameters, and the formatter renders codes in the locale (Intl
 * numbers and durations, XID names from shared/xid.ts), falling back to the model's English
 * text for anything it does not know.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/explainers/types';
import { ACTION_KINDS } from '../../shared/actions';
import { REASON_CODES, REASON_SPECS, reasonList, reasonOf, type ReasonSpec } from '../../shared/reasons';
import type { ReasonView } from '../../shared/views';
import { xidInfo } from '../../shared/xid';
import { formatReason, reasonText, type ReasonFormatContext } from '../../renderer/i18n/reasonFormat';

const root = path.resolve(__dirname, '../../renderer/i18n/locales');
const LOCALES: Locale[] = ['en', 'zh-CN'];
const load = (l: Locale) => JSON.parse(fs.readFileSync(path.join(root, l, 'reasons.json'), 'utf8')) as Record<string, unknown>;
const files = { en: load('en'), 'zh-CN': load('zh-CN') };

function lookup(obj: unknown, key: string): unknown {
  let v = obj;
  for (const part of key.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}
function leaves(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const vars = (s: string) => [...new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();

/** What a code's template may (and, in English, must) use: its parameters, derived XID names, nested reasons. */
function expectedVars(spec: ReasonSpec): string[] {
  const out = Object.entries(spec.params).flatMap(([name, kind]) => (kind === 'xid' ? [name, `${name}Name`] : [name]));
  return [...out, ...(spec.nested ?? [])].sort();
}

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { reasons: files.en }, 'zh-CN': { reasons: files['zh-CN'] } },
  lng: 'en', fallbackLng: 'en', ns: ['reasons'], defaultNS: 'reasons', interpolation: { escapeValue: false }, initAsync: false,
});

/** The same context the app builds in useReasonText, on a plain i18next instance. */
function ctx(locale: Locale): ReasonFormatContext {
  const t = i18n.getFixedT(locale, 'reasons');
  return { locale, translate: (key, v) => (i18n.exists(key, { ns: 'reasons', lng: locale }) ? t(key, v) : undefined) };
}
const en = ctx('en');
const zh = ctx('zh-CN');

/** The keys a code's text lives under: one, or one per plural form of the locale (i18next's suffixes). */
function textKeys(code: string, locale: Locale): string[] {
  const spec: ReasonSpec = REASON_SPECS[code as keyof typeof REASON_SPECS];
  if (spec.plural === undefined) return [`code.${code}`];
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.map((form) => `code.${code}_${form}`);
}

describe('reason texts', () => {
  const codes = REASON_CODES.filter((c) => c !== 'list');

  it.each(codes.flatMap((code) => LOCALES.map((locale) => ({ code, locale }))))('$code has a $locale text with exactly its parameters', ({ code, locale }) => {
    for (const key of textKeys(code, locale)) {
      const text = lookup(files[locale], key);
      expect(typeof text, `${locale} reasons:${key}`).toBe('string');
      expect((text as string).trim()).not.toBe('');
      expect(vars(text as string), key).toEqual(expectedVars(REASON_SPECS[code]));
    }
  });

  it('has no text for a code that does not exist', () => {
    for (const locale of LOCALES) {
      const known = new Set(codes.flatMap((c) => textKeys(c, locale)));
      const keys = leaves(lookup(files[locale], 'code')).map((k) => `code.${k}`);
      expect(keys.filter((k) => !known.has(k)), locale).toEqual([]);
    }
  });

  it('names every action kind in both languages', () => {
    for (const locale of LOCALES) for (const kind of ACTION_KINDS) expect(typeof lookup(files[locale], `actionKind.${kind}`), `${locale} ${kind}`).toBe('string');
  });

  it('translates both sides of a pair and every adverse node condition', () => {
    for (const locale of LOCALES) {
      for (const role of ['primary', 'standby']) expect(typeof lookup(files[locale], `role.${role}`)).toBe('string');
      for (const c of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']) expect(typeof lookup(files[locale], `condition.${c}`)).toBe('string');
    }
  });
});

/** Action sentences: plural forms, a translated action kind, a Kubernetes message kept as written, lists. */
const doingDrain = reasonOf('action.doing.drain', { node: 'gpu-a-3' });
const actionCases: { name: string; reason: ReasonView; en: string; zh: string }[] = [
  {
    name: 'an action sentence, plural in English', reason: reasonOf('action.drain.done', { node: 'gpu-a-3', count: 2 }),
    en: 'Drained gpu-a-3: evicted 2 pods; the node stays cordoned.', zh: '已排空 gpu-a-3：驱逐了 2 个 Pod；节点保持封锁。',
  },
  {
    name: 'an action sentence, singular in English', reason: reasonOf('action.drain.done', { node: 'gpu-a-3', count: 1 }),
    en: 'Drained gpu-a-3: evicted 1 pod; the node stays cordoned.', zh: '已排空 gpu-a-3：驱逐了 1 个 Pod；节点保持封锁。',
  },
  {
    name: 'a PDB warning with grouped numbers',
    reason: reasonOf('action.drain.pdbBlocks', { pdb: 'prod/chat-pdb', count: 1, pods: 'prod/chat-0', retry: 5, timeout: 1200 }),
    en: 'PDB prod/chat-pdb blocks 1 pod now (prod/chat-0): the drain retries every 5 s for up to 1,200 s, then stops and reports them; nothing is force-deleted.',
    zh: 'PDB prod/chat-pdb 当前阻止驱逐 1 个 Pod（prod/chat-0）：排空每 5 秒重试一次，最长 1,200 秒，之后停止并报告这些 Pod；不会强制删除任何 Pod。',
  },
  {
    name: 'a displacement warning with nested sentences',
    reason: reasonOf('action.displace.training', { count: 2, workload: 'research/llama' }, { doing: doingDrain, tail: reasonOf('action.displace.checkpointAge', { age: 1080 }) }),
    en: 'draining gpu-a-3 evicts 2 training pods of research/llama; the job restarts from a checkpoint 18m old',
    zh: '排空 gpu-a-3 将驱逐 research/llama 的 2 个训练 Pod；作业将从 18分钟前的检查点重启',
  },
  {
    name: 'an action kind, translated, around a Kubernetes message kept as written',
    reason: reasonOf('action.failed', {}, {
      label: reasonOf('action.label', { kind: 'failover', target: 'prod/chat' }),
      cause: reasonOf('action.message', { message: 'deployments.apps "chat-standby" not found' }),
    }),
    en: 'failover of prod/chat failed: deployments.apps "chat-standby" not found',
    zh: 'prod/chat 的故障转移失败：deployments.apps "chat-standby" not found',
  },
  {
    name: 'a drain refusal listing its reasons',
    reason: reasonOf('action.drain.refused', { node: 'gpu-a-3' }, {
      why: reasonList([reasonOf('action.drain.emptyDirRefusal', { count: 1, pods: 'ml/a' }), reasonOf('action.drain.daemonSetRefusal', { count: 2 })])!,
    }),
    en: 'Cannot drain gpu-a-3: 1 pod with local emptyDir data would lose it (ml/a); allow deleting emptyDir data to drain; 2 DaemonSet-managed pods cannot be drained (their controller puts them straight back); ignore DaemonSets to drain.',
    zh: '无法排空 gpu-a-3：1 个 Pod 带有本地 emptyDir 数据，排空会丢失这些数据（ml/a）；需允许删除 emptyDir 数据才能排空；2 个由 DaemonSet 管理的 Pod 无法排空（其控制器会立即把它们放回来）；需忽略 DaemonSet 才能排空。',
  },
  {
    name: 'a percentage', reason: reasonOf('action.scaleInference.removes', { count: 1, percent: 50 }),
    en: 'Removes 1 replica: serving capacity drops to about 50%.', zh: '将移除 1 个副本：服务容量降至约 50%。',
  },
];

describe('formatReason', () => {
  const gpuLost = reasonOf('gpu.xid', { xid: 79 });
  const cases: { name: string; reason: ReasonView; en: string; zh: string }[] = [
    { name: 'workers ready', reason: reasonOf('job.workersReady', { ready: 3, desired: 4 }), en: '3/4 workers ready', zh: '3/4 个 worker 就绪' },
    { name: 'stall, a duration in the locale', reason: reasonOf('job.stalled', { duration: 360 }), en: 'no progress for 6m — possible NCCL hang', zh: '6分钟无进展，可能是 NCCL 挂起' },
    {
      name: 'stale checkpoint, two durations', reason: reasonOf('checkpoint.stale', { age: 2820, interval: 600 }),
      en: 'checkpoint 47m old, interval 10m', zh: '上次检查点在 47分钟前，间隔 10分钟',
    },
    { name: 'hours and minutes', reason: reasonOf('checkpoint.missing', { elapsed: 12_600, interval: 3600 }), en: 'no checkpoint in 3h 30m, interval 1h', zh: '已运行 3小时30分钟仍无检查点，间隔 1小时' },
    { name: 'grouped numbers', reason: reasonOf('job.workersRunningStepOf', { running: 4, desired: 4, step: 12_000, total: 50_000 }), en: '4/4 workers running, step 12,000/50,000', zh: '4/4 个 worker 运行中，步数 12,000/50,000' },
    { name: 'an XID by its name in the locale', reason: gpuLost, en: `XID 79: ${xidInfo(79)!.name.en}`, zh: `XID 79：${xidInfo(79)!.name['zh-CN']}` },
    {
      name: 'a nested GPU reason', reason: reasonOf('job.gpuLost', { gpu: 'n1/2' }, { cause: gpuLost }),
      en: 'GPU n1/2 lost: XID 79: GPU has fallen off the bus', zh: `GPU n1/2 丢失：XID 79：${xidInfo(79)!.name['zh-CN']}`,
    },
    {
      name: 'units', reason: reasonOf('gpu.throttled', { clock: 1100, percent: 56, peak: 1980 }),
      en: 'SM clock throttled: 1,100 MHz, 56% of 1,980 MHz', zh: 'SM 时钟降频：1,100 MHz，为峰值 1,980 MHz 的 56%',
    },
    { name: 'milliseconds', reason: reasonOf('inference.latencyAboveSlo', { p99: 180, slo: 150 }), en: 'p99 180 ms above SLO 150 ms', zh: 'p99 延迟 180毫秒，超过 SLO 150毫秒' },
    {
      name: 'a pair side, translated', reason: reasonOf('pair.replicasReady', { ready: 1, desired: 2 }, { where: reasonOf('pair.sideInZone', { role: 'primary', zone: 'zone-a' }) }),
      en: '1/2 replicas ready on primary (zone-a)', zh: '1/2 个副本就绪（主侧 zone-a）',
    },
    { name: 'a node condition, translated', reason: reasonOf('node.conditionWith', { condition: 'DiskPressure', message: 'ephemeral storage low' }), en: 'DiskPressure: ephemeral storage low', zh: '磁盘压力：ephemeral storage low' },
    {
      name: 'a list, joined by the locale', reason: reasonList([reasonOf('job.workersReady', { ready: 3, desired: 4 }), reasonOf('job.stalled', { duration: 360 })])!,
      en: '3/4 workers ready; no progress for 6m — possible NCCL hang', zh: '3/4 个 worker 就绪；6分钟无进展，可能是 NCCL 挂起',
    },
  ];
  it.each([...cases, ...actionCases])('$name', ({ reason, en: e, zh: z }) => {
    expect(formatReason(reason, en)).toBe(e);
    expect(formatReason(reason, zh)).toBe(z);
  });

  it('falls back to the English text for what it does not know', () => {
    const fallback = 'the model says so';
    const unknown: ReasonView[] = [
      { code: 'job.somethingNew' },
      { code: 'job.workersReady', params: { ready: 3 } }, // a parameter missing
      { code: 'job.workersReady', params: { ready: '3', desired: 4 } }, // of the wrong type
      { code: 'gpu.xid', params: { xid: 99_999 } }, // an XID this renderer has no name for
      { code: 'job.gpuLost', params: { gpu: 'n1/2' } }, // the nested cause missing
      { code: 'list', parts: [reasonOf('job.suspended', {}), { code: 'nope' }] }, // one part unknown
      { code: 'list', parts: [] },
    ];
    for (const r of unknown) {
      expect(formatReason(r, zh), JSON.stringify(r)).toBeUndefined();
      expect(reasonText(r, fallback, zh)).toBe(fallback);
    }
    expect(reasonText(undefined, fallback, zh)).toBe(fallback);
  });

  it('shows a role or condition it has no word for as sent', () => {
    expect(formatReason(reasonOf('node.condition', { condition: 'GpuPressure' }), zh)).toBe('GpuPressure');
    expect(formatReason(reasonOf('pair.side', { role: 'canary' }), zh)).toBe('canary');
  });
});
