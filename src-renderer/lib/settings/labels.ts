/** Catalogue keys for the names of modes and LED colours, shared by every view that lists them. */
import type { ModeName } from '$shared/contract';
import type { MessageKey } from '../i18n/catalogue';

export const modeLabelKeys: Record<ModeName, MessageKey> = {
  OFF: 'modeOff',
  NORMAL: 'modeNormal',
  SOLAR: 'modeSolar',
  SMART: 'modeSmart',
  PAUSE: 'modePause',
};

export const colourLabelKeys: Record<'off' | 'normal' | 'smart' | 'solar', MessageKey> = {
  off: 'colourOff',
  normal: 'colourNormal',
  smart: 'colourSmart',
  solar: 'colourSolar',
};
