/** The IEC 61851 current ↔ duty mapping on the firmware's 0–1024 scale (§5.2), integer arithmetic. */

/** `SetCurrent`: dA → `pwm` (0–1024). Out-of-range inputs (0, < 6 A, > 80 A) give the 6 A duty. */
export function currentToPwm(currentDa: number): number {
  let perMille: number;
  if (currentDa >= 60 && currentDa <= 510) perMille = Math.trunc(currentDa / 0.6);
  else if (currentDa > 510 && currentDa <= 800) perMille = Math.trunc(currentDa / 2.5 + 640);
  else perMille = 100;
  return Math.trunc((perMille * 1024) / 1000);
}

/** `GetCurrent`: `pwm` → offered dA (0 when no valid duty). What an EV reads from the pilot. */
export function pwmToCurrent(pwm: number): number {
  if (pwm < 102) return 0;
  const perMille = Math.trunc((pwm * 1000) / 1024);
  if (pwm < 870) return Math.trunc(perMille * 0.6 + 1);
  if (pwm <= 983) return Math.trunc((perMille - 640) * 2.5 + 3);
  return 0;
}
