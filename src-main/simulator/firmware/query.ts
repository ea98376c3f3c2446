/** Query-string handling as the firmware's web server does it (§2.2–2.3). */

const maxValueBytes = 2047;

export interface Query {
  /** First occurrence, name matched case-insensitively; undefined when absent (or too long). */
  get(name: string): string | undefined;
  has(name: string): boolean;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

export function parseQuery(raw: string): Query {
  const entries: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    if (name === undefined || value === undefined) continue;
    if (Buffer.byteLength(value) > maxValueBytes) continue;
    entries.push([name.toLowerCase(), value]);
  }
  const find = (name: string) => entries.find(([key]) => key === name.toLowerCase())?.[1];
  return { get: find, has: (name) => find(name) !== undefined };
}

/** C `atol`: optional blanks and sign, then leading digits; anything else gives 0. */
export function atol(text: string | undefined): number {
  if (text === undefined) return 0;
  const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!match) return 0;
  const value = Number(match[1]);
  if (!Number.isFinite(value)) return 0;
  // The firmware's long is 32 bits.
  return Math.trunc(Math.max(-2_147_483_648, Math.min(2_147_483_647, value)));
}

/** Truncation to a signed 16-bit value, as the firmware stores meter currents. */
export function toInt16(value: number): number {
  return ((value & 0xffff) << 16) >> 16;
}
