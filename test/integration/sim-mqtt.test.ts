// Goal: a simulated charger speaks MQTT as mqtt.md describes: it connects to the broker its
// settings name, says `online` and announces its Home Assistant entities, publishes the full set
// with the firmware's retain flags and cadence, obeys `Set/` commands (and ignores bad ones the
// same way), keeps Smart charging on an MQTT mains feed, reconnects after a broker restart and
// leaves its will when it drops. Method: the real simulator process and a real Mosquitto broker on
// 127.0.0.1, read with an MQTT client and over REST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { startSim, type SimProcess } from '../support/sim-process';
import { startMosquitto, retainedSnapshot, watch, type Mosquitto } from '../support/mqtt-broker';
import { eventually } from '../support/service';

/** Simulated seconds per real second: the firmware's 11-s cadence takes 1.1 s here. */
const speed = 10;
let sim: SimProcess;
let broker: Mosquitto;

beforeAll(async () => {
  // One at a time, each kept as it starts: if one fails, afterAll still stops the others.
  sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', String(speed)]);
  broker = await startMosquitto();
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  await broker?.stop();
});

interface Charger {
  serial: number;
  url: string;
  prefix: string;
}

type Phases = { L1: number; L2: number; L3: number };
type Rgb = { R: number; G: number; B: number };
/** The parts of GET /settings these tests read back. */
interface SettingsDoc {
  version: string;
  mode: string;
  ev_meter: { import_active_power: number; currents: Phases };
  home_battery: { current: number };
  mqtt: { status: string; topic_prefix: string };
  settings: { override_current: number; current_max_sum_mains: number; enable_C2: string; cablelock: number };
  evse: { custombutton: boolean; state: string; error: string; pwm: number; rfid_lastread?: string };
  color: Record<string, Rgb>;
  phase_currents: Phases & { original_data: Phases };
}

async function settings(charger: Charger): Promise<SettingsDoc> {
  return (await (await fetch(`${charger.url}/settings`)).json()) as SettingsDoc;
}

async function post(url: string): Promise<string> {
  return (await fetch(url, { method: 'POST', body: '' })).text();
}

/** A charger of its own, pointed at `port` the way a user does it (REST `mqtt_update`); null: not yet. */
async function newCharger(port: number | null = broker.port): Promise<Charger> {
  const { body } = await sim.control<{ chargers: { serial: number; url: string }[] }>(
    'POST',
    '/sim/chargers',
    {
      count: 1,
    },
  );
  const { serial, url } = body.chargers[0]!;
  const charger = { serial, url, prefix: `SmartEVSE/${serial}` };
  if (port !== null) {
    await post(`${url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${port}`);
    await eventually(async () => (await settings(charger)).mqtt.status === 'Connected', 'Connected');
  }
  return charger;
}

/** Simulated seconds between two received messages. */
const simulatedS = (fromMs: number, toMs: number) => ((toMs - fromMs) * speed) / 1000;

