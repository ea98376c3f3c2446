/**
 * What the charger's delayed charging will do, in words, for the Now card and the schedule form.
 * The firmware keeps a start and a stop (epoch s, 0 = none) and one repeat flag; with repeat set,
 * each time moves on by 24 h when it is reached, so both happen every day (firmware §5.11).
 * Sending a mode without a start clears the start only: a daily stop outlives it.
 */
import type { ChargerSnapshot } from '$shared/contract';
import { t, type MessageKey } from '../i18n/catalogue';
import { dateTimeWords, timeOfDayWords } from '../i18n/formats';

export interface ScheduleLine {
  key: MessageKey;
  values: Record<string, string>;
}

/** The mode charging starts in: the firmware's `evse.mode` (0 Normal, 1 Smart, 2 Solar). */
const internalModeKeys: Record<number, MessageKey> = { 0: 'modeNormal', 1: 'modeSmart', 2: 'modeSolar' };

export function internalModeKey(internalMode: number | undefined): MessageKey {
  return internalModeKeys[internalMode ?? 0] ?? 'modeNormal';
}

export function scheduleLines(
  s: Pick<ChargerSnapshot, 'delayedStartS' | 'delayedStopS' | 'repeatDaily' | 'internalMode'>,
): ScheduleLine[] {
  const daily = s.repeatDaily === 1;
  const lines: ScheduleLine[] = [];
  const mode = t(internalModeKey(s.internalMode));
  if (s.delayedStartS) {
    const ms = s.delayedStartS * 1000;
    lines.push(
      daily
        ? { key: 'scheduleStartsDaily', values: { time: timeOfDayWords(ms), next: dateTimeWords(ms), mode } }
        : { key: 'scheduleStartsOnce', values: { when: dateTimeWords(ms), mode } },
    );
  }
  if (s.delayedStopS) {
    const ms = s.delayedStopS * 1000;
    lines.push(
      daily
        ? { key: 'scheduleStopsDaily', values: { time: timeOfDayWords(ms), next: dateTimeWords(ms) } }
        : { key: 'scheduleStopsOnce', values: { when: dateTimeWords(ms) } },
    );
  }
  return lines;
}
