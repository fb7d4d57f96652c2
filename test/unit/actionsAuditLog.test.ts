/**
 * The audit log is append-only JSON Lines that survives crashes: every entry is flushed before
 * append() returns, a torn last line never hides the entries before it, and nothing is rewritten.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, test } from 'vitest';
import type { AuditEntry } from '../../shared/actions';
import { AuditLog } from '../../electron/core/actions/auditLog';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-audit-'));
  dirs.push(d);
  return d;
}

function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `run-${n}`, time: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(), phase: 'start', user: 'alice', source: 'demo:lab',
    action: 'cordon', target: `gpu-${n}`, params: { node: `gpu-${n}` }, ...extra,
  };
}

describe('AuditLog', () => {
  test('append creates the folder, writes one line per entry, and read returns the newest first', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'audit.jsonl');
    const log = new AuditLog(file);
    expect(log.read()).toEqual({ entries: [], skipped: 0, torn: false });
    log.append(entry(1));
    log.append(entry(2, { phase: 'end', result: 'ok', message: 'done\nwith "quotes" and a newline', durationMs: 12 }));
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(3); // two lines and the final newline
    const { entries, skipped } = log.read();
    expect(entries.map((e) => e.id)).toEqual(['run-2', 'run-1']);
    expect(entries[0].message).toBe('done\nwith "quotes" and a newline');
    expect(skipped).toBe(0);
  });

  test('read skips garbage and invalid lines, counting them, and ignores a torn last line', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(entry(1));
    fs.appendFileSync(file, 'not json at all\n{"id":"x","phase":"middle"}\n\n');
    log.append(entry(2));
    fs.appendFileSync(file, JSON.stringify(entry(3)).slice(0, 40)); // a crash mid-write
    const r = log.read();
    expect(r.entries.map((e) => e.id)).toEqual(['run-2', 'run-1']);
    expect(r.skipped).toBe(2);
    expect(r.torn).toBe(true);
  });

  test('an end entry keeps its message\'s reason code; a code this version cannot read is dropped, never the entry', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    const messageCode = { code: 'action.cordon.done', params: { node: 'gpu-1' } };
    log.append(entry(1, { phase: 'end', result: 'ok', message: 'Cordoned gpu-1: no new pods are scheduled there.', messageCode }));
    fs.appendFileSync(file, `${JSON.stringify({ ...entry(2, { phase: 'end', result: 'ok', message: 'from elsewhere' }), messageCode: { code: 7, params: [true] } })}\n`);
    const r = log.read();
    expect(r.skipped).toBe(0);
    expect(r.entries.map((e) => [e.id, e.message, e.messageCode])).toEqual([['run-2', 'from elsewhere', undefined], ['run-1', 'Cordoned gpu-1: no new pods are scheduled there.', messageCode]]);
  });

  test('an append after a torn line starts on a fresh line, so the new entry is intact', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(entry(1));
    fs.appendFileSync(file, '{"id":"run-2","ti');
    log.append(entry(3));
    const r = log.read();
    expect(r.entries.map((e) => e.id)).toEqual(['run-3', 'run-1']);
    expect(r.skipped).toBe(1); // the torn bytes, now a line of their own
    expect(r.torn).toBe(false);
  });

  test('appends never rewrite what is already in the file', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(entry(1));
    const before = fs.readFileSync(file);
    log.append(entry(2));
    const after = fs.readFileSync(file);
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
  });

  test('an invalid entry is refused and nothing is written', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    expect(() => log.append({ ...entry(1), action: 'format-disk' } as unknown as AuditEntry)).toThrow();
    expect(fs.existsSync(file)).toBe(false);
  });

  test('read with a limit returns only the newest entries, across read chunks', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    const long = 'x'.repeat(700);
    for (let i = 0; i < 400; i++) log.append(entry(i, { phase: 'end', result: 'ok', message: long, durationMs: i }));
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 64 * 1024);
    const r = log.read({ limit: 250 });
    expect(r.entries).toHaveLength(250);
    expect(r.entries[0].id).toBe('run-399');
    expect(r.entries[249].id).toBe('run-150');
    expect(log.read({ limit: 5000 }).entries).toHaveLength(400);
  });

  test('exportJsonl returns the valid entries oldest first, one per line', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(entry(1));
    fs.appendFileSync(file, 'garbage\n');
    log.append(entry(2));
    const lines = log.exportJsonl().trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['run-1', 'run-2']);
    expect(new AuditLog(path.join(tempDir(), 'missing.jsonl')).exportJsonl()).toBe('');
  });

  test('a refused attempt is one line with its reason code, kept by read and export; a refused line without a code is not an entry', () => {
    const file = path.join(tempDir(), 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(entry(1));
    log.append(entry(2, { phase: 'refused', refusal: 'forbidden', message: 'Permission denied: you may not patch nodes (cluster-wide)' }));
    expect(() => log.append(entry(3, { phase: 'refused', message: 'no code' }))).toThrow(/refusal/);
    expect(() => log.append(entry(4, { phase: 'end', result: 'ok', refusal: 'readOnly' }))).toThrow(/refusal/);
    // A line written by hand (or by a bug) without the code is skipped on read, like any invalid line.
    fs.appendFileSync(file, JSON.stringify(entry(5, { phase: 'refused' })) + '\n');
    const read = log.read();
    expect(read.entries.map((e) => [e.id, e.phase, e.refusal])).toEqual([['run-2', 'refused', 'forbidden'], ['run-1', 'start', undefined]]);
    expect(read.skipped).toBe(1);
    expect(log.exportJsonl().trimEnd().split('\n').map((l) => JSON.parse(l).phase)).toEqual(['start', 'refused']);
  });

  test('a process killed mid-action leaves a readable audit log with its start entry', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'audit.jsonl');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const script = path.join(dir, 'child.ts');
    // The child starts a real cordon through the ActionEngine against a cluster whose write never
    // answers, so it dies with the action in flight. A short line is written by one write(2) and
    // cannot be cut by a signal on demand, so the child then appends the next entry a few bytes at
    // a time: the SIGKILL lands in the middle of that line, as a crash mid-write would.
    fs.writeFileSync(script, `
      import fs from 'node:fs';
      import { ActionEngine } from ${JSON.stringify(path.join(root, 'electron/core/actions/actionEngine'))};
      import { AuditLog } from ${JSON.stringify(path.join(root, 'electron/core/actions/auditLog'))};
      const file = process.argv[2];
      const node = { name: 'gpu-1', zone: 'z', pool: 'p', gpuModel: 'H100', gpuCapacity: 8, gpuAllocatable: 8, gpuAllocated: 0, ready: true, schedulable: true, taints: [], health: 'healthy', conditions: [], podCount: 0, gpuPodCount: 0 };
      const model = { node: () => node, nodes: () => [node], nodeObject: () => ({ metadata: { name: 'gpu-1' }, spec: {} }) };
      const hang = () => new Promise(() => {});
      let writing = false;
      const ops = {
        canI: async () => ({ allowed: true }),
        whoAmI: async () => 'alice',
        mergePatch: () => { writing = true; return hang(); },
        evictPod: hang, delete: hang, scale: hang,
      };
      const source = { info: { kind: 'kube', name: 'kube:test' }, ops, start: async () => {}, stop: async () => {}, now: () => Date.now() };
      const engine = new ActionEngine({ model, source: () => source, audit: new AuditLog(file), context: () => ({ sourceName: 'kube:test', readOnly: false }), onProgress: () => {} });
      void engine.run({ kind: 'cordon', node: 'gpu-1' });
      const wait = setInterval(() => {
        if (!writing) return;
        clearInterval(wait);
        const line = JSON.stringify({ id: 'next', time: new Date().toISOString(), phase: 'start', user: 'alice', source: 'kube:test', action: 'drain', target: 'gpu-2', params: {} }) + '\\n';
        const fd = fs.openSync(file, 'a');
        let i = 0;
        setInterval(() => {
          fs.writeSync(fd, line.slice(i, i + 3));
          i += 3;
          if (i === 9) process.stdout.write('writing\\n');
          if (i >= line.length - 6) i = line.length - 6; // never finish the line
        }, 2);
      }, 1);
    `);
    const outfile = path.join(dir, 'child.mjs');
    await build({ entryPoints: [script], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });

    const child = spawn(process.execPath, [outfile, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('writing')) resolve(); });
    });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const log = new AuditLog(file);
    const r = log.read();
    expect(r.torn).toBe(true);
    expect(r.skipped).toBe(0);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ phase: 'start', action: 'cordon', target: 'gpu-1', user: 'alice', source: 'kube:test' });
    expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(false);

    // The next process appends after the torn bytes without losing anything.
    log.append({ ...r.entries[0], phase: 'end', time: new Date().toISOString(), result: 'error', message: 'interrupted', durationMs: 1 });
    const again = log.read();
    expect(again.entries.map((e) => e.phase)).toEqual(['end', 'start']);
    expect(again.skipped).toBe(1);
  });
});
