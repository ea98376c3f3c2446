// Goal: the remembered charger list on disk is never older than what the user last changed, even
// when changes come in bursts, and closing Studio waits for the last save.
// Method: StudioService with a fixture charger on 127.0.0.1; bursts of renames not awaited one by
// one; chargers.json read straight after.
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startFixtureServer, settingsHandler, type FixtureServer } from '../support/fixture-charger';
import { startService, testClient } from '../support/service';

const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
});

const savedName = async (dir: string) =>
  (JSON.parse(await readFile(path.join(dir, 'chargers.json'), 'utf8')) as { chargers: { name: string }[] })
    .chargers[0]?.name;

describe('charger list on disk', () => {
  it('after a burst of renames, the file holds the last name', async () => {
    server = await startFixtureServer(settingsHandler(dingo));
    const { service, dir, stop } = await startService();
    try {
      const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
      for (let round = 0; round < 5; round += 1) {
        const names = Array.from({ length: 30 }, (_, i) => `Bay ${round}-${i}`);
        await Promise.all(names.map((name) => service.handlers.renameCharger({ id, name }, testClient)));
        expect(await savedName(dir)).toBe(names.at(-1));
      }
    } finally {
      await stop();
    }
  });

  it('closing waits for the saves still running', async () => {
    server = await startFixtureServer(settingsHandler(dingo));
    const { service, dir, stop } = await startService();
    const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
    const renames = Array.from({ length: 20 }, (_, i) =>
      service.handlers.renameCharger({ id, name: `Carport ${i}` }, testClient),
    );
    await service.close();
    expect(await savedName(dir)).toBe('Carport 19');
    await Promise.all(renames);
    await stop();
  });
});