describe('connection and announcement', () => {
  it('connects with online first, then every discovery config, then the full set; the REST status follows', async () => {
    const charger = await newCharger(null);
    const { prefix } = charger;
    const watcher = await watch(broker.port, [`${prefix}/#`, 'homeassistant/#']);
    try {
      expect((await settings(charger)).mqtt.status).toBe('Disconnected');
      await post(`${charger.url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${broker.port}`);
      const uptime = await watcher.next(`${prefix}/ESPUptime`);
      const mine = watcher.messages.filter(
        (m) => m.topic.startsWith(prefix) || m.topic.includes(`/${prefix}-`),
      );
      expect(mine[0]).toMatchObject({ topic: `${prefix}/connected`, payload: 'online' });
      const configs = mine.filter((m) => m.topic.startsWith('homeassistant/'));
      // The simulator's defaults: a Sensorbox mains meter and an EV meter, no circuit meter, no battery.
      expect(configs).toHaveLength(43);
      const lastConfig = mine.indexOf(configs.at(-1)!);
      const firstState = mine.findIndex(
        (m) => m.topic !== `${prefix}/connected` && !m.topic.startsWith('homeassistant/'),
      );
      expect(firstState).toBeGreaterThan(lastConfig);
      // The first full set comes at the next periodic publish: at most 11 ticks after the connect.
      expect(simulatedS(mine[0]!.atMs, uptime.atMs)).toBeLessThan(13);
      expect((await settings(charger)).mqtt.status).toBe('Connected');
    } finally {
      await watcher.close();
    }
  });

  it('retains exactly the topics the firmware retains', async () => {
    const charger = await newCharger();
    const watcher = await watch(broker.port, [`${charger.prefix}/#`]);
    await watcher.next(`${charger.prefix}/ESPUptime`);
    await watcher.close();
    const retained = await retainedSnapshot(broker.port, `${charger.prefix}/#`);
    const names = [...retained.keys()].map((topic) => topic.slice(charger.prefix.length + 1)).sort();
    expect(names).toEqual(
      [
        'connected',
        'Mode',
        'MaxCurrent',
        'MaxSumMains',
        'MaxSumMainsTime',
        'ChargeCurrent',
        'ChargeCurrentOverride',
        'NrOfPhases',
        'Access',
        'RFID',
        'EnableC2',
        'State',
        'StateID',
        'Error',
        'EVPlugState',
        'WiFiSSID',
        'WiFiBSSID',
        'EVEnergyCharged',
        'OCPP',
        'LEDColorOff',
        'LEDColorNormal',
        'LEDColorSmart',
        'LEDColorSolar',
        'LEDColorCustom',
        'LoadBl',
        // PairingPin is published empty and retained, which deletes it: it is not in the snapshot.
      ].sort(),
    );
    expect(retained.get(`${charger.prefix}/Mode`)).toBe('Normal');
    expect(retained.get(`${charger.prefix}/MaxCurrent`)).toBe('160');
    expect(retained.get(`${charger.prefix}/LEDColorSolar`)).toBe('255,170,0');
  });

  it('announces Home Assistant entities with the firmware text (mqtt.md §3.1 example, byte for byte)', async () => {
    const charger = await newCharger(null);
    const { prefix, serial } = charger;
    const watcher = await watch(broker.port, ['homeassistant/#']);
    try {
      await post(`${charger.url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${broker.port}`);
      const current = await watcher.find(`homeassistant/sensor/${prefix}-ChargeCurrent/config`);
      const version = (await settings(charger)).version as string;
      expect(current.payload).toBe(
        `{"name":"Charge Current","object_id":"SmartEVSE/${serial}-ChargeCurrent","default_entity_id":"sensor.smartevse/${serial}_chargecurrent","unique_id":"SmartEVSE/${serial}-ChargeCurrent","state_topic":"SmartEVSE/${serial}/ChargeCurrent","availability_topic":"SmartEVSE/${serial}/connected","device":{"model":"SmartEVSE v3","identifiers":"SmartEVSE/${serial}","name":"SmartEVSE/${serial}","manufacturer":"Stegen","configuration_url":"http://127.0.0.1","sw_version":"${version}"}, "device_class":"current", "state_class":"measurement", "unit_of_measurement":"A", "value_template":"{{ value | int / 10 }}"}`,
      );
      await watcher.find(`homeassistant/select/${prefix}-CableLock/config`);
      // Every entity of mqtt.md §3.2 that a charger with a mains and an EV meter announces, in order.
      const announced = watcher.messages
        .filter((m) => m.topic.includes(`/${prefix}-`))
        .map((m) => `${m.topic.split('/')[1]} ${(JSON.parse(m.payload) as { name: string }).name}`);
      expect(announced).toEqual(
        [
          ...['Charge Current', 'Max Current', 'Mains Current L1', 'Mains Current L2', 'Mains Current L3'],
          ...['EV Current L1', 'EV Current L2', 'EV Current L3', 'Max Sum Mains'],
          ...['Mains Import Active Energy', 'Mains Export Active Energy', 'EV Import Active Energy'],
          ...['EV Export Active Energy', 'EV Charge Power', 'EV Energy Charged', 'EV Total Energy Charged'],
          ...['EV Plug State', 'Access', 'State', 'StateID', 'RFID', 'RFIDLastRead', 'NrOfPhases', 'OCPP'],
          'OCPPConnection',
        ]
          .map((name) => `sensor ${name}`)
          .concat(['Off', 'Normal', 'Smart', 'Solar', 'Custom'].map((c) => `text LED Color ${c}`))
          .concat(['select Custom Button', 'sensor SolarStopTimer', 'sensor Max Sum Mains Time'])
          .concat(
            ['Error', 'WiFi SSID', 'WiFi BSSID', 'WiFi RSSI', 'ESP Temp', 'ESP Uptime'].map(
              (n) => `sensor ${n}`,
            ),
          )
          .concat(['select Mode', 'select EnableC2', 'number Charge Current Override', 'select Cable Lock']),
      );
      const mode = JSON.parse((await watcher.find(`homeassistant/select/${prefix}-Mode/config`)).payload);
      expect(mode).toMatchObject({
        command_topic: `${prefix}/Set/Mode`,
        options: ['Off', 'Normal', 'Smart', 'Solar', 'Pause'],
      });
    } finally {
      await watcher.close();
    }
    const override = (
      await retainedSnapshot(broker.port, `homeassistant/number/${prefix}-ChargeCurrentOverride/config`)
    )
      .values()
      .next().value!;
    // The slider's maximum is MaxCurrent in A at connect time; the unit (dA) is in the templates.
    expect(JSON.parse(override)).toMatchObject({
      min: '0',
      max: '16',
      mode: 'slider',
      command_template: '{{ value | int * 10 }}',
    });
  });
});

