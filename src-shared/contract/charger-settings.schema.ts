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

/** A JSON number as the firmware sends it; not checked as whole (energy totals such as `total_kwh` carry fractions). */
const num = z.number();
const phaseCurrentsSchema = z.looseObject({
  TOTAL: num.optional(),
  L1: num.optional(),
  L2: num.optional(),
  L3: num.optional(),
});
const colourSchema = z.looseObject({ R: num, G: num, B: num });

/** `evse` object of GET /settings. `access` is a number today and a boolean on legacy firmware. */
export const evseSchema = z.looseObject({
  temp: num.optional(),
  temp_max: num.optional(),
  connected: z.boolean().optional(),
  access: z.union([num, z.boolean()]).optional(),
  mode: num.optional(),
  loadbl: num.optional(),
  pwm: num.optional(),
  custombutton: z.boolean().optional(),
  solar_stop_timer: num.optional(),
  state: z.string().optional(),
  state_id: num.optional(),
  error: z.string().optional(),
  error_id: num.optional(),
  rfidreader: z.string().optional(),
  nrofphases: num.optional(),
  rfid: z.string().optional(),
  rfid_lastread: z.string().optional(),
});

/** `settings` object of GET /settings: currents in dA where the firmware counts tenths, else whole A. */
export const settingsBlockSchema = z.looseObject({
  charge_current: num.optional(),
  override_current: num.optional(),
  current_min: num.optional(),
  current_max: num.optional(),
  current_main: num.optional(),
  current_max_circuit: num.optional(),
  current_max_sum_mains: num.optional(),
  max_sum_mains_time: num.optional(),
  solar_max_import: num.optional(),
  solar_start_current: num.optional(),
  solar_stop_time: num.optional(),
  enable_C2: z.string().optional(),
  modem: z.string().optional(),
  mains_meter: z.string().optional(),
  starttime: num.optional(),
  stoptime: num.optional(),
  repeat: num.optional(),
  lcdlock: num.optional(),
  lock: num.optional(),
  cablelock: num.optional(),
  ledmode: num.optional(),
  capacity_mode: num.optional(),
  intervals: z.array(z.looseObject({ start: num, power: num })).optional(),
});

/**
 * The whole GET /settings document. The `evse` and `settings` objects with a serial number or a
 * firmware version identify a SmartEVSE (`readSettingsDocument`).
 */
export const chargerSettingsJsonSchema = z.looseObject({
  version: z.string().optional(),
  serialnr: num.optional(),
  mode: z.string().optional(),
  mode_id: num.optional(),
  car_connected: z.boolean().optional(),
  wifi: z
    .looseObject({
      status: z.string().optional(),
      ssid: z.string().optional(),
      rssi: num.optional(),
      bssid: z.string().optional(),
    })
    .optional(),
  eth: z.looseObject({}).optional(),
  circuit_meter: z.looseObject({}).optional(),
  evse: evseSchema,
  settings: settingsBlockSchema,
  mqtt: z
    .looseObject({
      host: z.string().optional(),
      port: num.optional(),
      topic_prefix: z.string().optional(),
      username: z.string().optional(),
      password_set: z.boolean().optional(),
      tls: z.boolean().optional(),
      status: z.string().optional(),
    })
    .optional(),
  ocpp: z.looseObject({}).optional(),
  home_battery: z.looseObject({ current: num.optional(), last_update: num.optional() }).optional(),
  ev_meter: z
    .looseObject({
      description: z.string().optional(),
      address: num.optional(),
      import_active_power: num.optional(),
      total_wh: num.optional(),
      charged_wh: num.optional(),
      total_kwh: num.optional(),
      charged_kwh: num.optional(),
      currents: phaseCurrentsSchema.optional(),
      import_active_energy: num.optional(),
      export_active_energy: num.optional(),
    })
    .optional(),
  mains_meter: z
    .looseObject({ import_active_energy: num.optional(), export_active_energy: num.optional() })
    .optional(),
  phase_currents: phaseCurrentsSchema
    .extend({
      last_data_update: num.optional(),
      original_data: phaseCurrentsSchema.optional(),
    })
    .optional(),
  backlight: z.looseObject({ timer: num.optional(), status: z.string().optional() }).optional(),
  color: z.record(z.string(), colourSchema).optional(),
});
export type ChargerSettingsJson = z.infer<typeof chargerSettingsJsonSchema>;

