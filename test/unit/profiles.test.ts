// Goal: profiles are versioned, survive a restart, export and import as files, and a bad file is
// refused with its line and field; a kill -9 during a save leaves the old or the new profile, never
// a broken one. Method: the profile store on a temporary folder; a real child process killed mid-save.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore, parseProfileFile } from '../../src-main/fleet/profile.store';
import { figure } from '../../scripts/figures.mjs';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'profiles-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('profile store', () => {
  it('saves versions, duplicates, and keeps them across a restart', async () => {
    const store = new ProfileStore(dir, () => 1000);
    const first = await store.save({ name: 'Home', values: { mode: 'SMART', currentMinA: 6 } });
    const second = await store.save({ id: first.id, name: 'Home', values: { mode: 'SOLAR' } });
    expect([first.version, second.version]).toEqual([1, 2]);
    const copy = await store.duplicate(first.id);
    expect(copy).toMatchObject({ name: 'Home (copy)', version: 1, values: { mode: 'SOLAR' } });
    const again = new ProfileStore(dir);
    expect(await again.load()).toEqual([]);
    expect(again.list().map((p) => [p.name, p.version])).toEqual([
      ['Home', 2],
      ['Home (copy)', 1],
    ]);
    expect(await again.remove(copy.id)).toBe(true);
    expect(again.list()).toHaveLength(1);
  });

  it('saves made at once get one version each; a removal is not undone by a save before it', async () => {
    const store = new ProfileStore(dir);
    const first = await store.save({ name: 'Depot', values: { currentMinA: 6 } });
    const saves = await Promise.all(
      [7, 8, 9, 10].map((a) => store.save({ id: first.id, name: 'Depot', values: { currentMinA: a } })),
    );
    expect(saves.map((p) => p.version)).toEqual([2, 3, 4, 5]);
    const again = new ProfileStore(dir);
    await again.load();
    expect(again.get(first.id)).toMatchObject({ version: 5, values: { currentMinA: 10 } });
    const saving = store.save({ id: first.id, name: 'Depot', values: { currentMinA: 11 } });
    const removing = store.remove(first.id);
    expect((await saving).version).toBe(6);
    expect(await removing).toBe(true);
    const after = new ProfileStore(dir);
    await after.load();
    expect(after.list()).toEqual([]);
  });

  it('exports a file that imports as the same values', async () => {
    const store = new ProfileStore(dir);
    const saved = await store.save({
      name: 'Car park / level 2',
      values: { mode: 'SMART', colours: { smart: { r: 255, g: 136, b: 0 } }, lcdLock: true },
    });
    const file = store.export(saved.id);
    expect(file.fileName).toBe('Car-park-level-2.smartevse-profile.json');
    expect(JSON.parse(file.text)).toMatchObject({ kind: 'smartevse-studio-profile', schemaVersion: 1 });
    const imported = await store.import(file.text);
    expect(imported.id).not.toBe(saved.id);
    expect(imported.values).toEqual(saved.values);
  });

  it('refuses a bad file with its line and field, and stores nothing', async () => {
    const store = new ProfileStore(dir);
    const text = [
      '{',
      '  "kind": "smartevse-studio-profile",',
      '  "schemaVersion": 1,',
      '  "name": "Bad",',
      '  "values": {',
      '    "mode": "SMART",',
      '    "currentMinA": 40',
      '  }',
      '}',
    ].join('\n');
    await expect(store.import(text, 'bad.json')).rejects.toThrow(
      /bad\.json, line 7, field values\.currentMinA: .*16/,
    );
    expect(() => parseProfileFile('{"kind": "smartevse-studio-profile",\n "name": }', 'broken.json')).toThrow(
      /broken\.json is not valid JSON \(line 2\)/,
    );
    expect(() => parseProfileFile('{"kind":"something-else"}', 'other.json')).toThrow(
      /other\.json is not a SmartEVSE Studio profile/,
    );
    expect(() =>
      parseProfileFile(
        '{"kind":"smartevse-studio-profile","schemaVersion":1,"name":"X","values":{"turbo":true}}',
      ),
    ).toThrow(/field values: .*turbo/i);
    expect(store.list()).toEqual([]);
    await expect(readdir(store.dir)).rejects.toThrow();
  });

  it('moves a corrupt profile file aside and loads the rest', async () => {
    const store = new ProfileStore(dir);
    await store.save({ name: 'Good', values: { mode: 'NORMAL' } });
    await writeFile(path.join(store.dir, 'broken.json'), '{"schemaVersion":1,"profile":');
    const again = new ProfileStore(dir);
    const problems = await again.load();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/broken\.json could not be read .*corrupt-/);
    expect(again.list().map((p) => p.name)).toEqual(['Good']);
    expect((await readdir(store.dir)).some((n) => n.startsWith('broken.json.corrupt-'))).toBe(true);
  });

  it('survives kill -9 in the middle of saves: the file is always a whole profile', async () => {
    const script = path.join(dir, 'writer.mjs');
    await build({
      entryPoints: ['test/support/profile-writer.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'warning',
    });
    const data = path.join(dir, 'data');
    let lastVersion = 0;
    let whole = 0;
    const failures: string[] = [];
    for (let round = 0; round < 8; round += 1) {
      const child = spawn(process.execPath, [script, data], { stdio: ['ignore', 'pipe', 'inherit'] });
      let printed = '';
      const saving = new Promise((resolve) => child.stdout.once('data', resolve));
      child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      // Once it is saving, let it go on a while, then kill it without warning: it is almost always mid-write.
      await saving;
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 23));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const versions = printed.trim().split('\n').filter(Boolean).map(Number);
      const store = new ProfileStore(data);
      const problems = await store.load();
      const [profile] = store.list();
      // Never older than the last version the process reported saved, never torn.
      const ok =
        problems.length === 0 &&
        profile !== undefined &&
        profile.version >= (versions.at(-1) ?? lastVersion) &&
        profile.notes?.length === 1500;
      if (ok) whole += 1;
      else
        failures.push(
          `kill ${round + 1}: ${JSON.stringify({ problems, version: profile?.version, versions })}`,
        );
      if (profile) lastVersion = profile.version;
    }
    // The figure is printed first, so a failing run reports how many of the 8 reads were whole.
    figure(
      'kill -9 during profile saves',
      `8 kills, ${lastVersion} saves reached; reads after a kill that were whole and not older than the last reported save: ${whole} of 8`,
    );
    expect(failures).toEqual([]);
    expect(whole).toBe(8);
    const files = await readdir(path.join(data, 'profiles'));
    expect(files.filter((n) => n.endsWith('.json'))).toHaveLength(1);
    const text = await readFile(
      path.join(
        data,
        'profiles',
        files.find((n) => n.endsWith('.json'))!,
      ),
      'utf8',
    );
    expect(() => JSON.parse(text)).not.toThrow();
    expect(lastVersion).toBeGreaterThan(8);
  }, 30_000);
});
