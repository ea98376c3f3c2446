/**
 * The virtual site around a control group: per-phase house load, PV production, a home battery,
 * and day profiles from `assets/profiles/` with seeded noise. It sums into the mains meter reading.
 */
import type { Random } from './random';

/** A day profile: 24 hourly points (linearly interpolated). */
export interface DayProfile {
  name: string;
  /** House load per phase in A at each hour. */
  houseLoadA: number[][];
  /** PV as a fraction (0–1) of the peak at each hour. */
  pvFraction: number[];
}

export interface WorldSettings {
  /** Fixed house load per phase in A; when set, it replaces the profile's. */
  houseLoadA?: [number, number, number] | undefined;
  /** PV peak in A (summed over the three phases of the inverter). */
  pvPeakA: number;
  /** Fixed PV production in A (summed); when set, it replaces the profile's. */
  pvA?: number | undefined;
  /** Home battery current in A (+ charging, − discharging), summed. */
  batteryA: number;
  /** Noise amplitude in A on each phase's house load. */
  noiseA: number;
  profile?: DayProfile | undefined;
  /** Virtual meters answering (turn off to simulate a broken meter). */
  mainsMeterOnline: boolean;
  evMeterOnline: boolean;
}

export const defaultWorldSettings = (): WorldSettings => ({
  houseLoadA: [2, 1.5, 1],
  pvPeakA: 0,
  batteryA: 0,
  noiseA: 0,
  mainsMeterOnline: true,
  evMeterOnline: true,
});

function interpolate(points: number[], hour: number): number {
  const i = Math.floor(hour) % points.length;
  const j = (i + 1) % points.length;
  const f = hour - Math.floor(hour);
  return points[i]! * (1 - f) + points[j]! * f;
}

export class World {
  settings: WorldSettings;
  /**
   * While a recording is replayed: what the rest of the site drew per phase (dA, + import), the
   * recorded mains minus the recorded EV. It replaces the house, PV and battery.
   */
  replayNetDa: [number, number, number] | undefined;
  private noiseDa: [number, number, number] = [0, 0, 0];

  constructor(
    private readonly random: Random,
    settings: Partial<WorldSettings> = {},
    /** Offset of the site's local time from UTC, for the day profile. */
    private readonly localOffsetMs: (nowMs: number) => number = () => 0,
  ) {
    this.settings = { ...defaultWorldSettings(), ...settings };
  }

  /** Re-rolls the noise; called once per simulated second, so runs are repeatable. */
  step(): void {
    const amplitude = this.settings.noiseA * 10;
    if (amplitude <= 0) return;
    this.noiseDa = [0, 1, 2].map(() => Math.round((this.random.next() * 2 - 1) * amplitude)) as [
      number,
      number,
      number,
    ];
  }

  private hourOfDay(nowMs: number): number {
    const local = nowMs + this.localOffsetMs(nowMs);
    return (((local / 3_600_000) % 24) + 24) % 24;
  }

  houseDa(nowMs: number): [number, number, number] {
    const s = this.settings;
    const hour = this.hourOfDay(nowMs);
    const base =
      s.houseLoadA ??
      (s.profile ? s.profile.houseLoadA.map<number>((phase) => interpolate(phase, hour)) : [0, 0, 0]);
    return [0, 1, 2].map((i) => Math.max(0, Math.round(base[i]! * 10) + this.noiseDa[i]!)) as [
      number,
      number,
      number,
    ];
  }

  pvDa(nowMs: number): number {
    const s = this.settings;
    if (s.pvA !== undefined) return Math.round(s.pvA * 10);
    if (!s.profile) return 0;
    return Math.round(s.pvPeakA * 10 * interpolate(s.profile.pvFraction, this.hourOfDay(nowMs)));
  }

  /** Mains currents per phase (dA, + import): house + battery + EV draws − PV. */
  mainsDa(nowMs: number, evDrawsDa: [number, number, number][]): [number, number, number] {
    const replay = this.replayNetDa;
    if (replay)
      return [0, 1, 2].map((i) => replay[i]! + evDrawsDa.reduce((sum, draw) => sum + draw[i]!, 0)) as [
        number,
        number,
        number,
      ];
    const house = this.houseDa(nowMs);
    const pvPerPhase = this.pvDa(nowMs) / 3;
    const batteryPerPhase = (this.settings.batteryA * 10) / 3;
    return [0, 1, 2].map((i) => {
      const ev = evDrawsDa.reduce((sum, draw) => sum + draw[i]!, 0);
      return Math.round(house[i]! + ev + batteryPerPhase - pvPerPhase);
    }) as [number, number, number];
  }
}
