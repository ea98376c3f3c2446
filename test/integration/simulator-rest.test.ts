// Goal: the simulator answers REST_API.md's curl examples and the firmware's quirks (§2, §3)
// byte-shaped like a real charger. Method: the real simulator process over real HTTP on 127.0.0.1,
// its clock paused and stepped through the control API so every check is deterministic.
import { simInternalsSchema } from '$shared/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentToPwm } from '../../src-main/simulator/core';
import { post, rawHttp, startSim, type SimProcess } from '../support/sim-process';

let sim: SimProcess;
let url: string;
let serial: number;
let port: number;

const settings = async () => (await fetch(`${url}/settings`)).json();
const advance = (ms: number) => sim.control('POST', '/sim/clock/advance', { ms });

beforeAll(async () => {
  sim = await startSim([
    '--chargers',
    '2',
    '--paused',
    '--no-mdns',
    '--start',
    '2026-06-21T10:00:00Z',
    '--time-zone',
    'Europe/Amsterdam',
  ]);
  await advance(6000);
});
afterAll(() => sim.stop());

// Each test gets a charger of its own, fresh from the simulator's defaults and booted, so no test
// leans on what another left behind (they run in a shuffled order).
beforeEach(async () => {
  const { body } = await sim.control<{ chargers: { serial: number; url: string; port: number }[] }>(
    'POST',
    '/sim/chargers',
    { count: 1 },
  );
  ({ url, serial, port } = body.chargers[0]!);
  await advance(6000);
});
afterEach(async () => {
  await sim.control('DELETE', `/sim/chargers/${serial}`);
});

