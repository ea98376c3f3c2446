// Goal: stored documents are written atomically and a corrupt one is moved aside, never overwritten.
// Method: real files in a temporary folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadVersionedJson, writeFileAtomic } from '../../src-main/store/atomic-file';

const schema = z.object({ schemaVersion: z.literal(2), names: z.array(z.string()) });
const fallback = () => ({ schemaVersion: 2 as const, names: [] });
let dir: string;

beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'studio-store-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('atomic JSON store', () => {
  it('writes, leaves no temporary file, and reads back', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, JSON.stringify({ schemaVersion: 2, names: ['x'] }));
    expect(await readdir(dir)).toEqual(['a.json']);
    expect((await loadVersionedJson(file, schema, fallback)).value).toEqual({
      schemaVersion: 2,
      names: ['x'],
    });
  });

  it('a burst of writes to one file ends with the last one, and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    for (let round = 0; round < 5; round += 1) {
      const writes = Array.from({ length: 25 }, (_, i) =>
        // Larger documents first, so a later, smaller write would finish first if they raced.
        writeFileAtomic(
          file,
          JSON.stringify({ schemaVersion: 2, names: Array(25 - i).fill(`${round}-${i}`) }),
        ),
      );
      await Promise.all(writes);
      expect((await loadVersionedJson(file, schema, fallback)).value.names[0]).toBe(`${round}-24`);
    }
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('returns the default for a missing file', async () => {
    expect(await loadVersionedJson(path.join(dir, 'none.json'), schema, fallback)).toEqual({
      value: fallback(),
    });
  });

  it('migrates an older document', async () => {
    const file = path.join(dir, 'old.json');
    await writeFile(file, JSON.stringify({ schemaVersion: 1, name: 'solo' }));
    const migrations = { 1: (old: Record<string, unknown>) => ({ schemaVersion: 2, names: [old.name] }) };
    expect((await loadVersionedJson(file, schema, fallback, migrations)).value.names).toEqual(['solo']);
  });

  it.each([
    ['broken JSON', '{"schemaVersion": 2, "names": ['],
    ['a wrong shape', '{"schemaVersion": 2, "names": "x"}'],
  ])('moves a file with %s aside and keeps its bytes', async (_name, content) => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, content);
    const result = await loadVersionedJson(file, schema, fallback, {}, () => Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(result.value).toEqual(fallback());
    expect(result.movedAside).toBe(`${file}.corrupt-2026-01-02T03-04-05-000Z`);
    expect(result.problem).toBeTruthy();
    expect(await readFile(result.movedAside!, 'utf8')).toBe(content);
    expect(await readdir(dir)).toEqual([path.basename(result.movedAside!)]);
  });
});
