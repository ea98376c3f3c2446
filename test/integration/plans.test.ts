// Goal: Studio applies a weekly plan to the charger at its minute, exactly once, records the
// charger's answer, and keeps plans across restarts. Method: a service on a simulated scheduler
// the test moves tick by tick, with the real simulator over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSim, type SimProcess } from '../support/sim-process';
import { startService, testClient } from '../support/service';
import { StudioService } from '../../src-main/service/studio-service';
import { SimulatedScheduler } from '../../src-main/store/scheduler';

let sim: SimProcess;
beforeAll(async () => (sim = await startSim(['--chargers', '1', '--paused', '--no-mdns'])));
afterAll(() => sim.stop());

describe('weekly plans', () => {
  it('runs a plan at its minute, once, and remembers it', async () => {
    const monday2259 = new Date(2030, 0, 7, 22, 59, 0).getTime();
    const at2300 = new Date(2030, 0, 7, 23, 0).getTime();
    const scheduler = new SimulatedScheduler(monday2259);
    const { service, dir, stop } = await startService({
      scheduler,
      plansCheckMs: 1000,
      poller: { backgroundIntervalMs: 3_600_000 },
    });
    try {
      const { id } = await service.handlers.addCharger(
        { address: `127.0.0.1:${sim.chargers[0]!.port}` },
        testClient,
      );
      const mode = async () =>
        (await service.handlers.readCharger({ id }, testClient)).charger.snapshot?.mode;
      const plan = async () => (await service.handlers.listPlans({ chargerId: id }, testClient))[0]!;
      const saved = await service.handlers.savePlan(
        { plan: { chargerId: id, days: [1, 2, 3, 4, 5], time: '23:00', mode: 'SMART', enabled: true } },
        testClient,
      );
      expect(saved.nextRunMs).toBe(at2300);

      // Checks run every second from 22:59:00; the last one before the minute changes nothing.
      await scheduler.advance(59_999);
      expect(scheduler.now()).toBe(at2300 - 1);
      expect(await plan()).not.toHaveProperty('lastRunMs');
      expect(await mode()).toBe('NORMAL');

      // The check at 23:00:00.000 runs it, and records the charger's answer.
      await scheduler.advance(1);
      expect(await plan()).toMatchObject({
        lastRunMs: at2300,
        nextRunMs: new Date(2030, 0, 8, 23, 0).getTime(),
        lastFields: [{ field: 'mode', status: 'applied' }],
      });
      expect(await mode()).toBe('SMART');

      // Set back by hand: the next minute of checks does not run the plan again.
      await service.handlers.writeSettings({ id, values: { mode: 'NORMAL' } }, testClient);
      await scheduler.advance(60_000);
      expect(await mode()).toBe('NORMAL');
      expect((await plan()).lastRunMs).toBe(at2300);

      const stored = JSON.parse(await readFile(path.join(dir, 'plans.json'), 'utf8'));
      expect(stored.plans).toHaveLength(1);
      // A plan for a charger not in the list is refused.
      await expect(
        service.handlers.savePlan(
          { plan: { chargerId: 'SmartEVSE-1', days: [1], time: '01:00', mode: 'OFF', enabled: true } },
          testClient,
        ),
      ).rejects.toMatchObject({ code: 'unknown-charger' });
      const again = new StudioService({ userDataDir: dir, shell: 'web', version: 'test' });
      await again.init();
      expect(await again.handlers.listPlans({}, testClient)).toHaveLength(1);
      await again.close();
    } finally {
      await stop();
    }
  });
});
