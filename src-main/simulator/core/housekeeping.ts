/**
 * The 1-s task in the firmware's order (§5.1), meter inputs (§5.5, §3.4, §3.5), delayed charging
 * (§5.11), energy accounting (§5.15) and the deferred reboot. Pure: time comes in as `nowMs`.
 */
import {
  Access,
  BATTERY_VALID_S,
  C2,
  CHARGEDELAY_S,
  COMM_CIRCTIMEOUT_S,
  COMM_EVTIMEOUT_S,
  COMM_TIMEOUT_S,
  Err,
  Mode,
  NR_EVSES,
  REBOOT_DELAY_MS,
  State,
} from './constants';
import { hasCircuitMeter, hasMainsMeter, isNode, type EvseCore } from './evse';
import { members, type ControlGroup } from './group';
import { isCurrentAvailable, raiseLess6A, regulationCycle } from './balancing';
import { powerUnavailable, setAccess, setState } from './transitions';

export type Phases3 = [number, number, number];

/** A new mains reading (API post or the virtual meter): `CalcIsum` (§5.5). */
export function applyMainsReading(evse: EvseCore, currentsDa: Phases3, nowMs: number): void {
  const nowS = Math.floor(nowMs / 1000);
  if (evse.batteryUpdatedS !== 0 && nowS - evse.batteryUpdatedS > BATTERY_VALID_S) {
    evse.batteryCurrentDa = 0;
    evse.batteryUpdatedS = 0;
  }
  const battery = evse.settings.mode === Mode.SOLAR ? evse.batteryCurrentDa : 0;
  const mains = evse.mains;
  mains.originalDa = [...currentsDa];
  if (evse.settings.enableC2 === C2.ALWAYS_OFF) {
    mains.irmsDa = [currentsDa[0] - battery, currentsDa[1], currentsDa[2]];
  } else {
    const share = Math.trunc(battery / 3);
    mains.irmsDa = [currentsDa[0] - share, currentsDa[1] - share, currentsDa[2] - share];
  }
  mains.isumDa = mains.irmsDa[0] + mains.irmsDa[1] + mains.irmsDa[2];
  mains.imeasuredDa = Math.max(...mains.irmsDa);
  mains.newData = true;
  mains.timeoutS = COMM_TIMEOUT_S;
  mains.lastUpdateS = nowS;
  mains.everRead = true;
}

export function applyBatteryCurrent(evse: EvseCore, currentDa: number, nowMs: number): void {
  evse.batteryCurrentDa = currentDa;
  evse.batteryUpdatedS = Math.floor(nowMs / 1000);
}

/** A new EV-meter reading; energies in Wh, power in W (§3.5, §5.15). */
export function applyEvMeterReading(
  evse: EvseCore,
  reading: { currentsDa?: Phases3; importWh?: number; exportWh?: number; powerW?: number },
): void {
  const ev = evse.ev;
  if (reading.currentsDa) {
    ev.irmsDa = [...reading.currentsDa];
    ev.imeasuredDa = Math.max(...reading.currentsDa);
    ev.timeoutS = COMM_EVTIMEOUT_S;
  }
  if (reading.importWh !== undefined && reading.exportWh !== undefined) {
    ev.importWh = reading.importWh;
    ev.exportWh = reading.exportWh;
    if (!ev.everRead) evse.sessionStartWh = ev.importWh - ev.exportWh;
    ev.everRead = true;
  }
  if (reading.powerW !== undefined) ev.powerW = reading.powerW;
}

export function applyCircuitReading(evse: EvseCore, currentsDa: Phases3): void {
  evse.circuit.irmsDa = [...currentsDa];
  evse.circuit.imeasuredDa = Math.max(...currentsDa);
  evse.circuit.timeoutS = COMM_CIRCTIMEOUT_S;
}

/** Energy of the current (or last) session in Wh. */
export function chargedWh(evse: EvseCore): number {
  return evse.ev.importWh - evse.ev.exportWh - evse.sessionStartWh;
}

