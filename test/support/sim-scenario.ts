/**
 * Time-series scenarios for the control core: a real Site (core + virtual world + EV) stepped to
 * exact simulated times, with actions and expectations written as table rows.
 */
import { expect } from 'vitest';
import { createEvse, type EvseCore, type EvseSettings } from '../../src-main/simulator/core';
import { Site } from '../../src-main/simulator/runtime/site';
import type { EvParameters, EvPlug } from '../../src-main/simulator/world/ev-model';
import { seededRandom } from '../../src-main/simulator/world/random';
import { World, type WorldSettings } from '../../src-main/simulator/world/world';

export const T0 = Date.UTC(2026, 5, 21, 10, 0, 0);

export interface ScenarioOptions {
  settings?: Partial<EvseSettings>;
  /** Extra EVSEs as power-share nodes (the first EVSE becomes the master). */
  nodes?: number;
  flavour?: 'dingo35' | 'official';
  world?: Partial<WorldSettings>;
  ev?: Partial<EvParameters>;
}

export function scenario(options: ScenarioOptions = {}) {
  const count = 1 + (options.nodes ?? 0);
  const evses = Array.from({ length: count }, (_, i) =>
    createEvse({
      serial: 1000 + i,
      nowMs: T0,
      flavour: options.flavour ?? 'dingo35',
      settings: {
        evMeter: 4,
        ...options.settings,
        loadBl: count > 1 ? i + 1 : (options.settings?.loadBl ?? 0),
      },
    }),
  );
  const world = new World(seededRandom(7), { houseLoadA: [0, 0, 0], ...options.world });
  const site = new Site(world, evses, T0);
  for (const member of site.members) Object.assign(member.ev.params, options.ev);
  const evse = evses[0]!;
  return {
    site,
    evse,
    evses,
    world,
    /** Steps to T0 + `ms`. */
    at(ms: number) {
      site.advanceTo(T0 + ms);
      return evse;
    },
    plug(plug: EvPlug, index = 0) {
      site.members[index]!.ev.setPlug(plug);
      site.settle();
    },
  };
}

export type Row = [
  atMs: number,
  check: Partial<
    Record<
      | 'state'
      | 'pwm'
      | 'balancedDa'
      | 'errorFlags'
      | 'solarStopTimerS'
      | 'chargeDelayS'
      | 'phases'
      | 'isetBalancedDa',
      number
    >
  >,
];

/** Asserts each row at its time; the failure message names the row's time. */
export function expectRows(s: ReturnType<typeof scenario>, rows: Row[], index = 0): void {
  for (const [atMs, check] of rows) {
    s.at(atMs);
    const evse: EvseCore = s.evses[index]!;
    const master = s.evses[0]!;
    const actual: Record<string, number> = {
      state: evse.state,
      pwm: evse.pwm,
      balancedDa: master.balance.balancedDa[index]!,
      errorFlags: evse.errorFlags,
      solarStopTimerS: master.balance.solarStopTimerS,
      chargeDelayS: evse.chargeDelayS,
      phases: evse.phases,
      isetBalancedDa: master.balance.isetBalancedDa,
    };
    const picked = Object.fromEntries(Object.keys(check).map((key) => [key, actual[key]]));
    expect(picked, `at ${atMs} ms`).toEqual(check);
  }
}

/** Steps second by second from `fromMs` to `toMs`; the first time (ms after T0) `happened` holds, or 0. */
export function firstTime(
  s: ReturnType<typeof scenario>,
  fromMs: number,
  toMs: number,
  happened: () => boolean,
): number {
  for (let t = fromMs; t <= toMs; t += 1000) {
    s.at(t);
    if (happened()) return t;
  }
  return 0;
}
