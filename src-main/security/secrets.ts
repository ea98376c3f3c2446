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
