// Goal: the simulator answers anything a client can send like the firmware would, or closes the
// connection, and never crashes: thousands of generated requests (random parameters, encodings,
// lengths, methods) and broken HTTP, with the control core's state checked after every batch.
// Method: fast-check against the real simulator process over real sockets on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import http from 'node:http';
import net from 'node:net';
import { chargerSettingsJsonSchema } from '$shared/contract';
import { startSim, type SimProcess } from '../support/sim-process';
import { figure } from '../../scripts/figures.mjs';

let sim: SimProcess;
beforeAll(async () => (sim = await startSim(['--chargers', '1', '--no-mdns', '--speed', '600'])), 30_000);
afterAll(() => sim?.stop());

const paths = [
  '/settings',
  '/color_off',
  '/color_normal',
  '/color_smart',
  '/color_solar',
  '/color_custom',
  '/currents',
  '/ev_meter',
  '/reboot',
  '/erasesettings',
  '/cablelock',
  '/rfid',
  '/lcd',
  '/power_day',
  '/automated_testing',
  '/modem',
  '/',
  '/update',
];
const params = [
  'mode',
  'MODE',
  'override_current',
  'current_min',
  'current_max_sum_mains',
  'max_sum_mains_timer',
  'starttime',
  'stoptime',
  'repeat',
  'solar_start_current',
  'solar_max_import',
  'stop_timer',
  'enable_C2',
  'lcdlock',
  'cablelock',
  'backlight',
  'override_pwm',
  'mqtt_update',
  'mqtt_host',
  'mqtt_port',
  'mqtt_password',
  'L1',
  'L2',
  'L3',
  'battery_current',
  'import_active_energy',
  'R',
  'G',
  'B',
  'pwm',
  'current_max',
  'loadbl',
];
const value = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }).map(String),
  fc.constantFrom(
    '',
    '-',
    '1e3',
    '0x10',
    'NaN',
    '%',
    '%ff',
    '%00',
    '%E2%82%AC',
    '2026-13-40T25:61',
    '2030-01-01T10:00',
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ minLength: 2000, maxLength: 9000 }).map(encodeURIComponent),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path: fc.oneof(fc.constantFrom(...paths), fc.webPath()),
  query: fc.array(fc.tuple(fc.constantFrom(...params), value), { maxLength: 6 }),
  body: fc.oneof(fc.constant(''), fc.json(), fc.string({ maxLength: 200 })),
});

function send(
  port: number,
  r: { method: string; path: string; query: [string, string][]; body: string },
): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const query = r.query.map(([k, v]) => `${k}=${v}`).join('&');
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: '127.0.0.1',
        port,
        method: r.method,
        path: `${r.path}${query ? `?${query}` : ''}`,
        headers: { 'Content-Length': Buffer.byteLength(r.body) },
        agent: false,
        timeout: 1500,
      });
    } catch {
      return resolve('closed'); // a path node itself refuses to send
    }
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve('closed'));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve('closed'));
    req.end(r.body);
  });
}

async function invariants(): Promise<void> {
  const { body } = await sim.control<{
    state: { id: number };
    pwm: number;
    phases: number;
    chargeCurrentDa: number;
    overrideCurrentDa: number;
    errorFlags: number;
  }>('GET', `/sim/chargers/${sim.chargers[0]!.serial}/internals`);
  expect(body.state.id).toBeGreaterThanOrEqual(0);
  expect(body.state.id).toBeLessThanOrEqual(14);
  expect(body.pwm).toBeGreaterThanOrEqual(0);
  expect(body.pwm).toBeLessThanOrEqual(1024);
  expect([1, 2, 3]).toContain(body.phases);
  expect(body.chargeCurrentDa).toBeGreaterThanOrEqual(0);
  expect(body.chargeCurrentDa).toBeLessThanOrEqual(800);
  expect(body.overrideCurrentDa).toBeGreaterThanOrEqual(0);
  expect(body.overrideCurrentDa).toBeLessThanOrEqual(800);
  expect(Number.isInteger(body.errorFlags)).toBe(true);
}

describe('simulator REST fuzzing', () => {
  it('answers like the firmware or closes, never crashes, and keeps a valid state', async () => {
    const port = sim.chargers[0]!.port;
    const requests = fc.sample(request, { numRuns: 3000, seed: 2026 });
    const statuses = new Map<number | 'closed', number>();
    let checks = 0;
    const check = async () => {
      await invariants();
      checks += 1;
    };
    for (const r of requests) {
      const status = await send(port, r);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await check();
    }
    // Broken HTTP: random bytes, cut-off requests, absurd headers.
    const garbage = fc.sample(
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
        fc
          .constantFrom(
            'GET /settings HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
            'POST /settings?mode=3 HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc',
            'GET /settings HTTP/9.9\r\n\r\n',
            `GET /${'a'.repeat(70_000)} HTTP/1.1\r\n\r\n`,
            'GET /settings HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
            '\r\n\r\n\r\n',
          )
          .map((s) => Buffer.from(s)),
      ),
      { numRuns: 300, seed: 9 },
    );
    let broken = 0;
    for (const bytes of garbage) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
        socket.setTimeout(1000, () => socket.destroy());
        socket.on('data', () => undefined);
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
      broken += 1;
      await check();
    }
    expect(sim.child.exitCode).toBeNull();
    // Still a SmartEVSE that answers (after any reboot the fuzzing asked for).
    let settings: unknown;
    for (let i = 0; i < 50 && settings === undefined; i += 1) {
      settings = await fetch(`http://127.0.0.1:${port}/settings`)
        .then((r) => r.json())
        .catch(() => undefined);
      if (settings === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(chargerSettingsJsonSchema.safeParse(settings).success).toBe(true);
    const summary = [...statuses.entries()].map(([s, n]) => `${s}: ${n}`).join(', ');
    figure(
      'simulator REST fuzzing',
      `${requests.length} generated requests (${summary}) and ${broken} broken ones; state invariants checked after each: ${checks} times; simulator exits: ${sim.child.exitCode === null ? 0 : 1}; simulator errors (500): ${statuses.get(500) ?? 0}`,
    );
    expect(statuses.get(500) ?? 0).toBe(0);
  }, 300_000);
});
