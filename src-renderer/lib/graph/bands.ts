/**
 * The state and mode bands under the live graph: runs of equal category over the visible window,
 * found by one pass over the sample columns (86 400 samples in well under a millisecond).
 */
import type { MessageKey } from '../i18n/catalogue';

export interface Run {
  /** Seconds, inclusive start of the run. */
  from: number;
  /** Seconds, the next run's start (or the last sample's time). */
  to: number;
  category: string;
}

export interface BandCategory {
  key: MessageKey;
  colour: string;
}

/** Charging states grouped as a user reads them (firmware `state_id`, behaviour document §4.3). */
const stateGroups = [
  'noCar',
  'connected',
  'charging',
  'other',
  'connected',
  'connected',
  'charging',
  'charging',
  'connected',
  'connected',
  'charging',
];

export function stateCategory(stateId: number | null): string | undefined {
  if (stateId === null) return undefined;
  return stateGroups[stateId] ?? 'other';
}

/** REST `mode_id`: 0 OFF, 1 NORMAL, 2 SOLAR, 3 SMART, 4 PAUSE. */
const modeGroups = ['off', 'normal', 'solar', 'smart', 'pause'];

export function modeCategory(modeId: number | null): string | undefined {
  return modeId === null ? undefined : modeGroups[modeId];
}

export const stateCategories: Record<string, BandCategory> = {
  noCar: { key: 'bandNoCar', colour: '#D0D4DA' },
  connected: { key: 'bandConnected', colour: '#F0E442' },
  charging: { key: 'bandCharging', colour: '#56B4E9' },
  other: { key: 'bandOther', colour: '#882255' },
};

/** From Tol's palettes: told apart with colour-blindness, and none is a line's or a state's colour. */
export const modeCategories: Record<string, BandCategory> = {
  off: { key: 'modeOff', colour: '#555555' },
  normal: { key: 'modeNormal', colour: '#332288' },
  solar: { key: 'modeSolar', colour: '#DDCC77' },
  smart: { key: 'modeSmart', colour: '#44AA99' },
  pause: { key: 'modePause', colour: '#AA4499' },
};

/**
 * Runs of equal category, kept up to date one sample at a time (O(1) per sample), so a view of any
 * window finds its runs by binary search instead of reading every sample on every update.
 * A gap longer than `gapSeconds` (the charger was offline) or an absent value ends a run, so the
 * band shows the gap rather than inventing a state.
 */
export class RunTracker {
  readonly all: Run[] = [];
  private open: Run | undefined;
  private lastT = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly categorise: (value: number | null) => string | undefined,
    private readonly gapSeconds = 30,
  ) {}

  /**
   * `gap`: whether the charger was not answering before this sample, where the caller knows
   * better than the sample times (they are the charger's clock, which may run faster than ours).
   */
  push(time: number, value: number | null, gap?: boolean): void {
    const category = this.categorise(value);
    const near = gap === undefined ? time - this.lastT <= this.gapSeconds : !gap;
    this.lastT = time;
    const open = this.open;
    if (open && near && category === open.category) {
      open.to = time;
      return;
    }
    if (open && near) open.to = time;
    this.open = undefined;
    if (category === undefined) return;
    this.open = { from: time, to: time, category };
    this.all.push(this.open);
  }

  /** Forgets runs that ended before `time` (when old samples are dropped). */
  trim(time: number): void {
    let drop = 0;
    while (drop < this.all.length && this.all[drop]!.to < time) drop += 1;
    if (drop > 0) this.all.splice(0, drop);
  }

  /** The runs that overlap `min..max`, clipped to it. */
  visible(min: number, max: number): Run[] {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.all[mid]!.to < min) low = mid + 1;
      else high = mid;
    }
    const out: Run[] = [];
    for (let i = low; i < this.all.length && this.all[i]!.from <= max; i += 1) {
      const run = this.all[i]!;
      out.push({ from: Math.max(min, run.from), to: Math.min(max, run.to), category: run.category });
    }
    return out;
  }
}

/** Runs among samples with `min <= t <= max`, from whole columns (for one-off use and tests). */
export function runs(
  t: readonly number[],
  values: readonly (number | null)[],
  categorise: (value: number | null) => string | undefined,
  min: number,
  max: number,
  gapSeconds = 30,
): Run[] {
  const tracker = new RunTracker(categorise, gapSeconds);
  t.forEach((time, i) => {
    if (time >= min && time <= max) tracker.push(time, values[i] ?? null);
  });
  return tracker.all.map((run) => ({ ...run }));
}
