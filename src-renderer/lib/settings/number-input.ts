/**
 * A number a person types, checked at the field: empty is never 0, a range is said in words and in
 * the user's number format, and the bounds come from the contract's schema for that value, so the
 * field and main refuse the same things.
 */
import type { z } from 'zod';
import { t } from '../i18n/catalogue';
import { formatLocale } from '../i18n/formats';

/** What an input holds: text, a number (Svelte binds number inputs as numbers, or null when empty), a flag. */
export type Shown = string | number | boolean | null | undefined;

export interface NumberBounds {
  /** Lowest and highest value, in the unit the field shows. */
  min: number;
  max: number;
  /** Whether the field takes only whole numbers (in the unit it shows). */
  whole: boolean;
  /** 0 is also taken and means off (MaxSumMains: "0 (off) or 10–600"). */
  orZero?: boolean;
  unit?: string;
}

interface NumberChecks {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean | null;
}

/**
 * A contract number schema's bounds, as a field that shows `1 / scale` of the sent unit sees them
 * (amperes for a schema in tenths: scale 10; seconds for one in milliseconds: scale 1000).
 */
export function schemaBounds(schema: z.ZodType, scale = 1, unit?: string): NumberBounds {
  let inner: z.ZodType = schema;
  while ('unwrap' in inner && typeof inner.unwrap === 'function') inner = (inner.unwrap as () => z.ZodType)();
  const checks = inner as unknown as NumberChecks;
  if (checks.minValue === null || checks.maxValue === null)
    throw new Error('a field’s schema needs a minimum and a maximum');
  const bounds: NumberBounds = {
    min: checks.minValue / scale,
    max: checks.maxValue / scale,
    whole: checks.isInt === true && scale === 1,
  };
  if (unit) bounds.unit = unit;
  return bounds;
}

/** A number in the user's format (a decimal comma in Dutch). */
export function formatNumber(value: number): string {
  return value.toLocaleString(formatLocale(), { maximumFractionDigits: 3 });
}

/** A range in words: "6–32 A", "0 (off) or 10–600 A". */
export function rangeWords(bounds: Pick<NumberBounds, 'min' | 'max' | 'orZero' | 'unit'>): string {
  const span = { min: formatNumber(bounds.min), max: formatNumber(bounds.max) };
  const words = t(bounds.orZero ? 'rangeOffOr' : 'rangeSpan', span);
  return bounds.unit ? `${words} ${bounds.unit}` : words;
}

/** Why what was typed is not a number at all (empty, or text); undefined when it is one. */
export function notANumber(shown: Shown): string | undefined {
  if (shown === null || shown === undefined || (typeof shown === 'string' && shown.trim() === ''))
    return t('fieldEmpty');
  if (typeof shown === 'boolean' || !Number.isFinite(Number(shown))) return t('fieldNotNumber');
  return undefined;
}

/** Why a typed number would not be taken, in the user's language; undefined when it would. */
export function numberProblem(shown: Shown, bounds: NumberBounds): string | undefined {
  const missing = notANumber(shown);
  if (missing) return missing;
  const value = Number(shown);
  if (bounds.orZero && value === 0) return undefined;
  if (value < bounds.min || value > bounds.max) return t('fieldRange', { range: rangeWords(bounds) });
  if (bounds.whole && !Number.isInteger(value)) return t('fieldWhole');
  return undefined;
}
