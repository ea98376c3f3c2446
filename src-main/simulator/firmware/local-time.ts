/** The charger's local time (its configured time zone), for delayed charging and `/power_day`. */

function offsetMs(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
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
