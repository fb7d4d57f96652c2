/**
 * The append-only audit log: one JSON object per line (JSON Lines) in one file.
 *
 * - append() writes the whole line with one write(2) on an O_APPEND descriptor and fsyncs
 *   before it returns, so an entry the engine wrote "before the first write" is on disk before
 *   the cluster sees that write.
 * - The file is never truncated or rewritten. A process killed mid-write leaves a torn last
 *   line; the next append starts with a newline so the torn bytes become one garbage line of
 *   their own instead of corrupting the new entry.
 * - Three phases: an action that runs writes `start` then `end` (same id); an attempt refused
 *   before its first write writes one `refused` line. An interrupted action is a `start` alone.
 * - read() scans from the end (cheap on a log of years), validates every line with a zod
 *   schema, and skips what does not parse, counting it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ACTION_KINDS, AUDIT_REFUSALS, type ActionKind, type AuditEntry } from '../../../shared/actions';
import type { ReasonView } from '../../../shared/views';

/** A reason code as the engine writes it; what the renderer cannot render it shows as the English. */
const reasonViewSchema: z.ZodType<ReasonView> = z.lazy(() => z.object({
  code: z.string().min(1).max(200),
  params: z.record(z.string(), z.union([z.string().max(100_000), z.number()])).optional(),
  nested: z.record(z.string(), reasonViewSchema).optional(),
  parts: z.array(reasonViewSchema).max(100).optional(),
}));

export const auditEntrySchema = z.object({
  id: z.string().min(1).max(200),
  time: z.string().min(1).max(64),
  phase: z.enum(['start', 'end', 'refused']),
  user: z.string().max(1000),
  source: z.string().max(1000),
  action: z.enum(ACTION_KINDS as [ActionKind, ...ActionKind[]]),
  target: z.string().max(1000),
  params: z.record(z.string(), z.unknown()),
  result: z.enum(['ok', 'error']).optional(),
  refusal: z.enum(AUDIT_REFUSALS).optional(),
  message: z.string().max(100_000).optional(),
  // A code this version cannot read must not cost the entry: the English message is the record.
  messageCode: reasonViewSchema.optional().catch(undefined),
  durationMs: z.number().nonnegative().optional(),
}).refine((e) => (e.phase === 'refused') === (e.refusal !== undefined), {
  // A refused line without its reason code (or a start/end carrying one) is not an entry we wrote.
  message: 'refusal is set on refused entries and only on them',
  path: ['refusal'],
});

// The schema and the shared interface must describe the same thing.
const sameShape: (e: z.infer<typeof auditEntrySchema>) => AuditEntry = (e) => e;
void sameShape;

export interface AuditRead {
  /** Newest first. */
  entries: AuditEntry[];
  /** Lines that were not a valid entry (garbage, or a line torn by a crash and since followed by others). */
  skipped: number;
  /** The file ends in an incomplete line (a write interrupted by a crash). */
  torn: boolean;
}

const CHUNK = 64 * 1024;
const MAX_LIMIT = 100_000;

function parseLine(line: string): AuditEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const r = auditEntrySchema.safeParse(JSON.parse(line));
    return r.success ? (r.data as AuditEntry) : undefined;
  } catch {
    return undefined;
  }
}

export class AuditLog {
  constructor(readonly filePath: string) {}

  /** Appends one entry and flushes it to disk before returning. Throws if it cannot. */
  append(entry: AuditEntry): void {
    const line = JSON.stringify(auditEntrySchema.parse(entry)) + '\n';
    const dir = path.dirname(this.filePath);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const existed = fs.existsSync(this.filePath);
    // a+: O_APPEND for writes, and readable so we can see whether the last line is complete.
    const fd = fs.openSync(this.filePath, 'a+', 0o600);
    try {
      const size = fs.fstatSync(fd).size;
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const buf = Buffer.from(prefix + line, 'utf8');
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!existed) fsyncDir(dir);
  }

  /** The newest `limit` valid entries, newest first. A missing file is an empty log. */
  read(opts: { limit?: number } = {}): AuditRead {
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(opts.limit ?? 1000)));
    const out: AuditRead = { entries: [], skipped: 0, torn: false };
    let fd: number;
    try {
      fd = fs.openSync(this.filePath, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw err;
    }
    try {
      let pos = fs.fstatSync(fd).size;
      let carry = Buffer.alloc(0); // the start of a line whose beginning is in an earlier chunk
      let tail = true; // the next segment found is the file's last (possibly torn) line
      const take = (bytes: Buffer) => {
        const isTail = tail;
        tail = false;
        if (bytes.length === 0) return;
        const entry = parseLine(bytes.toString('utf8'));
        if (entry) out.entries.push(entry);
        else if (isTail) out.torn = true;
        else out.skipped++;
      };
      while (pos > 0 && out.entries.length < limit) {
        const len = Math.min(CHUNK, pos);
        pos -= len;
        const chunk = Buffer.alloc(len);
        fs.readSync(fd, chunk, 0, len, pos);
        const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
        let end = buf.length;
        for (let i = buf.length - 1; i >= 0 && out.entries.length < limit; i--) {
          if (buf[i] !== 0x0a) continue;
          take(buf.subarray(i + 1, end));
          end = i;
        }
        carry = buf.subarray(0, end);
      }
      if (pos === 0 && carry.length > 0 && out.entries.length < limit) take(carry);
    } finally {
      fs.closeSync(fd);
    }
    return out;
  }

  /** The log as JSON Lines, oldest first, valid entries only (their original bytes). */
  exportJsonl(): string {
    let text: string;
    try {
      text = fs.readFileSync(this.filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
    const lines = text.split('\n').filter((l) => parseLine(l) !== undefined);
    return lines.length ? lines.join('\n') + '\n' : '';
  }
}

/** Makes a newly created file's directory entry durable (no-op where directories cannot be opened). */
function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch {
    // Windows cannot fsync a directory; the file data itself is already flushed.
  }
}
