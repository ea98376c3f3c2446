/**
 * One way to put an error into words: main sends a catalogue key with parameters where it has
 * one (a write rule, for instance), phrased here in the user's language; otherwise main's English
 * message is the fallback.
 */
import { toStudioError } from '$shared/contract';
import { isMessageKey, t } from '../i18n/catalogue';

export function errorMessage(error: unknown): string {
  const studioError = toStudioError(error);
  if (studioError.key !== undefined && isMessageKey(studioError.key))
    return t(studioError.key, studioError.params ?? {});
  return studioError.message;
}
