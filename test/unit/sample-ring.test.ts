// Goal: the poller's ring buffer keeps the newest samples in fixed memory, wraps correctly and
// gives back exactly what went in (absent values stay absent). Method: direct use.
import { describe, expect, it } from 'vitest';
import { SampleRing, samplesPerDay } from '../../src-main/poller/sample-ring';

describe('sample ring', () => {
  it('holds 24 h at 1 s in fixed typed arrays (about 4.3 MB), whatever it holds', () => {
    const ring = new SampleRing();
    expect(ring.capacity).toBeGreaterThanOrEqual(samplesPerDay);
    const bytes = ring.byteLength;
    expect(bytes).toBeLessThan(4.5 * 1024 * 1024);
    for (let i = 0; i < 1000; i += 1) ring.push({ tMs: i });
    expect(ring.byteLength).toBe(bytes);
  });

  it('round-trips a sample, and leaves missing values absent', () => {
    const ring = new SampleRing(4);
    const full = {
      tMs: 1000,
      chargerMs: 1000 + 3_600_000,
      mainsDa: [1, -2, 3] as [number, number, number],
      mainsTotalDa: 2,
      evDa: [60, 60, 0] as [number, number, number],
      chargeCurrentDa: 160,
      overrideCurrentDa: 0,
      pwm: 272,
      stateId: 2,
      modeId: 3,
      solarStopTimerS: 0,
      powerW: 7360,
      energyWh: 1234.5,
    };
    ring.push(full);
    ring.push({ tMs: 2000, stateId: 0 });
    expect(ring.since()).toEqual([full, { tMs: 2000, stateId: 0 }]);
  });

  it('wraps: keeps the newest, oldest first, and filters by time', () => {
    const ring = new SampleRing(3);
    for (let t = 1; t <= 5; t += 1) ring.push({ tMs: t, pwm: t * 10 });
    expect(ring.size).toBe(3);
    expect(ring.since().map((s) => s.tMs)).toEqual([3, 4, 5]);
    expect(ring.since(3).map((s) => s.tMs)).toEqual([4, 5]);
    expect(ring.since(-Infinity, 1).map((s) => s.tMs)).toEqual([5]);
  });

  it('clamps values outside 16 bits instead of wrapping them', () => {
    const ring = new SampleRing(2);
    ring.push({ tMs: 1, chargeCurrentDa: 99_999, pwm: -99_999 });
    expect(ring.since()[0]).toMatchObject({ chargeCurrentDa: 32767, pwm: -32767 });
  });
});
