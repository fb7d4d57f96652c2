import { describe, expect, it } from 'vitest';
import type { DrillDebrief } from '../../shared/drills';
import { entryText, objectiveChecks, stopwatch, timeTicks, timelinePoints } from '../../renderer/components/drills/drillPresentation';

describe('drill screens', () => {
  it.each([[0, '0:00'], [7, '0:07'], [65, '1:05'], [3600, '1:00:00'], [3725.9, '1:02:05'], [undefined, '—']])('stopwatch(%s) is %s', (sec, text) => {
    expect(stopwatch(sec)).toBe(text);
  });

  it('puts time ticks on round marks, at most about eight', () => {
    expect(timeTicks(234)).toEqual({ domainMax: 240, ticks: [0, 30, 60, 90, 120, 150, 180, 210, 240] });
    expect(timeTicks(500)).toEqual({ domainMax: 600, ticks: [0, 120, 240, 360, 480, 600] });
    expect(timeTicks(20)).toEqual({ domainMax: 60, ticks: [0, 15, 30, 45, 60] });
    const long = timeTicks(1395);
    expect(long.ticks.length).toBeLessThanOrEqual(9);
    expect(long.domainMax).toBeGreaterThanOrEqual(1395);
    expect(long.ticks.every((t) => t % 60 === 0)).toBe(true);
  });

  it('charts faults, actions, hints and stages on their own rows, in the chosen language, and leaves notes to the list', () => {
    const points = timelinePoints([
      { tSec: 0, kind: 'fault', text: 'XID 79', localized: { en: 'XID 79', 'zh-CN': '出现 XID 79' } },
      { tSec: 5, kind: 'note', text: 'Opened gpu' },
      { tSec: 15, kind: 'action', text: 'cordon n1' },
      { tSec: 50, kind: 'stage', text: 'Stage done' },
    ], 'zh-CN');
    expect(points.map((p) => p.kind)).toEqual(['fault', 'action', 'stage']);
    expect(points[0]).toMatchObject({ t: 0, text: '出现 XID 79', lane: 3 });
    expect(points[2].lane).toBe(0);
  });

  it('shows an action line with the action\'s result in the chosen language, from its reason code', () => {
    const result = { message: 'Cordoned n1: no new pods are scheduled there.', messageCode: { code: 'action.cordon.done', params: { node: 'n1' } } };
    const line = {
      tSec: 15, kind: 'action' as const, text: `cordon n1: ${result.message}`,
      localized: { en: `cordon n1: ${result.message}`, 'zh-CN': `封锁 n1：${result.message}` },
      result: { before: { en: 'cordon n1: ', 'zh-CN': '封锁 n1：' }, ...result, after: { en: '', 'zh-CN': '' } },
    };
    const zh = (code: unknown, fallback: string) => (code === result.messageCode ? '已封锁 n1：不再向其调度新 Pod。' : fallback);
    expect(entryText(line, 'zh-CN', zh)).toBe('封锁 n1：已封锁 n1：不再向其调度新 Pod。');
    expect(timelinePoints([line], 'zh-CN', zh)[0].text).toBe('封锁 n1：已封锁 n1：不再向其调度新 Pod。');
    // Without the formatter (the CLI, an older client) the localized line, with the English result.
    expect(entryText(line, 'zh-CN')).toBe(`封锁 n1：${result.message}`);
  });

  it('judges recovery against the RTO and work lost against the RPO', () => {
    const d = { timeToRecoverSec: 300, rtoSec: 600, workLostSec: 1500, rpoSec: 1200 } as DrillDebrief;
    expect(objectiveChecks(d)).toEqual({ recovery: 'ok', workLost: 'over' });
    expect(objectiveChecks({ ...d, rtoSec: undefined, rpoSec: undefined })).toEqual({ recovery: 'none', workLost: 'none' });
  });
});
