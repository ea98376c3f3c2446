// Goal (ux-review M7): the graph's time axis is the charger's own clock. A simulated charger at
// 600× moves its clock ten minutes per second of ours; a real one runs with ours between mains
// readings; a charger without a clock (seconds since boot) has none.
// Method: reads as /settings reports `last_data_update`, at given wall-clock times.
import { describe, expect, it } from 'vitest';
import { ChargerClock } from '../../src-main/poller/charger-clock';

const day = 1_800_000_000; // epoch s, a charger day in 2027

describe("the charger's clock at each read", () => {
  it('follows a simulated charger at 600×: ten minutes per second', () => {
    const clock = new ChargerClock();
    const wall = 5_000_000;
    const times = [0, 1, 2, 3].map((k) => clock.at(day + 600 * k, wall + 1000 * k));
    expect(times).toEqual([0, 1, 2, 3].map((k) => (day + 600 * k) * 1000));
  });

  it('runs on with this computer between mains readings, and never goes back a little', () => {
    const clock = new ChargerClock();
    expect(clock.at(day, 10_000)).toBe(day * 1000);
    // The same reading a second later: the charger's clock went on by that second.
    expect(clock.at(day, 11_000)).toBe(day * 1000 + 1000);
    // A fresh reading older than where the clock ran to does not take it back.
    expect(clock.at(day + 0.5, 11_600)).toBe(day * 1000 + 1600);
    // A fresh reading ahead of it moves it forward.
    expect(clock.at(day + 5, 12_000)).toBe((day + 5) * 1000);
  });

  it('follows a clock set back (NTP, a restarted simulator)', () => {
    const clock = new ChargerClock();
    clock.at(day, 0);
    expect(clock.at(day - 3600, 1000)).toBe((day - 3600) * 1000);
  });

  it('has none while the charger counts seconds since boot, or reports nothing', () => {
    const clock = new ChargerClock();
    expect(clock.at(1234, 0)).toBeUndefined();
    expect(clock.at(undefined, 1000)).toBeUndefined();
    expect(clock.at(0, 2000)).toBeUndefined();
  });
});
