// Goal: reading /settings from an address ends in the charger or in one clear error class
// (refused, timeout, not a SmartEVSE, unreachable). Method: real HTTP servers on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { ServerResponse } from 'node:http';
import { getSettings } from '../../src-main/charger/charger-http';
import {
  closedPort,
  settingsHandler,
  startFixtureServer,
  type FixtureServer,
} from '../support/fixture-charger';

const legacy = readFileSync(new URL('../fixtures/settings-legacy.json', import.meta.url), 'utf8');
const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
const fast = { connectTimeoutMs: 500, readTimeoutMs: 500, maxReplyBytes: 64 * 1024 };
let servers: FixtureServer[] = [];
const sockets: net.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  for (const s of sockets.splice(0)) s.close();
});

async function serve(handler: Parameters<typeof startFixtureServer>[0]) {
  const server = await startFixtureServer(handler);
  servers.push(server);
  return server;
}

describe('charger client: GET /settings', () => {
  it('reads a legacy charger and a dingo35 charger', async () => {
    const a = await serve(settingsHandler(legacy));
    const b = await serve(settingsHandler(dingo));
    const legacyRead = await getSettings({ host: '127.0.0.1', port: a.port }, fast);
    expect(legacyRead.snapshot).toMatchObject({ flavour: 'legacy', mode: 'OFF', state: 'Ready to Charge' });
    const dingoRead = await getSettings({ host: '127.0.0.1', port: b.port }, fast);
    expect(dingoRead.snapshot).toMatchObject({ flavour: 'dingo35', serial: 12345 });
    expect(a.requests).toEqual([expect.objectContaining({ method: 'GET', url: '/settings' })]);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    await expect(getSettings({ host: '127.0.0.1', port }, fast)).rejects.toMatchObject({
      code: 'charger-refused',
    });
  });

  it('reports a charger that accepts but never answers', async () => {
    const silent = net.createServer(() => undefined);
    sockets.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    await expect(getSettings({ host: '127.0.0.1', port }, fast)).rejects.toMatchObject({
      code: 'charger-timeout',
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['a 404', (_q: unknown, res: ServerResponse) => res.writeHead(404).end('Not found\n'), /HTTP 404/],
    ['HTML', (_q: unknown, res: ServerResponse) => res.writeHead(200).end('<html></html>'), /JSON/],
    [
      'JSON of another device',
      (_q: unknown, res: ServerResponse) => res.writeHead(200).end('{"version":"1"}'),
      /not as a SmartEVSE: it has no evse, settings$/,
    ],
    [
      'an endless reply',
      (_q: unknown, res: ServerResponse) => res.writeHead(200).end('x'.repeat(200_000)),
      /oversized/,
    ],
  ])('reports %s as not a SmartEVSE', async (_name, handler, message) => {
    const server = await serve(handler);
    const error = await getSettings({ host: '127.0.0.1', port: server.port }, fast).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not-a-smartevse' });
    expect((error as Error).message).toMatch(message);
  });

  it('reports a connection closed mid-reply', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('{"version":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(getSettings({ host: '127.0.0.1', port: server.port }, fast)).rejects.toMatchObject({
      code: 'charger-unreachable',
    });
  });
});
