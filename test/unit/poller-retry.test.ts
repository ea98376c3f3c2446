// Goal: a charger listed before it answers (a simulator still starting, a charger just plugged in)
// is tried again within seconds, not after a whole background interval; once it has answered, a
// failing charger backs off as before (no retry storm for a charger that is off).
// Method: the poller on a simulated clock, with a read that fails as told.
import { describe, expect, it } from 'vitest';
import { Poller } from '../../src-main/poller/poller';
import { SimulatedScheduler } from '../../src-main/store/scheduler';
import { StudioError } from '$shared/contract';
import type { SettingsRead } from '../../src-main/charger/charger-http';

const read: SettingsRead = {
  json: { version: 'v3.11.1' } as SettingsRead['json'],
  snapshot: { flavour: 'dingo35', mainsCurrents: {}, evCurrents: {} },
};

function poller(answers: (n: number) => boolean) {
  const scheduler = new SimulatedScheduler(0);
  const at: number[] = [];
  const p = new Poller({
    scheduler,
    backgroundIntervalMs: 10_000,
    read: async () => {
      at.push(scheduler.now());
      if (answers(at.length)) return read;
      throw new StudioError({ code: 'charger-timeout', message: 'no answer' });
    },
    onSample: () => undefined,
    onFailure: () => undefined,
  });
  return { scheduler, at, p };
}

describe('poller retries', () => {
  it('a charger that has not answered yet is tried again after 1, 2 and 4 s', async () => {
    const { scheduler, at, p } = poller((n) => n >= 4);
    p.subscribe('c', 'registry', false, 0);
    await scheduler.advance(30_000);
    // Four tries in 7 s; then it answers and is read every background interval.
    expect(at.slice(0, 6)).toEqual([0, 1000, 3000, 7000, 17_000, 27_000]);
  });

  it('one that answered and then fails backs off from the background interval', async () => {
    const { scheduler, at, p } = poller((n) => n === 1);
    p.subscribe('c', 'registry', false, 0);
    await scheduler.advance(100_000);
    expect(at).toEqual([0, 10_000, 30_000, 70_000]);
  });
});
