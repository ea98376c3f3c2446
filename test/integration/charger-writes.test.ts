// Goal: every write path works with a good value, and a refused value comes back as a clear
// per-field refusal naming the setting (from Studio's pre-check, or from the charger itself), and
// the charger is re-read afterwards. Method: StudioService and the real simulator over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChargerClient } from '../../src-main/charger/charger-client';
import type { StudioService } from '../../src-main/service/studio-service';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';

let sim: SimProcess;
let service: StudioService;
let stopService: () => Promise<void>;
let id: string;
let serial: number;
let port: number;

beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--paused', '--no-mdns']);
  ({ serial, port } = sim.chargers[0]!);
  const started = await startService();
  service = started.service;
  stopService = started.stop;
  id = (await service.handlers.addCharger({ address: `127.0.0.1:${port}` }, testClient)).id;
});
// Every test starts from Normal mode, MinCurrent 6 and no override, whatever ran before it.
beforeEach(async () => {
  await fetch(`http://127.0.0.1:${port}/settings?mode=1&current_min=6&disable_override_current`, {
    method: 'POST',
    body: '',
  });
});
afterAll(async () => {
  await stopService();
  await sim.stop();
});

const write = (values: Record<string, unknown>) =>
  service.handlers.writeSettings(
    { id, values } as Parameters<StudioService['handlers']['writeSettings']>[0],
    testClient,
  );
const raw = async () =>
  (await service.handlers.readCharger({ id }, testClient)).raw as {
    settings: Record<string, unknown>;
    mode: string;
  };

