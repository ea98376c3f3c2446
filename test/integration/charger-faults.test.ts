// Goal: a charger that is slow, busy (503), closes the connection or sends malformed JSON ends in
// one clear error, with at most one retry of a read and none of a write, and the poller backs off
// instead of storming; ten views of one charger cost one request per interval.
// Method: misbehaving HTTP servers on 127.0.0.1 that count what they receive.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChargerClient } from '../../src-main/charger/charger-client';
import { startFixtureServer, settingsHandler, type FixtureServer } from '../support/fixture-charger';
import { eventually, startService, testClient } from '../support/service';
import { figure } from '../../scripts/figures.mjs';

const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
const fast = { connectTimeoutMs: 300, readTimeoutMs: 300, maxReplyBytes: 64 * 1024 };
let servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const serve = async (handler: Parameters<typeof startFixtureServer>[0]) => {
  const server = await startFixtureServer(handler);
  servers.push(server);
  return server;
};

describe('misbehaving chargers', () => {
  it.each([
    [
      'slow',
      (_q: unknown, res: ServerResponse) => setTimeout(() => res.end(dingo), 2000),
      'charger-timeout',
      2,
    ],
    [
      'busy (503)',
      (_q: unknown, res: ServerResponse) => res.writeHead(503).end('Server busy, retry shortly'),
      'charger-unreachable',
      2,
    ],
    ['closing the connection', (q: IncomingMessage) => q.socket.destroy(), 'charger-unreachable', 2],
    [
      'malformed JSON',
      (_q: unknown, res: ServerResponse) => res.writeHead(200).end('{"version": "v3", "evse": {'),
      'not-a-smartevse',
      1,
    ],
  ] as const)(
    '%s: a clear error, %s, and at most one retry of the read',
    async (name, handler, code, requests) => {
      const server = await serve(handler as Parameters<typeof startFixtureServer>[0]);
      const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port: server.port }, fast);
      const started = Date.now();
      await expect(connection.readSettings()).rejects.toMatchObject({ code });
      expect(server.requests).toHaveLength(requests);
      figure(
        `fault: charger ${name}`,
        `read ends in ${code} after ${Date.now() - started} ms; requests sent: ${server.requests.length}`,
      );
    },
  );

  it('a write is never retried', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'GET') res.end(dingo);
      else req.socket.destroy();
    });
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port: server.port }, fast);
    await connection.readSettings(); // the write reuses this read (under 1 s old)
    await expect(connection.writeSettings({ stopTimerMin: 3 })).rejects.toMatchObject({
      code: 'charger-unreachable',
    });
    const posts = server.requests.filter((r) => r.method === 'POST').length;
    expect(posts).toBe(1);
    figure(
      'fault: connection reset during a write',
      `POSTs sent: ${posts} (writes duplicated: ${posts - 1})`,
    );
  });

  it('requests to one charger never overlap', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve((_req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end(dingo);
      }, 30);
    });
    const connection = new ChargerClient('SmartEVSE-test', { host: '127.0.0.1', port: server.port }, fast);
    await Promise.all(Array.from({ length: 8 }, () => connection.readSettings()));
    expect(server.requests).toHaveLength(8);
    expect(most).toBe(1);
  });
});

describe('shared poller', () => {
  it('ten live views of one charger make one request per interval, pushed to every view', async () => {
    const server = await serve(settingsHandler(dingo));
    const { service, stop } = await startService({
      poller: { liveIntervalMs: 200, backgroundIntervalMs: 60_000 },
    });
    try {
      const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
      const received = new Map<string, number>();
      service.onEvent((event, _payload, targets) => {
        if (event !== 'ChargerSample') return;
        for (const client of targets ?? []) received.set(client, (received.get(client) ?? 0) + 1);
      });
      const before = server.requests.length;
      const subscriptions = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          service.handlers.subscribeSamples({ id, live: true }, { clientId: `view-${i}` }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const polls = server.requests.length - before;
      // 2.1 s at 200 ms: about 11 polls for all ten views together, not 110.
      expect(polls).toBeGreaterThanOrEqual(9);
      expect(polls).toBeLessThanOrEqual(13);
      expect(received.size).toBe(10);
      for (const count of received.values()) expect(Math.abs(count - polls)).toBeLessThanOrEqual(1);
      expect(service.poller.loopCount).toBe(1);
      for (const { subscriptionId } of subscriptions.slice(0, 5)) {
        await service.handlers.unsubscribeSamples({ subscriptionId }, testClient);
      }
      for (let i = 5; i < 10; i += 1) service.dropClient(`view-${i}`);
      // Only the service's own background watch is left: no more live polling.
      const after = server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(server.requests.length - after).toBeLessThanOrEqual(1);
      expect(service.poller.watchers(id).map((w) => w.clientId)).toEqual(['service']);
      const samples = await service.handlers.getSamples({ id }, testClient);
      expect(samples.length).toBeGreaterThanOrEqual(polls);
      expect(samples.at(-1)).toMatchObject({
        stateId: 2,
        chargeCurrentDa: 160,
        mainsDa: [260, 260, 260],
        pwm: 272,
      });
    } finally {
      await stop();
    }
  });

  it('a failing charger is polled with back-off and reported lost, without a retry storm', async () => {
    let failing = false;
    const server = await serve((req, res) => {
      if (failing) res.writeHead(500).end('oops');
      else settingsHandler(dingo)(req, res);
    });
    const { service, stop } = await startService({ poller: { liveIntervalMs: 100, offlineAfter: 3 } });
    try {
      const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
      const lost: string[] = [];
      service.onEvent((event, payload) => {
        if (event === 'ChargerChange' && (payload as { kind: string }).kind === 'lost') lost.push(id);
      });
      await service.handlers.subscribeSamples({ id, live: true }, { clientId: 'view' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      failing = true;
      const failingSince = Date.now();
      const start = server.requests.length;
      await eventually(() => lost.length > 0 || undefined, 'the charger reported lost', 5000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const failed = server.requests.length - start;
      const failedForMs = Date.now() - failingSince;
      // Back-off: 100, 200, 400, 800, 1600 ms… each poll at most two requests (one retry):
      // a few polls in ~3 s, where a fixed 100 ms loop would have sent about 60.
      expect(failed).toBeLessThanOrEqual(14);
      figure(
        'fault: charger failing while watched at 100 ms',
        `reported lost; requests in the ${(failedForMs / 1000).toFixed(1)} s after it failed: ${failed} (a fixed 100 ms loop would send ${Math.round(failedForMs / 100)})`,
      );
      const [row] = await service.handlers.listChargers({}, testClient);
      expect(row).toMatchObject({ online: false, lastError: { code: 'charger-unreachable' } });
      expect(row!.lastError!.message).toContain('HTTP 500');
    } finally {
      await stop();
    }
  });
});
