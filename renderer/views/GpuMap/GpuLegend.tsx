import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n';
import { TEMP_BANDS, UTIL_BANDS } from '../../store/selectors/gpuClass';
import type { GpuColorBy, Theme } from '../../store/uiSlice';
import { GPU_PALETTE, OUTLINE_CLASSES } from './gpuPalette';

export function GpuLegend({ colorBy, classes, theme }: { colorBy: GpuColorBy; classes: readonly string[]; theme: Theme }) {
  const { t } = useTranslation('gpus');
  const f = useFormat();
  const label = (c: string): string => {
    if (c === 'na') return t('legend.noMetrics');
    if (colorBy === 'utilization') return bandLabel(UTIL_BANDS, Number(c.slice(1)), (v) => f.percent(v));
    if (colorBy === 'temperature') return bandLabel(TEMP_BANDS, Number(c.slice(1)), (v) => f.temp(v));
    return t(`legend.${colorBy}.${c}`);
  };
  return (
    <ul className="legend" aria-label={t('legend.title', { what: t(`colorByOption.${colorBy}`) })} data-testid="gpu-legend">
      {classes.map((c) => (
        <li key={c}>
          <span
            className="swatch"
            style={OUTLINE_CLASSES.has(c) ? { borderColor: GPU_PALETTE[theme][colorBy][c], background: 'transparent' } : { background: GPU_PALETTE[theme][colorBy][c], borderColor: GPU_PALETTE[theme][colorBy][c] }}
            aria-hidden="true"
          />
          {label(c)}
        </li>
      ))}
    </ul>
  );
}

function bandLabel(bands: readonly number[], i: number, fmt: (v: number) => string): string {
  const lo = bands[i];
  const hi = bands[i + 1];
  if (i === 0) return `< ${fmt(hi)}`;
  if (hi === undefined) return `≥ ${fmt(lo)}`;
  return `${fmt(lo)} – ${fmt(hi)}`;
}
