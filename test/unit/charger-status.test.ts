// Goal: the dashboard says in plain words what a charger is doing and why it is not charging.
// Method: snapshots as the firmware reports them (state, error, timers, meters) → message and values.
import { describe, expect, it } from 'vitest';
import type { ChargerSnapshot } from '$shared/contract';
import { describeStatus, minutesSeconds } from '../../src-renderer/lib/status/charger-status';

const base: ChargerSnapshot = {
  flavour: 'dingo35',
  version: 'v3.11.1',
  mainsCurrents: {},
  evCurrents: {},
  modeId: 1,
};
const now = 1_800_000_000;

describe('charger status in plain words', () => {
  it.each([
    ['charging', { stateId: 2, chargeCurrentDa: 160, phaseCount: 3 }, 'ok', 'statusChargingAt', undefined],
    ['no car', { stateId: 0, carConnected: false }, 'off', 'statusReady', undefined],
    [
      'switched off with a car',
      { modeId: 0, stateId: 0, carConnected: true },
      'off',
      'statusOff',
      'reasonCarConnected',
    ],
    ['paused', { modeId: 4, stateId: 9 }, 'off', 'statusPaused', undefined],
    ['car not asking', { stateId: 1 }, 'wait', 'statusConnected', 'reasonCarNotAsking'],
    ['stopping', { stateId: 10 }, 'wait', 'statusStopping', 'reasonCarStopping'],
    [
      'mains data lost',
      { error: 'Communication Error', mainsLastUpdateS: now - 12 },
      'error',
      'statusNotCharging',
      'reasonNoMainsFor',
    ],
    [
      'too hot',
      { error: 'Temperature High', temperatureC: 70, temperatureMaxC: 65 },
      'error',
      'statusNotCharging',
      'reasonTooHot',
    ],
    [
      'no power in Smart',
      { modeId: 3, state: 'Charging Stopped - No Power Available', maxMainsA: 25 },
      'wait',
      'statusWaiting',
      'reasonNoPower',
    ],
    [
      'solar surplus there, delay running',
      {
        modeId: 2,
        state: 'Charging Stopped - No Power Available',
        mainsCurrents: { totalDa: -80 },
        solarStartCurrentA: 4,
      },
      'wait',
      'statusWaiting',
      'reasonSolarDelay',
    ],
  ] as const)('%s', (_name, fields, tone, headline, reason) => {
    const status = describeStatus({ ...base, ...fields } as ChargerSnapshot, now);
    expect(status.tone).toBe(tone);
    expect(status.headline.key).toBe(headline);
    expect(status.reason?.key).toBe(reason);
  });

  it('names how much sun is missing, and the countdown before a solar stop', () => {
    const waiting = describeStatus(
      {
        ...base,
        modeId: 2,
        state: 'Ready to Charge - No Power Available',
        mainsCurrents: { totalDa: 0 },
        solarStartCurrentA: 4,
      },
      now,
    );
    // Export must exceed 4.0 A summed; with 0 A it is 4.1 A short.
    expect(waiting.reason).toEqual({ key: 'reasonSolarShort', values: { amps: '4.1' } });
    const stopping = describeStatus(
      { ...base, modeId: 2, stateId: 2, chargeCurrentDa: 60, solarStopTimerS: 460 },
      now,
    );
    expect(stopping.reason).toEqual({ key: 'reasonSolarStopping', values: { time: '7:40' } });
    expect(
      describeStatus({ ...base, error: 'Communication Error', mainsLastUpdateS: now - 12 }, now).reason
        ?.values,
    ).toEqual({ seconds: 12 });
    expect(minutesSeconds(65)).toBe('1:05');
  });
});
