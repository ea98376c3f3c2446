// Goal: preferences survive a restart, a bad value is refused and changes nothing, and a corrupt file
// is kept aside rather than overwritten. Method: the store on a temporary folder.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreferencesStore } from '../../src-main/store/preferences.store';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'prefs-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('preferences store', () => {
  it('keeps a change across a restart', async () => {
    const store = new PreferencesStore(dir);
    expect(await store.load()).toBeUndefined();
    expect(store.get()).toEqual({
      language: 'system',
      company: { name: '' },
      powerShareMasters: {},
      recorderDays: 30,
    });
    await store.update({
      language: 'nl',
      company: { name: 'Laadbedrijf B.V.' },
      powerShareMasters: { '2': 1 },
      recorderDays: 7,
    });
    const again = new PreferencesStore(dir);
    await again.load();
    expect(again.get()).toEqual({
      language: 'nl',
      company: { name: 'Laadbedrijf B.V.' },
      powerShareMasters: { '2': 1 },
      recorderDays: 7,
    });
  });

  it('a file written before Studio kept power-share masters or the retention loads as it was', async () => {
    await writeFile(
      path.join(dir, 'preferences.json'),
      JSON.stringify({ schemaVersion: 1, preferences: { language: 'nl', company: { name: 'Oud B.V.' } } }),
    );
    const store = new PreferencesStore(dir);
    expect(await store.load()).toBeUndefined();
    expect(store.get()).toEqual({
      language: 'nl',
      company: { name: 'Oud B.V.' },
      powerShareMasters: {},
      recorderDays: 30,
    });
    expect((await readdir(dir)).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('two changes made at once both stay, in memory and on disk', async () => {
    const store = new PreferencesStore(dir);
    await store.load();
    await Promise.all([
      store.update({ language: 'nl' }),
      store.update({ company: { name: 'Laadbedrijf B.V.' } }),
      store.update({ language: 'en' }).then(() => store.update({ language: 'nl' })),
    ]);
    const expected = {
      language: 'nl',
      company: { name: 'Laadbedrijf B.V.' },
      powerShareMasters: {},
      recorderDays: 30,
    };
    expect(store.get()).toEqual(expected);
    const again = new PreferencesStore(dir);
    await again.load();
    expect(again.get()).toEqual(expected);
  });

  it('refuses a bad value and leaves the file as it was', async () => {
    const store = new PreferencesStore(dir);
    await store.load();
    await store.update({ language: 'en' });
    const before = await readFile(store.file, 'utf8');
    await expect(
      store.update({ company: { name: 'X', logoDataUrl: 'javascript:alert(1)' } }),
    ).rejects.toThrow(/PNG, JPEG or SVG/);
    await expect(store.update({ language: 'fr' as 'en' })).rejects.toThrow();
    expect(await readFile(store.file, 'utf8')).toBe(before);
    expect(store.get().language).toBe('en');
  });

  it('moves a corrupt file aside and says so', async () => {
    const store = new PreferencesStore(dir);
    await writeFile(store.file, '{"schemaVersion":1,"preferences":{"language":');
    expect(await store.load()).toMatch(/Preferences could not be read .*kept as .*corrupt-/);
    expect(store.get().language).toBe('system');
    expect((await readdir(dir)).some((name) => name.startsWith('preferences.json.corrupt-'))).toBe(true);
  });
});
