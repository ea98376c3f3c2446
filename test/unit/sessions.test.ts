// Goal: a charging session runs from plug-in to unplug, with its energy (the EV meter's counter,
// or estimated and marked so), its peak current and why charging ended, as the firmware reports
// it. Method: time-series tables of what the charger reported, fed to the pure tracker one read
// at a time; then the sums (monthly totals, CSV) over sessions.
import { describe, expect, it } from 'vitest';
import {
  sessionInput,
  stepSession,
  type OpenSession,
  type SessionInput,
} from '../../src-main/recorder/sessions';
import { monthlyTotals, sessionsCsv, type ChargingSession } from '$shared/contract/recorder.schema';

const T0 = Date.UTC(2026, 10, 2, 18, 0, 0);
const unplugged: Partial<SessionInput> = { connected: false, stateId: 0 };
const plugged: Partial<SessionInput> = { connected: true, stateId: 1 };
const charging = (da: number): Partial<SessionInput> => ({
  connected: true,
  stateId: 2,
  chargeCurrentDa: da,
});

/** Rows of [seconds after T0, what the charger reported]; returns the session after each row. */
function run(rows: [number, Partial<SessionInput>][], base: Partial<SessionInput> = {}) {
  let open: OpenSession | undefined;
  const closed: OpenSession[] = [];
  for (const [s, reported] of rows) {
    const x: SessionInput = {
      tMs: T0 + s * 1000,
      connected: false,
      less6a: false,
      phases: 3,
      modeId: 1,
      ...base,
      ...reported,
    };
    const step = stepSession(open, x, 'c1');
    if (step.kind === 'closed') {
      closed.push(step.session);
      open = undefined;
    } else if (step.kind !== 'none') open = step.session;
  }
  return { open, closed };
}

describe('charging sessions', () => {
  it('estimates energy from the charge current and phases when there is no EV meter, and says so', () => {
    // 16 A on 3 phases for one hour: 16 × 3 × 230 V = 11.04 kWh.
    const rows: [number, Partial<SessionInput>][] = [
      [0, unplugged],
      [10, plugged],
      [20, charging(160)],
    ];
    // Sample and hold: each interval counts in the state its first read reported.
    for (let s = 30; s <= 3610; s += 10) rows.push([s, charging(160)]);
    rows.push([3620, unplugged]);
    const { closed, open } = run(rows);
    expect(open).toBeUndefined();
    expect(closed).toHaveLength(1);
    const [session] = closed;
    expect(session!.startMs).toBe(T0 + 10_000);
    expect(session!.endMs).toBe(T0 + 3_620_000);
    expect(session!.energySource).toBe('estimated');
    expect(session!.energyWh).toBeCloseTo(11_040, 0);
    expect(session!.chargingMs).toBe(3_600_000);
    expect(session!.peakDa).toBe(160);
    expect(session!.peakSource).toBe('offered');
    expect(session!.stopReason).toBe('unplugged');
  });

  it("takes the EV meter's counter and measured peak where there is one", () => {
    const meter = (wh: number, da: number): Partial<SessionInput> => ({
      ...charging(160),
      evTotalWh: wh,
      evDa: [da, da - 5, da - 10],
    });
    const { closed } = run([
      [0, { ...plugged, evTotalWh: 50_000, evDa: [0, 0, 0] }],
      [10, meter(50_000, 150)],
      [1800, meter(53_500, 158)],
      [1810, { ...plugged, evTotalWh: 53_600, evDa: [0, 0, 0] }],
      [1820, { ...unplugged, evTotalWh: 53_600 }],
    ]);
    expect(closed[0]).toMatchObject({
      energySource: 'ev-meter',
      energyWh: 3600,
      peakDa: 158,
      peakSource: 'ev-meter',
      stopReason: 'ev-stopped',
    });
  });

  it.each([
    [
      'the Solar stop timer ran out (LESS_6A in Solar)',
      { modeId: 2, less6a: true, stateId: 9 },
      'no-surplus',
    ],
    ['not enough current in Smart (LESS_6A)', { modeId: 3, less6a: true, stateId: 9 }, 'no-power'],
    ['the mode went to Off', { modeId: 0, stateId: 9 }, 'switched-off'],
    ['access was denied', { accessId: 0, stateId: 9 }, 'switched-off'],
    ['an error', { errorId: 3, error: 'Temperature High', stateId: 9 }, 'error'],
    ['the EV stopped by itself', { stateId: 1 }, 'ev-stopped'],
  ] as const)('names why charging ended when %s', (_name, stop, reason) => {
    const { closed } = run([
      [0, plugged],
      [10, charging(100)],
      [20, charging(100)],
      [30, { connected: true, ...stop }],
      [40, { connected: true, ...stop }],
      [50, unplugged],
    ]);
    expect(closed[0]!.stopReason).toBe(reason);
    if (reason === 'error') expect(closed[0]!.stopError).toBe('Temperature High');
    else expect(closed[0]!.stopError).toBeUndefined();
  });

  it('names the delayed stop when charging ends at the stop time', () => {
    const stopS = (T0 + 30_000) / 1000;
    const { closed } = run([
      [0, { ...plugged, delayedStopS: stopS }],
      [10, { ...charging(100), delayedStopS: stopS }],
      [20, { ...charging(100), delayedStopS: stopS }],
      [30, { connected: true, stateId: 9, delayedStopS: 0, accessId: 0 }],
      [40, unplugged],
    ]);
    expect(closed[0]!.stopReason).toBe('delayed-stop');
  });

  it('forgets an earlier stop when charging starts again, and keeps every mode seen', () => {
    const { closed } = run([
      [0, { ...plugged, modeId: 2 }],
      [10, { ...charging(60), modeId: 2 }],
      [20, { connected: true, stateId: 9, modeId: 2, less6a: true }],
      [30, { ...charging(60), modeId: 3 }],
      [40, { ...unplugged, modeId: 3 }],
    ]);
    expect(closed[0]!.stopReason).toBe('unplugged');
    expect(closed[0]!.modeIds).toEqual([2, 3]);
  });

  it('marks a session that never charged, and one that ended while Studio was not reading', () => {
    expect(
      run([
        [0, plugged],
        [10, plugged],
        [20, unplugged],
      ]).closed[0]!.stopReason,
    ).toBe('never-charged');
    const unseen = run([
      [0, plugged],
      [10, charging(100)],
      [20, charging(100)],
      [400, unplugged],
    ]).closed[0]!;
    expect(unseen.stopReason).toBe('unknown');
    // The end is the last time it was seen plugged in, and the gap adds no estimated energy.
    expect(unseen.endMs).toBe(T0 + 20_000);
    expect(unseen.chargingMs).toBe(10_000);
  });

  it('counts a plug as plugged with access off (state A, car connected), not as a new session each read', () => {
    const { open, closed } = run([
      [0, { connected: true, stateId: 0, accessId: 0 }],
      [10, { connected: true, stateId: 0 }],
    ]);
    expect(closed).toHaveLength(0);
    expect(open?.startMs).toBe(T0);
  });
});

