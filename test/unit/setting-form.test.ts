// Goal: the settings form checks a value as main does, and says why in the chosen language with
// the firmware's range in words (never English inside Dutch, never an empty field taken as 0).
// Method: the form definitions derived from the field table, on a recorded /settings reply.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chargerSettingsJsonSchema, normaliseSettings } from '$shared/contract';
import { bindLocale, systemLocale } from '../../src-renderer/lib/i18n/catalogue';
import { fieldProblem, settingDefinitions } from '../../src-renderer/lib/settings/setting-definitions';

const raw = JSON.parse(readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8'));
const snapshot = normaliseSettings(chargerSettingsJsonSchema.parse(raw));
const def = (field: string) => settingDefinitions.find((d) => d.field === field)!;
const now = Date.UTC(2026, 5, 1, 12);
afterEach(() => bindLocale(systemLocale));

describe('settings form checks', () => {
  it.each([
    [
      'en',
      'overrideCurrentDa',
      3,
      'Must be 0 (off) or 6–16 A on this charger (its MinCurrent to MaxCurrent).',
    ],
    [
      'nl',
      'overrideCurrentDa',
      3,
      'Moet 0 (uit) of 6–16 A zijn op deze laadpaal (zijn MinCurrent tot MaxCurrent).',
    ],
    ['en', 'maxSumMainsA', 5, 'Must be 0 (off) or 10–600 A.'],
    ['nl', 'maxSumMainsA', 5, 'Moet 0 (uit) of 10–600 A zijn.'],
    ['en', 'currentMinA', 17, 'Must be 6–16 A.'],
    ['en', 'stopTimerMin', null, 'Enter a value.'],
    ['nl', 'stopTimerMin', '', 'Vul een waarde in.'],
  ] as const)('%s %s = %j: %s', (locale, field, shown, message) => {
    bindLocale(() => locale);
    expect(fieldProblem(def(field), shown, snapshot, now)).toBe(message);
  });

  it.each([
    ['overrideCurrentDa', 0],
    ['overrideCurrentDa', 8.3],
    ['maxSumMainsA', 0],
    ['maxSumMainsA', 10],
    ['currentMinA', 16],
  ] as const)('%s = %j is taken', (field, shown) => {
    expect(fieldProblem(def(field), shown, snapshot, now)).toBeUndefined();
  });
});
