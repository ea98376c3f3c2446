/** The interface language, kept by main with the other preferences. */
import type { LanguageChoice, StudioApi } from '$shared/contract';
import { attempt } from './result';

export const language = (api: StudioApi) => attempt(async () => (await api.getPreferences({})).language);
export const saveLanguage = (api: StudioApi, choice: LanguageChoice) =>
  attempt(() => api.setPreferences({ preferences: { language: choice } }));
