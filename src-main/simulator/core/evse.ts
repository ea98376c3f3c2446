/**
 * The state of one simulated EVSE: its settings (persisted, as the firmware's NVS), its runtime
 * state (RAM) and, on a standalone charger or a power-share master, the balancing state of up to
 * eight slots. Plain data: every core function takes it and changes it, nothing else.
 */
import {
  Access,
  C2,
  COMM_TIMEOUT_S,
  COMM_CIRCTIMEOUT_S,
  METER_API,
  Mode,
  NR_EVSES,
  State,
  type AccessId,
  type ModeId,
  type StateId,
} from './constants';

export type CoreFlavour = 'dingo35' | 'official';
/** What the EV presents on the control pilot. */
export type Pilot = 12 | 9 | 6 | 3 | 'short' | 'fault';

/** Settings that survive a reboot; most are LCD-only on a real charger (§6). */
export interface EvseSettings {
  mode: ModeId;
  access: AccessId;
  minCurrentA: number;
  maxCurrentA: number;
  maxMainsA: number;
  maxCircuitA: number;
  maxSumMainsA: number;
  maxSumMainsTimeMin: number;
  startCurrentA: number;
  stopTimeMin: number;
  importCurrentA: number;
  enableC2: number;
  mainsMeter: number;
  mainsMeterAddress: number;
  evMeter: number;
  evMeterAddress: number;
  circuitMeter: number;
  loadBl: number;
  cableConfig: 0 | 1;
  lock: number;
  cableLock: number;
  rcmon: 0 | 1;
  rfidReader: number;
  maxTempC: number;
  lcdLock: number;
  ledMode: number;
  capacityMode: number;
  intervals: { start: number; power: number }[];
  /** Delayed charging, epoch seconds (0 = unset). */
  delayedStartS: number;
  delayedStopS: number;
  delayedRepeat: number;
}

export function defaultSettings(): EvseSettings {
  return {
    mode: Mode.NORMAL,
    access: Access.ON,
    minCurrentA: 6,
    maxCurrentA: 13,
    maxMainsA: 25,
    maxCircuitA: 16,
    maxSumMainsA: 0,
    maxSumMainsTimeMin: 0,
    startCurrentA: 4,
    stopTimeMin: 10,
    importCurrentA: 0,
    enableC2: C2.ALWAYS_ON,
    mainsMeter: 1,
    mainsMeterAddress: 10,
    evMeter: 0,
    evMeterAddress: 12,
    circuitMeter: 0,
    loadBl: 0,
    cableConfig: 0,
    lock: 0,
    cableLock: 0,
    rcmon: 0,
    rfidReader: 0,
    maxTempC: 65,
    lcdLock: 0,
    ledMode: 0,
    capacityMode: 0,
    intervals: [],
    delayedStartS: 0,
    delayedStopS: 0,
    delayedRepeat: 0,
  };
}

/** Three phase currents (dA) with their derived values. */
export interface MainsReadings {
  /** After battery correction. */
  irmsDa: [number, number, number];
  /** As received, before battery correction. */
  originalDa: [number, number, number];
  isumDa: number;
  imeasuredDa: number;
  newData: boolean;
  /** Seconds until the reading is considered lost. */
  timeoutS: number;
  lastUpdateS: number;
  importWh: number;
  exportWh: number;
  powerW: number;
  everRead: boolean;
}

export interface EvMeterReadings {
  irmsDa: [number, number, number];
  imeasuredDa: number;
  powerW: number;
  importWh: number;
  exportWh: number;
  timeoutS: number;
  everRead: boolean;
}

/** Balancing state kept on a standalone EVSE or a master, one entry per slot (slot 0 = itself). */
export interface BalanceState {
  isetBalancedDa: number;
  balancedDa: number[];
  balancedMaxDa: number[];
  balancedState: number[];
  balancedError: number[];
  intTimerS: number[];
  nodeOnline: number[];
  noCurrent: number;
  solarStopTimerS: number;
  maxSumMainsTimerS: number;
  limitedByMaxSumMains: boolean;
}

export interface EvseCore {
  flavour: CoreFlavour;
  serial: number;
  settings: EvseSettings;
  state: StateId;
  errorFlags: number;
  chargeDelayS: number;
  c1TimerS: number;
  pilotDisconnected: boolean;
  pilotDisconnectTimeS: number;
  /** Seconds left in B before the activation pulse; 255 = disabled. */
  activationMode: number;
  activationTimerS: number;
  /** When 6 V (in B) or a short (in C) was first seen, for the 500-ms debounce. */
  debounceSinceMs: number | undefined;
  diodeCheck: boolean;
  phases: 1 | 3;
  /** Pending contactor change applied at the next entry of C (0 = none). */
  switchRequest: 0 | 1 | 3;
  chargeCurrentDa: number;
  overrideCurrentDa: number;
  pwm: number;
  pwmOverride: boolean;
  contactor1: boolean;
  contactor2: boolean;
  mains: MainsReadings;
  ev: EvMeterReadings;
  circuit: { irmsDa: [number, number, number]; imeasuredDa: number; timeoutS: number };
  batteryCurrentDa: number;
  batteryUpdatedS: number;
  temperatureC: number;
  rcmFault: boolean;
  cableCapacityA: number;
  balance: BalanceState;
  /** Node only: seconds until the master's broadcasts count as lost. */
  nodeCommTimeoutS: number;
  sessionStartWh: number;
  energyResetArmed: boolean;
  tickCount: number;
  /** Epoch ms at which a requested reboot happens (deferred while in C). */
  rebootRequestedAtMs: number | undefined;
  backlightS: number;
  customButton: boolean;
  uptimeS: number;
}

