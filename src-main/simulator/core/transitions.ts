/**
 * The state machine's entry actions (§5.3), "power unavailable" and access control (§5.4), and
 * the phase-switch request (§5.8): what happens when a state is entered. Both the state machine
 * and the balancing algorithm call these; this file calls neither, so the layers are
 * transitions ← balancing ← state machine. Deterministic and free of I/O: every function changes
 * the EVSE and group it is given, and nothing else.
 */
import {
  Access,
  B1_MIN_CHARGEDELAY_S,
  C1_CHARGEDELAY_S,
  C1_TIMEOUT_S,
  C2,
  Err,
  Mode,
  PILOT_DISCONNECT_S,
  State,
  type AccessId,
  type StateId,
} from './constants';
import { forcedSinglePhase, isNode, type EvseCore } from './evse';
import { slotOf, type ControlGroup } from './group';
import { currentToPwm } from './pwm';

/** `setState`: entry actions of the new state, applied on every call (also re-entry). */
export function setState(group: ControlGroup, evse: EvseCore, next: StateId): void {
  const previous = evse.state;
  switch (next) {
    case State.A:
      evse.contactor1 = false;
      evse.contactor2 = false;
      evse.pwm = 1024;
      evse.pwmOverride = false;
      evse.errorFlags &= ~Err.LESS_6A;
      evse.chargeDelayS = 0;
      group.master.balance.intTimerS[slotOf(evse)] = 0;
      break;
    case State.B1:
      if (evse.chargeDelayS === 0) evse.chargeDelayS = B1_MIN_CHARGEDELAY_S;
      if (previous !== State.B1 && !evse.pilotDisconnected && evse.settings.access === Access.ON) {
        evse.pilotDisconnected = true;
        evse.pilotDisconnectTimeS = PILOT_DISCONNECT_S;
      }
      evse.contactor1 = false;
      evse.contactor2 = false;
      evse.pwm = 1024;
      break;
    case State.B:
      checkSwitchingPhases(evse);
      evse.contactor1 = false;
      evse.contactor2 = false;
      if (evse.flavour === 'official' && !evse.pwmOverride) evse.pwm = currentToPwm(evse.chargeCurrentDa);
      break;
    case State.C:
      if (evse.switchRequest !== 0) {
        evse.phases = evse.switchRequest;
        evse.switchRequest = 0;
      }
      evse.contactor1 = true;
      if (forcedSinglePhase(evse)) {
        evse.contactor2 = false;
        evse.phases = 1;
      } else {
        evse.contactor2 = true;
        evse.phases = 3;
      }
      group.master.balance.solarStopTimerS = 0;
      group.master.balance.maxSumMainsTimerS = 0;
      evse.activationMode = 255;
      break;
    case State.C1:
      evse.pwm = 1024;
      evse.c1TimerS = C1_TIMEOUT_S;
      evse.chargeDelayS = C1_CHARGEDELAY_S;
      break;
    case State.ACTIVATE:
      evse.pwm = 0;
      break;
    default:
      break;
  }
  evse.state = next;
  evse.debounceSinceMs = undefined;
  if (!isNode(evse)) group.master.balance.balancedState[0] = next;
  evse.backlightS = 120;
}

/** "Power unavailable": stop charging via C1, or hold in B1 (§5.4). */
export function powerUnavailable(group: ControlGroup, evse: EvseCore): void {
  if (evse.state === State.A) return;
  if (evse.state === State.C) setState(group, evse, State.C1);
  else if (evse.state !== State.C1 && evse.state !== State.B1) setState(group, evse, State.B1);
}

export function setAccess(group: ControlGroup, evse: EvseCore, access: AccessId): void {
  evse.settings.access = access;
  if (access === Access.ON) return;
  if (evse.state === State.C) setState(group, evse, State.C1);
  else if (evse.state === State.B || evse.state === State.ACTIVATE || evse.state === State.COMM_B_OK) {
    setState(group, evse, State.B1);
  }
}

/** `CheckSwitchingPhases` (§5.8): request a contactor change for the next entry of C. */
export function checkSwitchingPhases(evse: EvseCore): void {
  const { enableC2, mode } = evse.settings;
  let wanted: 1 | 3 | undefined;
  if (enableC2 !== C2.AUTO) wanted = forcedSinglePhase(evse) ? 1 : 3;
  else if (mode !== Mode.SOLAR && evse.phases === 1) wanted = 3;
  if (wanted === undefined || wanted === evse.phases) return;
  if (evse.state === State.A) evse.phases = wanted;
  else evse.switchRequest = wanted;
}
