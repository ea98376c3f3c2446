/**
 * The firmware's `P/Set/<Name>` commands (mqtt.md §4): lenient C-style parsing, the same checks
 * and the same effects as the firmware, and no reply. Pure: changes the device it is given.
 */
import {
  Access,
  METER_API,
  Mode,
  applyBatteryCurrent,
  applyCircuitReading,
  applyEvMeterReading,
  applyMainsReading,
  c2Names,
  setAccess,
  setMode,
  type ModeId,
} from '../core';
import { deviceCore, type ColourName, type Device } from './device';
import { applyPwmOverride } from './post-settings';
import { atol } from './query';

export interface CommandOutcome {
  /** The next tick publishes the full set (every command but the four early returns, §2.1). */
  fastUpdate: boolean;
}

/**
 * `sscanf` with `%d<sep>%d<sep>…`: each number may have leading blanks, a separator must follow
 * a number at once; returns the numbers read before the first mismatch.
 */
export function scanNumbers(text: string, separator: string, max: number): number[] {
  const numbers: number[] = [];
  let rest = text;
  while (numbers.length < max) {
    const match = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(rest);
    if (!match) break;
    numbers.push(atol(match[1]));
    rest = rest.slice(match[0].length);
    if (numbers.length === max) break;
    if (!rest.startsWith(separator)) break;
    rest = rest.slice(separator.length);
  }
  return numbers;
}

const colourCommands: Record<string, ColourName> = {
  ColorOff: 'off',
  ColorNormal: 'normal',
  ColorSmart: 'smart',
  ColorSolar: 'solar',
  ColorCustom: 'custom',
};

const modeNames: Record<string, ModeId> = { Normal: Mode.NORMAL, Smart: Mode.SMART, Solar: Mode.SOLAR };

/** Runs one command; `name` is what follows `P/Set/` in the topic. */
export function applyMqttCommand(
  device: Device,
  name: string,
  payload: string,
  nowMs: number,
): CommandOutcome {
  const evse = deviceCore(device);
  const group = device.site.groupOf(evse);
  const s = evse.settings;
  const node = s.loadBl >= 2;
  const dingo = device.flavour === 'dingo35';
  const fast = { fastUpdate: true };
  const colour = colourCommands[name];
  if (colour) {
    const [R, G, B] = scanNumbers(payload, ',', 3);
    if (R !== undefined && G !== undefined && B !== undefined && [R, G, B].every((v) => v >= 0 && v <= 255)) {
      device.colours[colour] = { R, G, B };
    }
    return fast;
  }
  switch (name) {
    case 'Mode': {
      if (payload === 'Off') setAccess(group, evse, Access.OFF);
      else if (payload === 'Pause') setAccess(group, evse, Access.PAUSE);
      else if (payload in modeNames) {
        const mode = modeNames[payload]!;
        // The handler clears the override for Solar (and [O] for Smart) before setMode may refuse.
        if (mode === Mode.SOLAR || (mode === Mode.SMART && !dingo)) evse.overrideCurrentDa = 0;
        setMode(group, evse, mode);
      }
      return fast;
    }
    case 'CurrentOverride': {
      const v = atol(payload);
      if (v === 0) evse.overrideCurrentDa = 0;
      else if (
        !node &&
        (s.mode === Mode.NORMAL || s.mode === Mode.SMART) &&
        v >= s.minCurrentA * 10 &&
        v <= s.maxCurrentA * 10
      ) {
        evse.overrideCurrentDa = v;
      }
      return fast;
    }
    case 'CurrentMaxSumMains': {
      const v = atol(payload);
      if (!node && (v === 0 || (v >= 10 && v <= 600))) s.maxSumMainsA = v;
      return fast;
    }
    case 'CPPWMOverride': {
      const v = atol(payload);
      // Below -1 the firmware hands the value to the PWM driver unchecked; the simulator ignores it.
      if (v === -1) {
        evse.pwmOverride = false;
        evse.pwm = 1024;
      } else if (v >= 0 && v <= 1024) applyPwmOverride(device, v);
      return fast;
    }
    case 'MainsMeter': {
      if (s.mainsMeter !== METER_API || node) return { fastUpdate: false };
      const numbers = scanNumbers(payload, ':', 5);
      const usable = dingo ? numbers.length === 3 || numbers.length === 5 : numbers.length >= 3;
      const currents = numbers.slice(0, 3) as [number, number, number];
      if (!usable || !currents.every((i) => i > -2000 && i < 2000)) return fast;
      applyMainsReading(evse, currents, nowMs);
      if (dingo && numbers.length === 5) {
        const [, , , watts, wh] = numbers as [number, number, number, number, number];
        if (watts >= 0) evse.mains.powerW = watts;
        if (wh >= 0) {
          evse.mains.importWh = wh;
          evse.mains.exportWh = 0;
        }
      }
      return fast;
    }
    case 'EVMeter': {
      if (s.evMeter !== METER_API) return { fastUpdate: false };
      const numbers = scanNumbers(payload, ':', 5);
      if (numbers.length !== 5) return fast;
      const [l1, l2, l3, watts, wh] = numbers as [number, number, number, number, number];
      if ([l1, l2, l3].every((i) => i >= 0 && i <= 999))
        applyEvMeterReading(evse, { currentsDa: [l1, l2, l3] });
      if (watts >= 0) applyEvMeterReading(evse, { powerW: watts });
      if (wh >= 0) applyEvMeterReading(evse, { importWh: wh, exportWh: 0 });
      return fast;
    }
    case 'CircuitMeter': {
      if (!dingo) return fast;
      if (s.circuitMeter !== METER_API) return { fastUpdate: false };
      const numbers = scanNumbers(payload, ':', 3);
      if (numbers.length === 3 && numbers.every((i) => i > -2000 && i < 2000)) {
        applyCircuitReading(evse, numbers as [number, number, number]);
      }
      return fast;
    }
    case 'HomeBatteryCurrent':
      if (node) return { fastUpdate: false };
      applyBatteryCurrent(evse, atol(payload), nowMs);
      return fast;
    case 'CustomButton':
      evse.customButton = payload === 'On';
      return fast;
    case 'CableLock':
      s.cableLock = payload === '1' ? 1 : 0;
      return fast;
    case 'EnableC2': {
      if (!dingo) return fast;
      if (/^\d/.test(payload)) {
        const v = atol(payload);
        if (v <= 4) s.enableC2 = v;
      } else {
        const index = (c2Names as readonly string[]).indexOf(payload);
        if (index !== -1) s.enableC2 = index;
      }
      return fast;
    }
    case 'RFID': {
      const uid = payload.trim();
      if (!dingo || s.rfidReader === 0) return fast;
      if (!/^[0-9a-fA-F]+$/.test(uid) || (uid.length !== 12 && uid.length !== 14)) return fast;
      // A 14-character UID starting with 01 is the old 6-byte format (§4.3).
      device.rfidLastRead = (uid.length === 14 && uid.startsWith('01') ? uid.slice(2) : uid).toUpperCase();
      return fast;
    }
    default:
      return fast;
  }
}
