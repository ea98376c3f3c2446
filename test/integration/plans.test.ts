// Goal: Studio applies a weekly plan to the charger when its time comes, once, records the
// charger's answer, and keeps plans across restarts. Method: a service whose clock the test moves,
// with the real simulator over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSim, type SimProcess } from '../support/sim-process';
import { eventually, startService, testClient } from '../support/service';
import { StudioService } from '../../src-main/service/studio-service';

let sim: SimProcess;
beforeAll(async () => (sim = await startSim(['--chargers', '1', '--paused', '--no-mdns'])));
afterAll(() => sim.stop());

describe('weekly plans', () => {
  it('runs a plan when it is due, once, and remembers it', async () => {
    let now = new Date(2030, 0, 7, 22, 59, 30).getTime(); // a Monday
    const { service, dir, stop } = await startService({ now: () => now, plansCheckMs: 50 });
    try {
      const { id } = await service.handlers.addCharger(
        { address: `127.0.0.1:${sim.chargers[0]!.port}` },
        testClient,
      );
      const saved = await service.handlers.savePlan(
        { plan: { chargerId: id, days: [1, 2, 3, 4, 5], time: '23:00', mode: 'SMART', enabled: true } },
        testClient,
      );
      expect(saved.nextRunMs).toBe(new Date(2030, 0, 7, 23, 0).getTime());
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await service.handlers.readCharger({ id }, testClient)).charger.snapshot?.mode).toBe('NORMAL');
      now += 60_000;
      const [ran] = await eventually(async () => {
        const plans = await service.handlers.listPlans({ chargerId: id }, testClient);
        // The run is recorded first (so it never runs twice), its outcome when the charger has answered.
        return plans[0]?.lastFields || plans[0]?.lastError ? plans : undefined;
      }, 'the plan to run');
      expect(ran).toMatchObject({
        lastRunMs: new Date(2030, 0, 7, 23, 0).getTime(),
        lastFields: [{ field: 'mode', status: 'applied' }],
      });
      expect(ran!.nextRunMs).toBe(new Date(2030, 0, 8, 23, 0).getTime());
      expect((await service.handlers.readCharger({ id }, testClient)).charger.snapshot?.mode).toBe('SMART');
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
