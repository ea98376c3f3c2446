// Goal: the official line's framing and the dingo35-only behaviours differ as §10 says; nodes of a
// power-share group refuse what the firmware refuses; a ninth connection is turned away.
// Method: real simulator processes over real HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { post, rawHttp, startSim, type SimProcess } from '../support/sim-process';

let official: SimProcess;
let group: SimProcess;

beforeAll(async () => {
  [official, group] = await Promise.all([
    startSim(['--flavour', 'official', '--paused', '--no-mdns']),
    startSim(['--chargers', '3', '--group', '--paused', '--no-mdns']),
  ]);
});
afterAll(async () => Promise.all([official.stop(), group.stop()]));

describe('official firmware line', () => {
  it('sends Content-Length and a trailing newline; no dingo35-only keys', async () => {
    const { port, url } = official.chargers[0]!;
    const raw = await rawHttp(port, 'GET /settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/\r\nContent-Length: \d+\r\n/);
    expect(raw.endsWith('}\n')).toBe(true);
    const body = await (await fetch(`${url}/settings`)).json();
    expect(body.version).toBe('v3.8.5');
    expect(body).not.toHaveProperty('eth');
    expect(body.settings).not.toHaveProperty('capacity_mode');
    expect(body.ev_meter).toHaveProperty('import_active_energy');
  });

  it('answers null to a bad colour, 404 to /rfid and /power_day', async () => {
    const { url } = official.chargers[0]!;
    expect((await post(`${url}/color_off?R=1`)).text).toBe('null\r\n');
    expect((await post(`${url}/rfid?rfid=0123456789AB`)).status).toBe(404);
    expect((await fetch(`${url}/power_day`)).status).toBe(404);
  });

  it('resets an out-of-range enable_C2 to Always On after the save', async () => {
    const { url } = official.chargers[0]!;
    await post(`${url}/settings?enable_C2=7`);
    expect((await (await fetch(`${url}/settings`)).json()).settings.enable_C2).toBe('Always On');
  });
});

describe('power-share group', () => {
  it('reports master and nodes, and a node refuses what only a master may set', async () => {
    const [master, node] = group.chargers;
    const masterSettings = await (await fetch(`${master!.url}/settings`)).json();
    const nodeSettings = await (await fetch(`${node!.url}/settings`)).json();
    expect([masterSettings.evse.loadbl, nodeSettings.evse.loadbl]).toEqual([1, 2]);
    expect(
      JSON.parse((await post(`${node!.url}/settings?current_min=8&current_max_sum_mains=100`)).text),
    ).toEqual({
      current_min: 'Value not allowed!',
      current_max_sum_mains: 'Value not allowed!',
    });
    expect((await post(`${node!.url}/currents?battery_current=10`)).text).toBe(
      '{"battery_current":"not allowed on slave"}',
    );
  });

  it('a mode set on a node reaches the master', async () => {
    const [master, node] = group.chargers;
    await post(`${node!.url}/settings?mode=3`);
    expect((await (await fetch(`${master!.url}/settings`)).json()).mode).toBe('SMART');
  });
});

describe('connection limit (dingo35)', () => {
  it('turns away a ninth concurrent connection with 503', async () => {
    const { port } = group.chargers[0]!;
    const held: net.Socket[] = [];
    for (let i = 0; i < 8; i += 1) {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      held.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const raw = await rawHttp(port, 'GET /settings HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 503/);
    expect(raw).toContain('Server busy, retry shortly');
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`http://127.0.0.1:${port}/settings`)).status).toBe(200);
  });
});
