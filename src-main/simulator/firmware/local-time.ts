/** The charger's local time (its configured time zone), for delayed charging and `/power_day`. */

const formatters = new Map<string, Intl.DateTimeFormat>();
const quarterMs = 15 * 60_000;
const offsetCache = new Map<string, { quarter: number; offsetMs: number }>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * UTC offset of the zone at an instant. Zone offsets change only on quarter-hour boundaries, so the
 * last answer is reused within the same quarter hour: the simulator asks several times a simulated second.
 */
function offsetMs(epochMs: number, timeZone: string): number {
  const quarter = Math.floor(epochMs / quarterMs);
  const cached = offsetCache.get(timeZone);
  if (cached && cached.quarter === quarter) return cached.offsetMs;
  const computed = computeOffsetMs(epochMs, timeZone);
  offsetCache.set(timeZone, { quarter, offsetMs: computed });
  return computed;
}

function computeOffsetMs(epochMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

export function localOffsetMs(epochMs: number, timeZone: string): number {
  return offsetMs(epochMs, timeZone);
}

/** Parses the firmware's `YYYY-MM-DDTHH:MM` (no quotes, no seconds) as local time; undefined if malformed. */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let epoch = guess - offsetMs(guess, timeZone);
  epoch = guess - offsetMs(epoch, timeZone);
  return Math.floor(epoch / 1000);
}

/** `HH:MM` of an epoch in the given zone. */
export function localClock(epochMs: number, timeZone: string): { hour: number; minute: number } {
  const local = new Date(epochMs + offsetMs(epochMs, timeZone));
  return { hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}
