/**
 * The charging state machine (§5.3), access control (§5.4), mode changes (§3.2) and phase
 * switching (§5.8). Deterministic and free of I/O: every function changes the EVSE and group it
 * is given, and nothing else (the entry actions are in `transitions.ts`).
 */
import {
  Access,
  ACTIVATION_MODE_S,
  ACTIVATION_PULSE_S,
  C2,
  DEBOUNCE_MS,
  Err,
  Mode,
  State,
  type ModeId,
} from './constants';
import { hasMainsMeter, isNode, resetMeterTimeouts, type EvseCore, type Pilot } from './evse';
import { members, type ControlGroup } from './group';
import { calcBalancedCurrent, isCurrentAvailable } from './balancing';
import { checkSwitchingPhases, setAccess, setState } from './transitions';

/** `setMode` (§3.2 step 3). Returns false when refused (Smart/Solar without a mains meter). */
export function setMode(group: ControlGroup, evse: EvseCore, mode: ModeId, propagate = true): boolean {
  if (!isNode(evse) && !hasMainsMeter(evse) && mode !== Mode.NORMAL) return false;
  const wasSolar = evse.settings.mode === Mode.SOLAR;
  const willBeSolar = mode === Mode.SOLAR;
  evse.settings.mode = mode;
  setAccess(group, evse, evse.settings.delayedStartS > 0 ? Access.OFF : Access.ON);
  if (willBeSolar) evse.overrideCurrentDa = 0;
  const c2 = evse.settings.enableC2;
  const forceBreak =
    (c2 === C2.SOLAR_OFF && wasSolar !== willBeSolar) ||
    (c2 === C2.AUTO && wasSolar && !willBeSolar && evse.state === State.C && evse.phases === 1);
  if (forceBreak) {
    if (evse.state === State.C) setState(group, evse, State.C1);
    else if (evse.state === State.B) setState(group, evse, State.B1);
  }
  checkSwitchingPhases(evse);
  if (mode === Mode.SMART) {
    evse.errorFlags &= ~Err.LESS_6A;
    group.master.balance.solarStopTimerS = 0;
    group.master.balance.maxSumMainsTimerS = 0;
  }
  evse.chargeDelayS = 0;
  evse.backlightS = 120;
  // [D] saves the setting at once; the save's validation resets the meter timeouts (§5.9).
  if (evse.flavour === 'dingo35') resetMeterTimeouts(evse);
  if (propagate) {
    for (const other of members(group)) if (other !== evse) setMode(group, other, mode, false);
  }
  return true;
}

/** Cable capacity as read from the PP resistor at A→B (§5.2); fixed cable = MaxCurrent. */
function cableCapacityA(evse: EvseCore): number {
  return evse.settings.cableConfig === 1 ? evse.settings.maxCurrentA : evse.cableCapacityA;
}

/**
 * One 10-ms pass of pilot sampling and state logic. Returns true when anything changed, so a
 * scheduler can repeat it until it settles instead of running it 100 times a second.
 */
