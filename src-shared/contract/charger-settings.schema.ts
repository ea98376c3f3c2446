/**
 * The charger's `GET /settings` JSON, for every firmware line Studio meets:
 * `dingo35` (the reference), `official` (SmartEVSE/SmartEVSE-3) and `legacy` (the shape REST_API.md shows).
 * Schemas are loose: unknown keys are kept, missing keys stay `undefined` and are never invented.
 */
import { z } from 'zod';
import {
  allFieldRows,
  firmwareFlavours,
  valueAt,
  type FirmwareFlavour,
  type ModeName,
} from './setting-fields';

const int = z.number();
const phaseCurrentsSchema = z.looseObject({
  TOTAL: int.optional(),
  L1: int.optional(),
  L2: int.optional(),
  L3: int.optional(),
});
const colourSchema = z.looseObject({ R: int, G: int, B: int });

/** `evse` object of GET /settings. `access` is a number today and a boolean on legacy firmware. */
export const evseSchema = z.looseObject({
  temp: int.optional(),
  temp_max: int.optional(),
  connected: z.boolean().optional(),
  access: z.union([int, z.boolean()]).optional(),
  mode: int.optional(),
  loadbl: int.optional(),
  pwm: int.optional(),
  custombutton: z.boolean().optional(),
  solar_stop_timer: int.optional(),
  state: z.string().optional(),
  state_id: int.optional(),
  error: z.string().optional(),
  error_id: int.optional(),
  rfidreader: z.string().optional(),
  nrofphases: int.optional(),
  rfid: z.string().optional(),
  rfid_lastread: z.string().optional(),
});

/** `settings` object of GET /settings: currents in dA where the firmware counts tenths, else whole A. */
export const settingsBlockSchema = z.looseObject({
  charge_current: int.optional(),
  override_current: int.optional(),
  current_min: int.optional(),
  current_max: int.optional(),
  current_main: int.optional(),
  current_max_circuit: int.optional(),
  current_max_sum_mains: int.optional(),
  max_sum_mains_time: int.optional(),
  solar_max_import: int.optional(),
  solar_start_current: int.optional(),
  solar_stop_time: int.optional(),
  enable_C2: z.string().optional(),
  modem: z.string().optional(),
  mains_meter: z.string().optional(),
  starttime: int.optional(),
  stoptime: int.optional(),
  repeat: int.optional(),
  lcdlock: int.optional(),
  lock: int.optional(),
  cablelock: int.optional(),
  ledmode: int.optional(),
  capacity_mode: int.optional(),
  intervals: z.array(z.looseObject({ start: int, power: int })).optional(),
});

/** The whole GET /settings document. `version`, `evse` and `settings` identify a SmartEVSE. */
export const chargerSettingsJsonSchema = z.looseObject({
  version: z.string(),
  serialnr: int.optional(),
  mode: z.string().optional(),
  mode_id: int.optional(),
  car_connected: z.boolean().optional(),
  wifi: z
    .looseObject({
      status: z.string().optional(),
      ssid: z.string().optional(),
      rssi: int.optional(),
      bssid: z.string().optional(),
    })
    .optional(),
  eth: z.looseObject({}).optional(),
  evse: evseSchema,
  settings: settingsBlockSchema,
  mqtt: z
    .looseObject({
      host: z.string().optional(),
      port: int.optional(),
      topic_prefix: z.string().optional(),
      username: z.string().optional(),
      password_set: z.boolean().optional(),
      tls: z.boolean().optional(),
      status: z.string().optional(),
    })
    .optional(),
  ocpp: z.looseObject({}).optional(),
  home_battery: z.looseObject({ current: int.optional(), last_update: int.optional() }).optional(),
  ev_meter: z
    .looseObject({
      description: z.string().optional(),
      address: int.optional(),
      import_active_power: int.optional(),
      total_wh: int.optional(),
      charged_wh: int.optional(),
      total_kwh: int.optional(),
      charged_kwh: int.optional(),
      currents: phaseCurrentsSchema.optional(),
      import_active_energy: int.optional(),
      export_active_energy: int.optional(),
    })
    .optional(),
  mains_meter: z
    .looseObject({ import_active_energy: int.optional(), export_active_energy: int.optional() })
    .optional(),
  phase_currents: phaseCurrentsSchema
    .extend({
      last_data_update: int.optional(),
      original_data: phaseCurrentsSchema.optional(),
    })
    .optional(),
  backlight: z.looseObject({ timer: int.optional(), status: z.string().optional() }).optional(),
  color: z.record(z.string(), colourSchema).optional(),
});
export type ChargerSettingsJson = z.infer<typeof chargerSettingsJsonSchema>;

/** REST `mode_id` numbering (differs from the internal Mode numbering). */
export const modeIds = { OFF: 0, NORMAL: 1, SOLAR: 2, SMART: 3, PAUSE: 4 } as const satisfies Record<
  ModeName,
  number
>;

const phases = z.object({
  l1Da: int.optional(),
  l2Da: int.optional(),
  l3Da: int.optional(),
  totalDa: int.optional(),
});

