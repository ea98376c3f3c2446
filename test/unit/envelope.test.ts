// Goal: the graph's min/max envelope keeps every extreme of a bucket and trims old buckets, so a
// long window can draw far fewer points without hiding a spike. Method: direct use.
import { describe, expect, it } from 'vitest';
import { Envelope, RedrawGate } from '../../src-renderer/lib/graph/envelope';

describe('min/max envelope', () => {
  it('keeps the minimum and maximum of each bucket, as two points', () => {
    const envelope = new Envelope(60, 2);
    envelope.push(0, [5, 1]);
    envelope.push(10, [30, null]);
    envelope.push(59, [-2, 4]);
    envelope.push(60, [7, 7]);
    expect(envelope.columns()).toEqual([
      [0, 30, 60, 90],
      [-2, 30, 7, 7],
      [1, 4, 7, 7],
    ]);
  });

  it('turns 24 h of 1-s samples into 2 880 points and drops old buckets', () => {
    const envelope = new Envelope(60, 1);
    for (let t = 0; t < 86_400; t += 1) envelope.push(t, [t === 5000 ? 99 : 1]);
    expect(envelope.t).toHaveLength(2880);
    expect(Math.max(...(envelope.series[0] as number[]))).toBe(99);
    envelope.trim(3600);
    expect(envelope.t[0]).toBe(3600);
    expect(envelope.t).toHaveLength(2880 - 120);
  });
});

describe('redraw gate for long windows', () => {
  it('draws when the envelope changes or the view moves a pixel, and skips the rest', () => {
    const envelope = new Envelope(60, 1);
    const gate = new RedrawGate();
    envelope.push(0, [5]);
    expect(gate.needed(envelope.revision, 0, '24h', 72)).toBe(true);
    envelope.push(1, [5]); // same extremes, a 1-s move: nothing to see
    expect(gate.needed(envelope.revision, 1, '24h', 72)).toBe(false);
    envelope.push(2, [9]); // a new maximum
    expect(gate.needed(envelope.revision, 2, '24h', 72)).toBe(true);
    expect(gate.needed(envelope.revision, 73, '24h', 72)).toBe(false);
    expect(gate.needed(envelope.revision, 74, '24h', 72)).toBe(true); // a pixel's worth of time
    expect(gate.needed(envelope.revision, 74, 'paused', 72)).toBe(true); // the view changed
    envelope.push(60, [1]); // a new bucket
    expect(gate.needed(envelope.revision, 75, 'paused', 72)).toBe(true);
    gate.reset();
    expect(gate.needed(envelope.revision, 75, 'paused', 72)).toBe(true);
  });
});
