/** A profile field's name in the user's language (the same words the settings panel uses). */
import { t } from '../i18n/catalogue';
import { colourLabelKeys } from './labels';
import { settingDefinitions } from './setting-definitions';

export function fieldLabel(field: string): string {
  if (field === 'mode') return t('modeHeading');
  if (field === 'mqtt') return t('mqttHeading');
  if (field.startsWith('colours.')) {
    const key = colourLabelKeys[field.slice(8) as keyof typeof colourLabelKeys];
    return key ? `${t('coloursHeading')}: ${t(key)}` : field;
  }
  const definition = settingDefinitions.find((d) => d.field === field);
  return definition ? t(definition.label) : field;
}
