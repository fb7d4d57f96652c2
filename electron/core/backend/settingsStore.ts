import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../../shared/contract';
import { reasonOf } from '../../../shared/reasons';
import type { ReasonView } from '../../../shared/views';

const settingsFileSchema = z.object({
  readOnly: z.boolean().default(false),
  productionContexts: z.array(z.string()).default([]),
  liveDrillContexts: z.array(z.string()).default([]),
});

/**
 * Operator settings kept in the app's data folder. A broken file is reported (Settings shows
 * it) and replaced by defaults in memory; the operator's next save first moves the broken file
 * aside to `<file>.unreadable`, so nothing is lost.
 */
export class SettingsStore {
  private data: z.infer<typeof settingsFileSchema>;
  private loadError?: string;
  /** The same sentence as a reason code (shared/errorReasons.ts), for whoever shows it to an operator. */
  private loadErrorCode?: ReasonView;

  constructor(private readonly file: string, private readonly user: string) {
    try {
      const raw = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      this.data = settingsFileSchema.parse(raw);
    } catch (err) {
      const error = (err as Error).message;
      this.loadError = `Settings file ${file} is unreadable (${error}); using defaults.`;
      this.loadErrorCode = reasonOf('error.settingsUnreadable', { file, error });
      this.data = settingsFileSchema.parse({});
    }
  }

  get(): Settings {
    return {
      readOnly: this.data.readOnly, productionContexts: [...this.data.productionContexts], liveDrillContexts: [...this.data.liveDrillContexts], user: this.user,
      ...(this.loadError ? { loadError: this.loadError, loadErrorCode: this.loadErrorCode } : {}),
    };
  }

  update(patch: Partial<Pick<Settings, 'readOnly' | 'productionContexts' | 'liveDrillContexts'>>): Settings {
    this.data = { ...this.data, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    if (this.loadError && fs.existsSync(this.file)) fs.renameSync(this.file, `${this.file}.unreadable`);
    this.loadError = undefined;
    this.loadErrorCode = undefined;
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data, null, 2));
    fs.renameSync(tmp, this.file);
    return this.get();
  }

  /**
   * Drills may inject their (reversible) faults into this live context: the operator opted in,
   * and the context is not read-only (a drill writes to the cluster like any action).
   */
  liveDrillsAllowed(context: string | undefined): boolean {
    return context !== undefined && this.data.liveDrillContexts.includes(context) && !this.isReadOnly(context);
  }

  /** Production contexts are read-only unless the operator turns that off for them explicitly. */
  isReadOnly(context: string | undefined): boolean {
    return this.data.readOnly || (context !== undefined && this.data.productionContexts.includes(context));
  }
}
