/**
 * An error or outcome in the catalogue's terms: main's key and parameters where it gave them,
 * otherwise the phrase for the error's code. Main uses it to store words with a job's results;
 * the renderer phrases them in the user's language.
 */
import type { StudioErrorCode, StudioErrorData } from '../contract/errors';
import { isMessageKey, translate, type MessageKey } from './messages';

export const errorCodeKeys: Record<StudioErrorCode, MessageKey> = {
  'invalid-request': 'errInvalidRequest',
  'invalid-address': 'errInvalidAddress',
  'unknown-method': 'errUnknownMethod',
  'unknown-charger': 'errUnknownCharger',
  'charger-refused': 'errChargerRefused',
  'charger-timeout': 'errChargerTimeout',
  'charger-unreachable': 'errChargerUnreachable',
  'not-a-smartevse': 'errNotSmartevse',
  'charger-rejected-value': 'errChargerRejectedValue',
  unauthorized: 'errUnauthorized',
  internal: 'errInternal',
};

export interface Words {
  message: string;
  key: MessageKey;
  params: Record<string, string | number>;
}

/** A catalogue message with its English words. */
export function words(key: MessageKey, params: Record<string, string | number> = {}): Words {
  return { message: translate('en', key, params), key, params };
}

/** An error's words: its own key, or its code's phrase; `message` keeps main's English. */
export function errorWords(error: Pick<StudioErrorData, 'code' | 'key' | 'params' | 'message'>): Words {
  const key = error.key !== undefined && isMessageKey(error.key) ? error.key : errorCodeKeys[error.code];
  return { message: error.message, key, params: error.key === key ? (error.params ?? {}) : {} };
}
