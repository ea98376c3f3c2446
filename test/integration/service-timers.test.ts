// Goal: the meter feed posts at its interval exactly, never after it is stopped or its charger is
// removed, and the charger list's "last seen" times are saved once per 5 s however many reads come
// in. Method: a service on a simulated scheduler the test moves tick by tick, and an HTTP server on
// 127.0.0.1 that answers like an API-meter charger and notes the simulated time of each request.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startFixtureServer, settingsHandler, type FixtureServer } from '../support/fixture-charger';
import { startService, testClient } from '../support/service';
import { SimulatedScheduler } from '../../src-main/store/scheduler';

const dingo = readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8');
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function apiMeterCharger(scheduler: SimulatedScheduler) {
  const postedAt: number[] = [];
  server = await startFixtureServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/currents')) {
      postedAt.push(scheduler.now());
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"TOTAL":165}');
    } else settingsHandler(dingo)(req, res);
  });
  return { address: server.address, postedAt };
}

describe('timers on Studio’s clock', () => {
  it('a meter feed posts every interval until stopped, and ends with its charger', async () => {
    const scheduler = new SimulatedScheduler(0);
    const charger = await apiMeterCharger(scheduler);
    const { service, stop } = await startService({ scheduler, poller: { backgroundIntervalMs: 3_600_000 } });
    try {
      const { id } = await service.handlers.addCharger({ address: charger.address }, testClient);
      const mains = { l1Da: 55, l2Da: 55, l3Da: 55 };
      const started = await service.handlers.startFeed({ id, mains, intervalMs: 3000 }, testClient);
      expect(started).toMatchObject({ active: true, kind: 'mains', sent: 1 });
      await scheduler.advance(8999);
      expect(charger.postedAt).toEqual([0, 3000, 6000]);
      await scheduler.advance(1);
      expect(charger.postedAt).toEqual([0, 3000, 6000, 9000]);
      expect(await service.handlers.getFeed({ id }, testClient)).toMatchObject({
        active: true,
        sent: 4,
        lastFields: [{ field: 'currents', status: 'applied' }],
      });
      expect(await service.handlers.stopFeed({ id }, testClient)).toMatchObject({ active: false, sent: 4 });
      await scheduler.advance(60_000);
      expect(charger.postedAt).toHaveLength(4);

      // Removing the charger ends its feed: nothing more is sent to an address no longer listed.
      charger.postedAt.length = 0;
      await service.handlers.startFeed({ id, mains, intervalMs: 1000 }, testClient);
      await service.handlers.removeCharger({ id }, testClient);
      await scheduler.advance(10_000);
      expect(charger.postedAt).toEqual([69_000]);
    } finally {
      await stop();
    }
  });

  it('"last seen" times are saved 5 s after the first read that changed them, not at every read', async () => {
    const scheduler = new SimulatedScheduler(1_000_000);
    const charger = await apiMeterCharger(scheduler);
    const { service, dir, stop } = await startService({ scheduler, poller: { backgroundIntervalMs: 1000 } });
    try {
      const { id } = await service.handlers.addCharger({ address: charger.address }, testClient);
      const stored = async () =>
        JSON.parse(await readFile(path.join(dir, 'chargers.json'), 'utf8')).chargers[0].lastSeenMs;
      // The add saves the list at once; background reads every second move "last seen" in memory.
      expect(await stored()).toBe(1_000_000);
      await scheduler.advance(4999);
      expect(await stored()).toBe(1_000_000);
      // At 1 005 000 the save runs before that tick's read (it was set first): it holds 1 004 000.
      await scheduler.advance(1);
      expect(await stored()).toBe(1_004_000);
      // The read at 1 005 000 starts the next 5 s.
      await scheduler.advance(4999);
      expect(await stored()).toBe(1_004_000);
      await scheduler.advance(1);
      expect(await stored()).toBe(1_009_000);
      expect((await service.handlers.listChargers({}, testClient))[0]).toMatchObject({
        id,
        lastSeenMs: 1_010_000,
      });
    } finally {
      await stop();
    }
  });
});