describe('settings writes', () => {
  it.each([
    [{ stopTimerMin: 5 }, 'solar_stop_time', 5],
    [{ solarStartCurrentA: 6 }, 'solar_start_current', 6],
    [{ solarMaxImportA: 3 }, 'solar_max_import', 3],
    [{ currentMinA: 7 }, 'current_min', 7],
    [{ maxSumMainsA: 100 }, 'current_max_sum_mains', 100],
    [{ maxSumMainsTimeMin: 4 }, 'max_sum_mains_time', 4],
    [{ enableC2: 2 }, 'enable_C2', 'Solar Off'],
    [{ lcdLock: true }, 'lcdlock', 1],
    [{ overrideCurrentDa: 83 }, 'override_current', 83],
  ])('%j is applied and read back', async (values, key, held) => {
    const result = await write(values);
    expect(result.fields).toEqual([{ field: Object.keys(values)[0], status: 'applied' }]);
    expect((await raw()).settings[key]).toBe(held);
  });

  it('cable lock: refused before sending without a lock actuator, applied with one', async () => {
    await sim.control('POST', `/sim/chargers/${serial}/config`, { lock: 0 });
    await service.handlers.readCharger({ id }, testClient);
    const before = await raw();
    const error = await write({ cableLock: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-request', field: 'cableLock' });
    expect((error as Error).message).toMatch(/no cable lock actuator/);
    expect(await raw()).toEqual(before);

    await sim.control('POST', `/sim/chargers/${serial}/config`, { lock: 1 });
    await service.handlers.readCharger({ id }, testClient);
    const result = await write({ cableLock: true });
    expect(result.fields).toEqual([{ field: 'cableLock', status: 'applied' }]);
    expect((await raw()).settings.cablelock).toBe(1);
    await write({ cableLock: false });
    await sim.control('POST', `/sim/chargers/${serial}/config`, { lock: 0 });
  });

  it('mode is applied and the charger re-read', async () => {
    const result = await write({ mode: 'SMART' });
    expect(result.fields).toEqual([{ field: 'mode', status: 'applied' }]);
    expect(result.charger.snapshot?.mode).toBe('SMART');
    await write({ mode: 'NORMAL' });
  });

  it('a delayed start arms mode OFF until then', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const text = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T07:30`;
    const result = await write({ mode: 'SMART', startTime: text });
    expect(result.fields.map((f) => [f.field, f.status])).toEqual([
      ['startTime', 'applied'],
      ['mode', 'applied'],
    ]);
    expect(result.charger.snapshot?.mode).toBe('OFF');
    expect((await raw()).settings.starttime).toBeGreaterThan(Date.now() / 1000);
    await write({ mode: 'NORMAL' });
  });

  it('a delayed start in Solar is armed as the firmware allows, and starts in Solar', async () => {
    const start = new Date(Date.now() + 3 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const text = `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T09:15`;
    const result = await write({ mode: 'SOLAR', startTime: text });
    expect(result.fields.map((f) => [f.field, f.status])).toEqual([
      ['startTime', 'applied'],
      ['mode', 'applied'],
    ]);
    expect(result.charger.snapshot?.mode).toBe('OFF');
    expect(result.charger.snapshot?.internalMode).toBe(2);
    expect((await raw()).settings.starttime).toBeGreaterThan(Date.now() / 1000);
    await write({ mode: 'NORMAL' });
  });

  it.each([
    // This test sets the MinCurrent it relies on: it passes alone and in any order.
    [{ overrideCurrentDa: 69 }, 'overrideCurrentDa', /0 \(off\) or 7–16 A/],
    [{ startTime: '2020-01-01T00:00', mode: 'SMART' }, 'startTime', /in the future/],
  ])('%j is refused before anything is sent', async (values, field, message) => {
    await write({ currentMinA: 7, mode: 'NORMAL' });
    const before = await raw();
    const error = await write(values).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-request', field, chargerId: id });
    expect((error as Error).message).toMatch(message);
    expect(await raw()).toEqual(before);
  });

  it('override in Solar mode is refused by Studio, naming the reason', async () => {
    await sim.control('POST', '/sim/world', { pvA: 30 });
    await write({ mode: 'SOLAR' });
    await expect(write({ overrideCurrentDa: 100 })).rejects.toMatchObject({ field: 'overrideCurrentDa' });
    await write({ mode: 'NORMAL' });
  });

  it('the charger’s own refusal names the setting (a stale view: MinCurrent changed behind Studio’s back)', async () => {
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port });
    await connection.readSettings(); // the write reuses this read, now stale
    await fetch(`http://127.0.0.1:${port}/settings?current_min=10`, { method: 'POST', body: '' });
    const outcome = await connection.writeSettings({ overrideCurrentDa: 80 });
    expect(outcome.fields).toEqual([
      {
        field: 'overrideCurrentDa',
        status: 'refused',
        message: 'The charger refused override_current=80: Value not allowed!',
        key: 'fieldRefusedBy',
        params: { param: 'override_current', value: '80', reason: 'Value not allowed!' },
      },
    ]);
    expect(outcome.after.json.settings.current_min).toBe(10);
  });

  it('a setting the charger ignores (Solar took over since the last read) is reported, not assumed', async () => {
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port });
    await connection.readSettings(); // the write reuses this read, now stale
    await fetch(`http://127.0.0.1:${port}/settings?mode=2`, { method: 'POST', body: '' });
    const outcome = await connection.writeSettings({ overrideCurrentDa: 120 });
    expect(outcome.fields).toEqual([
      {
        field: 'overrideCurrentDa',
        status: 'refused',
        message: 'The charger ignored override_current=120',
        key: 'fieldIgnored',
        params: { param: 'override_current', value: '120' },
      },
    ]);
    await fetch(`http://127.0.0.1:${port}/settings?mode=1`, { method: 'POST', body: '' });
  });
});

