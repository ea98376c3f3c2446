// Goal: Smart, Solar, MaxSumMains and power sharing follow §5.6–5.7, §5.13: the budget, its
// timers on both sides of expiry, LESS_6A and its recovery. Method: time series over a real Site.
import { describe, expect, it } from 'vitest';
import { Err, Mode, State, applyMainsReading, setMode } from '../../src-main/simulator/core';
import { expectRows, firstTime, scenario, T0 } from '../support/sim-scenario';

describe('Smart mode (§5.7)', () => {
  it('ramps by a quarter of the headroom, never past MaxMains, and cuts at once on overload', () => {
    const s = scenario({
      settings: { mode: Mode.SMART, maxCurrentA: 32, maxMainsA: 25 },
      world: { houseLoadA: [10, 10, 10] },
      ev: { maxCurrentA: 32 },
    });
    s.plug('charging');
    // First regulation (5 s): headroom 250 − 100 = 150 → IsetBalanced = 150 / 4 = 37.
    expectRows(s, [[5000, { isetBalancedDa: 37, state: State.B }]]);
    let previous = 0;
    for (let t = 9000; t <= 61_000; t += 2000) {
      s.at(t);
      expect(Math.max(...s.evse.mains.irmsDa), `mains at ${t}`).toBeLessThanOrEqual(250);
      expect(s.evse.balance.balancedDa[0]!, `monotone at ${t}`).toBeGreaterThanOrEqual(previous);
      previous = s.evse.balance.balancedDa[0]!;
    }
    expect(previous).toBeGreaterThanOrEqual(140);
    expect(previous).toBeLessThanOrEqual(150);
    s.world.settings.houseLoadA = [20, 20, 20];
    s.at(63_000);
    // Overload: the budget falls by the whole excess in one cycle, down to MinCurrent.
    expect(s.evse.balance.balancedDa[0]).toBe(60);
  });

  it('three hard-shortage cycles raise LESS_6A; charging resumes 60 s after the shortage ends', () => {
    const s = scenario({ settings: { mode: Mode.SMART, maxMainsA: 25 }, world: { houseLoadA: [5, 5, 5] } });
    s.plug('charging');
    s.at(30_500);
    expect(s.evse.state).toBe(State.C);
    s.world.settings.houseLoadA = [24, 24, 24];
    // Regulation at 31, 33, 35 s: NoCurrent 1, 2, 3 → LESS_6A after the third.
    expectRows(s, [
      [34_999, { state: State.C, errorFlags: 0 }],
      [35_000, { state: State.C1, errorFlags: Err.LESS_6A, chargeDelayS: 60 }],
    ]);
    s.at(50_000);
    expect(s.evse.state).toBe(State.B1);
    s.world.settings.houseLoadA = [5, 5, 5];
    s.at(52_000);
    expect(s.evse.errorFlags).toBe(0);
    const cleared = s.site.nowMs - T0;
    const delay = s.evse.chargeDelayS;
    expectRows(s, [
      [cleared + delay * 1000 - 1, { state: State.B1 }],
      [cleared + delay * 1000 + 10, { state: State.B }],
    ]);
  });

  it('Smart and Solar are refused without a mains meter', () => {
    const s = scenario({ settings: { mainsMeter: 0 } });
    expect(setMode(s.site.group, s.evse, Mode.SMART)).toBe(false);
    expect(s.evse.settings.mode).toBe(Mode.NORMAL);
  });

  it('API mains data goes stale after 11 s: CT_NOCOMM in Smart, not in Normal', () => {
    for (const [mode, expected] of [
      [Mode.SMART, Err.CT_NOCOMM],
      [Mode.NORMAL, 0],
    ] as const) {
      const s = scenario({ settings: { mode, mainsMeter: 9 } });
      applyMainsReading(s.evse, [10, 10, 10], T0);
      expectRows(s, [
        [11_999, { errorFlags: 0 }],
        [12_000, { errorFlags: expected }],
      ]);
      applyMainsReading(s.evse, [10, 10, 10], s.site.nowMs);
      expectRows(s, [[13_000, { errorFlags: 0 }]]);
    }
  });
});