describe('commands on Set/', () => {
  /** Publishes one command and reads the charger after the fast full set it triggers. */
  async function command(charger: Charger, name: string, payload: string): Promise<SettingsDoc> {
    const watcher = await watch(broker.port, [`${charger.prefix}/ESPUptime`]);
    try {
      const sent = Date.now();
      await watcher.publish(`${charger.prefix}/Set/${name}`, payload);
      const uptime = await watcher.next(`${charger.prefix}/ESPUptime`);
      // A fast update: the full set at the next tick, not 11 s later.
      expect(simulatedS(sent, uptime.atMs)).toBeLessThan(3);
      return await settings(charger);
    } finally {
      await watcher.close();
    }
  }

  it('Mode takes the firmware names only; numbers and lower case change nothing', async () => {
    const charger = await newCharger();
    expect((await command(charger, 'Mode', 'Smart')).mode).toBe('SMART');
    expect((await command(charger, 'Mode', '1')).mode).toBe('SMART');
    expect((await command(charger, 'Mode', 'normal')).mode).toBe('SMART');
    expect((await command(charger, 'Mode', 'Pause')).mode).toBe('PAUSE');
    expect((await command(charger, 'Mode', 'Off')).mode).toBe('OFF');
    expect((await command(charger, 'Mode', 'Normal')).mode).toBe('NORMAL');
  });

  it('CurrentOverride in dA within MinCurrent–MaxCurrent; text means 0 and clears it', async () => {
    const charger = await newCharger();
    expect((await command(charger, 'CurrentOverride', '100')).settings.override_current).toBe(100);
    expect((await command(charger, 'CurrentOverride', '50')).settings.override_current).toBe(100);
    expect((await command(charger, 'CurrentOverride', '170')).settings.override_current).toBe(100);
    expect((await command(charger, 'CurrentOverride', 'abc')).settings.override_current).toBe(0);
  });

  it('CurrentMaxSumMains, colours, C2, cable lock and the custom button', async () => {
    const charger = await newCharger();
    expect((await command(charger, 'CurrentMaxSumMains', '25')).settings.current_max_sum_mains).toBe(25);
    expect((await command(charger, 'CurrentMaxSumMains', '5')).settings.current_max_sum_mains).toBe(25);
    expect((await command(charger, 'CurrentMaxSumMains', '0')).settings.current_max_sum_mains).toBe(0);
    expect((await command(charger, 'ColorSolar', '255, 0, 0')).color.solar).toEqual({ R: 255, G: 0, B: 0 });
    expect((await command(charger, 'ColorSolar', '300,0,0')).color.solar).toEqual({ R: 255, G: 0, B: 0 });
    expect((await command(charger, 'ColorSolar', '0 ,0,0')).color.solar).toEqual({ R: 255, G: 0, B: 0 });
    expect((await command(charger, 'EnableC2', 'Always Off')).settings.enable_C2).toBe('Always Off');
    expect((await command(charger, 'EnableC2', '9')).settings.enable_C2).toBe('Always Off');
    expect((await command(charger, 'EnableC2', 'always on')).settings.enable_C2).toBe('Always Off');
    expect((await command(charger, 'EnableC2', '3')).settings.enable_C2).toBe('Always On');
    expect((await command(charger, 'CableLock', '1')).settings.cablelock).toBe(1);
    expect((await command(charger, 'CableLock', 'yes')).settings.cablelock).toBe(0);
    expect((await command(charger, 'CustomButton', 'On')).evse.custombutton).toBe(true);
    expect((await command(charger, 'CustomButton', 'on')).evse.custombutton).toBe(false);
    // An unknown name is ignored, but still answered with a full set.
    expect((await command(charger, 'NoSuchThing', '1')).mode).toBe('NORMAL');
  });

  it('EVMeter, HomeBatteryCurrent, CPPWMOverride, RFID and CircuitMeter: a good payload acts, a bad one changes nothing', async () => {
    const charger = await newCharger();
    const configured = await sim.control('POST', `/sim/chargers/${charger.serial}/config`, {
      evMeter: 9,
      rfidReader: 1,
      circuitMeter: 9,
    });
    expect(configured.status).toBe(200);
    const ev = await command(charger, 'EVMeter', '160:160:160:11000:5000');
    expect(ev.ev_meter).toMatchObject({
      import_active_power: 11000,
      currents: { L1: 160, L2: 160, L3: 160 },
    });
    // Three fields: ignored; negative currents: currents skipped, power still taken.
    expect((await command(charger, 'EVMeter', '10:10:10')).ev_meter.currents.L1).toBe(160);
    const negative = await command(charger, 'EVMeter', '-1:-1:-1:7000:100');
    expect(negative.ev_meter).toMatchObject({ import_active_power: 7000, currents: { L1: 160 } });
    expect((await command(charger, 'HomeBatteryCurrent', '-50')).home_battery.current).toBe(-50);
    expect((await command(charger, 'CPPWMOverride', '500')).evse.pwm).toBe(500);
    expect((await command(charger, 'CPPWMOverride', '2000')).evse.pwm).toBe(500);
    expect((await command(charger, 'CPPWMOverride', '-1')).evse.pwm).toBe(1024);
    expect((await command(charger, 'RFID', '112233aabbcc')).evse.rfid_lastread).toBe('112233AABBCC');
    expect((await command(charger, 'RFID', 'not-a-card')).evse.rfid_lastread).toBe('112233AABBCC');
    const watcher = await watch(broker.port, [`${charger.prefix}/CircuitCurrentL3`]);
    try {
      await watcher.publish(`${charger.prefix}/Set/CircuitMeter`, '70:80:90');
      await watcher.next(`${charger.prefix}/CircuitCurrentL3`, (p) => p === '90');
      await watcher.publish(`${charger.prefix}/Set/CircuitMeter`, '70:80:2500');
      const next = await watcher.next(`${charger.prefix}/CircuitCurrentL3`);
      expect(next.payload).toBe('90');
    } finally {
      await watcher.close();
    }
  });

  it('a mains feed is ignored (and triggers nothing) unless the mains meter is the API type', async () => {
    const charger = await newCharger();
    const watcher = await watch(broker.port, [`${charger.prefix}/#`]);
    try {
      await watcher.next(`${charger.prefix}/ESPUptime`);
      const sent = Date.now();
      await watcher.publish(`${charger.prefix}/Set/MainsMeter`, '100:110:120');
      const uptime = await watcher.next(`${charger.prefix}/ESPUptime`);
      // No fast update: the next full set is the periodic one, about 11 s after the previous.
      expect(simulatedS(sent, uptime.atMs)).toBeGreaterThan(3);
      expect((await settings(charger)).phase_currents.original_data.L1).not.toBe(100);
      await sim.control('POST', `/sim/chargers/${charger.serial}/config`, { mainsMeter: 9 });
      const fed = await command(charger, 'MainsMeter', '100:110:120');
      expect(fed.phase_currents).toMatchObject({ L1: 100, L2: 110, L3: 120 });
      // Four fields or a current out of range: the whole message is ignored.
      const ignored = await command(charger, 'MainsMeter', '1:2:3:4');
      expect(ignored.phase_currents).toMatchObject({ L1: 100, L2: 110, L3: 120 });
      expect((await command(charger, 'MainsMeter', '100:100:2500')).phase_currents.L3).toBe(120);
    } finally {
      await watcher.close();
    }
  });

  it('2 000 random Set/ payloads: the charger keeps answering and its values stay in the firmware ranges', async () => {
    const charger = await newCharger();
    await sim.control('POST', `/sim/chargers/${charger.serial}/config`, { mainsMeter: 9, evMeter: 9 });
    const names = [
      'Mode',
      'CurrentOverride',
      'CurrentMaxSumMains',
      'CPPWMOverride',
      'MainsMeter',
      'EVMeter',
      'CircuitMeter',
      'HomeBatteryCurrent',
      'ColorOff',
      'ColorSolar',
      'CustomButton',
      'CableLock',
      'EnableC2',
      'RFID',
      'mode',
      'Nope',
    ];
    const payload = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.integer({ min: -100_000, max: 100_000 }).map(String),
      fc.array(fc.integer({ min: -3000, max: 3000 }), { maxLength: 6 }).map((xs) => xs.join(':')),
      fc.array(fc.integer({ min: -10, max: 400 }), { maxLength: 4 }).map((xs) => xs.join(',')),
      fc.constantFrom('Off', 'Normal', 'Smart', 'Solar', 'Pause', 'On', 'Auto', 'Always Off', ''),
    );
    const messages = fc.sample(fc.tuple(fc.constantFrom(...names), payload), { numRuns: 2000, seed: 14 });
    const watcher = await watch(broker.port, []);
    try {
      for (const [name, text] of messages) await watcher.publish(`${charger.prefix}/Set/${name}`, text);
      // QoS 0 in order on one connection: once this last marker is obeyed, all before it were handled.
      await watcher.publish(`${charger.prefix}/Set/ColorCustom`, '1,2,3');
      const after = await eventually(async () => {
        const json = await settings(charger);
        return json.color.custom?.R === 1 && json.color.custom.G === 2 ? json : undefined;
      }, 'the marker command');
      const s = after.settings;
      expect(s.override_current === 0 || (s.override_current >= 60 && s.override_current <= 160)).toBe(true);
      expect(
        s.current_max_sum_mains === 0 || (s.current_max_sum_mains >= 10 && s.current_max_sum_mains <= 600),
      ).toBe(true);
      expect(['Not present', 'Always Off', 'Solar Off', 'Always On', 'Auto']).toContain(s.enable_C2);
      expect([0, 1]).toContain(s.cablelock);
      for (const rgb of Object.values(after.color)) {
        for (const v of [rgb.R, rgb.G, rgb.B]) expect(v >= 0 && v <= 255).toBe(true);
      }
      for (const phase of ['L1', 'L2', 'L3'])
        expect(Math.abs(after.phase_currents.original_data[phase as keyof Phases])).toBeLessThan(2000);
      expect(['OFF', 'NORMAL', 'SMART', 'SOLAR', 'PAUSE']).toContain(after.mode);
    } finally {
      await watcher.close();
    }
  });
});

