/**
 * The one way to put an error into words, always from the catalogue: main's key with its
 * parameters where it gave one (a write rule, a network failure, a bad address), otherwise the
 * phrase for its code. Main's English `message` never reaches the screen, so neither does schema
 * text nor a method name.
 */
import { toStudioError, type FieldResult } from '$shared/contract';
import { errorCodeKeys } from '$shared/i18n/error-words';
import { isMessageKey, t } from '../i18n/catalogue';
import { fieldLabel } from '../settings/profile-field-label';

/** A request field (`values.maxCurrent`, `plan.time`) by the name the user knows it by. */
function fieldWords(path: string): string | undefined {
  const name = path.split('.').at(-1) ?? path;
  for (const candidate of [path.replace(/^values\./, ''), name]) {
    const label = fieldLabel(candidate);
    if (label !== candidate) return label;
  }
  return undefined;
}

/** A field's outcome in words: the catalogue's, where main gave a key (the charger's own words are its parameters). */
export function fieldMessage(result: Pick<FieldResult, 'message' | 'key' | 'params'>): string {
  if (result.key !== undefined && isMessageKey(result.key)) return t(result.key, result.params ?? {});
  return result.message ?? '';
}

export function errorMessage(error: unknown): string {
  const { code, key, params = {} } = toStudioError(error);
  if (key === 'errInvalidField') {
    const words = typeof params.field === 'string' ? fieldWords(params.field) : undefined;
    return words ? t('errInvalidField', { field: words }) : t('errInvalidRequest');
  }
  if (key !== undefined && isMessageKey(key)) return t(key, params);
  return t(errorCodeKeys[code]);
}