/** Asks for a reboot; it happens ~5 s later, but only once the EVSE is out of state C (§3.6). */
export function requestReboot(evse: EvseCore, nowMs: number): 'now' | 'after-charging' {
  evse.rebootRequestedAtMs = nowMs + REBOOT_DELAY_MS;
  return evse.state === State.C ? 'after-charging' : 'now';
}

/** Per-EVSE inputs sampled by the 1-s task. */
export interface SecondInputs {
  temperatureC: number;
  rcmFault: boolean;
}

/**
 * One meter's timeout (§5.9): counts down each second; at 0 the error is raised (only outside
 * Normal mode, except a node's link to its master) and power is unavailable; cleared as soon as
 * new data has reset the timeout.
 */
function meterTimeout(
  group: ControlGroup,
  evse: EvseCore,
  meter: { timeoutS: number },
  bit: number,
  raise: boolean,
): void {
  if (meter.timeoutS === 0) {
    if (raise) {
      evse.errorFlags |= bit;
      powerUnavailable(group, evse);
    }
  } else {
    evse.errorFlags &= ~bit;
    meter.timeoutS -= 1;
  }
}

function meterTimeouts(group: ControlGroup, evse: EvseCore): void {
  const notNormal = evse.settings.mode !== Mode.NORMAL;
  if (isNode(evse)) {
    const link = { timeoutS: evse.nodeCommTimeoutS };
    meterTimeout(group, evse, link, Err.CT_NOCOMM, true);
    evse.nodeCommTimeoutS = link.timeoutS;
  } else if (hasMainsMeter(evse)) {
    meterTimeout(group, evse, evse.mains, Err.CT_NOCOMM, notNormal);
  }
  if (evse.settings.evMeter !== 0) meterTimeout(group, evse, evse.ev, Err.EV_NOCOMM, notNormal);
  if (hasCircuitMeter(evse)) meterTimeout(group, evse, evse.circuit, Err.CIRCUIT_NOCOMM, notNormal);
}

/** Delayed start/stop (§5.11), checked about once a second. */
function delayedCharging(group: ControlGroup, evse: EvseCore, nowS: number): void {
  const s = evse.settings;
  if (s.delayedStartS > 0 && s.delayedStartS > nowS) {
    if (s.access !== Access.OFF && (s.delayedStopS === 0 || s.delayedStopS > s.delayedStartS)) {
      setAccess(group, evse, Access.OFF);
    }
  } else if (s.delayedStartS > 0) {
    s.delayedStartS = s.delayedRepeat === 1 ? s.delayedStartS + 86_400 : 0;
    setAccess(group, evse, Access.ON);
  }
  if (s.delayedStopS > 0 && s.delayedStopS <= nowS) {
    s.delayedStopS = s.delayedRepeat === 1 ? s.delayedStopS + 86_400 : 0;
    setAccess(group, evse, Access.OFF);
  }
}

/** What a 1-s tick asks of the world around the core. */
export interface SecondOutputs {
  /** EVSEs whose deferred reboot is due now. */
  reboot: EvseCore[];
}