/** REST `mode_id` numbering (differs from the internal Mode numbering). */
export const modeIds = { OFF: 0, NORMAL: 1, SOLAR: 2, SMART: 3, PAUSE: 4 } as const satisfies Record<
  ModeName,
  number
>;

const phases = z.object({
  l1Da: num.optional(),
  l2Da: num.optional(),
  l3Da: num.optional(),
  totalDa: num.optional(),
});

/** One charger as Studio understands it, whatever its firmware line. The raw JSON is kept beside it. */
export const chargerSnapshotSchema = z.object({
  flavour: z.enum(firmwareFlavours),
  serial: num.optional(),
  version: z.string().optional(),
  /** Fields of the reply Studio could not read (wrongly typed), as paths: shown as unknown, not guessed. */
  unreadable: z.array(z.string()).optional(),
  modeId: num.optional(),
  mode: z.string().optional(),
  carConnected: z.boolean().optional(),
  stateId: num.optional(),
  state: z.string().optional(),
  errorId: num.optional(),
  error: z.string().optional(),
  accessId: num.optional(),
  pwm: num.optional(),
  temperatureC: num.optional(),
  phaseCount: num.optional(),
  solarStopTimerS: num.optional(),
  chargeCurrentDa: num.optional(),
  overrideCurrentDa: num.optional(),
  currentMinA: num.optional(),
  currentMaxA: num.optional(),
  mainsMeter: z.string().optional(),
  mainsCurrents: phases,
  evCurrents: phases,
  evPowerW: num.optional(),
  evTotalWh: num.optional(),
  evChargedWh: num.optional(),
  wifiRssiDbm: num.optional(),
  mqttStatus: z.string().optional(),
  mqttHost: z.string().optional(),
  /** Internal mode 0 Normal, 1 Smart, 2 Solar (kept while access is OFF). */
  internalMode: num.optional(),
  /** Power-share role: 0 standalone, 1 master, 2–8 node 1–7. */
  loadBl: num.optional(),
  temperatureMaxC: num.optional(),
  maxMainsA: num.optional(),
  maxCircuitA: num.optional(),
  maxSumMainsA: num.optional(),
  maxSumMainsTimeMin: num.optional(),
  solarStartCurrentA: num.optional(),
  solarMaxImportA: num.optional(),
  solarStopTimeMin: num.optional(),
  enableC2: z.string().optional(),
  lcdLock: num.optional(),
  cableLock: num.optional(),
  lockType: num.optional(),
  evMeter: z.string().optional(),
  mainsLastUpdateS: num.optional(),
  batteryCurrentDa: num.optional(),
  delayedStartS: num.optional(),
  delayedStopS: num.optional(),
  repeatDaily: num.optional(),
  colours: z.record(z.string(), z.object({ r: num, g: num, b: num })).optional(),
});
export type ChargerSnapshot = z.infer<typeof chargerSnapshotSchema>;

/** 2023-01-01, the firmware's own epoch: a `last_data_update` before it counts seconds since boot. */
const firmwareEpochS = 1_672_531_200;

/**
 * The charger's clock (epoch s) in a mains reading's `last_data_update`, or undefined while it has
 * none (no reading yet, or no time server reached: seconds since boot).
 */
export function chargerClockS(lastUpdateS: number | undefined): number | undefined {
  return lastUpdateS !== undefined && lastUpdateS >= firmwareEpochS ? lastUpdateS : undefined;
}

/**
 * Tells the firmware line by what the reply holds (§10 of the behaviour document, and REST_API.md),
 * not by its version number: what only dingo35 sends decides first (a v3.10.0 reply with `eth` or
 * `capacity_mode` is dingo35), then the legacy shapes, else the official line.
 */
