// Goal: the state and mode bands under the graph show runs of what the charger did, limited to the
// visible window, and show an offline gap as a gap. Method: direct use on sample columns.
import { describe, expect, it } from 'vitest';
import { modeCategory, runs, RunTracker, stateCategory } from '../../src-renderer/lib/graph/bands';

describe('graph bands', () => {
  it('groups charging states as a user reads them', () => {
    expect([0, 1, 2, 9, 10, 11, null].map(stateCategory)).toEqual([
      'noCar',
      'connected',
      'charging',
      'connected',
      'charging',
      'other',
      undefined,
    ]);
    expect([0, 1, 2, 3, 4, 7].map(modeCategory)).toEqual([
      'off',
      'normal',
      'solar',
      'smart',
      'pause',
      undefined,
    ]);
  });

  it('finds runs inside the visible window and joins them edge to edge', () => {
    const t = [0, 1, 2, 3, 4, 5, 6];
    const state = [0, 0, 1, 2, 2, 2, 9];
    expect(runs(t, state, stateCategory, 1, 5)).toEqual([
      { from: 1, to: 2, category: 'noCar' },
      { from: 2, to: 3, category: 'connected' },
      { from: 3, to: 5, category: 'charging' },
    ]);
  });

  it('leaves a gap where samples are missing or the charger was offline', () => {
    const t = [0, 1, 2, 100, 101];
    const mode = [3, 3, null, 3, 3];
    expect(runs(t, mode, modeCategory, 0, 200)).toEqual([
      { from: 0, to: 2, category: 'smart' },
      { from: 100, to: 101, category: 'smart' },
    ]);
    expect(runs([0, 1, 60, 61], [3, 3, 3, 3], modeCategory, 0, 100)).toEqual([
      { from: 0, to: 1, category: 'smart' },
      { from: 60, to: 61, category: 'smart' },
    ]);
  });

  it('reads 24 h of one-second samples in one pass', () => {
    const t = Array.from({ length: 86_400 }, (_, i) => i);
    const state = t.map((i) => (Math.floor(i / 3600) % 2 === 0 ? 2 : 1));
    const found = runs(t, state, stateCategory, 0, 86_400);
    expect(found).toHaveLength(24);
    expect(found[0]).toEqual({ from: 0, to: 3600, category: 'charging' });
  });
});

describe('run tracker', () => {
  it('keeps runs as samples arrive and clips them to any window', () => {
    const tracker = new RunTracker(stateCategory);
    [0, 0, 1, 2, 2, 2, 9].forEach((state, t) => tracker.push(t, state));
    expect(tracker.visible(1, 5)).toEqual([
      { from: 1, to: 2, category: 'noCar' },
      { from: 2, to: 3, category: 'connected' },
      { from: 3, to: 5, category: 'charging' },
    ]);
    expect(tracker.visible(10, 20)).toEqual([]);
    tracker.trim(3.5);
    expect(tracker.all.map((run) => run.category)).toEqual(['charging', 'connected']);
  });

  it('agrees with a full pass over the columns', () => {
    const t = Array.from({ length: 5000 }, (_, i) => i * 2 + (i > 2500 ? 100 : 0));
    const mode = t.map((_, i) => (i % 97 === 0 ? null : Math.floor(i / 400) % 5));
    const tracker = new RunTracker(modeCategory);
    t.forEach((time, i) => tracker.push(time, mode[i]!));
    expect(tracker.visible(-Infinity, Infinity)).toEqual(runs(t, mode, modeCategory, -Infinity, Infinity));
  });
});