describe('REST_API.md curl examples against the simulator', () => {
  it('GET /settings: the documented structure, with the serial and no CORS headers', async () => {
    const response = await fetch(`${url}/settings`);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.json();
    expect(body).toMatchObject({
      version: 'v3.11.1',
      serialnr: serial,
      mode: 'NORMAL',
      mode_id: 1,
      car_connected: false,
    });
    expect(Object.keys(body).slice(0, 5)).toEqual([
      'version',
      'serialnr',
      'mode',
      'mode_id',
      'car_connected',
    ]);
    expect(body.evse).toMatchObject({
      state: 'Ready to Charge',
      state_id: 0,
      error: 'None',
      access: 1,
      pwm: 1024,
    });
    expect(body.settings).toMatchObject({ current_min: 6, enable_C2: 'Always On', mains_meter: 'Sensorbox' });
  });

  it('backlight=1 turns the backlight on', async () => {
    expect((await post(`${url}/settings?backlight=1`)).text).toBe('{"Backlight":1}');
    expect((await settings()).backlight).toEqual({ timer: 120, status: 'ON' });
  });

  it('override_current=83 sets 8.3 A in Normal mode; disable_override_current clears it', async () => {
    expect((await post(`${url}/settings?override_current=83`)).text).toBe('{"override_current":83}');
    expect((await settings()).settings.override_current).toBe(83);
    expect((await post(`${url}/settings?disable_override_current`)).text).toBe(
      '{"disable_override_current":"OK"}',
    );
  });

  it('override_current=83 while an EV charges: charge_current and the PWM follow at the next regulation', async () => {
    // The second charger, so the other checks of this file see the first one as they left it.
    const other = sim.chargers[1]!;
    const read = async () => (await fetch(`${other.url}/settings`)).json();
    await sim.control('POST', `/sim/chargers/${other.serial}/ev`, { state: 'charging', maxCurrentA: 32 });
    await advance(30_000);
    const before = await read();
    expect(before.evse.state_id).toBe(2);
    expect(before.settings.charge_current).toBe(before.settings.current_max * 10);
    expect((await post(`${other.url}/settings?override_current=83`)).text).toBe('{"override_current":83}');
    await advance(2000);
    const after = await read();
    expect(after.settings.charge_current).toBe(83);
    expect(after.evse.pwm).toBe(currentToPwm(83));
    await post(`${other.url}/settings?disable_override_current`);
    await sim.control('POST', `/sim/chargers/${other.serial}/ev`, { state: 'disconnected' });
  });

  it('starttime in the quoted form of REST_API.md is not understood: the delayed start is cleared', async () => {
    const reply = await post(`${url}/settings?starttime="2030-04-14T23:31"&mode=3`);
    expect(reply.text).toBe('{"starttime":0,"mode":"3"}');
    expect((await settings()).mode).toBe('SMART');
  });

  it('starttime in the firmware format arms a delayed start: mode OFF until then', async () => {
    const reply = await post(
      `${url}/settings?starttime=2026-06-21T13:00&stoptime=2026-06-21T14:00&repeat=1&mode=3`,
    );
    // 13:00 in Amsterdam (UTC+2 in June) is 11:00 UTC.
    const start = Date.UTC(2026, 5, 21, 11, 0) / 1000;
    expect(JSON.parse(reply.text)).toEqual({
      stoptime: start + 3600,
      repeat: 1,
      starttime: start,
      mode: '3',
    });
    expect(Object.keys(JSON.parse(reply.text))).toEqual(['stoptime', 'repeat', 'starttime', 'mode']);
    let now = await settings();
    expect(now).toMatchObject({
      mode: 'OFF',
      settings: { starttime: start, stoptime: start + 3600, repeat: 1 },
    });
    await advance(
      start * 1000 - (await sim.control<{ clock: { nowMs: number } }>('GET', '/sim')).body.clock.nowMs + 1000,
    );
    now = await settings();
    expect(now.mode).toBe('SMART');
    expect(now.settings.starttime).toBe(start + 86_400);
    await post(`${url}/settings?mode=1`);
  });

  it.each(['off', 'normal', 'smart', 'solar'])('POST /color_%s with R, G and B together', async (name) => {
    const reply = await post(`${url}/color_${name}?R=0&G=0&B=255`);
    expect(reply.text).toBe(`{"color":{"${name}":{"R":0,"G":0,"B":255}}}\r\n`);
    expect((await settings()).color[name]).toEqual({ R: 0, G: 0, B: 255 });
  });

  it('colours must be sent all together and in range: otherwise {} and nothing changes', async () => {
    await post(`${url}/color_off?R=1&G=2&B=3`);
    expect((await post(`${url}/color_off?R=9&G=9`)).text).toBe('{}\r\n');
    expect((await post(`${url}/color_off?R=9&G=9&B=256`)).text).toBe('{}\r\n');
    expect((await settings()).color.off).toEqual({ R: 1, G: 2, B: 3 });
  });

  it('POST /currents only works when the mains meter is API; L1..L3 together; battery correction', async () => {
    expect((await post(`${url}/currents?L1=100&L2=50&L3=30`)).text).toBe('null');
    expect((await sim.control('POST', `/sim/chargers/${serial}/config`, { mainsMeter: 9 })).status).toBe(200);
    const reply = JSON.parse((await post(`${url}/currents?L1=100&L2=50&L3=30`)).text);
    expect(reply).toEqual({ original: { L1: 100, L2: 50, L3: 30 }, L1: 100, L2: 50, L3: 30, TOTAL: 180 });
    expect((await post(`${url}/currents?L1=100&L2=50`)).text).toBe('null');
    const now = await settings();
    expect(now.phase_currents).toMatchObject({ TOTAL: 180, L1: 100, L2: 50, L3: 30 });
    expect(now.settings.mains_meter).toBe('API');
  });

  it('POST /ev_meter only works when the EV meter is API', async () => {
    expect((await post(`${url}/ev_meter?L1=100&L2=50&L3=30`)).text).toBe('null');
    await sim.control('POST', `/sim/chargers/${serial}/config`, { evMeter: 9 });
    expect(JSON.parse((await post(`${url}/ev_meter?L1=100&L2=50&L3=30`)).text)).toEqual({
      ev_meter: { currents: { L1: 100, L2: 50, L3: 30, TOTAL: 180 } },
    });
    const energy = JSON.parse(
      (
        await post(
          `${url}/ev_meter?import_active_energy=5000&export_active_energy=0&import_active_power=3600`,
        )
      ).text,
    );
    expect(energy.ev_meter).toMatchObject({ import_active_power: 3600, total_kwh: 5000 });
    await sim.control('POST', `/sim/chargers/${serial}/config`, { evMeter: 4, mainsMeter: 1 });
  });
});

