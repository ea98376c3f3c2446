/**
 * The graph's value ranges. uPlot's own choice for a flat line at 0 is 0–100, which reads as
 * "something to 100 A" (ux-review minor 13); these keep 0 in view and a small span when all is 0.
 */
const niceTop = (value: number, step: number) => Math.ceil(value / step) * step;

/** Amperes: from 0 (or the lowest export below it) to at least 1 A, rounded to whole amperes. */
export function ampsRange(min: number | null, max: number | null): [number, number] {
  const low = Math.min(0, Math.floor(min ?? 0));
  const high = Math.max(1, niceTop(max ?? 0, 1));
  return [low, high === low ? low + 1 : high];
}

/** Kilowatts: from 0 to at least 1 kW. */
export function kwRange(_min: number | null, max: number | null): [number, number] {
  return [0, Math.max(1, niceTop(max ?? 0, 0.5))];
}
