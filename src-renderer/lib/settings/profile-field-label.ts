/** A profile field's name in the user's language (the same words the settings panel uses). */
import { t, type MessageKey } from '../i18n/catalogue';
import { settingDefinitions } from './setting-definitions';

const colourKeys: Record<string, MessageKey> = {
  off: 'colourOff',
  normal: 'colourNormal',
  smart: 'colourSmart',
  solar: 'colourSolar',
};

export function fieldLabel(field: string): string {
  if (field === 'mode') return t('modeHeading');
  if (field === 'mqtt') return t('mqttHeading');
  if (field.startsWith('colours.')) {
    const key = colourKeys[field.slice(8)];
    return key ? `${t('coloursHeading')}: ${t(key)}` : field;
  }
  const definition = settingDefinitions.find((d) => d.field === field);
  return definition ? t(definition.label) : field;
}