describe('meter feeds and the connection over time', () => {
  it('a mains feed over MQTT keeps Smart charging past the 11-s meter timeout; when it stops, Communication Error', async () => {
    const charger = await newCharger();
    await sim.control('POST', `/sim/chargers/${charger.serial}/config`, { mainsMeter: 9 });
    const watcher = await watch(broker.port, [`${charger.prefix}/#`]);
    let feeding = true;
    const feed = (async () => {
      // Once a simulated second, like the firmware's feed.sh.
      while (feeding) {
        await watcher.publish(`${charger.prefix}/Set/MainsMeter`, '20:20:20');
        await new Promise((resolve) => setTimeout(resolve, 1000 / speed));
      }
    })();
    try {
      await watcher.publish(`${charger.prefix}/Set/Mode`, 'Smart');
      await sim.control('POST', `/sim/chargers/${charger.serial}/ev`, { state: 'charging' });
      await watcher.next(`${charger.prefix}/State`, (p) => p === 'Charging', 20_000);
      // 30 simulated seconds of feed: never a communication error.
      await new Promise((resolve) => setTimeout(resolve, (30 * 1000) / speed));
      expect(
        watcher.messages.filter((m) => m.topic === `${charger.prefix}/Error`).map((m) => m.payload),
      ).not.toContain('Communication Error');
      expect((await settings(charger)).evse.state).toBe('Charging');
      feeding = false;
      await feed;
      const stopped = Date.now();
      const error = await watcher.next(`${charger.prefix}/Error`, (p) => p === 'Communication Error', 10_000);
      const after = simulatedS(stopped, error.atMs);
      expect(after).toBeGreaterThan(9);
      expect(after).toBeLessThan(16);
      expect((await settings(charger)).evse.error).toBe('Communication Error');
    } finally {
      feeding = false;
      await feed;
      await watcher.close();
    }
  });

  it('an unclean loss leaves the will; the charger comes back online by itself', async () => {
    const charger = await newCharger();
    const watcher = await watch(broker.port, [`${charger.prefix}/connected`]);
    try {
      await sim.control('POST', `/sim/chargers/${charger.serial}/mqtt`, { drop: true });
      await watcher.next(`${charger.prefix}/connected`, (p) => p === 'offline');
      await watcher.next(`${charger.prefix}/connected`, (p) => p === 'online');
      await eventually(async () => (await settings(charger)).mqtt.status === 'Connected', 'Connected again');
    } finally {
      await watcher.close();
    }
  });

  it('after a broker restart it reconnects, says online and announces again', async () => {
    const own = await startMosquitto();
    try {
      const charger = await newCharger(own.port);
      await own.stop();
      await eventually(async () => (await settings(charger)).mqtt.status === 'Disconnected', 'Disconnected');
      await own.start();
      const watcher = await watch(own.port, [`${charger.prefix}/connected`, 'homeassistant/#']);
      try {
        await watcher.find(`${charger.prefix}/connected`, (p) => p === 'online', 20_000);
        await watcher.find(`homeassistant/select/${charger.prefix}-Mode/config`);
        expect((await settings(charger)).mqtt.status).toBe('Connected');
      } finally {
        await watcher.close();
      }
    } finally {
      await own.stop();
    }
  });

  it('an empty prefix becomes SmartEVSE-<serial>: offline goes to the new prefix, entities get new ids', async () => {
    const charger = await newCharger();
    const hostname = `SmartEVSE-${charger.serial}`;
    const watcher = await watch(broker.port, [
      `${hostname}/#`,
      'homeassistant/#',
      `${charger.prefix}/connected`,
    ]);
    try {
      await post(`${charger.url}/settings?mqtt_update=1&mqtt_topic_prefix=`);
      expect((await settings(charger)).mqtt.topic_prefix).toBe(hostname);
      await watcher.find(`homeassistant/sensor/${hostname}-ChargeCurrent/config`);
      const mine = watcher.messages.filter((m) => m.topic === `${hostname}/connected`).map((m) => m.payload);
      expect(mine).toEqual(['offline', 'online']);
      // The old prefix keeps its stale retained `online`: a clean disconnect leaves no will.
      const old = await retainedSnapshot(broker.port, `${charger.prefix}/connected`);
      expect(old.get(`${charger.prefix}/connected`)).toBe('online');
    } finally {
      await watcher.close();
    }
  });
});

