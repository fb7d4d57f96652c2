/**
 * The debrief's timeline as a chart: cluster seconds since the fault across, one row per kind
 * of entry (fault, action, hint, stage done). Never animated; an image with a text label for
 * screen readers — the list below the chart carries the same entries as text.
 */
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DrillTimelineEntry } from '../../../shared/drills';
import { useBulwark } from '../../store';
import { CHART_COLORS } from '../charts/chartPalette';
import { useElementSize } from '../useElementSize';
import { TIMELINE_LANES, stopwatch, timeTicks, timelinePoints, type TimelinePoint } from './drillPresentation';
import { useReasonText } from '../ReasonText';

const SHAPES: Record<string, 'triangle' | 'circle' | 'diamond' | 'square'> = { fault: 'triangle', action: 'circle', hint: 'diamond', stage: 'square' };

export function DrillTimelineChart({ timeline, height = 190 }: { timeline: readonly DrillTimelineEntry[]; height?: number }) {
  const { t } = useTranslation('drills');
  const ref = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(ref);
  const theme = useBulwark((s) => s.theme);
  const locale = useBulwark((s) => s.locale);
  const colors = CHART_COLORS[theme];
  const reasonText = useReasonText();
  const points = useMemo(() => timelinePoints(timeline, locale, reasonText), [timeline, locale, reasonText]);
  const byKind = useMemo(() => {
    const m = new Map<string, TimelinePoint[]>();
    for (const p of points) m.set(p.kind, [...(m.get(p.kind) ?? []), p]);
    return m;
  }, [points]);
  const axis = useMemo(() => timeTicks(Math.max(0, ...points.map((p) => p.t))), [points]);
  const laneLabel = (lane: number) => {
    const kind = TIMELINE_LANES[TIMELINE_LANES.length - 1 - lane];
    return kind ? t(`kind.${kind}`) : '';
  };
  const colorOf = (kind: string) => colors.series[{ fault: 1, action: 0, hint: 4, stage: 2 }[kind] ?? 3];
  return (
    <div ref={ref} className="chart drill-timeline-chart" role="img" aria-label={t('debrief.chartLabel')} data-testid="drill-timeline-chart">
      {width > 0 ? (
        <ScatterChart width={width} height={height} margin={{ top: 10, right: 16, bottom: 18, left: 4 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          <XAxis
            type="number" dataKey="t" name={t('debrief.timeAxis')} domain={[0, axis.domainMax]} ticks={axis.ticks} tickFormatter={(v: number) => stopwatch(v)}
            stroke={colors.text} tick={{ fill: colors.text, fontSize: 11 }}
            label={{ value: t('debrief.timeAxis'), position: 'insideBottom', offset: -10, fill: colors.text, fontSize: 11 }}
          />
          <YAxis
            type="number" dataKey="lane" domain={[-0.5, TIMELINE_LANES.length - 0.5]} ticks={TIMELINE_LANES.map((_, i) => i)} tickFormatter={laneLabel}
            stroke={colors.text} tick={{ fill: colors.text, fontSize: 11 }} width={64} allowDecimals={false}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ strokeDasharray: '3 3' }}
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as TimelinePoint | undefined) : undefined;
              if (!p) return null;
              return (
                <div className="drill-chart-tip" style={{ background: colors.bg, borderColor: colors.border, color: colors.text }}>
                  <strong>{stopwatch(p.t)} · {t(`kind.${p.kind}`)}</strong>
                  <div>{p.text}</div>
                </div>
              );
            }}
          />
          {TIMELINE_LANES.map((kind) => (
            <Scatter key={kind} name={t(`kind.${kind}`)} data={byKind.get(kind) ?? []} fill={colorOf(kind)} shape={SHAPES[kind]} isAnimationActive={false} />
          ))}
        </ScatterChart>
      ) : (
        <div style={{ height }} />
      )}
    </div>
  );
}
