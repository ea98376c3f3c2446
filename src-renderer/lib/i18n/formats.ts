/**
 * Numbers, dates and times in the language the UI shows (not always the system's), so Dutch reads
 * Dutch. Within that language the system's region decides details such as a 12- or 24-hour clock:
 * English on an en-GB system shows 17:30, on en-US 5:30 PM.
 */
import { currentLocale } from './catalogue';

/** The BCP 47 tag to format with: the system's own tag when it is of the chosen language. */
export function formatLocale(): string {
  const language = currentLocale();
  const system = typeof navigator === 'undefined' ? [] : (navigator.languages ?? []);
  return system.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

/** A moment with date and time: "Dec 2, 2026, 5:41:00 AM" / "2 dec 2026, 05:41:00". */
export function dateTimeWords(ms: number): string {
  return new Date(ms).toLocaleString(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A date without time: "Dec 2, 2026" / "2 dec 2026". */
export function dateWords(ms: number): string {
  return new Date(ms).toLocaleDateString(formatLocale(), { dateStyle: 'medium' });
}

/** A time of day, to the minute: "05:41 AM" / "05:41". */
export function timeOfDayWords(ms: number): string {
  return new Date(ms).toLocaleTimeString(formatLocale(), { hour: '2-digit', minute: '2-digit' });
}

/** A time of day, to the second: "05:41:07 AM" / "05:41:07". */
export function clockWords(ms: number): string {
  return new Date(ms).toLocaleTimeString(formatLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A current the firmware counts in tenths (dA), in amperes: "16.0 A" / "16,0 A". */
export function ampsWords(da: number): string {
  return `${decimalWords(da / 10, 1)} A`;
}

/** A measured value with a fixed number of decimals, in the language's way: "16.0" / "16,0". */
export function decimalWords(value: number, digits: number): string {
  return value.toLocaleString(formatLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
}
