// Goal: a charger that is slow, busy (503), closes the connection or sends malformed JSON ends in
// one clear error, with at most one retry of a read and none of a write, and the poller backs off
// instead of storming; ten views of one charger cost one request per interval.
// Method: misbehaving HTTP servers on 127.0.0.1 that count what they receive.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChargerClient } from '../../src-main/charger/charger-client';
import { startFixtureServer, settingsHandler, type FixtureServer } from '../support/fixture-charger';
import { startService, testClient } from '../support/service';
import { SimulatedScheduler } from '../../src-main/store/scheduler';
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

  it('adding a host that accepts and never answers costs one try, not a retry', async () => {
    const server = await serve(() => undefined);
    const studio = await startService({ clientOptions: fast });
    try {
      await expect(
        studio.service.handlers.addCharger({ address: `127.0.0.1:${server.port}` }, testClient),
      ).rejects.toMatchObject({ code: 'charger-timeout' });
      expect(server.requests).toHaveLength(1);
      expect(await studio.service.handlers.listChargers({}, testClient)).toEqual([]);
    } finally {
      await studio.stop();
    }
  });

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
    const scheduler = new SimulatedScheduler(0);
    const polledAt: number[] = [];
    const server = await serve((req, res) => {
      polledAt.push(scheduler.now());
      settingsHandler(dingo)(req, res);
    });
    const { service, stop } = await startService({
      scheduler,
      poller: { liveIntervalMs: 200, backgroundIntervalMs: 60_000 },
    });
    try {
      const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
      const received = new Map<string, number[]>();
      service.onEvent((event, payload, targets) => {
        if (event !== 'ChargerSample') return;
        const { sample } = payload as { sample: { tMs: number } };
        for (const client of targets ?? [])
          received.set(client, [...(received.get(client) ?? []), sample.tMs]);
      });
      polledAt.length = 0; // the add's own read
      const subscriptions = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          service.handlers.subscribeSamples({ id, live: true }, { clientId: `view-${i}` }),
        ),
      );
      // A new live view polls 50 ms later, then every 200 ms: 11 polls by 2050 ms for all ten views.
      await scheduler.advance(2050);
      const expected = [50, 250, 450, 650, 850, 1050, 1250, 1450, 1650, 1850, 2050];
      expect(polledAt).toEqual(expected);
      expect(received.size).toBe(10);
      for (const times of received.values()) expect(times).toEqual(expected);
      expect(service.poller.loopCount).toBe(1);
      for (const { subscriptionId } of subscriptions.slice(0, 5))
        await service.handlers.unsubscribeSamples({ subscriptionId }, testClient);
      for (let i = 5; i < 10; i += 1) service.dropClient(`view-${i}`);
      // Only the background watch is left: the poll already due at 2250 ms, then one a minute.
      polledAt.length = 0;
      await scheduler.advance(60_000);
      expect(polledAt).toEqual([2250]);
      await scheduler.advance(200);
      expect(polledAt).toEqual([2250, 62_250]);
      expect(service.poller.watchers(id).map((w) => w.clientId)).toEqual(['service']);
      const samples = await service.handlers.getSamples({ id }, testClient);
      expect(samples.map((sample) => sample.tMs)).toEqual([...expected, 2250, 62_250]);
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
    const scheduler = new SimulatedScheduler(0);
    let failing = false;
    const failedAt: number[] = [];
    const server = await serve((req, res) => {
      if (!failing) return settingsHandler(dingo)(req, res);
      failedAt.push(scheduler.now());
      res.writeHead(500).end('oops');
    });
    const { service, stop } = await startService({
      scheduler,
      poller: { liveIntervalMs: 100, backgroundIntervalMs: 60_000, offlineAfter: 3 },
    });
    try {
      const { id } = await service.handlers.addCharger({ address: server.address }, testClient);
      const lostAt: number[] = [];
      service.onEvent((event, payload) => {
        if (event === 'ChargerChange' && (payload as { kind: string }).kind === 'lost')
          lostAt.push(scheduler.now());
      });
      await service.handlers.subscribeSamples({ id, live: true }, { clientId: 'view' });
      await scheduler.advance(250); // good polls at 50, 150, 250 ms
      failing = true;
      // Failures at 350 ms, then after 200, 400, 800, 1600, 3200 ms: each poll is one request and
      // one retry; the third failure in a row reports the charger lost.
      await scheduler.advance(949 - 250);
      expect(lostAt).toEqual([]);
      await scheduler.advance(1);
      expect(lostAt).toEqual([950]);
      await scheduler.advance(6550 - 950);
      expect(failedAt).toEqual([350, 350, 550, 550, 950, 950, 1750, 1750, 3350, 3350, 6550, 6550]);
      figure(
        'fault: charger failing while watched at 100 ms',
        `reported lost at the 3rd failure; requests in the 6.2 s after it failed: ${failedAt.length} (a fixed 100 ms loop would send 62)`,
      );
      const [row] = await service.handlers.listChargers({}, testClient);
      expect(row).toMatchObject({ online: false, lastError: { code: 'charger-unreachable' } });
      expect(row!.lastError!.message).toContain('HTTP 500');
    } finally {
      await stop();
    }
  });
});
