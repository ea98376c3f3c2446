/**
 * Secrets in a charger's /settings document (the firmware sends the OCPP key in clear; the MQTT
 * password only as `password_set`, but an older line might send it). One place replaces them before
 * the document leaves main, is shown, or is written to a backup; the original is left untouched.
 */
export function redactSecrets(
  json: Record<string, unknown>,
  marker: '(hidden)' | '(not included)' = '(hidden)',
): Record<string, unknown> {
  const copy = structuredClone(json);
  for (const [section, key] of [
    ['ocpp', 'auth_key'],
    ['mqtt', 'password'],
  ] as const) {
    const block = copy[section] as Record<string, unknown> | undefined;
    if (block && typeof block[key] === 'string' && block[key] !== '') block[key] = marker;
  }
  return copy;
}