describe('MaxSumMains (§5.7)', () => {
  it('with MaxSumMainsTime the shortage starts its timer and stops charging when it expires', () => {
    const s = scenario({
      settings: { mode: Mode.SMART, maxMainsA: 60, maxSumMainsA: 40, maxSumMainsTimeMin: 1 },
      world: { houseLoadA: [5, 5, 5] },
    });
    s.plug('charging');
    s.at(30_000);
    // 15 A of house load leaves room under 40 A summed for one EV at more than MinCurrent.
    expect(s.evse.state).toBe(State.C);
    s.world.settings.houseLoadA = [14, 14, 14];
    const started = firstTime(s, 31_000, 60_000, () => s.evse.balance.maxSumMainsTimerS > 0);
    expect(started).toBeGreaterThan(0);
    // Started at 60 by the regulation (step 9) and counted down in step 10 of the same tick (§5.1),
    // so it expires 59 s after the tick that started it (the solar timer, step 6, gets the full 60 s).
    expect(s.evse.balance.maxSumMainsTimerS).toBe(59);
    expectRows(s, [
      [started + 58_999, { state: State.C }],
      [started + 59_000, { state: State.C1, errorFlags: Err.LESS_6A }],
    ]);
  });
});

describe('Solar mode (§5.6–5.7)', () => {
  it('starts only with export above StartCurrent, holds MinCurrent 40 s, then follows the surplus', () => {
    const s = scenario({
      settings: { mode: Mode.SOLAR, startCurrentA: 4, importCurrentA: 0, stopTimeMin: 1, maxCurrentA: 16 },
      world: { pvA: 3 },
    });
    s.plug('charging');
    s.at(120_000);
    // 3 A export summed is below StartCurrent (4 A): no start.
    expect(s.evse.state).not.toBe(State.C);
    s.world.settings.pvA = 45;
    const charging = firstTime(s, 121_000, 400_000, () => s.evse.state === State.C);
    expect(charging).toBeGreaterThan(0);
    // IntTimer counts whole seconds in C; MinCurrent until it reaches 40.
    s.at(charging + 38_000);
    expect(s.evse.balance.balancedDa[0]).toBe(60);
    s.at(charging + 120_000);
    const surplusDa = -s.evse.mains.isumDa;
    expect(s.evse.balance.balancedDa[0]).toBeGreaterThan(100);
    expect(surplusDa).toBeLessThan(60);
  });

  it('when the sun goes, the stop timer runs StopTime × 60 s, then C → C1 with LESS_6A', () => {
    const s = scenario({
      settings: { mode: Mode.SOLAR, startCurrentA: 4, importCurrentA: 0, stopTimeMin: 1 },
      world: { pvA: 45 },
    });
    s.plug('charging');
    s.at(200_000);
    expect(s.evse.state).toBe(State.C);
    s.world.settings.pvA = 0;
    const started = firstTime(s, 201_000, 260_000, () => s.evse.balance.solarStopTimerS > 0);
    expect(s.evse.balance.solarStopTimerS).toBe(60);
    expectRows(s, [
      [started + 59_999, { state: State.C, solarStopTimerS: 1 }],
      [started + 60_000, { state: State.C1, errorFlags: Err.LESS_6A }],
    ]);
  });
});