export function tick10ms(group: ControlGroup, evse: EvseCore, pilot: Pilot, nowMs: number): boolean {
  const before = evse.state;
  const s = evse.settings;
  const accessOn = s.access === Access.ON;

  if (s.rcmon === 1 && evse.rcmFault && evse.state !== State.A) {
    const changed = (evse.errorFlags & Err.RCM_TRIPPED) === 0 || evse.state !== State.B1;
    evse.errorFlags |= Err.RCM_TRIPPED;
    if (evse.state !== State.B1) setState(group, evse, State.B1);
    return changed;
  }

  switch (evse.state) {
    case State.A:
    case State.B1:
    case State.COMM_B: {
      if (evse.pilotDisconnected) {
        if (evse.pilotDisconnectTimeS > 0) return false;
        evse.pilotDisconnected = false;
        return true;
      }
      if (pilot === 12) {
        if (evse.state !== State.A) {
          setState(group, evse, State.A);
          evse.energyResetArmed = true;
        } else if (!evse.energyResetArmed) {
          evse.energyResetArmed = true;
          return true;
        }
        break;
      }
      if (pilot !== 9) break;
      if (evse.state !== State.COMM_B && evse.errorFlags === 0 && evse.chargeDelayS === 0 && accessOn) {
        const capacity = cableCapacityA(evse);
        evse.chargeCurrentDa = s.maxCurrentA > capacity ? capacity * 10 : s.minCurrentA * 10;
        if (isNode(evse)) {
          setState(group, evse, State.COMM_B);
        } else if (isCurrentAvailable(group)) {
          group.master.balance.balancedDa[0] = evse.chargeCurrentDa;
          group.master.balance.balancedMaxDa[0] = capacity * 10;
          setState(group, evse, State.B);
          evse.activationMode = ACTIVATION_MODE_S;
        } else if ((evse.errorFlags & Err.LESS_6A) === 0) {
          evse.errorFlags |= Err.LESS_6A;
          return true;
        }
      } else if (evse.state === State.A && accessOn && (evse.errorFlags !== 0 || evse.chargeDelayS > 0)) {
        setState(group, evse, State.B1);
      }
      break;
    }
    case State.COMM_B_OK:
      setState(group, evse, State.B);
      evse.activationMode = ACTIVATION_MODE_S;
      break;
    case State.B:
    case State.COMM_C: {
      if (evse.state === State.B) {
        const diode = evse.pwm > 0 && evse.pwm < 1024;
        if (diode !== evse.diodeCheck) evse.diodeCheck = diode;
      }
      if (pilot === 12) {
        setState(group, evse, State.A);
        break;
      }
      if (pilot === 9) {
        evse.debounceSinceMs = undefined;
        if (evse.state === State.B && evse.activationMode === 0) {
          setState(group, evse, State.ACTIVATE);
          evse.activationTimerS = ACTIVATION_PULSE_S;
        }
        break;
      }
      if (pilot !== 6 || evse.state === State.COMM_C) break;
      if (evse.debounceSinceMs === undefined) {
        evse.debounceSinceMs = nowMs;
        return true;
      }
      if (nowMs - evse.debounceSinceMs <= DEBOUNCE_MS) return false;
      if (!evse.diodeCheck || evse.errorFlags !== 0 || evse.chargeDelayS !== 0 || !accessOn) return false;
      if (evse.energyResetArmed) {
        evse.sessionStartWh = evse.ev.importWh - evse.ev.exportWh;
        evse.energyResetArmed = false;
      }
      if (isNode(evse)) {
        setState(group, evse, State.COMM_C);
        break;
      }
      const balance = group.master.balance;
      balance.balancedMaxDa[0] = evse.chargeCurrentDa;
      if (isCurrentAvailable(group)) {
        balance.balancedDa[0] = evse.flavour === 'official' ? 0 : s.minCurrentA * 10;
        calcBalancedCurrent(group, 1);
        setState(group, evse, State.C);
      } else {
        evse.errorFlags |= Err.LESS_6A;
        evse.debounceSinceMs = undefined;
        return true;
      }
      break;
    }
    case State.ACTIVATE:
      if (evse.activationTimerS === 0) {
        setState(group, evse, State.B);
        evse.activationMode = 255;
      }
      break;
    case State.COMM_C_OK:
      setState(group, evse, State.C);
      break;
    case State.C:
      if (pilot === 12) setState(group, evse, State.A);
      else if (pilot === 9) setState(group, evse, State.B);
      else if (pilot === 'short') {
        if (evse.debounceSinceMs === undefined) {
          evse.debounceSinceMs = nowMs;
          return true;
        }
        if (nowMs - evse.debounceSinceMs > DEBOUNCE_MS) setState(group, evse, State.B);
      } else if (evse.debounceSinceMs !== undefined) {
        evse.debounceSinceMs = undefined;
        return true;
      }
      break;
    case State.C1:
      if (pilot === 12) setState(group, evse, State.A);
      else if (pilot === 9) setState(group, evse, State.B1);
      break;
    default:
      break;
  }
  return evse.state !== before;
}

/** When the 10-ms logic next needs to run on its own (a debounce ending), if ever. */
export function pendingPilotWakeMs(evse: EvseCore): number | undefined {
  return evse.debounceSinceMs === undefined ? undefined : evse.debounceSinceMs + DEBOUNCE_MS + 10;
}
