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
export function stateCategory(stateId: number | null): string | undefined {
  if (stateId === null) return undefined;
  if (stateId === 0) return 'noCar';
  if ([2, 6, 7, 10].includes(stateId)) return 'charging';
  if ([1, 4, 5, 8, 9].includes(stateId)) return 'connected';
  return 'other';
}

/** REST `mode_id`: 0 OFF, 1 NORMAL, 2 SOLAR, 3 SMART, 4 PAUSE. */
export function modeCategory(modeId: number | null): string | undefined {
  return modeId === null ? undefined : (['off', 'normal', 'solar', 'smart', 'pause'][modeId] ?? undefined);
}

export const stateCategories: Record<string, BandCategory> = {
  noCar: { key: 'bandNoCar', colour: '#9aa5b1' },
  connected: { key: 'bandConnected', colour: '#e0a030' },
  charging: { key: 'bandCharging', colour: '#2e8540' },
  other: { key: 'bandOther', colour: '#17a2b8' },
};

export const modeCategories: Record<string, BandCategory> = {
  off: { key: 'modeOff', colour: '#9aa5b1' },
  normal: { key: 'modeNormal', colour: '#5d9cec' },
  solar: { key: 'modeSolar', colour: '#f2c230' },
  smart: { key: 'modeSmart', colour: '#8e44ad' },
  pause: { key: 'modePause', colour: '#5c6670' },
};

/**
 * Runs of the same category among samples with `min <= t <= max`. A gap longer than `gapSeconds`
 * (the charger was offline) ends a run, so the band shows the gap rather than inventing a state.
 */
export function runs(
  t: readonly number[],
  values: readonly (number | null)[],
  categorise: (value: number | null) => string | undefined,
  min: number,
  max: number,
  gapSeconds = 30,
): Run[] {
  const out: Run[] = [];
  let current: Run | undefined;
  for (let i = lowerBound(t, min); i < t.length && t[i]! <= max; i++) {
    const time = t[i]!;
    const category = categorise(values[i] ?? null);
    if (current && (category !== current.category || time - current.to > gapSeconds)) {
      if (time - current.to <= gapSeconds) current.to = time;
      out.push(current);
      current = undefined;
    }
    if (category === undefined) continue;
    if (current) current.to = time;
    else current = { from: time, to: time, category };
  }
  if (current) out.push(current);
  return out;
}

function lowerBound(t: readonly number[], value: number): number {
  let low = 0;
  let high = t.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (t[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
