/** Catalogue keys of the firmware's state ids and REST mode ids (§4.1–4.2 of the behaviour document). */
import type { MessageKey } from './messages';

export const stateKeys: Record<number, MessageKey> = {
  0: 'fwStateA',
  1: 'fwStateB',
  2: 'fwStateC',
  4: 'fwStateCommB',
  5: 'fwStateCommBOk',
  6: 'fwStateCommC',
  7: 'fwStateCommCOk',
  8: 'fwStateActivate',
  9: 'fwStateB1',
  10: 'fwStateC1',
  11: 'fwStateModem',
  12: 'fwStateModem',
  13: 'fwStateModem',
  14: 'fwStateModemDenied',
};
export const modeKeys: Record<number, MessageKey> = {
  0: 'modeOff',
  1: 'modeNormal',
  2: 'modeSolar',
  3: 'modeSmart',
  4: 'modePause',
};
