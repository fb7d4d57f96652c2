import { describe, it, expect } from 'vitest';
import {
  explainers,
  getExplainer,
  searchExplainers,
  isExplainerId,
  EXPLAINER_IDS,
  XID_TABLE,
  type Explainer,
  type Locale,
} from '../../shared/explainers';
import { XID_CODES, xidClass, xidInfo, XID_CLASS_LABELS, type XidClass } from '../../shared/xid';

const REQUIRED_IDS = [
  'gpu-allocation-vs-utilization', 'dcgm-metrics', 'gpu-health', 'xid-errors', 'ecc-row-remapping', 'nvlink-errors',
  'thermal-throttling', 'stragglers', 'node-conditions', 'notready-eviction-timeout', 'cordon', 'drain',
  'taints-tolerations', 'pod-disruption-budget', 'eviction-api', 'checkpointing', 'checkpoint-interval',
  'async-checkpoints', 'lost-work', 'rpo', 'rto', 'mtbf-mttr', 'goodput', 'elastic-training', 'data-parallelism',
  'model-parallelism', 'pipeline-parallelism', 'tensor-parallelism', 'allreduce-vs-parameter-server', 'nccl-hangs',
  'gang-scheduling', 'priority-preemption', 'quotas', 'headroom-n-plus-1', 'failure-domains',
  'failover-active-passive-active-active', 'redundancy', 'failure-detection', 'isolation', 'retries-error-masking',
  'disaster-recovery', 'fault-injection-game-days', 'autoscaling', 'model-compression', 'power-energy', 'data-age',
  'dry-run', 'rbac', 'audit-log', 'read-only-mode',
] as const;

const LOCALES: Locale[] = ['en', 'zh-CN'];
const TEXT_FIELDS = ['title', 'summary', 'whyItMatters', 'whereInBulwark', 'whatToDo'] as const;
const CJK = /[\u4e00-\u9fff]/;

/** The classes the simulator relies on (it calls xidClass to decide consequences). */
const EXPECTED_XID_CLASSES: [number, XidClass][] = [
  [13, 'application'], [31, 'application'], [43, 'application'], [94, 'application'],
  [48, 'memory'], [63, 'memory'], [64, 'memory'], [92, 'memory'], [95, 'memory'], [140, 'memory'],
  [74, 'nvlink'],
  [79, 'gpu-lost'],
  [32, 'driver'], [61, 'driver'], [62, 'driver'], [109, 'driver'], [119, 'driver'], [120, 'driver'],
  [45, 'other'], [68, 'other'],
  [69, 'application'],
];

const ids = (list: Explainer[]) => list.map((e) => e.id);

