/** Demo only: the simulator's virtual clock, its speed (1×…1000×) and pause. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { shownError } from '../../api/backendError';
import { Icon } from '../../components/Icon';
import { useFormat } from '../../i18n';
import { useBulwark } from '../../store';

export const CLOCK_SPEEDS = [1, 10, 100, 1000] as const;

export function DemoClock() {
  const { t } = useTranslation('common');
  const f = useFormat();
  const api = useApi();
  const clock = useBulwark((s) => s.status?.clock);
  const modelAt = useBulwark((s) => s.model.at);
  const linkOpen = useBulwark((s) => s.link.state === 'open');
  if (!clock) return null;
  const set = async (p: { speed?: number; paused?: boolean }) => {
    try {
      useBulwark.getState().setStatus(await api.setClock(p));
    } catch (err) {
      useBulwark.getState().setSyncError(shownError(err));
    }
  };
  return (
    <div className="demo-clock" role="group" aria-label={t('clock.label')}>
      <span className="clock-time" title={t('clock.virtualTime')} data-testid="demo-clock-time">{f.clock(Math.max(modelAt, clock.now))}</span>
      <div className="segmented" role="group" aria-label={t('clock.speed')}>
        {CLOCK_SPEEDS.map((s) => (
          <button key={s} type="button" disabled={!linkOpen} aria-pressed={clock.speed === s} onClick={() => void set({ speed: s })} data-testid={`clock-speed-${s}`}>
            {t('clock.speedValue', { speed: s })}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="icon-button"
        aria-pressed={clock.paused}
        disabled={!linkOpen}
        aria-label={clock.paused ? t('clock.resume') : t('clock.pause')}
        title={clock.paused ? t('clock.resume') : t('clock.pause')}
        onClick={() => void set({ paused: !clock.paused })}
        data-testid="clock-pause"
      >
        <Icon name={clock.paused ? 'play' : 'pause'} />
      </button>
    </div>
  );
}