describe('phase switching with C2 (§5.8)', () => {
  it('Solar Off: entering Solar while charging breaks the pilot and comes back on one phase', () => {
    const s = scenario({ settings: { enableC2: 2, mode: Mode.NORMAL }, world: { pvA: 60 } });
    s.plug('charging');
    s.at(20_000);
    expect(s.evse.phases).toBe(3);
    setMode(s.site.group, s.evse, Mode.SOLAR);
    expect(s.evse.state).toBe(State.C1);
    expect(s.evse.switchRequest).toBe(1);
    s.at(200_000);
    expect(s.evse.state).toBe(State.C);
    expect(s.evse.phases).toBe(1);
    expect(s.evse.contactor2).toBe(false);
    expect(s.site.members[0]!.ev.drawDa[1]).toBe(0);
  });

  it('Always Off charges on L1 only; Always On on three phases', () => {
    for (const [enableC2, phases] of [
      [1, 1],
      [3, 3],
    ] as const) {
      const s = scenario({ settings: { enableC2 } });
      s.plug('charging');
      s.at(20_000);
      expect(s.evse.phases).toBe(phases);
      expect(s.site.members[0]!.ev.drawDa.filter((d) => d > 0)).toHaveLength(phases);
    }
  });

  it('Auto in Solar: a small surplus starts on one phase, a large one on three', () => {
    for (const [pvA, phases] of [
      [12, 1],
      [40, 3],
    ] as const) {
      const s = scenario({ settings: { enableC2: 4, mode: Mode.SOLAR, startCurrentA: 4 }, world: { pvA } });
      s.plug('charging');
      s.at(300_000);
      expect(s.evse.state, `pv ${pvA}`).toBe(State.C);
      expect(s.evse.phases, `pv ${pvA}`).toBe(phases);
    }
  });
});

describe('power sharing (§5.13)', () => {
  it('a master and two nodes in Normal share MaxCircuit evenly', () => {
    const s = scenario({ nodes: 2, settings: { maxCircuitA: 20, maxCurrentA: 16 } });
    for (let i = 0; i < 3; i += 1) s.plug('charging', i);
    s.at(60_000);
    expect(s.evses.map((e) => e.state)).toEqual([State.C, State.C, State.C]);
    expect(s.evse.balance.balancedDa.slice(0, 3)).toEqual([66, 67, 67]);
    expect(s.evses.map((e) => e.pwm)).toEqual([112, 113, 113]);
  });

  it('a third EVSE that would push the circuit below MinCurrent each is held with LESS_6A', () => {
    const s = scenario({ nodes: 2, settings: { maxCircuitA: 16 } });
    s.plug('charging', 0);
    s.plug('charging', 1);
    s.at(40_000);
    s.plug('charging', 2);
    s.at(80_000);
    expect(s.evses[2]!.state).not.toBe(State.C);
    expect(s.evses[2]!.errorFlags & Err.LESS_6A).toBe(Err.LESS_6A);
    expect(s.evse.balance.balancedDa.slice(0, 2)).toEqual([80, 80]);
  });

  it('a mode change on a node reaches the master and the other node', () => {
    const s = scenario({ nodes: 2 });
    setMode(s.site.group, s.evses[2]!, Mode.SMART);
    expect(s.evses.map((e) => e.settings.mode)).toEqual([Mode.SMART, Mode.SMART, Mode.SMART]);
  });
});

