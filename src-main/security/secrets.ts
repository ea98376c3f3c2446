/**
 * Secrets in a charger's /settings document: the field table's rows marked `secret` (the firmware
 * sends the OCPP key in clear; the MQTT password only as `password_set`, but an older line might
 * send it). One place replaces them before the document leaves main, is shown, or is written to a
 * backup; the original is left untouched.
 */
import { allFieldRows } from '$shared/contract';

const secretPaths = allFieldRows.flatMap((row) =>
  row.secret && row.settingsKey?.length === 2 ? [row.settingsKey as readonly [string, string]] : [],
);

export function redactSecrets(
  json: Record<string, unknown>,
  marker: '(hidden)' | '(not included)' = '(hidden)',
): Record<string, unknown> {
  const copy = structuredClone(json);
  for (const [section, key] of secretPaths) {
    const block = copy[section] as Record<string, unknown> | undefined;
    if (block && typeof block[key] === 'string' && block[key] !== '') block[key] = marker;
  }
  return copy;
}

/**
 * What a bug report for a public issue tracker must not show, beyond the secrets: the Wi-Fi
 * network's name and access point, and every host, address, user name and backend URL (they say
 * where a home is and how to reach it). Key names, wherever they sit in the document.
 */
const privateKeys = new Set([
  'ssid',
  'bssid',
  'host',
  'ip',
  'username',
  'backend_url',
  'cb_id',
  'auth_key',
  'auto_auth_idtag',
  'password',
  'rfid_lastread',
]);

/**
 * A copy of a `/settings` document fit for a public report, and the paths it hid (to show the
 * user before anything is copied). Empty values are left as they are: they say "not set".
 */
export function redactForReport(json: Record<string, unknown>): {
  json: Record<string, unknown>;
  hidden: string[];
} {
  const hidden: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const where = path ? `${path}.${key}` : key;
      if (privateKeys.has(key.toLowerCase()) && inner !== '' && inner !== null && inner !== undefined) {
        out[key] = '(hidden)';
        hidden.push(where);
      } else out[key] = walk(inner, where);
    }
    return out;
  };
  return { json: walk(redactSecrets(json), '') as Record<string, unknown>, hidden };
}
