// Goal: every snippet Studio offers works as pasted: the curl and mosquitto lines actually run
// against the charger and do what their comments say (read back over REST), the Home Assistant
// and evcc YAML parse and point at this charger, and the evcc block says when the firmware is too
// old for it. Method: a real StudioService, the simulator process, Mosquitto, and the real curl,
// mosquitto_pub and mosquitto_sub programs, all on 127.0.0.1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Snippet } from '$shared/contract';
import { startSim, type SimProcess } from '../support/sim-process';
import { startMosquitto, type Mosquitto } from '../support/mqtt-broker';
import { eventually, startService, testClient } from '../support/service';

const run = promisify(execFile);
let sim: SimProcess;
let broker: Mosquitto;

beforeAll(async () => {
  // One at a time, each kept as it starts: if one fails, afterAll still stops the others.
  sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', '10']);
  broker = await startMosquitto();
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  await broker?.stop();
});

async function newCharger(config: Record<string, number>, query: string) {
  const { body } = await sim.control<{ chargers: { serial: number; url: string; port: number }[] }>(
    'POST',
    '/sim/chargers',
    { count: 1 },
  );
  const charger = body.chargers[0]!;
  await sim.control('POST', `/sim/chargers/${charger.serial}/config`, config);
  if (query) await fetch(`${charger.url}/settings?mqtt_update=1&${query}`, { method: 'POST', body: '' });
  return charger;
}

/** The commands of a shell snippet, without its comment lines. */
const commands = (snippet: Snippet) =>
  snippet.text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

const shell = (line: string) => run('bash', ['-c', line], { timeout: 10_000 });

it('the curl, mosquitto, Home Assistant and evcc snippets of an MQTT charger with API meters', async () => {
  const charger = await newCharger(
    { mainsMeter: 9, evMeter: 9 },
    `mqtt_host=127.0.0.1&mqtt_port=${broker.port}`,
  );
  const studio = await startService();
  const doc = async () => (await (await fetch(`${charger.url}/settings`)).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    const { id } = await studio.service.handlers.addCharger(
      { address: `127.0.0.1:${charger.port}` },
      testClient,
    );
    await eventually(async () => (await doc()).mqtt.status === 'Connected', 'the charger on its broker');
    await studio.service.handlers.mqttOpen({ id }, testClient);
    await eventually(
      async () =>
        (await studio.service.handlers.mqttView({ id }, testClient)).entities.length >= 40 || undefined,
      'the discovery entities',
    );
    const snippets = await studio.service.handlers.integrationSnippets({ id }, testClient);
    const byId = new Map(snippets.map((s) => [s.id, s]));

    const curl = commands(byId.get('curl')!);
    expect(curl.every((line) => line.startsWith('curl '))).toBe(true);
    expect(curl.filter((line) => line.includes('-X POST')).every((line) => line.endsWith(" -d ''"))).toBe(
      true,
    );
    const [read, smart, override, clear, feed] = curl as [string, string, string, string, string];
    expect(JSON.parse((await shell(read)).stdout).serialnr).toBe(charger.serial);
    await shell(smart);
    expect((await doc()).mode).toBe('SMART');
    await shell(override);
    expect((await doc()).settings.override_current).toBe(100);
    await shell(clear);
    expect((await doc()).settings.override_current).toBe(0);
    await shell(feed);
    expect((await doc()).phase_currents.original_data).toMatchObject({ L1: 100, L2: 100, L3: 100 });

    await fetch(`${charger.url}/settings?mode=1`, { method: 'POST', body: '' });
    const [sub, mode, mqttOverride, mains, ev] = commands(byId.get('mosquitto')!) as [
      string,
      string,
      string,
      string,
      string,
    ];
    // The watch line runs until stopped: take one message and stop.
    const watched = await shell(`${sub} -C 1 -W 15`);
    expect(watched.stdout).toMatch(new RegExp(`^SmartEVSE/${charger.serial}/`));
    await shell(mode);
    await eventually(async () => (await doc()).mode === 'SMART' || undefined, 'Mode Smart over MQTT');
    await shell(mqttOverride);
    await eventually(
      async () => (await doc()).settings.override_current === 100 || undefined,
      'the override over MQTT',
    );
    await shell(mains.replace('100:100:100', '70:80:90'));
    await eventually(
      async () => (await doc()).phase_currents.original_data.L3 === 90 || undefined,
      'the mains feed',
    );
    await shell(ev);
    await eventually(
      async () => (await doc()).ev_meter.import_active_power === 11000 || undefined,
      'the EV meter feed',
    );

    const ha = byId.get('home-assistant')!;
    expect(ha.notes[0]).toMatchObject({
      key: 'snipHaDiscovery',
      params: { broker: `127.0.0.1:${broker.port}` },
    });

    const evcc = parse(byId.get('evcc')!.text) as { chargers: Record<string, string>[] };
    expect(evcc.chargers[0]).toMatchObject({
      type: 'template',
      template: 'smart-evse',
      host: `127.0.0.1:${charger.port}`,
    });
    // The simulated dingo35 line reports v3.11.1: one release too old for evcc's template.
    expect(byId.get('evcc')!.notes.map((n) => n.key)).toEqual(['snipEvccTooOld', 'snipEvccPort']);
  } finally {
    await studio.stop();
  }
});

it('without MQTT: the Home Assistant snippet polls REST, and its resource answers the templates it uses', async () => {
  const charger = await newCharger({}, '');
  const studio = await startService();
  try {
    const { id } = await studio.service.handlers.addCharger(
      { address: `127.0.0.1:${charger.port}` },
      testClient,
    );
    const snippets = await studio.service.handlers.integrationSnippets({ id }, testClient);
    expect(snippets.map((s) => s.id)).toEqual(['curl', 'home-assistant', 'evcc']);
    expect(snippets[0]!.notes.map((n) => n.key)).toContain('snipNotApi');
    const ha = parse(snippets[1]!.text) as {
      rest: { resource: string; sensor: { value_template: string }[] }[];
    };
    const json = (await (await fetch(ha.rest[0]!.resource)).json()) as {
      evse: { state: string };
      settings: { charge_current: number };
    };
    expect(ha.rest[0]!.sensor.map((s) => s.value_template)).toEqual([
      '{{ value_json.evse.state }}',
      '{{ value_json.settings.charge_current | int / 10 }}',
    ]);
    expect(typeof json.evse.state).toBe('string');
    expect(typeof json.settings.charge_current).toBe('number');
  } finally {
    await studio.stop();
  }
});
