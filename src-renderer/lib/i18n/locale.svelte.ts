/**
 * The interface language: the user's choice (from preferences) or the system's. Text from `t` is
 * reactive through this state, so a switch re-renders every string without reloading the app.
 */
import type { LanguageChoice } from '$shared/contract';
import { bindLocale, systemLocale, type Locale } from './catalogue';

class LocaleState {
  choice = $state<LanguageChoice>('system');

  get locale(): Locale {
    return this.choice === 'system' ? systemLocale() : this.choice;
  }
}

export const localeState = new LocaleState();
bindLocale(() => localeState.locale);