describe('what a read says about the session', () => {
  const snapshot = {
    flavour: 'dingo35' as const,
    mainsCurrents: {},
    evCurrents: { l1Da: 0, l2Da: 0, l3Da: 0 },
    evTotalWh: 0,
    carConnected: true,
    stateId: 2,
    state: 'Charging',
    chargeCurrentDa: 160,
  };
  it('ignores the EV meter figures the firmware reports when no EV meter is configured', () => {
    const x = sessionInput({ tMs: T0, evDa: [0, 0, 0], stateId: 2 }, { ...snapshot, evMeter: 'Disabled' });
    expect(x.evDa).toBeUndefined();
    expect(x.evTotalWh).toBeUndefined();
    const open = stepSession(undefined, x, 'c1');
    expect(open.kind === 'opened' && open.session.energySource).toBe('estimated');
    expect(open.kind === 'opened' && open.session.peakSource).toBe('offered');
  });
  it('takes them, and reads LESS_6A from the state’s suffix, with an EV meter', () => {
    const x = sessionInput(
      { tMs: T0, evDa: [10, 20, 30], stateId: 9 },
      { ...snapshot, evMeter: 'Eastron3P', stateId: 9, state: 'Charging Stopped - No Power Available' },
    );
    expect(x.evDa).toEqual([10, 20, 30]);
    expect(x.evTotalWh).toBe(0);
    expect(x.less6a).toBe(true);
  });
});

describe('session totals', () => {
  const session = (startMs: number, energyWh: number, estimated: boolean, name = 'c1'): ChargingSession => ({
    id: 1,
    chargerId: name,
    startMs,
    endMs: startMs + 3_600_000,
    energyWh,
    energySource: estimated ? 'estimated' : 'ev-meter',
    peakDa: 160,
    peakSource: 'offered',
    chargingMs: 3_000_000,
    modeIds: [1],
    stopReason: 'unplugged',
  });

  it('adds up each month, newest first, with the estimated part apart', () => {
    const totals = monthlyTotals([
      session(new Date(2026, 9, 3, 12).getTime(), 1000, false),
      session(new Date(2026, 10, 1, 12).getTime(), 2000, true),
      session(new Date(2026, 10, 20, 12).getTime(), 500, false),
    ]);
    expect(totals).toEqual([
      { month: '2026-11', sessions: 2, energyWh: 2500, estimatedWh: 2000, chargingMs: 6_000_000 },
      { month: '2026-10', sessions: 1, energyWh: 1000, estimatedWh: 0, chargingMs: 3_000_000 },
    ]);
  });

  it('writes CSV a spreadsheet reads safely', () => {
    const csv = sessionsCsv(
      [session(new Date(2026, 10, 1, 18, 5).getTime(), 12_345, true, 'x')],
      () => '=HYPERLINK("x"), garage',
      (id) => String(id),
    );
    const [head, row] = csv.trim().split('\n');
    expect(head).toBe(
      'charger,start,end,energy_kwh,energy_source,peak_current_a,peak_source,charging_minutes,modes,stop_reason,stop_error',
    );
    expect(row).toBe(
      `"'=HYPERLINK(""x""), garage",2026-11-01 18:05,2026-11-01 19:05,12.345,estimated,16.0,offered,50,1,unplugged,`,
    );
  });
});