describe('firmware quirks (§2, §3.2)', () => {
  it('names are case-insensitive and the first occurrence wins; mode is echoed as a string', async () => {
    expect((await post(`${url}/settings?MODE=1&mode=3`)).text).toBe('{"mode":"1"}');
  });

  it('an empty or non-numeric mode means OFF', async () => {
    expect((await post(`${url}/settings?mode=`)).text).toBe('{"mode":""}');
    expect((await settings()).mode).toBe('OFF');
    expect((await post(`${url}/settings?mode=abc`)).text).toBe('{"mode":"abc"}');
    expect((await post(`${url}/settings?mode=7`)).text).toBe('{"mode":"Value not allowed!"}');
    await post(`${url}/settings?mode=1`);
  });

  it('bad values: Value not allowed!, stop_timer as a boolean, nested enable_C2, renamed key', async () => {
    expect(
      JSON.parse((await post(`${url}/settings?current_min=20&stop_timer=61&solar_start_current=49`)).text),
    ).toEqual({
      current_min: 'Value not allowed!',
      stop_timer: false,
      solar_start_current: 'Value not allowed!',
    });
    expect(
      JSON.parse(
        (await post(`${url}/settings?enable_C2=2&max_sum_mains_timer=5&current_max_sum_mains=9`)).text,
      ),
    ).toEqual({
      current_max_sum_mains: 'Value not allowed!',
      max_sum_mains_time: 5,
      settings: { enable_C2: 'Solar Off' },
    });
    expect((await settings()).settings).toMatchObject({
      current_min: 6,
      enable_C2: 'Solar Off',
      max_sum_mains_time: 5,
    });
    await post(`${url}/settings?enable_C2=3`);
  });

  it('override_current is ignored in Solar mode, and refused outside MinCurrent..MaxCurrent', async () => {
    await post(`${url}/settings?mode=1`);
    expect((await post(`${url}/settings?override_current=59`)).text).toBe(
      '{"override_current":"Value not allowed!"}',
    );
    await sim.control('POST', `/sim/world`, { serial, pvA: 30 });
    expect((await post(`${url}/settings?mode=2&override_current=100`)).text).toBe('{"mode":"2"}');
    await post(`${url}/settings?mode=1`);
  });

  it('a POST that produced no key answers null; unknown paths 404 "Not found"', async () => {
    expect((await post(`${url}/settings?nothing=1`)).text).toBe('null');
    const missing = await fetch(`${url}/session`);
    expect([missing.status, await missing.text()]).toEqual([404, 'Not found\n']);
    const options = await fetch(`${url}/settings`, { method: 'OPTIONS' });
    expect(options.status).toBe(404);
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('JSON replies are chunked without a trailing newline, and there is no Date header', async () => {
    const raw = await rawHttp(port, 'GET /settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toMatch(/\r\nTransfer-Encoding: chunked\r\n/i);
    expect(raw).not.toMatch(/\r\nDate:/i);
    expect(raw).not.toMatch(/Access-Control/i);
  });

  it('a POST without Content-Length is not answered until the client gives up', async () => {
    const raw = await rawHttp(port, 'POST /settings?mode=3 HTTP/1.1\r\nHost: x\r\n\r\n', 700);
    expect(raw).toBe('');
    expect((await settings()).mode).toBe('NORMAL');
  });

  it('reboot while charging answers 202 and waits; otherwise 200', async () => {
    await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'charging' });
    await advance(20_000);
    expect((await settings()).evse.state).toBe('Charging');
    const deferred = await post(`${url}/reboot`);
    expect([deferred.status, deferred.text]).toEqual([
      202,
      'Reboot scheduled: Device will reboot 5 seconds after the EV stops charging...',
    ]);
    expect(deferred.headers.get('content-type')).toBeNull();
    await advance(30_000);
    expect((await settings()).evse.state).toBe('Charging');
    await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'disconnected' });
    // The 5-s countdown starts only now that it is out of state C.
    await advance(4000);
    expect((await settings()).evse.state).toBe('Ready to Charge');
    await advance(2000);
    // While it restarts, the charger does not answer.
    await expect(fetch(`${url}/settings`)).rejects.toThrow();
    await advance(4000);
    expect((await settings()).evse.state).toBe('Ready to Charge');
    const now = await post(`${url}/reboot`);
    expect([now.status, now.text]).toEqual([200, 'Device will reboot in 5 seconds...']);
    await advance(10_000);
  });

  it('/cablelock with a parameter literally named 1; /rfid with the reader disabled', async () => {
    expect((await post(`${url}/cablelock?1`)).text).toBe('{"cablelock":1}\r\n');
    expect((await post(`${url}/cablelock`)).text).toBe('{"cablelock":0}\r\n');
    expect((await post(`${url}/rfid?rfid=0123456789AB`)).text).toBe(
      '{"rfid_status":"RFID reader not enabled"}',
    );
  });

  it('GET /lcd is a 1086-byte 1-bit BMP; /power_day has 96 quarter-hours', async () => {
    const lcd = Buffer.from(await (await fetch(`${url}/lcd`)).arrayBuffer());
    expect(lcd.length).toBe(1086);
    expect(lcd.subarray(0, 2).toString()).toBe('BM');
    const day = await (await fetch(`${url}/power_day`)).json();
    expect(day.power_day).toHaveLength(96);
    expect(day.power_day[0].time).toMatch(/^\d\d:\d\d$/);
  });

  it('mqtt_update=1 stores the broker and never echoes the password', async () => {
    const reply = await post(`${url}/settings?mqtt_update=1&mqtt_host=10.1.1.1&mqtt_password=secret`);
    expect(reply.text.endsWith('\r\n')).toBe(true);
    expect(reply.text).not.toContain('secret');
    expect(JSON.parse(reply.text).mqtt_host).toBe('10.1.1.1');
    const now = await settings();
    expect(now.mqtt).toMatchObject({ host: '10.1.1.1', password_set: true });
    expect(JSON.stringify(now)).not.toContain('secret');
  });
});

