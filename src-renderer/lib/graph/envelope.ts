/**
 * A min/max envelope of samples in fixed time buckets, kept up to date one sample at a time (O(1)).
 * Each bucket contributes two points (its minimum at the bucket's start, its maximum half-way): with
 * one-minute buckets a 24-h window draws 2 880 points instead of 86 400 and still shows every spike.
 */
export class Envelope {
  readonly t: number[] = [];
  readonly series: (number | null)[][];
  private bucket = Number.NaN;
  /** Goes up whenever what the envelope draws changes (a new bucket, a new extreme, a trim). */
  revision = 0;

  constructor(
    readonly bucketSeconds: number,
    seriesCount: number,
  ) {
    this.series = Array.from({ length: seriesCount }, () => []);
  }

  push(t: number, values: (number | null)[]): void {
    const bucket = Math.floor(t / this.bucketSeconds) * this.bucketSeconds;
    if (bucket !== this.bucket) {
      this.bucket = bucket;
      this.t.push(bucket, bucket + this.bucketSeconds / 2);
      this.series.forEach((column, i) => column.push(values[i] ?? null, values[i] ?? null));
      this.revision += 1;
      return;
    }
    const last = this.t.length - 1;
    this.series.forEach((column, i) => {
      const value = values[i];
      if (value === null || value === undefined) return;
      const low = column[last - 1];
      const high = column[last];
      if (low === null || low === undefined || value < low) {
        column[last - 1] = value;
        this.revision += 1;
      }
      if (high === null || high === undefined || value > high) {
        column[last] = value;
        this.revision += 1;
      }
    });
  }

  /** Drops buckets older than `minT`. */
  trim(minT: number): void {
    let drop = 0;
    while (drop < this.t.length && this.t[drop]! < minT) drop += 2;
    if (drop === 0) return;
    this.revision += 1;
    this.t.splice(0, drop);
    for (const column of this.series) column.splice(0, drop);
  }

  columns(): [number[], ...(number | null)[][]] {
    return [this.t, ...this.series];
  }
}

/**
 * Decides when a long window needs drawing again: only when its envelope changed, or the view moved
 * by at least one pixel's worth of time. A 24-h window moves 1/78 of a pixel per second, so most
 * 1-s updates draw nothing new and are skipped.
 */
export class RedrawGate {
  private revision = -1;
  private end = Number.NEGATIVE_INFINITY;
  private key = '';

  needed(revision: number, end: number, key: string, secondsPerPixel: number): boolean {
    if (revision === this.revision && key === this.key && Math.abs(end - this.end) < secondsPerPixel)
      return false;
    this.revision = revision;
    this.end = end;
    this.key = key;
    return true;
  }

  /** After anything else was drawn, the next long-window update always draws. */
  reset(): void {
    this.revision = -1;
  }
}
