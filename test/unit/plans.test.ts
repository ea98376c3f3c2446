// Goal: a weekly plan's next run is the first chosen weekday at its local time after now.
// Method: local-time dates (this computer's zone, as Studio applies plans in it).
import { describe, expect, it } from 'vitest';
import { nextRun, weeklyPlanInputSchema } from '$shared/contract';

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();
// 2026-11-25 is a Wednesday (3).
const wednesdayNoon = at(2026, 11, 25, 12);
const weekdays = [1, 2, 3, 4, 5];

describe('weekly plans', () => {
  it.each([
    ['later today', { days: weekdays, time: '23:00' }, at(2026, 11, 25, 23)],
    ['earlier today → tomorrow', { days: weekdays, time: '07:00' }, at(2026, 11, 26, 7)],
    ['weekend only', { days: [0, 6], time: '09:30' }, at(2026, 11, 28, 9, 30)],
    ['same weekday, time passed → next week', { days: [3], time: '11:59' }, at(2026, 12, 2, 11, 59)],
    ['exactly now is not next', { days: [3], time: '12:00' }, at(2026, 12, 2, 12)],
  ])('%s', (_name, plan, expected) => {
    expect(nextRun({ ...plan, enabled: true }, wednesdayNoon)).toBe(expected);
  });

  it('a disabled plan never runs', () => {
    expect(nextRun({ days: weekdays, time: '23:00', enabled: false }, wednesdayNoon)).toBeUndefined();
  });

  it.each([
    [{ days: [], time: '23:00' }, 'days'],
    [{ days: [7], time: '23:00' }, 'days.0'],
    [{ days: [1], time: '24:00' }, 'time'],
    [{ days: [1], time: '7:00' }, 'time'],
  ])('refuses %j', (plan, field) => {
    const result = weeklyPlanInputSchema.safeParse({ chargerId: 'x', mode: 'SMART', enabled: true, ...plan });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(field);
  });
});
