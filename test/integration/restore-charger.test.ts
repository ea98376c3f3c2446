// Goal (issue 13 point 9): a removed charger can be undone, and comes back as it was: its name,
// origin and address, remembered in chargers.json again; an undo of something never removed, or
// twice, changes nothing; a bad request is refused before it reaches the registry.
// Method: a real StudioService with a fixture charger on 127.0.0.1; requests go through dispatch
// (the validation every IPC and web call passes).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsHandler, startFixtureServer, type FixtureServer } from '../support/fixture-charger';
import { startService, testClient } from '../support/service';
import { dispatch } from '../../src-main/transport/dispatch';

const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
let server: FixtureServer;
let studio: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  server = await startFixtureServer(settingsHandler(dingo));
  studio = await startService({ discovery: { enabled: false } });
});
afterAll(async () => {
  await studio.stop();
  await server.close();
});

const saved = async () =>
  JSON.parse(await readFile(path.join(studio.dir, 'chargers.json'), 'utf8')) as unknown;

describe('undo a removed charger', () => {
  it('comes back with its name, and is remembered again', async () => {
    const h = studio.service.handlers;
    const { id } = await h.addCharger({ address: server.address }, testClient);
    await h.renameCharger({ id, name: 'Garage' }, testClient);
    expect(await h.removeCharger({ id }, testClient)).toEqual({ removed: true });
    expect((await h.listChargers({}, testClient)).map((c) => c.id)).not.toContain(id);
    expect(JSON.stringify(await saved())).not.toContain('Garage');

    const back = await h.restoreCharger({ id }, testClient);
    expect(back).toMatchObject({ restored: true, charger: { id, name: 'Garage', origin: 'manual' } });
    expect((await h.listChargers({}, testClient)).find((c) => c.id === id)?.name).toBe('Garage');
    expect(JSON.stringify(await saved())).toContain('Garage');
    // Twice, or for a charger never removed: nothing happens.
    expect(await h.restoreCharger({ id }, testClient)).toEqual({ restored: false });
    expect(await h.restoreCharger({ id: 'no-such-charger' }, testClient)).toEqual({ restored: false });
    expect((await h.listChargers({}, testClient)).filter((c) => c.id === id)).toHaveLength(1);
  });

  it('refuses a malformed request before the registry sees it', async () => {
    const reply = await dispatch(studio.service.handlers, 'restoreCharger', { id: '' }, testClient);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const extra = await dispatch(
      studio.service.handlers,
      'restoreCharger',
      { id: 'x', all: true },
      testClient,
    );
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
