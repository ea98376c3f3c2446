// Goal: the charging state machine moves exactly as §5.3–5.4 say, on both sides of every timer.
// Method: time-series tables over a real Site (core + EV + world) in simulated time; no sleeps.
import { describe, expect, it } from 'vitest';
import { Access, Err, State, requestReboot, setAccess } from '../../src-main/simulator/core';
import { expectRows, scenario } from '../support/sim-scenario';

describe('state machine (§5.3)', () => {
  it('happy path in Normal: B at plug-in, PWM at the first regulation (5 s), C after the 0.5 s debounce, full current next cycle', () => {
    const s = scenario();
    s.plug('charging');
    expect(s.evse.state).toBe(State.B);
    expectRows(s, [
      [4999, { state: State.B, pwm: 1024, balancedDa: 60 }],
      [5000, { state: State.B, pwm: 102 }],
      [5500, { state: State.B }],
      [5510, { state: State.C, balancedDa: 60 }],
      [6999, { pwm: 102 }],
      [7000, { state: State.C, pwm: 221, balancedDa: 130 }],
    ]);
    expect(s.evse.contactor1 && s.evse.contactor2).toBe(true);
  });

  it('official firmware puts PWM on at B entry and starts C at Balanced 0 (§10)', () => {
    const s = scenario({ flavour: 'official' });
    s.plug('charging');
    expect(s.evse.pwm).toBe(102);
    expectRows(s, [[510, { state: State.C, balancedDa: 0 }]]);
  });

  it('with Access OFF a plugged EV stays in A', () => {
    const s = scenario();
    setAccess(s.site.group, s.evse, Access.OFF);
    s.plug('charging');
    expectRows(s, [[20_000, { state: State.A, pwm: 1024 }]]);
    setAccess(s.site.group, s.evse, Access.ON);
    s.site.settle();
    expect(s.evse.state).toBe(State.B);
  });

  it('an EV that stops by itself goes C → B; unplugging goes to A', () => {
    const s = scenario();
    s.plug('charging');
    s.at(10_000);
    expect(s.evse.state).toBe(State.C);
    s.plug('connected');
    expect(s.evse.state).toBe(State.B);
    expect(s.evse.contactor1).toBe(false);
    s.plug('disconnected');
    expect(s.evse.state).toBe(State.A);
  });

  it('Access OFF while charging: C → C1, the EV answers after 2 s → B1 (no pilot break: access not ON)', () => {
    const s = scenario({ ev: { stopDelayMs: 2000 } });
    s.plug('charging');
    s.at(10_000);
    setAccess(s.site.group, s.evse, Access.OFF);
    expect(s.evse.state).toBe(State.C1);
    expectRows(s, [
      [11_990, { state: State.C1, pwm: 1024 }],
      // ChargeDelay was set to 15 at C1 entry (10 s) and counted down on the 11 s and 12 s ticks.
      [12_010, { state: State.B1, chargeDelayS: 13 }],
    ]);
    expect(s.evse.pilotDisconnected).toBe(false);
  });

  it('C1 forces B1 when the EV ignores the stop: 6 s timer on the 1-s tick', () => {
    const s = scenario({ ev: { stopDelayMs: 60_000 } });
    s.plug('charging');
    s.at(9_500);
    setAccess(s.site.group, s.evse, Access.PAUSE);
    // C1Timer = 6, counted down on each 1-s tick (10 … 15 s), B1 on the tick after it reaches 0.
    expectRows(s, [
      [15_999, { state: State.C1 }],
      [16_000, { state: State.B1 }],
    ]);
  });

  it('30 s in B without the EV asking: activation pulse (PWM 0) for 3 s, then B again', () => {
    const s = scenario();
    s.plug('connected');
    expectRows(s, [
      [29_999, { state: State.B }],
      [30_000, { state: State.ACTIVATE, pwm: 0 }],
      [32_999, { state: State.ACTIVATE }],
      [33_000, { state: State.B }],
    ]);
  });

  it('RCM fault while charging: straight to B1 with RCM_TRIPPED; cleared when the fault is gone', () => {
    const s = scenario({ settings: { rcmon: 1 } });
    s.plug('charging');
    s.at(10_000);
    s.site.members[0]!.rcmFault = true;
    expectRows(s, [[11_000, { state: State.B1, errorFlags: Err.RCM_TRIPPED }]]);
    s.site.members[0]!.rcmFault = false;
    expectRows(s, [[12_000, { errorFlags: 0 }]]);
  });

  it('TEMP_HIGH above MaxTemp stops charging; clears only below MaxTemp − 10', () => {
    const s = scenario({ settings: { maxTempC: 65 } });
    s.plug('charging');
    s.at(10_000);
    s.site.members[0]!.temperatureC = 66;
    expectRows(s, [[11_000, { state: State.C1, errorFlags: Err.TEMP_HIGH }]]);
    s.site.members[0]!.temperatureC = 55;
    expectRows(s, [[20_000, { errorFlags: Err.TEMP_HIGH }]]);
    s.site.members[0]!.temperatureC = 54;
    expectRows(s, [[21_000, { errorFlags: 0 }]]);
  });

  it('a reboot asked for while charging happens 5–6 s after charging stops (the countdown runs only outside C)', () => {
    const s = scenario();
    s.plug('charging');
    s.at(10_000);
    expect(requestReboot(s.evse, s.site.nowMs)).toBe('after-charging');
    s.at(30_000);
    expect(s.evse.uptimeS).toBe(30);
    s.plug('disconnected');
    expect(s.evse.state).toBe(State.A);
    s.at(34_900);
    expect(s.evse.uptimeS).toBe(34);
    s.at(36_000);
    expect(s.evse.uptimeS).toBeLessThanOrEqual(1);
    expect(s.evse.state).toBe(State.A);
  });

  it('a reboot asked for outside C happens 5 s later', () => {
    const s = scenario();
    s.at(10_000);
    expect(requestReboot(s.evse, s.site.nowMs)).toBe('now');
    s.at(14_900);
    expect(s.evse.uptimeS).toBe(14);
    s.at(15_000);
    expect(s.evse.uptimeS).toBe(0);
  });

  it('session energy accumulates while charging and is kept after unplugging', () => {
    const s = scenario();
    s.plug('charging');
    s.at(3_605_000);
    const charged = s.evse.ev.importWh - s.evse.sessionStartWh;
    // 13 A × 3 phases × 230 V ≈ 8.97 kW for about an hour.
    expect(charged).toBeGreaterThan(8800);
    expect(charged).toBeLessThan(9000);
    s.plug('disconnected');
    // The EV meter is read once per regulation cycle, so the last seconds arrive with the next one.
    s.at(3_609_000);
    const final = s.evse.ev.importWh - s.evse.sessionStartWh;
    expect(final - charged).toBeLessThan(10);
    s.at(3_700_000);
    expect(s.evse.ev.importWh - s.evse.sessionStartWh).toBe(final);
  });
});
