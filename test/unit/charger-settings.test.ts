// Goal: /settings replies of every firmware line parse into one model without inventing values.
// Method: the recorded replies of REST_API.md (legacy) and the behaviour document (dingo35), plus edits.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chargerSettingsJsonSchema, detectFlavour, normaliseSettings } from '$shared/contract';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

describe('charger /settings parsing', () => {
  it('reads the legacy sample of REST_API.md', () => {
    const json = chargerSettingsJsonSchema.parse(load('settings-legacy.json'));
    const snapshot = normaliseSettings(json);
    expect(snapshot.flavour).toBe('legacy');
    expect(snapshot.serial).toBeUndefined();
    expect(snapshot.version).toBe('21:02:46 @Jan  3 2024');
    expect(snapshot.mode).toBe('OFF');
    expect(snapshot.state).toBe('Ready to Charge');
    expect(snapshot.accessId).toBe(0);
    expect(snapshot.evTotalWh).toBe(5_670_100);
    expect(snapshot.mainsCurrents).toEqual({ l1Da: 57, l2Da: 6, l3Da: 12, totalDa: 75 });
    expect(snapshot.phaseCount).toBeUndefined();
  });

  it('reads the dingo35 sample and keeps unknown keys', () => {
    const raw = { ...load('settings-dingo35.json'), future_key: { a: 1 } };
    const json = chargerSettingsJsonSchema.parse(raw);
    expect(json.future_key).toEqual({ a: 1 });
    const snapshot = normaliseSettings(json);
    expect(snapshot).toMatchObject({
      flavour: 'dingo35',
      serial: 12345,
      modeId: 3,
      stateId: 2,
      state: 'Charging',
      chargeCurrentDa: 160,
      pwm: 272,
      phaseCount: 3,
      evTotalWh: 0,
    });
  });

  it('tells the official line by the absence of dingo35-only keys', () => {
    const raw = load('settings-dingo35.json');
    delete raw.eth;
    delete raw.settings.ledmode;
    delete raw.settings.capacity_mode;
    delete raw.settings.intervals;
    expect(detectFlavour(chargerSettingsJsonSchema.parse(raw))).toBe('official');
  });

  it.each([
    ['no evse object', (raw: Record<string, unknown>) => delete raw.evse],
    ['no settings object', (raw: Record<string, unknown>) => delete raw.settings],
    ['version of the wrong type', (raw: Record<string, unknown>) => (raw.version = 3)],
  ])('refuses a document with %s', (_name, edit) => {
    const raw = load('settings-dingo35.json');
    edit(raw);
    expect(chargerSettingsJsonSchema.safeParse(raw).success).toBe(false);
  });
});