/** One charger as Studio understands it, whatever its firmware line. The raw JSON is kept beside it. */
export const chargerSnapshotSchema = z.object({
  flavour: z.enum(firmwareFlavours),
  serial: int.optional(),
  version: z.string(),
  modeId: int.optional(),
  mode: z.string().optional(),
  carConnected: z.boolean().optional(),
  stateId: int.optional(),
  state: z.string().optional(),
  errorId: int.optional(),
  error: z.string().optional(),
  accessId: int.optional(),
  pwm: int.optional(),
  temperatureC: int.optional(),
  phaseCount: int.optional(),
  solarStopTimerS: int.optional(),
  chargeCurrentDa: int.optional(),
  overrideCurrentDa: int.optional(),
  currentMinA: int.optional(),
  currentMaxA: int.optional(),
  mainsMeter: z.string().optional(),
  mainsCurrents: phases,
  evCurrents: phases,
  evPowerW: int.optional(),
  evTotalWh: int.optional(),
  evChargedWh: int.optional(),
  wifiRssiDbm: int.optional(),
  mqttStatus: z.string().optional(),
  mqttHost: z.string().optional(),
  /** Internal mode 0 Normal, 1 Smart, 2 Solar (kept while access is OFF). */
  internalMode: int.optional(),
  /** Power-share role: 0 standalone, 1 master, 2–8 node 1–7. */
  loadBl: int.optional(),
  temperatureMaxC: int.optional(),
  maxMainsA: int.optional(),
  maxCircuitA: int.optional(),
  maxSumMainsA: int.optional(),
  maxSumMainsTimeMin: int.optional(),
  solarStartCurrentA: int.optional(),
  solarMaxImportA: int.optional(),
  solarStopTimeMin: int.optional(),
  enableC2: z.string().optional(),
  lcdLock: int.optional(),
  cableLock: int.optional(),
  lockType: int.optional(),
  evMeter: z.string().optional(),
  mainsLastUpdateS: int.optional(),
  batteryCurrentDa: int.optional(),
  delayedStartS: int.optional(),
  delayedStopS: int.optional(),
  repeatDaily: int.optional(),
  colours: z.record(z.string(), z.object({ r: int, g: int, b: int })).optional(),
});
export type ChargerSnapshot = z.infer<typeof chargerSnapshotSchema>;

/** Guesses the firmware line from the reply's shape (§10 of the behaviour document, and REST_API.md). */
export function detectFlavour(json: ChargerSettingsJson): FirmwareFlavour {
  const evMeter = json.ev_meter;
  if (
    typeof json.evse.access === 'boolean' ||
    (evMeter && 'total_kwh' in evMeter) ||
    json.serialnr === undefined
  ) {
    return 'legacy';
  }
  if (
    json.eth !== undefined ||
    json.settings.capacity_mode !== undefined ||
    json.settings.ledmode !== undefined
  ) {
    return 'dingo35';
  }
  return 'official';
}

function kwhToWh(kwh: number | undefined): number | undefined {
  return kwh === undefined ? undefined : Math.round(kwh * 1000);
}

/** Maps any firmware line's /settings JSON onto the one model; missing values stay undefined. */
export function normaliseSettings(json: ChargerSettingsJson): ChargerSnapshot {
  const { evse, settings } = json;
  const ev = json.ev_meter;
  const mains = json.phase_currents;
  const accessId = typeof evse.access === 'boolean' ? (evse.access ? 1 : 0) : evse.access;
  const snapshot: ChargerSnapshot = {
    flavour: detectFlavour(json),
    serial: json.serialnr,
    version: json.version,
    modeId: json.mode_id,
    mode: json.mode,
    carConnected: json.car_connected ?? evse.connected,
    stateId: evse.state_id,
    state: evse.state,
    errorId: evse.error_id,
    error: evse.error,
    accessId,
    pwm: evse.pwm,
    temperatureC: evse.temp,
    phaseCount: evse.nrofphases,
    solarStopTimerS: evse.solar_stop_timer,
    chargeCurrentDa: settings.charge_current,
    mainsCurrents: { l1Da: mains?.L1, l2Da: mains?.L2, l3Da: mains?.L3, totalDa: mains?.TOTAL },
    evCurrents: {
      l1Da: ev?.currents?.L1,
      l2Da: ev?.currents?.L2,
      l3Da: ev?.currents?.L3,
      totalDa: ev?.currents?.TOTAL,
    },
    evPowerW: ev?.import_active_power,
    // Legacy firmware reported kWh as floats under *_kwh names; convert, never guess when absent.
    evTotalWh: ev?.total_wh ?? kwhToWh(ev?.total_kwh),
    evChargedWh: ev?.charged_wh ?? kwhToWh(ev?.charged_kwh),
    wifiRssiDbm: json.wifi?.rssi,
    mqttStatus: json.mqtt?.status,
    mqttHost: json.mqtt?.host,
    internalMode: evse.mode,
    mainsLastUpdateS: mains?.last_data_update,
    batteryCurrentDa: json.home_battery?.current,
    colours: json.color
      ? Object.fromEntries(Object.entries(json.color).map(([name, c]) => [name, { r: c.R, g: c.G, b: c.B }]))
      : undefined,
  };
  // Every setting of the field table, settable or menu-only, comes from where the table says.
  const fromTable = snapshot as Record<string, unknown>;
  for (const row of allFieldRows)
    if (row.snapshotKey && row.settingsKey) fromTable[row.snapshotKey] = valueAt(json, row.settingsKey);
  return snapshot;
}