export interface CreateEvseOptions {
  serial: number;
  flavour?: CoreFlavour;
  settings?: Partial<EvseSettings>;
  nowMs: number;
}

function emptyBalance(): BalanceState {
  const slots = () => new Array<number>(NR_EVSES).fill(0);
  return {
    isetBalancedDa: 0,
    balancedDa: slots(),
    balancedMaxDa: slots(),
    balancedState: slots(),
    balancedError: slots(),
    intTimerS: slots(),
    nodeOnline: slots(),
    noCurrent: 0,
    solarStopTimerS: 0,
    maxSumMainsTimerS: 0,
    limitedByMaxSumMains: false,
  };
}

export function createEvse(options: CreateEvseOptions): EvseCore {
  const settings = { ...defaultSettings(), ...options.settings };
  const forcedSingle =
    settings.enableC2 === C2.ALWAYS_OFF ||
    (settings.enableC2 === C2.SOLAR_OFF && settings.mode === Mode.SOLAR);
  return {
    flavour: options.flavour ?? 'dingo35',
    serial: options.serial,
    settings,
    state: State.A,
    errorFlags: 0,
    chargeDelayS: 0,
    c1TimerS: 0,
    pilotDisconnected: false,
    pilotDisconnectTimeS: 0,
    activationMode: 255,
    activationTimerS: 0,
    debounceSinceMs: undefined,
    diodeCheck: false,
    phases: forcedSingle ? 1 : 3,
    switchRequest: 0,
    chargeCurrentDa: 0,
    overrideCurrentDa: 0,
    pwm: 1024,
    pwmOverride: false,
    contactor1: false,
    contactor2: false,
    mains: {
      irmsDa: [0, 0, 0],
      originalDa: [0, 0, 0],
      isumDa: 0,
      imeasuredDa: 0,
      newData: false,
      timeoutS: COMM_TIMEOUT_S,
      lastUpdateS: 0,
      importWh: 0,
      exportWh: 0,
      powerW: 0,
      everRead: false,
    },
    ev: {
      irmsDa: [0, 0, 0],
      imeasuredDa: 0,
      powerW: 0,
      importWh: 0,
      exportWh: 0,
      timeoutS: COMM_TIMEOUT_S,
      everRead: false,
    },
    circuit: { irmsDa: [0, 0, 0], imeasuredDa: 0, timeoutS: COMM_CIRCTIMEOUT_S },
    batteryCurrentDa: 0,
    batteryUpdatedS: 0,
    temperatureC: 25,
    rcmFault: false,
    cableCapacityA: 32,
    balance: emptyBalance(),
    nodeCommTimeoutS: COMM_TIMEOUT_S,
    sessionStartWh: 0,
    energyResetArmed: false,
    tickCount: 0,
    rebootRequestedAtMs: undefined,
    backlightS: 0,
    customButton: false,
    uptimeS: 0,
  };
}

export const isNode = (evse: EvseCore) => evse.settings.loadBl >= 2;
export const isMaster = (evse: EvseCore) => evse.settings.loadBl === 1;
export const hasMainsMeter = (evse: EvseCore) => evse.settings.mainsMeter !== 0;
export const mainsIsApi = (evse: EvseCore) => evse.settings.mainsMeter === METER_API;
export const evMeterIsApi = (evse: EvseCore) => evse.settings.evMeter === METER_API;
export const hasCircuitMeter = (evse: EvseCore) =>
  evse.flavour === 'dingo35' && evse.settings.circuitMeter !== 0;

/** Single phase forced by the C2 setting (§5.8). */
export function forcedSinglePhase(evse: EvseCore): boolean {
  switch (evse.settings.enableC2) {
    case C2.ALWAYS_OFF:
      return true;
    case C2.SOLAR_OFF:
      return evse.settings.mode === Mode.SOLAR;
    case C2.AUTO:
      return evse.phases === 1;
    default:
      return false;
  }
}

/** Resets the meter timeouts, as the firmware's settings validation does on every save (§5.9). */
export function resetMeterTimeouts(evse: EvseCore): void {
  evse.mains.timeoutS = COMM_TIMEOUT_S;
  evse.ev.timeoutS = COMM_TIMEOUT_S;
  evse.circuit.timeoutS = COMM_CIRCTIMEOUT_S;
}
