/**
 * A table that renders only the rows in view (@tanstack/react-virtual), so 2,000 nodes or
 * 5,000 events scroll smoothly while deltas stream in. ARIA table semantics on a CSS grid:
 * aria-rowcount/aria-rowindex tell assistive technology the full size, column headers carry
 * aria-sort and are buttons when sortable.
 */
import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SortState } from '../store/uiSlice';

export interface Column<T> {
  id: string;
  header: ReactNode;
  /** CSS grid track, e.g. 'minmax(12rem, 2fr)' or '6rem'. */
  width: string;
  align?: 'start' | 'end';
  sortable?: boolean;
  /** Rendered after the header text, outside the sort button (e.g. an <ExplainTerm>). */
  headerExtra?: ReactNode;
  cell(row: T): ReactNode;
}

export interface VirtualTableProps<T> {
  label: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  sort?: SortState;
  onSort?(column: string): void;
  rowHeight?: number;
  selectedKey?: string;
  onRowClick?(row: T): void;
  empty?: ReactNode;
  className?: string;
  testId?: string;
}

const HEADER_HEIGHT = 40;
const COLUMN_GAP_PX = 10;
const ROW_PADDING_PX = 20;

/**
 * The narrowest the table may get: the sum of each column's minimum (the rem value in
 * '7rem' or 'minmax(7rem, …)'). Header and body rows share this width, so `fr` tracks
 * resolve identically in both and the columns line up whatever the header text is.
 */
export function tableMinWidth(widths: readonly string[]): string {
  let rem = 0;
  for (const w of widths) {
    const m = /^(?:minmax\(\s*)?(\d+(?:\.\d+)?)rem/.exec(w.trim());
    rem += m ? Number(m[1]) : 4;
  }
  return `calc(${rem}rem + ${(widths.length - 1) * COLUMN_GAP_PX + ROW_PADDING_PX}px)`;
}

export function VirtualTable<T>({ label, columns, rows, rowKey, sort, onSort, rowHeight = 36, selectedKey, onRowClick, empty, className, testId }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is designed to be read during render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const template = columns.map((c) => c.width).join(' ');
  const minWidth = tableMinWidth(columns.map((c) => c.width));
  const items = virtualizer.getVirtualItems();
  return (
    <div className={`vtable ${className ?? ''}`} role="table" aria-label={label} aria-rowcount={rows.length + 1} data-testid={testId} data-row-count={rows.length}>
      <div className="vtable-scroll" ref={scrollRef}>
        <div className="vtable-inner" style={{ minWidth }}>
        <div role="rowgroup" className="vtable-head">
          <div role="row" aria-rowindex={1} className="vtable-row" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
            {columns.map((c) => {
              const sorted = sort?.column === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <div role="columnheader" key={c.id} aria-sort={c.sortable ? sorted ?? 'none' : undefined} className={`vtable-th ${c.align === 'end' ? 'end' : ''}`} title={typeof c.header === 'string' ? c.header : undefined}>
                  {c.sortable && onSort ? (
                    <button type="button" className="th-button" onClick={() => onSort(c.id)} data-column={c.id}>
                      <span className="th-label">{c.header}</span>
                      <span className="sort-mark" aria-hidden="true">{sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}</span>
                    </button>
                  ) : <span className="th-label">{c.header}</span>}
                  {c.headerExtra}
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            const key = rowKey(row);
            return (
              <div
                role="row"
                key={key}
                aria-rowindex={item.index + 2}
                aria-current={selectedKey === key ? 'true' : undefined}
                className={`vtable-row body-row ${onRowClick ? 'clickable' : ''} ${selectedKey === key ? 'selected' : ''}`}
                style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                onClick={onRowClick ? (e) => { if (!(e.target as HTMLElement).closest('a,button,input,select')) onRowClick(row); } : undefined}
              >
                {columns.map((c) => (
                  <div role="cell" key={c.id} className={`vtable-td ${c.align === 'end' ? 'end' : ''}`}>{c.cell(row)}</div>
                ))}
              </div>
            );
          })}
        </div>
        </div>
        {rows.length === 0 && empty ? <div className="vtable-empty">{empty}</div> : null}
      </div>
    </div>
  );
}