describe('test-build and maintenance endpoints', () => {
  it('/automated_testing sets what only the LCD can, /erasesettings restores factory defaults', async () => {
    const second = sim.chargers[1]!;
    const reply = await post(`${second.url}/automated_testing?current_max=20&current_main=40&mainsmeter=9`);
    expect([reply.status, reply.text]).toEqual([200, '\r\n']);
    expect((await (await fetch(`${second.url}/settings`)).json()).settings).toMatchObject({
      current_max: 20,
      current_main: 40,
      mains_meter: 'API',
    });
    const erased = await post(`${second.url}/erasesettings`);
    expect([erased.status, erased.text, erased.headers.get('content-type')]).toEqual([
      200,
      'Erasing settings, rebooting',
      'text/plain',
    ]);
    await advance(10_000);
    const after = await (await fetch(`${second.url}/settings`)).json();
    expect(after.settings).toMatchObject({
      current_max: 13,
      current_main: 25,
      mains_meter: 'Sensorbox',
      enable_C2: 'Always On',
    });
  });

  it('LCD buttons need the PIN first (default 0), sent as a form body', async () => {
    expect((await post(`${url}/lcd?button=left&state=1`)).text).toBe(
      '{"button":{"right":"down","middle":"down","left":"down"}}\r\n',
    );
    const wrong = await fetch(`${url}/lcd-verify-password`, { method: 'POST', body: 'password=1234' });
    expect(await wrong.text()).toBe('{"success":false}\r\n');
    const right = await fetch(`${url}/lcd-verify-password`, { method: 'POST', body: 'password=0' });
    expect(await right.text()).toBe('{"success":true}\r\n');
    expect((await post(`${url}/lcd?button=left&state=1`)).text).toBe(
      '{"button":{"right":"up","middle":"up","left":"down"}}\r\n',
    );
  });
});

describe('control API', () => {
  it('rejects bad input with 400 naming the field, and changes nothing', async () => {
    const before = (await sim.control('GET', `/sim/chargers/${serial}/internals`)).body;
    // The reply is what the contract says Studio's simulator panel receives.
    expect(simInternalsSchema.safeParse(before).error).toBeUndefined();
    expect(await sim.control('POST', `/sim/chargers/${serial}/config`, { maxCurrentA: 5 })).toMatchObject({
      status: 400,
      body: { field: 'maxCurrentA' },
    });
    expect(await sim.control('POST', `/sim/chargers/${serial}/ev`, { state: 'flying' })).toMatchObject({
      status: 400,
      body: { field: 'state' },
    });
    expect(await sim.control('POST', '/sim/clock', { speed: -1 })).toMatchObject({
      status: 400,
      body: { field: 'speed' },
    });
    expect(await sim.control('POST', '/sim/world', { profile: 'nope' })).toMatchObject({
      status: 400,
      body: { field: 'profile' },
    });
    expect((await sim.control('POST', '/sim/clock/advance', '{bad json')).status).toBe(400);
    expect((await sim.control('GET', '/sim/chargers/999999/internals')).status).toBe(404);
    const after = (await sim.control('GET', `/sim/chargers/${serial}/internals`)).body;
    expect(after.timers).toEqual(before.timers);
  });

  it('adds and removes chargers', async () => {
    const { body } = await sim.control<{ chargers: { serial: number; url: string; flavour: string }[] }>(
      'POST',
      '/sim/chargers',
      {
        count: 1,
        flavour: 'legacy',
      },
    );
    const added = body.chargers[0]!;
    expect(added.flavour).toBe('legacy');
    const legacy = await (await fetch(`${added.url}/settings`)).json();
    expect(legacy.serialnr).toBeUndefined();
    expect(typeof legacy.evse.access).toBe('boolean');
    expect(legacy.ev_meter).toHaveProperty('total_kwh');
    expect(legacy.settings.modem).toBe('Not present');
    expect((await post(`${added.url}/modem?pwm=50`)).text).toBe('{"pwm":50}\r\n');
    expect((await sim.control('DELETE', `/sim/chargers/${added.serial}`)).body).toEqual({ removed: true });
    await expect(fetch(`${added.url}/settings`)).rejects.toThrow();
  });
});

describe('answer delay', () => {
  it('by default a simulated charger answers like an ESP32 on Wi-Fi (about 40 ms), and --latency 0 does not wait', async () => {
    const { spawn } = await import('node:child_process');
    // Started directly: the test helper asks for instant answers.
    const child = spawn(process.execPath, ['dist/sim/cli.js', '--ready-json', '--no-mdns'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
      });
      const ready = JSON.parse(line) as { chargers: { url: string }[] };
      const timed = async (target: string) => {
        const started = performance.now();
        await (await fetch(`${target}/settings`)).json();
        return performance.now() - started;
      };
      expect(await timed(ready.chargers[0]!.url)).toBeGreaterThanOrEqual(38);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
