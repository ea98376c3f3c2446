/**
 * Whether a fixed pilot duty is on, from what Studio sent and what the charger reports. The
 * firmware keeps the override in RAM and does not report it (firmware-behaviour §3.2 step 15), so:
 * - a duty Studio set is on until Studio releases it, the car is unplugged (state A clears it), or
 *   two reads while charging show the duty following the allocated current again (released
 *   elsewhere, or the charger restarted);
 * - a duty set elsewhere (MQTT `Set/CPPWMOverride`, the charger's page) is recognised when two
 *   reads in a row while charging show a duty that does not offer the allocated current.
 */
import { offeredDa, type ChargerSnapshot, type PwmOverride } from '$shared/contract';

const stateA = 0;
const stateC = 2;
/**
 * Regulation's duty reads back within 1.5 A of the allocated current (the mapping's step at 51 A
 * is the worst); more than 2 A apart is not regulation.
 */
const toleranceDa = 20;

/** While charging, whether the duty is the one regulation writes for the allocated current. */
function regulated(s: ChargerSnapshot): boolean | undefined {
  if (s.stateId !== stateC || s.pwm === undefined || s.chargeCurrentDa === undefined) return undefined;
  return Math.abs(offeredDa(s.pwm) - s.chargeCurrentDa) <= toleranceDa;
}

export function nextPwmOverride(
  current: PwmOverride | undefined,
  read: ChargerSnapshot,
  previous: ChargerSnapshot | undefined,
  nowMs: number,
): PwmOverride | undefined {
  if (read.stateId === stateA) return undefined;
  const now = regulated(read);
  const before = previous ? regulated(previous) : undefined;
  // A duty that offers what regulation would write is ambiguous: the banner stays (the safe side).
  if (current) return now === true && before === true && read.pwm !== current.duty ? undefined : current;
  if (now === false && before === false) return { duty: read.pwm!, sinceMs: nowMs, by: 'detected' };
  return undefined;
}
