// Goal (ux-review M8): the simulator panel's new entry point sets what only a charger's LCD menu
// or hardware decides, and bad input changes nothing: out of range, unknown fields and the
// power-share role (the LCD's PWR SHARE, not this panel's) are refused before they reach it.
// Method: the real service with its real simulator process on 127.0.0.1; requests pass dispatch
// (the validation every IPC and web call passes); the charger's /settings is read back.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioService } from '../../src-main/service/studio-service';
import { nodeLauncher } from '../../src-main/sim-supervisor/node-launcher';
import { dispatch } from '../../src-main/transport/dispatch';
import { eventually, testClient } from '../support/service';

let dir: string;
let service: StudioService;
let serial: number;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-simcfg-'));
  service = new StudioService({
    userDataDir: dir,
    shell: 'web',
    version: 'test',
    simulator: { launch: nodeLauncher(path.resolve('dist/sim/cli.js')), autoStart: true },
    discovery: { enabled: false },
  });
  await service.init();
  await service.start();
  const status = await service.handlers.getSimulatorStatus({}, testClient);
  serial = status.chargers[0]!.serial;
  url = status.chargers[0]!.url;
});
afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

const settings = async () =>
  (await (await fetch(`${url}/settings`)).json()) as {
    evse: { temp: number };
    settings: { mains_meter: string; current_max: number };
  };

describe('simulatorConfig', () => {
  it('sets the mains meter, MaxCurrent and the temperature, as the charger then reports them', async () => {
    const reply = await dispatch(
      service.handlers,
      'simulatorConfig',
      { serial, config: { mainsMeter: 9, maxCurrentA: 20, temperatureC: 70 } },
      testClient,
    );
    expect(reply).toMatchObject({ ok: true });
    const after = await settings();
    expect(after.settings.mains_meter).toBe('API');
    expect(after.settings.current_max).toBe(20);
    // The temperature is sampled by the charger's 1-s task.
    await eventually(async () => (await settings()).evse.temp === 70 || undefined, 'the new temperature');
  });

  it.each([
    ['a temperature out of range', { temperatureC: 500 }],
    ['the power-share role', { loadBl: 2 }],
    ['an answer delay (tests only)', { latencyMs: 100 }],
    ['an unknown field', { colour: 'red' }],
  ])('refuses %s and changes nothing', async (_what, config) => {
    const before = JSON.stringify(await settings());
    const reply = await dispatch(service.handlers, 'simulatorConfig', { serial, config }, testClient);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(await settings())).toBe(before);
  });
});