/** One 1-s tick for every EVSE of the group, steps numbered as in §5.1. */
export function tick1s(
  group: ControlGroup,
  inputs: (evse: EvseCore) => SecondInputs,
  nowMs: number,
  regulationDue: boolean,
): SecondOutputs {
  const master = group.master;
  const b = master.balance;
  const nowS = Math.floor(nowMs / 1000);
  const reboot: EvseCore[] = [];
  for (const evse of members(group)) {
    const input = inputs(evse);
    evse.tickCount += 1;
    evse.uptimeS += 1;
    // 1
    if (evse.backlightS > 0) evse.backlightS -= 1;
    if (evse.activationMode > 0 && evse.activationMode < 255) evse.activationMode -= 1;
    if (evse.activationTimerS > 0) evse.activationTimerS -= 1;
    // 3
    if (evse.state === State.C1) {
      if (evse.c1TimerS > 0) evse.c1TimerS -= 1;
      else setState(group, evse, State.B1);
    }
    // 5
    evse.temperatureC = input.temperatureC;
    evse.rcmFault = input.rcmFault;
    // 7
    if (evse.pilotDisconnectTimeS > 0) evse.pilotDisconnectTimeS -= 1;
  }
  // 6: SolarStopTimer. The master's acts; a node counts its copy down too (the master corrects it).
  for (const node of members(group)) {
    if (node !== master && node.balance.solarStopTimerS > 0) node.balance.solarStopTimerS -= 1;
  }
  if (b.solarStopTimerS > 0) {
    b.solarStopTimerS -= 1;
    if (b.solarStopTimerS === 0) {
      for (const evse of members(group)) if (evse.state === State.C) setState(group, evse, State.C1);
      raiseLess6A(group);
    }
  }
  // 8
  for (let slot = 0; slot < NR_EVSES; slot += 1) {
    if (b.balancedState[slot] === State.C) b.intTimerS[slot]! += 1;
    else b.intTimerS[slot] = 0;
  }
  // 9
  if (regulationDue) regulationCycle(group);
  // 10
  if (b.maxSumMainsTimerS > 0) {
    b.maxSumMainsTimerS -= 1;
    if (b.maxSumMainsTimerS === 0) {
      for (const evse of members(group)) if (evse.state === State.C) setState(group, evse, State.C1);
      raiseLess6A(group);
    }
  }
  for (const evse of members(group)) {
    const s = evse.settings;
    // 11
    if (evse.chargeDelayS > 0) evse.chargeDelayS -= 1;
    // 13
    if ((evse.errorFlags & Err.TEMP_HIGH) !== 0 && evse.temperatureC < s.maxTempC - 10)
      evse.errorFlags &= ~Err.TEMP_HIGH;
    // 14, 15 (standalone/master decide; nodes are told)
    if (evse === master) {
      // Cleared on every member that has it, a node's own included, once current is available.
      if (
        members(group).some((member) => (member.errorFlags & Err.LESS_6A) !== 0) &&
        isCurrentAvailable(group)
      ) {
        for (const member of members(group)) member.errorFlags &= ~Err.LESS_6A;
      }
      if (
        evse.flavour === 'dingo35' &&
        evse.chargeDelayS > 0 &&
        (evse.errorFlags & Err.LESS_6A) === 0 &&
        s.mode === Mode.SOLAR &&
        !isCurrentAvailable(group)
      ) {
        evse.errorFlags |= Err.LESS_6A;
      }
    }
    // 16
    meterTimeouts(group, evse);
    // 17
    if (evse.temperatureC > s.maxTempC) {
      evse.errorFlags |= Err.TEMP_HIGH;
      powerUnavailable(group, evse);
    }
    // 18
    if ((evse.errorFlags & Err.LESS_6A) !== 0) {
      powerUnavailable(group, evse);
      evse.chargeDelayS = CHARGEDELAY_S;
    }
    // RCM recovery: the fault input is gone (a button press is implied by the simulator's control API).
    if ((evse.errorFlags & Err.RCM_TRIPPED) !== 0 && (!evse.rcmFault || s.rcmon === 0)) {
      evse.errorFlags &= ~Err.RCM_TRIPPED;
    }
    // Main loop: delayed charging and the deferred reboot.
    delayedCharging(group, evse, nowS);
    // The firmware counts the 5 s down only outside state C: while charging the reboot keeps
    // moving, so it comes 5–6 s after the EV stops charging.
    if (evse.rebootRequestedAtMs !== undefined) {
      if (evse.state === State.C)
        evse.rebootRequestedAtMs = Math.max(evse.rebootRequestedAtMs, nowMs + REBOOT_DELAY_MS);
      else if (nowMs >= evse.rebootRequestedAtMs) reboot.push(evse);
    }
  }
  return { reboot };
}
