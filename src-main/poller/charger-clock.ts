/**
 * The charger's own clock at each read, so the graph's time axis is the charger's time: a
 * simulated charger at 600× then draws a simulated day, and a real one draws its own clock.
 * /settings does not report "now", only `last_data_update` (epoch s of the last mains reading,
 * §2 of the behaviour document); between fresh readings the clock runs on with the computer's.
 */
import { chargerClockS } from '$shared/contract';

/** A charger clock that goes back this far was set back (NTP, or a restarted simulator). */
const setBackMs = 60_000;

export class ChargerClock {
  private lastReported: number | undefined;
  private lastMs: number | undefined;
  private lastWallMs = 0;

  /** The charger's time (ms) at a read made at `wallMs`, or undefined while it reports no clock. */
  at(lastUpdateS: number | undefined, wallMs: number): number | undefined {
    const clockS = chargerClockS(lastUpdateS);
    if (clockS === undefined) {
      this.lastMs = undefined;
      this.lastReported = undefined;
      return undefined;
    }
    const reported = clockS * 1000;
    let now: number;
    if (this.lastMs === undefined) now = reported;
    else {
      const ranOn = this.lastMs + Math.max(0, wallMs - this.lastWallMs);
      if (reported === this.lastReported) now = ranOn;
      else if (reported < this.lastMs - setBackMs) now = reported;
      // A fresh reading is at most a regulation cycle old: the clock is at least there.
      else now = Math.max(reported, ranOn);
    }
    this.lastReported = reported;
    this.lastMs = now;
    this.lastWallMs = wallMs;
    return now;
  }
}
