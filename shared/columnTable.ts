/**
 * A long list of similar objects as columns: the wire form of the snapshot's 16,000 GpuViews
 * and 2,000 NodeViews.
 * As objects, every row repeats every member name and every zone, pool, model, namespace and
 * workload string; as columns, names appear once and repeated strings once per column. About
 * a third of the bytes, and quicker to serialize and to parse. Generic over members, so a field
 * added to a view later travels without touching this code.
 */
import type { ColumnTable, TableColumn } from './views';

/** Columns of strings with at most this share of distinct values are dictionary-encoded. */
const DICT_SHARE = 0.5;

export function encodeTable(rows: readonly object[]): ColumnTable {
  const n = rows.length;
  const index = new Map<string, number>();
  const keys: string[] = [];
  const values: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i] as Record<string, unknown>;
    for (const k in r) {
      const v = r[k];
      if (v === undefined) continue;
      let c = index.get(k);
      if (c === undefined) {
        c = keys.length;
        index.set(k, c);
        keys.push(k);
        values.push(new Array<unknown>(n).fill(null));
      }
      values[c][i] = v;
    }
  }
  return { n, keys, cols: values.map(dictionary) };
}

/**
 * A column of strings (and absent members) with few distinct values becomes { dict, idx }; a
 * column of arrays of objects (a node's conditions) becomes one table of all their elements
 * and each row's length.
 */
function dictionary(col: unknown[]): TableColumn {
  if (isListOfObjects(col)) {
    const len = new Array<number>(col.length);
    const items: object[] = [];
    for (let i = 0; i < col.length; i++) {
      const list = col[i] as object[] | null;
      len[i] = list === null ? -1 : list.length;
      if (list) for (const x of list) items.push(x);
    }
    return { table: encodeTable(items), len };
  }
  const ids = new Map<string, number>();
  const idx = new Array<number>(col.length);
  const limit = Math.max(1, col.length * DICT_SHARE);
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null) { idx[i] = -1; continue; }
    if (typeof v !== 'string') return col;
    let j = ids.get(v);
    if (j === undefined) {
      if (ids.size >= limit) return col;
      j = ids.size;
      ids.set(v, j);
    }
    idx[i] = j;
  }
  return { dict: [...ids.keys()], idx };
}

function isListOfObjects(col: unknown[]): boolean {
  let any = false;
  for (const v of col) {
    if (v === null) continue;
    if (!Array.isArray(v)) return false;
    for (const x of v) if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    any = true;
  }
  return any;
}

/** The rows back, as fresh objects (absent members left out). Tolerates a malformed table: wrong parts read as absent. */
export function decodeTable<T>(t: ColumnTable): T[] {
  const n = Number.isInteger(t?.n) && t.n >= 0 ? t.n : 0;
  const out = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) out[i] = {};
  const keys = Array.isArray(t?.keys) ? t.keys : [];
  for (let c = 0; c < keys.length; c++) {
    const k = keys[c];
    const col = t.cols?.[c];
    if (typeof k !== 'string' || !col) continue;
    if (Array.isArray(col)) {
      for (let i = 0; i < n; i++) {
        const v = col[i];
        if (v !== null && v !== undefined) out[i][k] = v;
      }
    } else if ('dict' in col && Array.isArray(col.dict) && Array.isArray(col.idx)) {
      const { dict, idx } = col;
      for (let i = 0; i < n; i++) {
        const j = idx[i];
        if (j >= 0 && j < dict.length) out[i][k] = dict[j];
      }
    } else if ('table' in col && Array.isArray(col.len)) {
      const items = decodeTable<unknown>(col.table);
      let at = 0;
      for (let i = 0; i < n; i++) {
        const m = col.len[i];
        if (!(m >= 0)) continue;
        out[i][k] = items.slice(at, at + m);
        at += m;
      }
    }
  }
  return out as T[];
}
