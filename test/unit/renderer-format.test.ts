import { describe, expect, it } from 'vitest';
import { formatDuration, formatMiB, formatNumber, formatPercent, formatTemp, formatWatts } from '../../renderer/i18n/format';

describe('locale formatting', () => {
  it.each([
    ['en', 45, '45s'],
    ['en', 3725, '1h 2m'],
    ['en', 7200, '2h'],
    ['en', 90061, '1d 1h'],
    ['zh-CN', 3725, '1小时2分钟'],
    ['zh-CN', 45, '45秒'],
  ] as const)('%s duration of %d s is %s', (locale, s, text) => {
    expect(formatDuration(locale, s)).toBe(text);
  });

  it.each([
    ['en', 12345.6, '12,346'],
    ['zh-CN', 12345.6, '12,346'],
  ] as const)('%s number %d', (locale, n, text) => {
    expect(formatNumber(locale, n)).toBe(text);
  });

  it('formats percentages, temperatures, watts and memory', () => {
    expect(formatPercent('en', 63.4)).toBe('63%');
    expect(formatTemp('zh-CN', 71)).toBe('71°C');
    expect(formatWatts('en', 412.4)).toBe('412 W');
    expect(formatMiB('en', 81920)).toBe('80 GiB');
    expect(formatMiB('en', 512)).toBe('512 MiB');
  });

  it('shows a dash for missing values', () => {
    expect(formatPercent('en', undefined)).toBe('—');
    expect(formatDuration('en', undefined)).toBe('—');
  });
});
