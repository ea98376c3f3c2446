// Goal: the evcc note reads the firmware version right (3.11.2 is the first that works), and no
// snippet carries a password. Method: the pure generator with hand-made facts.
import { describe, expect, it } from 'vitest';
import { firmwareNumbers, integrationSnippets, type SnippetFacts } from '$shared/contract';

const facts = (version: string | undefined, extra: Partial<SnippetFacts> = {}): SnippetFacts => ({
  address: { host: '192.0.2.5', port: 80 },
  name: 'Garage',
  serial: 12345,
  version,
  mainsMeter: 'API',
  evMeter: 'Disabled',
  mqtt: undefined,
  discoveryEntities: undefined,
  ...extra,
});
const evccNotes = (version: string | undefined) =>
  integrationSnippets(facts(version))
    .find((s) => s.id === 'evcc')!
    .notes.map((n) => n.key);

describe('integration snippets', () => {
  it.each([
    ['v3.11.2', 'snipEvccOk'],
    ['v3.12.0', 'snipEvccOk'],
    ['v4.0.0', 'snipEvccOk'],
    ['v3.11.1', 'snipEvccTooOld'],
    ['v3.8.5', 'snipEvccTooOld'],
    ['21:02:46 @Jan  3 2024', 'snipEvccUnknown'],
    [undefined, 'snipEvccUnknown'],
  ])('evcc and firmware %s: %s', (version, key) => {
    expect(evccNotes(version)).toEqual([key]);
  });

  it('reads version numbers with or without the v', () => {
    expect(firmwareNumbers('3.11.2')).toEqual([3, 11, 2]);
    expect(firmwareNumbers('v3.10.0-rc1')).toEqual([3, 10, 0]);
    expect(firmwareNumbers('garbage')).toBeUndefined();
  });

  it('a broker password stays a shell variable; port 80 is left out of the address', () => {
    const all = integrationSnippets(
      facts('v3.11.2', {
        mqtt: { host: '192.0.2.9', port: 1883, prefix: 'SmartEVSE/12345', username: 'ha', passwordSet: true },
      }),
    );
    const mosquitto = all.find((s) => s.id === 'mosquitto')!;
    expect(mosquitto.text).toContain(`-u 'ha' -P "$MQTT_PASSWORD"`);
    expect(mosquitto.notes.map((n) => n.key)).toEqual(['snipPasswordVariable']);
    expect(all.find((s) => s.id === 'curl')!.text).toContain(`'http://192.0.2.5/settings'`);
    expect(all.find((s) => s.id === 'evcc')!.text).toContain('host: 192.0.2.5\n');
  });
});
