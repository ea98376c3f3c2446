/**
 * The firmware's state, mode and error names (§4.2–4.4 of the behaviour document) in the words of
 * the chosen language. The ids are what count; a name the catalogue does not know is shown as the
 * charger sent it, never hidden.
 */
import type { ChargerSnapshot } from '$shared/contract';
import { t, type MessageKey } from '../i18n/catalogue';
import { modeKeys, stateKeys } from '$shared/i18n/firmware-keys';

const errorKeys: Record<string, MessageKey> = {
  None: 'fwErrorNone',
  'No Power Available': 'fwErrorNoPower',
  'Communication Error': 'fwErrorNoComm',
  'Temperature High': 'fwErrorTemp',
  'EV Meter Comm Error': 'fwErrorEvMeter',
  'RCM Tripped': 'fwErrorRcm',
  'RCM Test': 'fwErrorRcmTest',
  'Test IO': 'fwErrorTestIo',
  'Flash Error': 'fwErrorFlash',
};

/** The error name as /settings gives it (the id only tells the highest bit, the name says the same). */
export function errorWords(error: string | undefined): string {
  if (error === undefined) return '—';
  const key = errorKeys[error];
  return key ? t(key) : error;
}

/** The state; with "not enough current" the firmware appends the error to it ("… - No Power Available"). */
export function stateWords(s: ChargerSnapshot | undefined): string {
  if (!s || (s.stateId === undefined && s.state === undefined)) return '—';
  const key = s.stateId === undefined ? undefined : stateKeys[s.stateId];
  const base = key ? t(key) : (s.state ?? '—').split(' - ')[0]!;
  const suffix = s.state?.includes(' - ') ? s.state.slice(s.state.indexOf(' - ') + 3) : undefined;
  return suffix ? `${base} – ${errorWords(suffix)}` : base;
}

export function modeWords(s: ChargerSnapshot | undefined): string {
  if (!s || (s.modeId === undefined && s.mode === undefined)) return '—';
  const key = s.modeId === undefined ? undefined : modeKeys[s.modeId];
  return key ? t(key) : (s.mode ?? '—');
}
