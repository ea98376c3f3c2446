/**
 * The renderer's view of the catalogue: `t` phrases a message in the language the UI shows. The
 * messages themselves are shared with main (`$shared/i18n/messages`).
 */
import { pickLocale, translate, type Locale, type MessageKey } from '$shared/i18n/messages';

export { isMessageKey, pickLocale, type Locale, type MessageKey } from '$shared/i18n/messages';

const systemLocale = (): Locale =>
  typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? []);
let readLocale: () => Locale = systemLocale;

/** Where `t` reads the current locale from; the UI binds reactive state here so text follows a switch. */
export function bindLocale(read: () => Locale): void {
  readLocale = read;
}

export { systemLocale };

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return translate(readLocale(), key, values);
}

/** The language `t` uses now. */
export function currentLocale(): Locale {
  return readLocale();
}