describe('other write paths', () => {
  it('colours: applied, and out of range refused before sending', async () => {
    const result = await service.handlers.setColour(
      { id, colour: { which: 'smart', r: 10, g: 20, b: 30 } },
      testClient,
    );
    expect(result.fields).toEqual([{ field: 'colour.smart', status: 'applied' }]);
    expect(((await raw()) as unknown as { color: Record<string, unknown> }).color.smart).toEqual({
      R: 10,
      G: 20,
      B: 30,
    });
  });

  it('MQTT: stored, password never echoed back', async () => {
    const result = await service.handlers.writeMqtt(
      {
        id,
        mqtt: {
          host: '10.9.8.7',
          port: 1883,
          topicPrefix: 'garage',
          username: 'ha',
          password: 'pw-123',
          tls: false,
        },
      },
      testClient,
    );
    // One result per sub-field, each read back.
    expect(result.fields).toEqual(
      ['host', 'port', 'topicPrefix', 'username', 'password', 'tls'].map((name) => ({
        field: `mqtt.${name}`,
        status: 'applied',
      })),
    );
    const read = await raw();
    expect(JSON.stringify(read)).not.toContain('pw-123');
    expect((read as unknown as { mqtt: Record<string, unknown> }).mqtt).toMatchObject({
      host: '10.9.8.7',
      password_set: true,
    });
  });

  it('MQTT: only the sub-fields sent change; the charger keeps its own prefix and password', async () => {
    await service.handlers.writeMqtt(
      { id, mqtt: { host: '10.9.8.7', topicPrefix: 'garage-own', password: 'pw-9' } },
      testClient,
    );
    const result = await service.handlers.writeMqtt(
      { id, mqtt: { host: 'broker.lan', port: 8883 } },
      testClient,
    );
    expect(result.fields.map((f) => [f.field, f.status])).toEqual([
      ['mqtt.host', 'applied'],
      ['mqtt.port', 'applied'],
    ]);
    const mqtt = ((await raw()) as unknown as { mqtt: Record<string, unknown> }).mqtt;
    expect(mqtt).toMatchObject({
      host: 'broker.lan',
      port: 8883,
      topic_prefix: 'garage-own',
      password_set: true,
    });
  });

  it('mains currents: refused while the mains meter is not API, applied once it is', async () => {
    const currents = { l1Da: 100, l2Da: 50, l3Da: 30, batteryDa: -20 };
    const refused = await service.handlers.feedCurrents({ id, currents }, testClient);
    expect(refused.fields).toContainEqual(expect.objectContaining({ field: 'currents', status: 'refused' }));
    await sim.control('POST', `/sim/chargers/${serial}/config`, { mainsMeter: 9 });
    const applied = await service.handlers.feedCurrents({ id, currents }, testClient);
    expect(applied.fields).toEqual([
      { field: 'batteryDa', status: 'applied' },
      { field: 'currents', status: 'applied' },
    ]);
    await sim.control('POST', `/sim/chargers/${serial}/config`, { mainsMeter: 1 });
  });

  it('EV meter values: refused while the EV meter is not API, applied once it is', async () => {
    const evMeter = { l1Da: 60, l2Da: 60, l3Da: 60, importWh: 1000, exportWh: 0, powerW: 4140 };
    expect((await service.handlers.feedEvMeter({ id, evMeter }, testClient)).fields[0]!.status).toBe(
      'refused',
    );
    await sim.control('POST', `/sim/chargers/${serial}/config`, { evMeter: 9 });
    expect((await service.handlers.feedEvMeter({ id, evMeter }, testClient)).fields[0]!.status).toBe(
      'applied',
    );
    await sim.control('POST', `/sim/chargers/${serial}/config`, { evMeter: 4 });
  });

  it('reboot while charging is deferred, and says so', async () => {
    await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'charging' });
    await sim.control('POST', '/sim/clock/advance', { ms: 20_000 });
    expect(await service.handlers.rebootCharger({ id }, testClient)).toEqual({
      deferred: true,
      message: 'Reboot scheduled: Device will reboot 5 seconds after the EV stops charging...',
    });
    await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'disconnected' });
    await sim.control('POST', '/sim/clock/advance', { ms: 10_000 });
  });

  it('an unknown charger id is refused without any request', async () => {
    await expect(
      service.handlers.writeSettings({ id: 'SmartEVSE-1', values: { stopTimerMin: 1 } }, testClient),
    ).rejects.toMatchObject({
      code: 'unknown-charger',
    });
  });
});
