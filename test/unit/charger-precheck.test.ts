// Goal: writes that the charger's present state forbids are refused before sending, naming the
// field (§3.2 preconditions), and secrets never leave main. Method: pure checks on recorded replies.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chargerSettingsJsonSchema, normaliseSettings } from '$shared/contract';
import { precheckWrite } from '../../src-main/charger/write-rules';
import { redactSecrets } from '../../src-main/security/secrets';

type Raw = { evse: Record<string, unknown>; settings: Record<string, unknown> };

function read(edit: (raw: Raw) => void = () => undefined) {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/settings-dingo35.json', import.meta.url), 'utf8'));
  edit(raw);
  const json = chargerSettingsJsonSchema.parse(raw);
  return { json, snapshot: normaliseSettings(json) };
}
const now = Date.UTC(2026, 5, 1, 12);

describe('write pre-checks', () => {
  it.each([
    ['override below MinCurrent', {}, { overrideCurrentDa: 50 }, 'overrideCurrentDa'],
    ['override above MaxCurrent', {}, { overrideCurrentDa: 170 }, 'overrideCurrentDa'],
    ['override when switching to Solar', {}, { mode: 'SOLAR', overrideCurrentDa: 100 }, 'overrideCurrentDa'],
    ['override while in Solar', { solar: true }, { overrideCurrentDa: 100 }, 'overrideCurrentDa'],
    ['Smart without a mains meter', { noMeter: true }, { mode: 'SMART' }, 'mode'],
    ['MinCurrent on a power-share node', { node: true }, { currentMinA: 8 }, 'currentMinA'],
    ['MaxSumMains on a power-share node', { node: true }, { maxSumMainsA: 100 }, 'maxSumMainsA'],
    ['a start time in the past', {}, { mode: 'SMART', startTime: '2026-05-01T08:00' }, 'startTime'],
    [
      'a stop before the start',
      {},
      { mode: 'SMART', startTime: '2026-07-01T08:00', stopTime: '2026-07-01T07:00' },
      'stopTime',
    ],
  ])('refuses %s', (_name, state: { solar?: boolean; noMeter?: boolean; node?: boolean }, write, field) => {
    const current = read((raw) => {
      if (state.solar) raw.evse.mode = 2;
      if (state.noMeter) raw.settings.mains_meter = 'Disabled';
      if (state.node) raw.evse.loadbl = 3;
    });
    expect(() => precheckWrite(write as never, current, now, 'SmartEVSE-12345')).toThrow(
      expect.objectContaining({ field, chargerId: 'SmartEVSE-12345', code: 'invalid-request' }),
    );
  });

  it.each([
    [{ overrideCurrentDa: 0 }],
    [{ overrideCurrentDa: 60 }],
    [{ overrideCurrentDa: 160 }],
    [{ mode: 'SMART', startTime: '2026-07-01T08:00', stopTime: '2026-07-01T09:00', repeatDaily: true }],
    [{ mode: 'NORMAL' }],
  ])('accepts %j', (write) => {
    expect(() => precheckWrite(write as never, read(), now)).not.toThrow();
  });
});

describe('secrets', () => {
  it('the OCPP key is replaced before /settings leaves main; the original is untouched', () => {
    const raw = { ocpp: { auth_key: 'very-secret', mode: 'Enabled' }, mqtt: { password_set: true } };
    const redacted = redactSecrets(raw);
    expect(JSON.stringify(redacted)).not.toContain('very-secret');
    expect(redacted).toEqual({
      ocpp: { auth_key: '(hidden)', mode: 'Enabled' },
      mqtt: { password_set: true },
    });
    expect(raw.ocpp.auth_key).toBe('very-secret');
    // Backups say the key is not included; an unset (empty) key stays empty.
    expect(redactSecrets({ ocpp: { auth_key: 'k' }, mqtt: { password: 'p' } }, '(not included)')).toEqual({
      ocpp: { auth_key: '(not included)' },
      mqtt: { password: '(not included)' },
    });
    expect(redactSecrets({ ocpp: { auth_key: '' } })).toEqual({ ocpp: { auth_key: '' } });
  });
});
