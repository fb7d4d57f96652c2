/** Horizontal bars (GPUs by namespace / by workload), one label per bar, no animation. */
import { useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { useElementSize } from '../useElementSize';
import { CHART_COLORS } from './chartPalette';

export interface BarDatum { label: string; value: number }

export function BarList({ data, valueLabel, ariaLabel, colorIndex = 0, testId, onSelect, tickLabel }: {
  data: BarDatum[];
  valueLabel: string;
  ariaLabel: string;
  colorIndex?: number;
  testId?: string;
  onSelect?(label: string): void;
  /** Short axis label for a long category (the tooltip keeps the full one). */
  tickLabel?(label: string): string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const theme = useBulwark((s) => s.theme);
  const f = useFormat();
  const colors = CHART_COLORS[theme];
  const height = Math.max(80, data.length * 26 + 30);
  const labelWidth = Math.min(200, Math.max(80, width * 0.38));
  return (
    <div ref={ref} className="chart" role="img" aria-label={ariaLabel} data-testid={testId}>
      {width > 0 ? (
        <BarChart layout="vertical" width={width} height={height} data={data} margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke={colors.grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} stroke={colors.text} tick={{ fill: colors.text, fontSize: 11 }} tickFormatter={(v: number) => f.number(v)} />
          <YAxis
            type="category"
            dataKey="label"
            width={labelWidth}
            stroke={colors.text}
            tick={{ fill: colors.text, fontSize: 11 }}
            tickFormatter={(v: string) => { const s = tickLabel ? tickLabel(v) : v; return s.length > 30 ? `${s.slice(0, 28)}…` : s; }}
            interval={0}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: colors.grid }}
            formatter={(v) => [f.number(Number(v)), valueLabel]}
            labelStyle={{ color: colors.text, overflowWrap: 'anywhere' }}
            contentStyle={{ background: colors.bg, border: `1px solid ${colors.border}`, color: colors.text, fontSize: 12 }}
          />
          <Bar
            dataKey="value"
            name={valueLabel}
            fill={colors.series[colorIndex % colors.series.length]}
            isAnimationActive={false}
            barSize={16}
            onClick={onSelect ? (d: { payload?: BarDatum }) => d.payload && onSelect(d.payload.label) : undefined}
            cursor={onSelect ? 'pointer' : undefined}
          />
        </BarChart>
      ) : null}
    </div>
  );
}
