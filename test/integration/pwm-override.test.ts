// Goal: a fixed pilot duty is never hidden. The one Studio sets is shown on the charger's row at
// once, kept across a restart of Studio (the charger never reports it), and ends on release; one
// set outside Studio is recognised while the car charges, and ends when the car is unplugged.
// Method: StudioService and the real simulator over real HTTP, its clock advanced by hand.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioService } from '../../src-main/service/studio-service';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';

let sim: SimProcess;
let studio: Awaited<ReturnType<typeof startService>>;
let id: string;
let serial: number;
let port: number;

const advance = (ms: number) => sim.control('POST', '/sim/clock/advance', { ms });
const read = async () => (await studio.service.handlers.readCharger({ id }, testClient)).charger;
const remembered = async () =>
  (
    JSON.parse(await readFile(path.join(studio.dir, 'chargers.json'), 'utf8')) as {
      chargers: { id: string; pwmOverride?: unknown }[];
    }
  ).chargers.find((c) => c.id === id);

beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  ({ serial, port } = sim.chargers[0]!);
  studio = await startService();
  id = (await studio.service.handlers.addCharger({ address: `127.0.0.1:${port}` }, testClient)).id;
});
afterAll(async () => {
  await studio.stop();
  await sim.stop();
});

async function charging(): Promise<void> {
  await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'charging' });
  await advance(20_000);
  const charger = await read();
  expect(charger.snapshot?.stateId).toBe(2);
}

describe('a fixed pilot duty on the charger’s row', () => {
  it('the duty Studio sets is shown at once, survives a restart of Studio, and ends on release', async () => {
    await charging();
    const set = await studio.service.handlers.writeSettings({ id, values: { pwmOverride: 512 } }, testClient);
    expect(set.fields).toEqual([{ field: 'pwmOverride', status: 'applied' }]);
    expect(set.charger.pwmOverride).toMatchObject({ duty: 512, by: 'studio' });
    await advance(4000);
    expect((await read()).pwmOverride).toMatchObject({ duty: 512, by: 'studio' });
    expect((await remembered())?.pwmOverride).toMatchObject({ duty: 512, by: 'studio' });

    // Another Studio on the same data folder (a restart) knows it before it reads the charger.
    const again = new StudioService({ userDataDir: studio.dir, shell: 'web', version: 'test' });
    await again.init();
    const listed = (await again.handlers.listChargers({}, testClient)).find((c) => c.id === id);
    expect(listed?.pwmOverride).toMatchObject({ duty: 512, by: 'studio' });
    await again.close();

    const released = await studio.service.handlers.writeSettings(
      { id, values: { pwmOverride: -1 } },
      testClient,
    );
    expect(released.charger.pwmOverride).toBeUndefined();
    expect((await remembered())?.pwmOverride).toBeUndefined();
    await advance(4000);
    expect((await read()).pwmOverride).toBeUndefined();
  });

  it('a duty fixed outside Studio is recognised while charging, and ends when the car is unplugged', async () => {
    await charging();
    expect((await read()).pwmOverride).toBeUndefined();
    const outside = await fetch(`http://127.0.0.1:${port}/settings?override_pwm=400`, {
      method: 'POST',
      body: '',
    });
    expect(await outside.json()).toEqual({ override_pwm: 400 });
    await advance(2000);
    expect((await read()).pwmOverride).toBeUndefined(); // one read is not proof
    await advance(2000);
    expect((await read()).pwmOverride).toMatchObject({ duty: 400, by: 'detected' });

    await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'disconnected' });
    await advance(2000);
    const unplugged = await read();
    expect(unplugged.snapshot?.stateId).toBe(0);
    expect(unplugged.pwmOverride).toBeUndefined();
  });
});