describe('explainer catalogue', () => {
  it('has at least 45 explainers', () => {
    expect(explainers.length).toBeGreaterThanOrEqual(45);
  });

  it('has unique, kebab-case ids', () => {
    const all = explainers.map((e) => e.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('matches EXPLAINER_IDS exactly, in order', () => {
    expect(explainers.map((e) => e.id)).toEqual([...EXPLAINER_IDS]);
  });

  it.each(REQUIRED_IDS)('contains required id %s', (id) => {
    expect(getExplainer(id)?.id).toBe(id);
    expect(isExplainerId(id)).toBe(true);
  });

  it('returns undefined for unknown ids', () => {
    expect(getExplainer('no-such-explainer')).toBeUndefined();
    expect(isExplainerId('no-such-explainer')).toBe(false);
  });
});

describe.each(explainers.map((e) => [e.id, e] as const))('explainer %s', (_id, e) => {
  it.each(TEXT_FIELDS)('field %s is filled in both locales', (field) => {
    for (const locale of LOCALES) {
      expect(e[field][locale].trim().length, `${e.id}.${field}.${locale}`).toBeGreaterThan(0);
    }
  });

  it.each(TEXT_FIELDS)('field %s has real Chinese text', (field) => {
    expect(e[field]['zh-CN']).toMatch(CJK);
    expect(e[field]['zh-CN']).not.toBe(e[field].en);
  });

  it('links only to existing explainers, never to itself', () => {
    expect(e.related.length).toBeGreaterThan(0);
    for (const r of e.related) {
      expect(getExplainer(r), `${e.id} -> ${r}`).toBeDefined();
      expect(r).not.toBe(e.id);
    }
    expect(new Set(e.related).size).toBe(e.related.length);
  });

  it('cites at least one https source', () => {
    expect(e.sources.length).toBeGreaterThanOrEqual(1);
    for (const s of e.sources) {
      expect(s.title.trim().length).toBeGreaterThan(0);
      expect(() => new URL(s.url)).not.toThrow();
      expect(new URL(s.url).protocol).toBe('https:');
    }
  });

  it('has a well-formed table when it has one', () => {
    if (!e.table) return;
    expect(e.table.columns.length).toBeGreaterThan(0);
    expect(e.table.rows.length).toBeGreaterThan(0);
    for (const row of e.table.rows) {
      expect(row.length).toBe(e.table.columns.length);
      for (const cell of row) for (const l of LOCALES) expect(cell[l].trim().length).toBeGreaterThan(0);
    }
  });
});

describe('XID catalogue', () => {
  it('has unique codes', () => {
    const codes = XID_CODES.map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(EXPECTED_XID_CLASSES)('XID %i is class %s', (code, cls) => {
    expect(xidInfo(code)?.code).toBe(code);
    expect(xidClass(code)).toBe(cls);
  });

  it('reports unknown codes as other', () => {
    expect(xidInfo(99999)).toBeUndefined();
    expect(xidClass(99999)).toBe('other');
  });

  it('requires a reset for the hardware faults and not for application faults', () => {
    for (const code of [48, 64, 74, 79, 95, 119]) expect(xidInfo(code)?.resetRequired, `XID ${code}`).toBe(true);
    for (const code of [13, 31, 43, 94]) expect(xidInfo(code)?.resetRequired, `XID ${code}`).toBe(false);
  });

  it('has names and actions in both locales', () => {
    for (const x of XID_CODES) {
      for (const l of LOCALES) {
        expect(x.name[l].trim()).not.toBe('');
        expect(x.action[l].trim()).not.toBe('');
      }
      expect(x.name['zh-CN']).toMatch(CJK);
      expect(x.action['zh-CN']).toMatch(CJK);
    }
  });

  it('xid-errors carries the XID table, covering every required code with its class', () => {
    const table = getExplainer('xid-errors')?.table;
    expect(table).toBe(XID_TABLE);
    expect(table?.columns.map((c) => c.en)).toEqual(['Code', 'Meaning', 'Class', 'Recommended action']);
    const rows = new Map(table!.rows.map((r) => [Number(r[0].en), r]));
    for (const [code, cls] of EXPECTED_XID_CLASSES) {
      const row = rows.get(code);
      expect(row, `XID ${code} in table`).toBeDefined();
      expect(row![2]).toEqual(XID_CLASS_LABELS[cls]);
      expect(row![1]).toEqual(xidInfo(code)!.name);
    }
  });
});

describe('searchExplainers', () => {
  it('finds cordon by the Chinese query 封锁', () => {
    const hits = ids(searchExplainers('封锁', 'zh-CN'));
    expect(hits[0]).toBe('cordon');
  });

  it('finds cordon by English "cordon", title hit first', () => {
    expect(ids(searchExplainers('cordon', 'en'))[0]).toBe('cordon');
    expect(ids(searchExplainers('CORDON', 'en'))[0]).toBe('cordon');
  });

  it('also searches English text from the Chinese locale', () => {
    expect(ids(searchExplainers('cordon', 'zh-CN'))[0]).toBe('cordon');
  });

  it('finds xid-errors for "XID 79"', () => {
    expect(ids(searchExplainers('XID 79', 'en'))[0]).toBe('xid-errors');
    expect(ids(searchExplainers('xid 79', 'zh-CN'))[0]).toBe('xid-errors');
  });

  it('finds explainers by keyword and body text', () => {
    expect(ids(searchExplainers('PDB', 'en'))).toContain('pod-disruption-budget');
    expect(ids(searchExplainers('DefaultTolerationSeconds', 'en'))[0]).toBe('notready-eviction-timeout');
    expect(ids(searchExplainers('Young', 'en'))[0]).toBe('checkpoint-interval');
    expect(ids(searchExplainers('排空', 'zh-CN'))[0]).toBe('drain');
  });

  it('ranks title hits before body hits', () => {
    const hits = ids(searchExplainers('checkpoint', 'en'));
    const titleHits = explainers.filter((e) => e.title.en.toLowerCase().includes('checkpoint')).map((e) => e.id);
    expect(titleHits.length).toBeGreaterThan(1);
    expect(new Set(hits.slice(0, titleHits.length))).toEqual(new Set(titleHits));
  });

  it('searches only English prose in the English locale (bilingual keywords still match)', () => {
    expect(searchExplainers('不可纠正', 'en')).toEqual([]);
    expect(ids(searchExplainers('不可纠正', 'zh-CN'))).toContain('ecc-row-remapping');
  });

  it('returns nothing for an empty query or nonsense', () => {
    expect(searchExplainers('   ', 'en')).toEqual([]);
    expect(searchExplainers('zzqxqzz', 'en')).toEqual([]);
  });
});
