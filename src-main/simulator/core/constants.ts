/** Firmware enumerations and constants (behaviour document §4, §5.10, §6), spelled as the firmware does. */

export const State = {
  A: 0,
  B: 1,
  C: 2,
  D: 3,
  COMM_B: 4,
  COMM_B_OK: 5,
  COMM_C: 6,
  COMM_C_OK: 7,
  ACTIVATE: 8,
  B1: 9,
  C1: 10,
} as const;
export type StateId = (typeof State)[keyof typeof State];

/** Web names of states (`evse.state`), indexed by state id. */
export const stateNames = [
  'Ready to Charge',
  'Connected to EV',
  'Charging',
  'D',
  'Request State B',
  'State B OK',
  'Request State C',
  'State C OK',
  'Activate',
  'Charging Stopped',
  'Stop Charging',
  'Modem Setup',
  'Modem Request',
  'Modem Done',
  'Modem Denied',
] as const;

/** Short state names (MQTT `/StateID`). */
export const stateShortNames = [
  'A',
  'B',
  'C',
  'D',
  'COMM_B',
  'COMM_B_OK',
  'COMM_C',
  'COMM_C_OK',
  'Activate',
  'B1',
  'C1',
];

/** Internal charging mode (not the REST `mode_id`). */
export const Mode = { NORMAL: 0, SMART: 1, SOLAR: 2 } as const;
export type ModeId = (typeof Mode)[keyof typeof Mode];

export const Access = { OFF: 0, ON: 1, PAUSE: 2 } as const;
export type AccessId = (typeof Access)[keyof typeof Access];

/** ErrorFlags bits. */
export const Err = {
  LESS_6A: 1,
  CT_NOCOMM: 2,
  TEMP_HIGH: 4,
  EV_NOCOMM: 8,
  RCM_TRIPPED: 16,
  RCM_TEST: 32,
  CIRCUIT_NOCOMM: 64,
} as const;

export const errorNames = [
  'None',
  'No Power Available',
  'Communication Error',
  'Temperature High',
  'EV Meter Comm Error',
  'RCM Tripped',
  'RCM Test',
  'Test IO',
  'Flash Error',
] as const;

export const C2 = { NOT_PRESENT: 0, ALWAYS_OFF: 1, SOLAR_OFF: 2, ALWAYS_ON: 3, AUTO: 4 } as const;
export const c2Names = ['Not present', 'Always Off', 'Solar Off', 'Always On', 'Auto'] as const;

/** Meter type names by index, [D] and [O] spellings (§4.6). */
export const meterNamesD = [
  'Disabled',
  'Sensorbox',
  'Phoenix C',
  'Finder 7E',
  'Eastron3P',
  'InvEastrn',
  'ABB',
  'SolarEdge',
  'WAGO',
  'API',
  'Eastron1P',
  'Finder 7M',
  'Sinotimer',
  'Homewizrd',
  'Schneider',
  'Chint 3P',
  'C.Gavazzi',
  'Chint 1P',
  'Unused 4',
  'Custom',
] as const;
export const meterNamesO = meterNamesD.map((name, i) =>
  i === 13 ? 'HmWzrd P1' : i === 15 ? 'Chint' : i === 17 ? 'Unused 3' : name,
);
export const METER_DISABLED = 0;
export const METER_API = 9;

export const rfidReaderNames = [
  'Disabled',
  'EnableAll',
  'EnableOne',
  'Learn',
  'Delete',
  'DeleteAll',
  'Rmt/OCPP',
] as const;

/** Timers and limits in seconds / dA (§5.10, §6). */
export const NR_EVSES = 8;
export const COMM_TIMEOUT_S = 11;
export const COMM_EVTIMEOUT_S = 64;
export const COMM_CIRCTIMEOUT_S = 20;
export const BATTERY_VALID_S = 60;
export const CHARGEDELAY_S = 60;
export const C1_CHARGEDELAY_S = 15;
export const B1_MIN_CHARGEDELAY_S = 3;
export const PILOT_DISCONNECT_S = 5;
export const C1_TIMEOUT_S = 6;
export const DEBOUNCE_MS = 500;
export const ACTIVATION_MODE_S = 30;
export const ACTIVATION_PULSE_S = 3;
export const SOLARSTARTTIME_S = 40;
export const PHASE_UP_S = 63;
export const PHASE_DOWN_FAST_S = 30;
export const MAX_ISET_DA = 800;
export const REBOOT_DELAY_MS = 5000;
