/**
 * The name of every setting in a language, from the field table's label keys: one source for
 * the settings form, the apply preview, compare and the commissioning report.
 */
import {
  mqttFields,
  readOnlyFields,
  settableFields,
  type ModeName,
  type profileColourNames,
} from '../contract';
import { isMessageKey, translate, type Locale, type MessageKey } from './messages';

/** Catalogue keys for the names of modes and LED colours, shared by every view that lists them. */
export const modeLabelKeys: Record<ModeName, MessageKey> = {
  OFF: 'modeOff',
  NORMAL: 'modeNormal',
  SOLAR: 'modeSolar',
  SMART: 'modeSmart',
  PAUSE: 'modePause',
};

export const colourLabelKeys: Record<(typeof profileColourNames)[number], MessageKey> = {
  off: 'colourOff',
  normal: 'colourNormal',
  smart: 'colourSmart',
  solar: 'colourSolar',
};

const tableLabel = (field: string): string | undefined => {
  if (field.startsWith('mqtt.')) return mqttFields[field.slice(5) as keyof typeof mqttFields]?.label;
  const row =
    settableFields[field as keyof typeof settableFields] ??
    readOnlyFields[field as keyof typeof readOnlyFields];
  return row?.label;
};

/** A profile field's or table field's name in `locale`; the field's own name when it has none. */
export function fieldLabelIn(locale: Locale, field: string): string {
  if (field === 'mqtt') return translate(locale, 'mqttHeading');
  if (field.startsWith('mqtt.')) {
    const key = tableLabel(field);
    return key && isMessageKey(key)
      ? `${translate(locale, 'mqttHeading')}: ${translate(locale, key)}`
      : field;
  }
  if (field.startsWith('colours.')) {
    const key = colourLabelKeys[field.slice(8) as keyof typeof colourLabelKeys];
    return key ? `${translate(locale, 'coloursHeading')}: ${translate(locale, key)}` : field;
  }
  const key = tableLabel(field);
  return key && isMessageKey(key) ? translate(locale, key) : field;
}
