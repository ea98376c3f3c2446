// Goal: a bug report's settings never show the Wi-Fi network, a host, a user name, a backend URL
// or a secret, and the user is told which paths were hidden. Method: the real dingo35 /settings
// fixture with those filled in, through the one redaction function the report uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactForReport } from '../../src-main/security/secrets';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixture = JSON.parse(readFileSync('test/fixtures/settings-dingo35.json', 'utf8')) as Doc;

describe('redaction for a public report', () => {
  it('hides what locates or opens a home, says where, and leaves empty values and the rest alone', () => {
    const doc = structuredClone(fixture);
    doc.mqtt.host = 'broker.home.lan';
    doc.mqtt.username = 'jan';
    doc.ocpp = {
      mode: 'Enabled',
      backend_url: 'wss://backend.example/ocpp',
      cb_id: 'garage-1',
      auth_key: 'k-99',
    };
    const { json, hidden } = redactForReport(doc);
    const text = JSON.stringify(json);
    for (const secret of [
      'home',
      '28:87:BA:00:11:22',
      'broker.home.lan',
      'jan',
      'wss://backend.example',
      'garage-1',
      'k-99',
    ])
      expect(text).not.toContain(`"${secret}"`);
    expect(hidden.sort()).toEqual(
      [
        'mqtt.host',
        'mqtt.username',
        'ocpp.auth_key',
        'ocpp.backend_url',
        'ocpp.cb_id',
        'wifi.bssid',
        'wifi.ssid',
      ].sort(),
    );
    expect((json.settings as { current_max: number }).current_max).toBe(16);
    expect((json.mqtt as { topic_prefix: string }).topic_prefix).toBe('SmartEVSE/12345');
    // Untouched: the original document.
    expect(doc.wifi.ssid).toBe('home');
  });

  it('an empty value is not hidden: it says "not set"', () => {
    const { hidden } = redactForReport({ mqtt: { host: '', username: '' }, wifi: { ssid: 'x' } });
    expect(hidden).toEqual(['wifi.ssid']);
  });
});
