// Goal: Studio says a fixed pilot duty is on exactly when it is, although the firmware never
// reports one: the duty Studio set stays shown until released, unplugged or plainly regulated
// again; one set elsewhere is recognised from two reads while charging; the duty is read as the
// car reads it. Method: the pure rule over snapshot tables; the pilot reading against the
// simulator's own copy of the firmware's arithmetic (the oracle) and the firmware's table.
import { describe, expect, it } from 'vitest';
import { dutyPercent, offeredDa, type ChargerSnapshot, type PwmOverride } from '$shared/contract';
import { nextPwmOverride } from '../../src-main/service/pwm-override';
import { currentToPwm, pwmToCurrent } from '../../src-main/simulator/core/pwm';
import { describeStatus } from '../../src-renderer/lib/status/charger-status';

const read = (stateId: number, pwm: number, chargeCurrentDa: number): ChargerSnapshot => ({
  flavour: 'dingo35',
  version: 'v3.11.1',
  mainsCurrents: {},
  evCurrents: {},
  modeId: 1,
  stateId,
  pwm,
  chargeCurrentDa,
});
const byStudio: PwmOverride = { duty: 512, sinceMs: 1000, by: 'studio' };
const A = 0;
const B = 1;
const C = 2;

describe('a fixed pilot duty', () => {
  it.each<
    [string, PwmOverride | undefined, ChargerSnapshot, ChargerSnapshot | undefined, PwmOverride | undefined]
  >([
    [
      'Studio’s duty stays while the car charges at it',
      byStudio,
      read(C, 512, 160),
      read(C, 512, 160),
      byStudio,
    ],
    [
      'Studio’s duty stays in B (the firmware keeps it)',
      byStudio,
      read(B, 512, 160),
      read(B, 512, 160),
      byStudio,
    ],
    [
      'Studio’s duty ends when the car is unplugged (state A clears it)',
      byStudio,
      read(A, 1024, 160),
      read(C, 512, 160),
      undefined,
    ],
    [
      'Studio’s duty ends when two reads show regulation writing again',
      byStudio,
      read(C, 272, 160),
      read(C, 272, 160),
      undefined,
    ],
    ['one regulated read is not enough', byStudio, read(C, 272, 160), read(C, 512, 160), byStudio],
    [
      'a fixed duty that offers what regulation would write stays (the safe side)',
      { ...byStudio, duty: 272 },
      read(C, 272, 160),
      read(C, 272, 160),
      { ...byStudio, duty: 272 },
    ],
    [
      'a duty set elsewhere is recognised from two reads while charging',
      undefined,
      read(C, 512, 160),
      read(C, 512, 160),
      { duty: 512, sinceMs: 5000, by: 'detected' },
    ],
    ['one odd read is not enough', undefined, read(C, 512, 160), read(C, 272, 160), undefined],
    [
      'regulation is not mistaken for a fixed duty',
      undefined,
      read(C, 272, 160),
      read(C, 272, 160),
      undefined,
    ],
    ['outside state C nothing is guessed', undefined, read(B, 102, 160), read(B, 102, 160), undefined],
    [
      'a recognised duty ends when regulation is plain again',
      { duty: 512, sinceMs: 1, by: 'detected' },
      read(C, 545, 320),
      read(C, 545, 320),
      undefined,
    ],
  ])('%s', (_, current, now, previous, expected) => {
    expect(nextPwmOverride(current, now, previous, 5000)).toEqual(expected);
  });

  it('every allocated current 6–80 A reads back within 2 A of itself (so regulation is never taken for a fixed duty)', () => {
    for (let da = 60; da <= 800; da++) {
      expect(Math.abs(offeredDa(currentToPwm(da)) - da), `${da} dA`).toBeLessThanOrEqual(15);
      expect(offeredDa(currentToPwm(da))).toBe(pwmToCurrent(currentToPwm(da)));
    }
  });

  it('reads a duty as the firmware does', () => {
    // firmware-behaviour §5.2: 512 is 50 % (≈ 30 A), 50 is 5 % (digital communication: none), 1024 none.
    expect([offeredDa(512), offeredDa(50), offeredDa(0), offeredDa(1024), offeredDa(272)]).toEqual([
      301, 0, 0, 0, 160,
    ]);
    expect(dutyPercent(512)).toBe(50);
    for (let pwm = 0; pwm <= 1024; pwm++) expect(offeredDa(pwm), `pwm ${pwm}`).toBe(pwmToCurrent(pwm));
  });

  it('the Now card does not claim the allocated current while a duty is fixed', () => {
    const status = describeStatus(read(C, 512, 160), 0, byStudio);
    expect(status.headline).toEqual({ key: 'statusFixedDuty', values: { percent: '50', amps: '30.1' } });
    expect(status.tone).toBe('error');
    expect(describeStatus(read(C, 272, 160), 0).headline.key).toBe('statusChargingAt');
  });
});
