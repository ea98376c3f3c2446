// Goal: a real /settings document becomes a simulated charger with those settings, installer
// values included, read back from the new charger's own /settings; values the firmware would
// refuse are refused and named, and the reporter's broker is never copied. Method: the real
// simulator process over HTTP on 127.0.0.1; the fixture is a real dingo35 /settings document.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simTwinReplySchema } from '$shared/contract';
import { startSim, type SimProcess } from '../support/sim-process';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixture = JSON.parse(readFileSync('test/fixtures/settings-dingo35.json', 'utf8')) as Doc;

let sim: SimProcess;
beforeAll(async () => {
  sim = await startSim(['--chargers', '1', '--no-mdns']);
});
afterAll(() => sim?.stop());

async function twin(doc: Doc) {
  const reply = await sim.control('POST', '/sim/twins', { settings: doc });
  expect(reply.status).toBe(200);
  const outcome = simTwinReplySchema.parse(reply.body);
  const settings = (await (await fetch(`${outcome.charger.url}/settings`)).json()) as Doc;
  return { outcome, settings };
}

it('a twin reports the document’s settings, installer values included', async () => {
  const doc = structuredClone(fixture);
  Object.assign(doc, { version: 'v3.10.0', mode: 'SOLAR', mode_id: 2 });
  Object.assign(doc.evse, { loadbl: 0, temp_max: 60 });
  // Every value differs from the simulator's defaults, so a value not taken shows.
  const changed = {
    current_min: 7,
    current_max: 32,
    current_main: 40,
    current_max_circuit: 20,
    current_max_sum_mains: 25,
    max_sum_mains_time: 5,
    solar_max_import: 3,
    solar_start_current: 6,
    solar_stop_time: 0,
    enable_C2: 'Always Off',
    mains_meter: 'Eastron3P',
    lcdlock: 1,
    cablelock: 1,
  };
  Object.assign(doc.settings, changed);
  doc.mqtt.host = 'broker.home.lan';
  doc.color = { ...doc.color, solar: { R: 1, G: 2, B: 3 } };
  const { outcome, settings } = await twin(doc);
  expect(outcome.refused).toEqual([]);
  expect(settings.version).toBe('v3.10.0');
  expect(settings.mode_id).toBe(2);
  expect(settings.evse).toMatchObject({ temp_max: 60, loadbl: 0 });
  expect(settings.settings).toMatchObject(changed);
  expect(settings.color.solar).toEqual({ R: 1, G: 2, B: 3 });
  // Never the reporter's broker.
  expect(settings.mqtt.host).not.toBe('broker.home.lan');
  expect(outcome.notCopied.map((n) => n.key)).toEqual(['mqtt', 'ocpp', 'wifi']);
  expect(outcome.notInDocument).toContain('RCMON');
  expect(outcome.charger.serial).not.toBe(sim.chargers[0]!.serial);
});

it('refuses what the firmware or the menu would refuse, and says which', async () => {
  const doc = structuredClone(fixture);
  Object.assign(doc.settings, { current_main: 500, solar_start_current: 99, mains_meter: 'No such meter' });
  const { outcome, settings } = await twin(doc);
  expect(outcome.refused.map((r) => r.key)).toEqual([
    'settings.current_main',
    'settings.mains_meter',
    'settings.solar_start_current',
  ]);
  expect(outcome.refused[2]!.reason).toContain('Value not allowed!');
  expect(settings.settings.current_main).toBe(25);
  expect(settings.settings.solar_start_current).toBe(4);
  const bad = await sim.control('POST', '/sim/twins', { settings: 'not a document' });
  expect(bad.status).toBe(400);
});

it('replays a recorded period: the mains follow the rest of the site, the EV plugs when the recorded one did', async () => {
  const paused = await startSim(['--chargers', '1', '--no-mdns', '--paused']);
  try {
    const made = await paused.control('POST', '/sim/twins', { settings: structuredClone(fixture) });
    const { charger } = simTwinReplySchema.parse(made.body);
    const read = async () => (await (await fetch(`${charger.url}/settings`)).json()) as Doc;
    // Recorded: 12 A of house on L1 for a minute, EV unplugged; then the EV plugs in and draws
    // 16 A per phase on top of a 20-A house on L1 (so the rest of the site drew 20/0/0 A).
    const replay = await paused.control('POST', `/sim/chargers/${charger.serial}/replay`, {
      points: [
        { offsetMs: 0, mainsDa: [120, 0, 0], evDa: [0, 0, 0], plugged: false },
        { offsetMs: 60_000, mainsDa: [360, 160, 160], evDa: [160, 160, 160], plugged: true },
        { offsetMs: 600_000, mainsDa: [360, 160, 160], evDa: [160, 160, 160], plugged: true },
      ],
    });
    expect(replay.status).toBe(200);
    await paused.control('POST', '/sim/clock/advance', { ms: 30_000 });
    let s = await read();
    expect(s.phase_currents.L1).toBe(120);
    expect(s.car_connected).toBe(false);
    await paused.control('POST', '/sim/clock/advance', { ms: 120_000 });
    s = await read();
    expect(s.car_connected).toBe(true);
    // The twin's own EV draws what the twin offers it; the rest is the recording's 20 A on L1.
    const ev = s.ev_meter.currents as { L1: number; L2: number; L3: number };
    expect(s.phase_currents.L1 - ev.L1).toBe(200);
    expect(s.phase_currents.L2 - ev.L2).toBe(0);
    // Past the end the feed of this "API" mains meter stops, and the twin reacts as the firmware
    // does when a feed stops: a communication error once the reading is older than its timeout.
    await paused.control('POST', '/sim/clock/advance', { ms: 600_000 });
    s = await read();
    // (With LESS_6A also set, /settings names it in `state` and reports `error` None, §4.4.)
    expect(s.evse.state).toBe('Charging Stopped - Communication Error');
    const bad = await paused.control('POST', `/sim/chargers/${charger.serial}/replay`, {
      points: [
        { offsetMs: 5, mainsDa: [1, 2, 3] },
        { offsetMs: 1, mainsDa: [1, 2, 3] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('the points must be in time order');
  } finally {
    await paused.stop();
  }
});
