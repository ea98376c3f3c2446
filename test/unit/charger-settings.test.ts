// Goal: /settings replies of every firmware line parse into one model without inventing values.
// Method: the recorded replies of REST_API.md (legacy) and the behaviour document (dingo35), plus edits.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  chargerSettingsJsonSchema,
  detectFlavour,
  normaliseSettings,
  readSettingsDocument,
} from '$shared/contract';

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
    ['no evse object', (raw: Record<string, unknown>) => delete raw.evse, ['evse']],
    ['no settings object', (raw: Record<string, unknown>) => delete raw.settings, ['settings']],
    [
      'neither a serial number nor a version',
      (raw: Record<string, unknown>) => {
        delete raw.serialnr;
        raw.version = 3;
      },
      ['serialnr / version'],
    ],
  ])('does not take a document with %s for a SmartEVSE, and says what it lacks', (_name, edit, missing) => {
    const raw = load('settings-dingo35.json');
    edit(raw);
    expect(readSettingsDocument(raw)).toEqual({ ok: false, missing });
  });

  it.each([null, 3, 'text', [1, 2]])('answers what %j lacks: everything', (body) => {
    expect(readSettingsDocument(body)).toEqual({
      ok: false,
      missing: ['evse', 'settings', 'serialnr / version'],
    });
  });

  it('reads an older build’s reply with string booleans, marking those fields unreadable', () => {
    const raw = load('settings-dingo35.json');
    raw.car_connected = 'false';
    raw.evse.connected = 'true';
    raw.version = 3;
    raw.color.off = { G: 0, B: 0 };
    const read = readSettingsDocument(raw);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect([...read.unreadable].sort()).toEqual(['car_connected', 'color.off', 'evse.connected', 'version']);
    const snapshot = normaliseSettings(read.json, read.unreadable);
    expect(snapshot.carConnected).toBeUndefined();
    expect(snapshot.version).toBeUndefined();
    expect(snapshot.unreadable).toHaveLength(4);
    // Everything else is read as usual.
    expect(snapshot).toMatchObject({ serial: 12345, stateId: 2, chargeCurrentDa: 160, flavour: 'dingo35' });
    expect(snapshot.colours?.normal).toBeDefined();
    expect(snapshot.colours?.off).toBeUndefined();
    // The caller's document is left as it was.
    expect(raw.car_connected).toBe('false');
  });

  it('tells dingo35 by what the reply holds, whatever the version says', () => {
    const raw = load('settings-dingo35.json');
    raw.version = 'v3.10.0';
    delete raw.serialnr;
    delete raw.settings.ledmode;
    delete raw.settings.capacity_mode;
    const read = readSettingsDocument(raw);
    expect(read.ok && detectFlavour(read.json)).toBe('dingo35');
  });
});
