// Goal (ux-review minor 13): with all-zero data the graph's axes do not jump to 0–100; 0 stays in
// view, export (negative mains) is shown, and the top is a round number above the highest value.
import { describe, expect, it } from 'vitest';
import { ampsRange, kwRange } from '../../src-renderer/lib/graph/scales';

describe('graph ranges', () => {
  it('keeps a flat zero line small, not 0–100', () => {
    expect(ampsRange(0, 0)).toEqual([0, 1]);
    expect(kwRange(0, 0)).toEqual([0, 1]);
    expect(ampsRange(null, null)).toEqual([0, 1]);
  });

  it('shows export below zero and rounds the top up', () => {
    expect(ampsRange(-12.4, 15.2)).toEqual([-13, 16]);
    expect(ampsRange(2, 9.5)).toEqual([0, 10]);
    expect(kwRange(0, 7.36)).toEqual([0, 7.5]);
  });
});