describe('power-share nodes and the master (§5.13)', () => {
  it('a node that asks to charge when no current is left gets "not enough current", not state C', () => {
    const s = scenario({ nodes: 1, settings: { maxCircuitA: 16 } });
    s.plug('charging', 0);
    s.plug('connected', 1);
    s.at(30_000);
    // The node reached B while the circuit had room for two at MinCurrent.
    expect(s.evses[1]!.state).toBe(State.B);
    // Now the circuit leaves no room for a second EVSE: the node's request to start is refused.
    s.evse.settings.maxCircuitA = 8;
    s.plug('charging', 1);
    s.at(60_000);
    expect(s.evses[1]!.state).not.toBe(State.C);
    expect(s.evses[1]!.errorFlags & Err.LESS_6A).toBe(Err.LESS_6A);
  });

  it("a node's not-enough-current clears once current is available, though the master never had it", () => {
    const s = scenario({ nodes: 1, settings: { maxCircuitA: 16 } });
    s.plug('charging', 0);
    s.plug('connected', 1);
    s.at(30_000);
    s.evse.settings.maxCircuitA = 8;
    s.plug('charging', 1);
    s.at(60_000);
    expect(s.evse.errorFlags & Err.LESS_6A).toBe(0);
    expect(s.evses[1]!.errorFlags & Err.LESS_6A).toBe(Err.LESS_6A);
    s.evse.settings.maxCircuitA = 32;
    s.at(63_000);
    expect(s.evses[1]!.errorFlags & Err.LESS_6A).toBe(0);
  });

  it('the master copies its solar stop timer to each node whenever they differ by more than 3 s', () => {
    const s = scenario({
      nodes: 1,
      settings: { mode: Mode.SOLAR, startCurrentA: 4, importCurrentA: 0, stopTimeMin: 1 },
      world: { pvA: 45 },
    });
    s.plug('charging', 0);
    s.at(200_000);
    expect(s.evse.state).toBe(State.C);
    s.world.settings.pvA = 0;
    const started = firstTime(s, 201_000, 260_000, () => s.evse.balance.solarStopTimerS > 0);
    s.at(started + 4_000);
    const master = s.evse.balance.solarStopTimerS;
    expect(master).toBeGreaterThan(50);
    expect(Math.abs(s.evses[1]!.balance.solarStopTimerS - master)).toBeLessThanOrEqual(3);
  });
});

describe('power-share roles changed at run time (the bus decides the topology)', () => {
  it('a node set to Disabled leaves the master, reads its own mains meter and keeps charging on its own current', () => {
    const s = scenario({
      nodes: 1,
      settings: { mode: Mode.SMART, maxMainsA: 40 },
      world: { houseLoadA: [5, 5, 5] },
    });
    s.plug('charging', 0);
    s.plug('charging', 1);
    s.at(90_000);
    expect(s.evses.map((e) => e.state)).toEqual([State.C, State.C]);
    const node = s.evses[1]!;
    // As `/automated_testing?loadbl=0` or the LCD's LOADBL does: only the number changes.
    node.settings.loadBl = 0;
    s.at(100_000);
    const masterOwn = s.evse.balance.balancedDa[0]!;
    expect(masterOwn).toBeGreaterThan(0);
    // The master stops hearing it and drops it after 5 polls.
    s.at(120_000);
    expect(s.evse.balance.balancedState[1]).toBe(State.A);
    // Standalone now: it reads its own mains meter (no 11-s timeout) and regulates its own current.
    expect(node.errorFlags & Err.CT_NOCOMM).toBe(0);
    expect(node.state).toBe(State.C);
    expect(node.balance.balancedDa[0]).toBeGreaterThan(0);
    expect(s.site.groupOf(node).master).toBe(node);
    expect(s.site.groupOf(s.evse).nodes[1]).toBeUndefined();
  });

  it('a standalone charger set to node 2 joins the master on its bus', () => {
    const s = scenario({ nodes: 1, settings: { mode: Mode.NORMAL } });
    const node = s.evses[1]!;
    node.settings.loadBl = 0;
    s.at(10_000);
    expect(s.site.groupOf(node).master).toBe(node);
    node.settings.loadBl = 2;
    s.plug('charging', 1);
    s.at(40_000);
    expect(s.site.groupOf(node).master).toBe(s.evse);
    expect(node.state).toBe(State.C);
    expect(s.evse.balance.balancedState[1]).toBe(State.C);
  });

  it('a node without a master on its bus loses the master broadcast: CT_NOCOMM after 11 s', () => {
    const s = scenario({ nodes: 1 });
    s.evse.settings.loadBl = 0;
    s.at(30_000);
    expect(s.evses[1]!.errorFlags & Err.CT_NOCOMM).toBe(Err.CT_NOCOMM);
  });
});
