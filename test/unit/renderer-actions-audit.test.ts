/** The Audit view's pairing of start and end entries, its filters and its export file name. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/actions';
import { countOutcomes, exportFileName, filterAuditRows, pairAuditEntries } from '../../renderer/views/Audit/auditRows';

function entry(id: string, phase: AuditEntry['phase'], time: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return { id, phase, time, user: 'alice', source: 'kube:prod', action: 'drain', target: 'gpu-h100-a-0003', params: { node: 'gpu-h100-a-0003' }, ...extra };
}

// Newest first, as listAudit returns them.
const log: AuditEntry[] = [
  entry('c', 'start', '2025-01-01T10:05:00Z', { action: 'failover', target: 'inference-prod/chat-llama-70b', params: { workload: 'Deployment/inference-prod/chat-llama-70b' } }),
  entry('b', 'end', '2025-01-01T10:03:10Z', { action: 'cordon', result: 'error', message: 'Permission denied', durationMs: 120 }),
  entry('b', 'start', '2025-01-01T10:03:00Z', { action: 'cordon' }),
  entry('a', 'end', '2025-01-01T10:01:30Z', { result: 'ok', message: 'Drained gpu-h100-a-0003', durationMs: 30_000 }),
  entry('a', 'start', '2025-01-01T10:01:00Z'),
  entry('z', 'end', '2025-01-01T09:00:10Z', { action: 'uncordon', result: 'ok', message: 'Uncordoned', durationMs: 10 }),
];

describe('audit rows', () => {
  it('pairs each start with its end by id, newest action first', () => {
    const rows = pairAuditEntries(log);
    expect(rows.map((r) => r.id)).toEqual(['c', 'b', 'a', 'z']);
    const a = rows.find((r) => r.id === 'a')!;
    expect(a.start?.phase).toBe('start');
    expect(a.end?.phase).toBe('end');
    expect(a).toMatchObject({ outcome: 'ok', durationMs: 30_000, message: 'Drained gpu-h100-a-0003', time: Date.parse('2025-01-01T10:01:00Z') });
    expect(rows.find((r) => r.id === 'b')).toMatchObject({ outcome: 'error', message: 'Permission denied' });
  });

  it('a start without an end is an interrupted action — unless the renderer knows it is running', () => {
    expect(pairAuditEntries(log).find((r) => r.id === 'c')?.outcome).toBe('interrupted');
    expect(pairAuditEntries(log, new Set(['c'])).find((r) => r.id === 'c')?.outcome).toBe('running');
  });

  it('an end whose start is beyond the loaded window still shows, at its end time', () => {
    const z = pairAuditEntries(log).find((r) => r.id === 'z')!;
    expect(z.start).toBeUndefined();
    expect(z).toMatchObject({ outcome: 'ok', action: 'uncordon', time: Date.parse('2025-01-01T09:00:10Z') });
  });

  it('a duration missing from the end entry is computed from the two times', () => {
    const rows = pairAuditEntries([entry('x', 'end', '2025-01-01T10:00:05Z', { result: 'ok' }), entry('x', 'start', '2025-01-01T10:00:00Z')]);
    expect(rows[0].durationMs).toBe(5000);
  });

  it('counts outcomes for the header', () => {
    expect(countOutcomes(pairAuditEntries(log))).toEqual({ ok: 2, error: 1, running: 0, interrupted: 1, refused: 0 });
  });

  it('a refused attempt is a row of its own, never interrupted or running, with its reason', () => {
    const withRefused = [
      entry('r', 'refused', '2025-01-01T10:06:00Z', { action: 'cordon', refusal: 'forbidden', message: 'Permission denied: you may not patch nodes (cluster-wide)', user: 'bob' }),
      ...log,
    ];
    const rows = pairAuditEntries(withRefused, new Set(['r']));
    expect(rows.map((r) => r.id)).toEqual(['r', 'c', 'b', 'a', 'z']);
    expect(rows[0]).toMatchObject({
      outcome: 'refused', refusal: 'forbidden', user: 'bob', action: 'cordon', target: 'gpu-h100-a-0003',
      message: 'Permission denied: you may not patch nodes (cluster-wide)', time: Date.parse('2025-01-01T10:06:00Z'),
    });
    expect(rows[0].start).toBeUndefined();
    expect(rows[0].durationMs).toBeUndefined();
    expect(countOutcomes(rows)).toEqual({ ok: 2, error: 1, running: 0, interrupted: 1, refused: 1 });
    expect(filterAuditRows(rows, { action: '', outcome: 'refused', text: '' }).map((r) => r.id)).toEqual(['r']);
    expect(filterAuditRows(rows, { action: '', outcome: '', text: 'FORBIDDEN' }).map((r) => r.id)).toEqual(['r']);
  });
});

describe('audit filters', () => {
  const rows = pairAuditEntries(log);
  it.each([
    ['by action', { action: 'cordon', outcome: '', text: '' }, ['b']],
    ['by result', { action: '', outcome: 'interrupted', text: '' }, ['c']],
    ['by text in the target', { action: '', outcome: '', text: 'CHAT-llama' }, ['c']],
    ['by text in the message', { action: '', outcome: '', text: 'permission' }, ['b']],
    ['by text in the parameters', { action: '', outcome: '', text: 'Deployment/inference-prod' }, ['c']],
    ['nothing: everything', { action: '', outcome: '', text: '' }, ['c', 'b', 'a', 'z']],
  ] as const)('%s', (_name, f, ids) => {
    expect(filterAuditRows(rows, f).map((r) => r.id)).toEqual(ids);
  });
});

describe('export', () => {
  it('names the file by local date and time, .jsonl', () => {
    expect(exportFileName(new Date(2025, 0, 2, 3, 4, 5))).toBe('bulwark-audit-20250102-030405.jsonl');
  });
});
