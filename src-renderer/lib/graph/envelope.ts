/**
 * A min/max envelope of samples in fixed time buckets, kept up to date one sample at a time (O(1)).
 * Each bucket contributes two points (its minimum at the bucket's start, its maximum half-way): with
 * one-minute buckets a 24-h window draws 2 880 points instead of 86 400 and still shows every spike.
 */
export class Envelope {
  readonly t: number[] = [];
  readonly series: (number | null)[][];
  private bucket = Number.NaN;

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
      return;
    }
    const last = this.t.length - 1;
    this.series.forEach((column, i) => {
      const value = values[i];
      if (value === null || value === undefined) return;
      const low = column[last - 1];
      const high = column[last];
      if (low === null || low === undefined || value < low) column[last - 1] = value;
      if (high === null || high === undefined || value > high) column[last] = value;
    });
  }

  /** Drops buckets older than `minT`. */
  trim(minT: number): void {
    let drop = 0;
    while (drop < this.t.length && this.t[drop]! < minT) drop += 2;
    if (drop === 0) return;
    this.t.splice(0, drop);
    for (const column of this.series) column.splice(0, drop);
  }

  columns(): [number[], ...(number | null)[][]] {
    return [this.t, ...this.series];
  }
}
