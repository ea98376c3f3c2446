// Goal: delayed-charging times are read in the charger's time zone, right across DST changes
// (the offset is cached per quarter hour). Method: known instants in Europe/Amsterdam and UTC.
import { describe, expect, it } from 'vitest';
import { localClock, localOffsetMs, parseLocalDateTime } from '../../src-main/simulator/firmware/local-time';

describe('charger local time', () => {
  it.each([
    ['2026-01-15T08:00', 'Europe/Amsterdam', Date.UTC(2026, 0, 15, 7, 0)],
    ['2026-07-15T08:00', 'Europe/Amsterdam', Date.UTC(2026, 6, 15, 6, 0)],
    ['2026-03-29T01:30', 'Europe/Amsterdam', Date.UTC(2026, 2, 29, 0, 30)],
    ['2026-03-29T04:00', 'Europe/Amsterdam', Date.UTC(2026, 2, 29, 2, 0)],
    ['2026-07-15T08:00', 'UTC', Date.UTC(2026, 6, 15, 8, 0)],
  ])('%s in %s', (text, zone, expectedMs) => {
    expect(parseLocalDateTime(text, zone)).toBe(expectedMs / 1000);
  });

  it.each(['"2026-01-15T08:00"', '2026-01-15 08:00', '2026-01-15T08:00:00', '2026-13-01T00:00', ''])(
    'refuses %j',
    (text) => {
      expect(parseLocalDateTime(text, 'UTC')).toBeUndefined();
    },
  );

  it('the cached offset follows the DST change within the same run', () => {
    const before = Date.UTC(2026, 2, 29, 0, 59);
    const after = Date.UTC(2026, 2, 29, 1, 0);
    expect(localOffsetMs(before, 'Europe/Amsterdam')).toBe(3_600_000);
    expect(localOffsetMs(after, 'Europe/Amsterdam')).toBe(7_200_000);
    expect(localClock(after, 'Europe/Amsterdam')).toEqual({ hour: 3, minute: 0 });
  });
});