export function detectFlavour(json: ChargerSettingsJson): FirmwareFlavour {
  const evMeter = json.ev_meter;
  if (
    json.eth !== undefined ||
    json.circuit_meter !== undefined ||
    json.settings.capacity_mode !== undefined ||
    json.settings.ledmode !== undefined ||
    (evMeter !== undefined && 'host' in evMeter)
  ) {
    return 'dingo35';
  }
  if (
    typeof json.evse.access === 'boolean' ||
    (evMeter && 'total_kwh' in evMeter) ||
    json.serialnr === undefined
  ) {
    return 'legacy';
  }
  return 'official';
}

/** What a reply lacks to be a SmartEVSE's /settings, in the reply's own key names. */
export type MissingIdentity = 'evse' | 'settings' | 'serialnr / version';

export type SettingsDocumentRead =
  { ok: true; json: ChargerSettingsJson; unreadable: string[] } | { ok: false; missing: MissingIdentity[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Removes the value at `path` (up to its first array index) and answers what was removed. */
function dropAt(doc: Record<string, unknown>, path: PropertyKey[]): string | undefined {
  const index = path.findIndex((k) => typeof k === 'number');
  let keys = (index === -1 ? path : path.slice(0, index)).map(String);
  // A value that is missing inside an object (a colour without R) takes its object with it.
  while (keys.length > 0) {
    let parent: unknown = doc;
    for (const key of keys.slice(0, -1)) parent = isObject(parent) ? parent[key] : undefined;
    const last = keys[keys.length - 1]!;
    if (isObject(parent) && last in parent) {
      if (keys.length === 1 && (last === 'evse' || last === 'settings')) return undefined;
      delete parent[last];
      return keys.join('.');
    }
    keys = keys.slice(0, -1);
  }
  return undefined;
}

/**
 * Reads a /settings reply the way a user would want: a SmartEVSE is recognised by its `evse` and
 * `settings` objects and a serial number or version; a field of the wrong type (older builds send
 * `"car_connected":"false"`) is dropped and listed as unreadable instead of refusing the whole reply.
 */
export function readSettingsDocument(body: unknown): SettingsDocumentRead {
  const missing: MissingIdentity[] = [];
  if (!isObject(body) || !isObject(body.evse)) missing.push('evse');
  if (!isObject(body) || !isObject(body.settings)) missing.push('settings');
  if (!isObject(body) || (typeof body.serialnr !== 'number' && typeof body.version !== 'string'))
    missing.push('serialnr / version');
  if (missing.length > 0) return { ok: false, missing };
  const doc = structuredClone(body) as Record<string, unknown>;
  const unreadable: string[] = [];
  for (let attempt = 0; attempt < 64; attempt += 1) {
    const parsed = chargerSettingsJsonSchema.safeParse(doc);
    if (parsed.success) return { ok: true, json: parsed.data, unreadable };
    let dropped = false;
    for (const issue of parsed.error.issues) {
      const path = dropAt(doc, issue.path);
      if (path !== undefined) {
        unreadable.push(path);
        dropped = true;
      }
    }
    if (!dropped) break;
  }
  return { ok: false, missing: ['evse', 'settings'] };
}

function kwhToWh(kwh: number | undefined): number | undefined {
  return kwh === undefined ? undefined : Math.round(kwh * 1000);
}

/** Maps any firmware line's /settings JSON onto the one model; missing values stay undefined. */
export function normaliseSettings(json: ChargerSettingsJson, unreadable: string[] = []): ChargerSnapshot {
  const { evse, settings } = json;
  const ev = json.ev_meter;
  const mains = json.phase_currents;
  const accessId = typeof evse.access === 'boolean' ? (evse.access ? 1 : 0) : evse.access;
  const snapshot: ChargerSnapshot = {
    flavour: detectFlavour(json),
    serial: json.serialnr,
    version: json.version,
    ...(unreadable.length > 0 ? { unreadable } : {}),
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