describe('cadence (clock stepped by hand)', () => {
  it('idle: one full set every 11 ticks; a Set/ message brings the next one forward', async () => {
    const paused = await startSim(['--chargers', '1', '--no-mdns', '--paused']);
    try {
      const { serial, url } = paused.chargers[0]!;
      const prefix = `SmartEVSE/${serial}`;
      const watcher = await watch(broker.port, [`${prefix}/ESPUptime`]);
      try {
        await post(`${url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${broker.port}`);
        await eventually(
          async () => (await (await fetch(`${url}/settings`)).json()).mqtt.status === 'Connected',
          'Connected',
        );
        const step = async (seconds: number) => {
          for (let i = 0; i < seconds; i += 1) {
            await paused.control('POST', '/sim/clock/advance', { ms: 1000 });
            await new Promise((resolve) => setTimeout(resolve, 15));
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        };
        await step(40);
        const uptimes = watcher.messages.map((m) => Number(m.payload));
        expect(uptimes.length).toBeGreaterThanOrEqual(3);
        const gaps = uptimes.slice(1).map((u, i) => u - uptimes[i]!);
        expect(new Set(gaps)).toEqual(new Set([11]));
        const before = watcher.messages.length;
        await watcher.publish(`${prefix}/Set/Nothing`, '');
        await new Promise((resolve) => setTimeout(resolve, 200));
        await step(1);
        expect(watcher.messages.length).toBe(before + 1);
      } finally {
        await watcher.close();
      }
    } finally {
      await paused.stop();
    }
  });
});

describe('the official line (v3.8.5)', () => {
  it('announces in its spaced JSON without the entities it lacks, publishes energies also at 0, and Set/Mode Smart clears the override', async () => {
    const { body } = await sim.control<{ chargers: { serial: number; url: string }[] }>(
      'POST',
      '/sim/chargers',
      {
        count: 1,
        flavour: 'official',
      },
    );
    const { serial, url } = body.chargers[0]!;
    const charger = { serial, url, prefix: `SmartEVSE/${serial}` };
    const watcher = await watch(broker.port, [`${charger.prefix}/#`, 'homeassistant/#']);
    try {
      await post(`${url}/settings?mqtt_update=1&mqtt_host=127.0.0.1&mqtt_port=${broker.port}`);
      const current = await watcher.find(`homeassistant/sensor/${charger.prefix}-ChargeCurrent/config`);
      expect(
        current.payload.startsWith(
          `{"name" : "Charge Current", "object_id" : "${charger.prefix}-ChargeCurrent"`,
        ),
      ).toBe(true);
      const config = JSON.parse(current.payload) as Record<string, unknown>;
      expect(config.default_entity_id).toBeUndefined();
      expect(config.state_class).toBeUndefined();
      await watcher.find(`${charger.prefix}/ESPUptime`);
      const topics = new Set(watcher.messages.map((m) => m.topic.slice(charger.prefix.length + 1)));
      for (const absent of ['StateID', 'NrOfPhases', 'LoadBl', 'MaxSumMains', 'EnableC2'])
        expect(topics).not.toContain(absent);
      expect(topics).toContain('MainsImportActiveEnergy');
      expect(watcher.messages.some((m) => m.topic.endsWith(`/${charger.prefix}-StateID/config`))).toBe(false);
      await watcher.publish(`${charger.prefix}/Set/CurrentOverride`, '100');
      await eventually(
        async () => (await settings(charger)).settings.override_current === 100,
        'the override',
      );
      await watcher.publish(`${charger.prefix}/Set/Mode`, 'Smart');
      await eventually(async () => (await settings(charger)).mode === 'SMART', 'Smart');
      expect((await settings(charger)).settings.override_current).toBe(0);
    } finally {
      await watcher.close();
    }
  });
});

describe('the embedded broker (--mqtt)', () => {
  it('starts on 127.0.0.1, every charger connects to it under its own prefix, and commands reach only their charger', async () => {
    const own = await startSim(['--chargers', '2', '--no-mdns', '--speed', String(speed), '--mqtt']);
    try {
      const brokerInfo = own.mqttBroker!;
      expect(brokerInfo.host).toBe('127.0.0.1');
      expect(brokerInfo.url).toBe(`mqtt://127.0.0.1:${brokerInfo.port}`);
      const first = own.chargers[0]!;
      const second = own.chargers[1]!;
      for (const charger of [first, second]) {
        await eventually(
          async () => (await (await fetch(`${charger.url}/settings`)).json()).mqtt.status === 'Connected',
          `charger ${charger.serial} connected`,
        );
      }
      const watcher = await watch(brokerInfo.port, ['SmartEVSE/#']);
      try {
        await watcher.publish(`SmartEVSE/${first.serial}/Set/Mode`, 'Pause');
        await watcher.next(`SmartEVSE/${first.serial}/Mode`, (p) => p === 'Pause');
        await watcher.find(`SmartEVSE/${second.serial}/Mode`);
        const retained = await retainedSnapshot(brokerInfo.port, 'SmartEVSE/+/Mode');
        expect(retained.get(`SmartEVSE/${first.serial}/Mode`)).toBe('Pause');
        expect(retained.get(`SmartEVSE/${second.serial}/Mode`)).toBe('Normal');
      } finally {
        await watcher.close();
      }
    } finally {
      await own.stop();
    }
  });

  it('an address other than loopback is a warning the user sees', async () => {
    // 192.0.2.1 (TEST-NET-1) is never this machine's: the bind fails, after the warning.
    const child = spawn(process.execPath, [
      'dist/sim/cli.js',
      '--no-mdns',
      '--mqtt',
      '--mqtt-bind',
      '192.0.2.1',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toContain('warning: the MQTT broker listens on 192.0.2.1');
    expect(stderr).toContain('could not listen on 192.0.2.1');
    expect(code).toBe(2);
  });
});
