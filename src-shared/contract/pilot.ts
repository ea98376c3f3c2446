/**
 * The control pilot as the car reads it: the IEC 61851-1 meaning of a duty on the firmware's
 * 0–1024 scale (firmware-behaviour §5.2, `GetCurrent`). Studio uses it to say what a fixed duty
 * offers; the simulator keeps its own copy of the firmware's arithmetic as the oracle.
 */

/** 1024 is a constant high pilot: no PWM, nothing offered. */
export const pilotScale = 1024;

/** A duty as a percentage of the period. */
export function dutyPercent(pwm: number): number {
  return (pwm * 100) / pilotScale;
}

/** The current (dA) a duty offers the car; 0 where the duty offers none (off, < 10 %, > 96 %). */
export function offeredDa(pwm: number): number {
  if (pwm < 102) return 0;
  const perMille = Math.trunc((pwm * 1000) / pilotScale);
  if (pwm < 870) return Math.trunc(perMille * 0.6 + 1);
  if (pwm <= 983) return Math.trunc((perMille - 640) * 2.5 + 3);
  return 0;
}
