// Goal: the simulator is deterministic: the same seed and inputs give the same day, to the tick.
// Method: two independent sites with noise and a day profile, stepped through a day, compared whole.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createEvse, Mode } from '../../src-main/simulator/core';
import { Site } from '../../src-main/simulator/runtime/site';
import { loadProfiles } from '../../src-main/simulator/world/profiles';
import { seededRandom } from '../../src-main/simulator/world/random';
import { World } from '../../src-main/simulator/world/world';

const profile = loadProfiles(path.resolve('assets/profiles')).get('spring-clouds')!;

function day(seed: number) {
  const t0 = Date.UTC(2026, 3, 1);
  const evse = createEvse({ serial: 9, nowMs: t0, settings: { mode: Mode.SOLAR, enableC2: 4, evMeter: 4 } });
  const site = new Site(
    new World(seededRandom(seed), { houseLoadA: undefined, profile, pvPeakA: 35, noiseA: 2 }),
    [evse],
    t0,
  );
  site.members[0]!.ev.setPlug('charging');
  const trace: number[] = [];
  for (let hour = 1; hour <= 24; hour += 1) {
    site.advanceTo(t0 + hour * 3_600_000);
    trace.push(evse.state, evse.pwm, evse.balance.isetBalancedDa, evse.mains.isumDa);
  }
  return { trace, evse: JSON.stringify(evse) };
}

describe('determinism', () => {
  it('the same seed gives the same day; another seed a different one', () => {
    const a = day(3);
    expect(day(3)).toEqual(a);
    expect(day(4).trace).not.toEqual(a.trace);
  });
});
