// Goal: the override current replaces this charger's own maximum at the next regulation cycle
// (§5.6 step 1), on both sides of the 2-s tick, in Normal and Smart, and is released by 0; the
// balancing invariants hold throughout. Method: time series over a real Site, exact rows.
import { describe, expect, it } from 'vitest';
import { Mode, State, assertSplit, currentToPwm } from '../../src-main/simulator/core';
import { expectRows, scenario } from '../support/sim-scenario';

describe('override current (§3.2 row 12, §5.6 step 1)', () => {
  it('Normal: 83 dA becomes the balanced current and its PWM at the next regulation, not before', () => {
    const s = scenario({ settings: { mode: Mode.NORMAL, maxCurrentA: 16 }, ev: { maxCurrentA: 32 } });
    s.plug('charging');
    // Regulation cycles at 5 s and every 2 s after; by 19 s the EV charges at MaxCurrent.
    expectRows(s, [[19_000, { state: State.C, balancedDa: 160, pwm: currentToPwm(160) }]]);
    s.evse.overrideCurrentDa = 83; // what POST /settings?override_current=83 stores
    expectRows(s, [
      [20_999, { state: State.C, balancedDa: 160, pwm: currentToPwm(160) }],
      [21_000, { state: State.C, balancedDa: 83, pwm: currentToPwm(83) }],
      [23_000, { balancedDa: 83, pwm: currentToPwm(83) }],
    ]);
    s.evse.overrideCurrentDa = 0; // released: MaxCurrent applies again at the next cycle
    expectRows(s, [
      [24_999, { balancedDa: 83, pwm: currentToPwm(83) }],
      [25_000, { balancedDa: 160, pwm: currentToPwm(160) }],
    ]);
  });

  it('Smart: the override caps the share the mains headroom allows', () => {
    const s = scenario({
      settings: { mode: Mode.SMART, maxCurrentA: 32, maxMainsA: 25 },
      world: { houseLoadA: [2, 2, 2] },
      ev: { maxCurrentA: 32 },
    });
    s.plug('charging');
    s.at(60_999);
    const share = s.evse.balance.balancedDa[0]!;
    expect(share).toBeGreaterThan(83);
    s.evse.overrideCurrentDa = 83;
    // Regulation at 61 s (5 s, then every 2 s): the override applies there, not a tick earlier.
    expectRows(s, [
      [60_999, { balancedDa: share, pwm: currentToPwm(share), state: State.C }],
      [61_000, { balancedDa: 83, pwm: currentToPwm(83), state: State.C }],
    ]);
  });
});

describe('balancing invariants (checked inside calcBalancedCurrent and the regulation cycle)', () => {
  const charging = [State.C, State.C, State.A, State.A, State.A, State.A, State.A, State.A];
  it('a split within the budget passes; one over it, a negative or fractional share, or a budget out of range throws', () => {
    expect(() => assertSplit([80, 80, 0, 0, 0, 0, 0, 0], charging, 160, 320)).not.toThrow();
    expect(() => assertSplit([90, 80, 0, 0, 0, 0, 0, 0], charging, 160, 320)).toThrow(/over the budget/);
    expect(() => assertSplit([-1, 80, 0, 0, 0, 0, 0, 0], charging, 160, 320)).toThrow(/not a current/);
    expect(() => assertSplit([80.5, 79, 0, 0, 0, 0, 0, 0], charging, 160, 320)).toThrow(/not a current/);
    expect(() => assertSplit([0, 0, 0, 0, 0, 0, 0, 0], charging, 400, 320)).toThrow(/outside 0–320/);
    // Shares of EVSEs not charging do not count.
    expect(() => assertSplit([80, 80, 500, 0, 0, 0, 0, 0], charging, 160, 320)).not.toThrow();
  });
});
