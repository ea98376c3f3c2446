/** The interface language, kept by main with the other preferences. */
import type { LanguageChoice, StudioApi } from '$shared/contract';
import { attempt } from './result';

export const language = (api: StudioApi) => attempt(async () => (await api.getPreferences({})).language);
export const saveLanguage = (api: StudioApi, choice: LanguageChoice) =>
  attempt(() => api.setPreferences({ preferences: { language: choice } }));
export const powerShareMasters = (api: StudioApi) =>
  attempt(async () => (await api.getPreferences({})).powerShareMasters);
/** Which master each power-share node answers to (by serial), where the list holds several masters. */
export const savePowerShareMasters = (api: StudioApi, masters: Record<string, number>) =>
  attempt(
    async () => (await api.setPreferences({ preferences: { powerShareMasters: masters } })).powerShareMasters,
  );
/** How many days of samples the flight recorder keeps (for every charger). */
export const recorderDays = (api: StudioApi) =>
  attempt(async () => (await api.getPreferences({})).recorderDays);
export const saveRecorderDays = (api: StudioApi, days: number) =>
  attempt(async () => (await api.setPreferences({ preferences: { recorderDays: days } })).recorderDays);
