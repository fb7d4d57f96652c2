import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/core/backend/settingsStore';

const tempFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-settings-')), 'settings.json');

describe('SettingsStore', () => {
  it('keeps the operator\'s choices across restarts', () => {
    const file = tempFile();
    new SettingsStore(file, 'ana').update({ productionContexts: ['prod'], liveDrillContexts: ['staging'] });
    const again = new SettingsStore(file, 'ana').get();
    expect(again).toEqual({ readOnly: false, productionContexts: ['prod'], liveDrillContexts: ['staging'], user: 'ana' });
  });

  it('allows live drills only on an opted-in context that is not read-only', () => {
    const s = new SettingsStore(tempFile(), 'ana');
    expect(s.liveDrillsAllowed('staging')).toBe(false);
    s.update({ liveDrillContexts: ['staging', 'prod'], productionContexts: ['prod'] });
    expect(s.liveDrillsAllowed('staging')).toBe(true);
    expect(s.liveDrillsAllowed('prod')).toBe(false); // production is read-only
    expect(s.liveDrillsAllowed(undefined)).toBe(false);
    s.update({ readOnly: true });
    expect(s.liveDrillsAllowed('staging')).toBe(false); // the global switch wins
  });

  it('a broken file is reported, defaults apply, and the next save moves it aside instead of losing it', () => {
    const file = tempFile();
    fs.writeFileSync(file, '{ not json');
    const s = new SettingsStore(file, 'ana');
    expect(s.get().loadError).toMatch(/^Settings file .* is unreadable \(.+\); using defaults\.$/);
    expect(s.get().loadErrorCode?.code).toBe('error.settingsUnreadable');
    expect(s.get().liveDrillContexts).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ not json'); // untouched until the operator saves
    s.update({ readOnly: true });
    expect(fs.readFileSync(`${file}.unreadable`, 'utf8')).toBe('{ not json');
    expect(s.get().loadError).toBeUndefined();
    expect(new SettingsStore(file, 'ana').get()).toMatchObject({ readOnly: true });
  });
});
