/**
 * A line chart over time, downsampled to the pixels it has and never animated (live data would
 * make it twitch). The wrapper is an image with a text label for screen readers.
 */
import { useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';
import { downsample } from '../../store/selectors/downsample';
import { useElementSize } from '../useElementSize';
import { CHART_COLORS } from './chartPalette';

export interface SeriesDef { key: string; label: string; colorIndex?: number }

export interface TimeSeriesChartProps {
  data: readonly Record<string, number | undefined>[];
  series: SeriesDef[];
  height?: number;
  yDomain?: [number | 'auto', number | 'auto'];
  yFormat?(v: number): string;
  ariaLabel: string;
  testId?: string;
}

export function TimeSeriesChart({ data, series, height = 180, yDomain, yFormat, ariaLabel, testId }: TimeSeriesChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const theme = useBulwark((s) => s.theme);
  const f = useFormat();
  const colors = CHART_COLORS[theme];
  const points = useMemo(() => {
    const firstKey = series[0]?.key;
    return downsample(data, Math.max(40, width / 2), (p) => (firstKey ? p[firstKey] : undefined));
  }, [data, width, series]);
  const fmt = yFormat ?? ((v: number) => f.number(v, 1));
  return (
    <div ref={ref} className="chart" role="img" aria-label={ariaLabel} data-testid={testId} data-points={points.length}>
      {width > 0 && points.length > 0 ? (
        <LineChart width={width} height={height} data={points as Record<string, number>[]} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => f.time(v)} stroke={colors.text} tick={{ fill: colors.text, fontSize: 11 }} minTickGap={48} />
          <YAxis domain={yDomain ?? ['auto', 'auto']} tickFormatter={(v: number) => fmt(v)} stroke={colors.text} tick={{ fill: colors.text, fontSize: 11 }} width={52} />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(v) => f.dateTime(Number(v))}
            formatter={(v, name) => [typeof v === 'number' ? fmt(v) : String(v), String(name)]}
            contentStyle={{ background: colors.bg, border: `1px solid ${colors.border}`, color: colors.text, fontSize: 12 }}
          />
          {series.map((s, i) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={colors.series[(s.colorIndex ?? i) % colors.series.length]} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      ) : (
        <div style={{ height }} />
      )}
      {series.length > 1 ? (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s, i) => (
            <li key={s.key}><span className="swatch" style={{ background: colors.series[(s.colorIndex ?? i) % colors.series.length] }} />{s.label}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
