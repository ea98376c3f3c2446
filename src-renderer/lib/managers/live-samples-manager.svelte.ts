/**
 * Live samples of the open charger, in the column layout uPlot draws from (seconds, amperes).
 * The arrays are plain (not deep proxies); `version` changes on every push, so views redraw.
 */
import type { ChargerSample, ChargerSnapshot } from '$shared/contract';
import { Envelope } from '../graph/envelope';
import { modeCategory, RunTracker, stateCategory } from '../graph/bands';

/** Windows longer than this are drawn from the envelope (one-minute min/max buckets: at least one point per pixel at any screen width). */
export const envelopeAboveSeconds = 3600;
const bucketSeconds = 60;
/** Longer than this between two reads (this computer's clock) and the charger was not answering. */
const gapSeconds = 30;

/** 24 h at one sample a second, plus an hour of slack before the oldest are dropped. */
const maxPoints = 90_000;
/** Old samples are dropped in batches, so an update does not shift 90 000 entries every second. */
const trimBatch = 600;

export interface SampleColumns {
  t: number[];
  mainsL1: (number | null)[];
  mainsL2: (number | null)[];
  mainsL3: (number | null)[];
  ev: (number | null)[];
  charge: (number | null)[];
  /** The EV meter's power, kW. */
  power: (number | null)[];
  state: (number | null)[];
  mode: (number | null)[];
}

const empty = (): SampleColumns => ({
  t: [],
  mainsL1: [],
  mainsL2: [],
  mainsL3: [],
  ev: [],
  charge: [],
  power: [],
  state: [],
  mode: [],
});
const amps = (da: number | undefined) => (da === undefined ? null : da / 10);

export class LiveSamplesManager {
  #version = $state(0);
  #snapshot = $state.raw<ChargerSnapshot | undefined>();
  columns: SampleColumns = empty();
  /** The graph's series (mains L1–L3, EV, charge current, power) as a one-minute min/max envelope. */
  envelope = new Envelope(bucketSeconds, 6);
  /** Runs of state and mode for the bands under the graph. */
  stateRuns = new RunTracker(stateCategory);
  modeRuns = new RunTracker(modeCategory);

  get version(): number {
    return this.#version;
  }

  get snapshot(): ChargerSnapshot | undefined {
    return this.#snapshot;
  }

  set snapshot(value: ChargerSnapshot | undefined) {
    this.#snapshot = value;
  }

  get count(): number {
    return this.columns.t.length;
  }

  /** This computer's time of the previous sample: a gap in reading is a gap in the bands. */
  private lastReadS = Number.NEGATIVE_INFINITY;
  /** Longer than this between two samples is a gap (recorded minute rows are 60 s apart). */
  gapSeconds = gapSeconds;
  /** Whether the newest sample's time is the charger's own clock (see `charger-clock.ts`). */
  chargerClock = $state(false);

  private append(sample: ChargerSample): void {
    const c = this.columns;
    // The time axis is the charger's clock where it reports one: a simulated charger at 600× draws
    // its simulated day, not ten minutes of ours.
    const t = (sample.chargerMs ?? sample.tMs) / 1000;
    if (c.t.length > 0 && t <= c.t[c.t.length - 1]!) return;
    const readS = sample.tMs / 1000;
    const gap = readS - this.lastReadS > this.gapSeconds;
    this.lastReadS = readS;
    this.chargerClock = sample.chargerMs !== undefined;
    c.t.push(t);
    c.mainsL1.push(amps(sample.mainsDa?.[0]));
    c.mainsL2.push(amps(sample.mainsDa?.[1]));
    c.mainsL3.push(amps(sample.mainsDa?.[2]));
    c.ev.push(sample.evDa ? Math.max(...sample.evDa) / 10 : null);
    c.charge.push(amps(sample.chargeCurrentDa));
    c.power.push(sample.powerW === undefined ? null : sample.powerW / 1000);
    c.state.push(sample.stateId ?? null);
    c.mode.push(sample.modeId ?? null);
    this.stateRuns.push(t, sample.stateId ?? null, gap);
    this.modeRuns.push(t, sample.modeId ?? null, gap);
    const last = c.t.length - 1;
    this.envelope.push(t, [
      c.mainsL1[last]!,
      c.mainsL2[last]!,
      c.mainsL3[last]!,
      c.ev[last]!,
      c.charge[last]!,
      c.power[last]!,
    ]);
  }

  private trim(): void {
    const excess = this.columns.t.length - maxPoints;
    if (excess < trimBatch) return;
    for (const column of Object.values(this.columns) as unknown[][]) column.splice(0, excess);
    const oldest = this.columns.t[0]!;
    this.envelope.trim(oldest);
    this.stateRuns.trim(oldest);
    this.modeRuns.trim(oldest);
  }

  push(sample: ChargerSample): void {
    this.append(sample);
    this.trim();
    this.#version += 1;
  }

  pushMany(samples: ChargerSample[]): void {
    for (const sample of samples) this.append(sample);
    this.trim();
    this.#version += 1;
  }

  reset(): void {
    this.columns = empty();
    this.envelope = new Envelope(bucketSeconds, 6);
    this.stateRuns = new RunTracker(stateCategory);
    this.modeRuns = new RunTracker(modeCategory);
    this.lastReadS = Number.NEGATIVE_INFINITY;
    this.chargerClock = false;
    this.#snapshot = undefined;
    this.#version += 1;
  }
}
