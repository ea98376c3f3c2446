// Goal: the one bounded worker pool behind fleet preview, apply and backup runs at most `limit`
// tasks at once, keeps every slot busy, and returns results in input order.
// Method: tasks that finish in reverse order, counting how many are in flight.
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src-main/fleet/map-bounded';

describe('mapBounded', () => {
  it.each([
    [1, 7],
    [3, 7],
    [10, 4],
  ])('limit %i over %i items', async (limit, count) => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: count }, (_, i) => i);
    const results = await mapBounded(items, limit, async (item, index) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (count - item) * 2));
      running -= 1;
      return `${item}@${index}`;
    });
    expect(results).toEqual(items.map((i) => `${i}@${i}`));
    expect(most).toBe(Math.min(limit, count));
  });

  it('an empty list runs nothing, and a limit below 1 still runs one at a time', async () => {
    expect(await mapBounded([], 4, () => Promise.reject(new Error('not called')))).toEqual([]);
    let most = 0;
    let running = 0;
    await mapBounded([1, 2, 3], 0, async () => {
      most = Math.max(most, ++running);
      await Promise.resolve();
      running -= 1;
    });
    expect(most).toBe(1);
  });
});
