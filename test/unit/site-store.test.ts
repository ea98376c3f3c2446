// Goal: an installer's sites (customer, address, notes, chargers) are kept across restarts, two
// quick saves both land, and a damaged file is moved aside, never overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SiteStore } from '../../src-main/fleet/site.store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-sites-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const site = (name: string) => ({
  name,
  customer: 'J. de Vries',
  address: 'Dorpsstraat 1\n8011 AA Zwolle',
  notes: '',
  chargerIds: ['SmartEVSE-1'],
});

describe('SiteStore', () => {
  it('keeps sites across a restart, and two saves at once both land', async () => {
    const store = new SiteStore(dir, () => 1000);
    await store.load();
    const [a, b] = await Promise.all([store.save(site('Street 12')), store.save(site('Depot'))]);
    await store.save({ ...site('Street 12'), id: a.id, notes: 'Meter cupboard left of the door' });
    const again = new SiteStore(dir, () => 2000);
    expect(await again.load()).toBeUndefined();
    expect(again.list().map((s) => [s.name, s.notes])).toEqual([
      ['Depot', ''],
      ['Street 12', 'Meter cupboard left of the door'],
    ]);
    expect(again.get(b.id).address).toBe('Dorpsstraat 1\n8011 AA Zwolle');
    expect(await again.remove(b.id)).toBe(true);
    expect(await again.remove(b.id)).toBe(false);
  });

  it('moves a damaged file aside and says so', async () => {
    await writeFile(path.join(dir, 'sites.json'), '{"schemaVersion":1,"sites":[{"name":');
    const store = new SiteStore(dir, () => 1000);
    expect(await store.load()).toMatch(/sites\.json was unreadable .*corrupt-/);
    expect(store.list()).toEqual([]);
    expect((await readdir(dir)).some((n) => n.startsWith('sites.json.corrupt-'))).toBe(true);
  });
});
