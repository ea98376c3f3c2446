/**
 * The field table: every charger setting Studio reads or writes, in one place. A row names the
 * setting as Studio calls it, how the firmware takes it (`POST /settings` parameter and the reply
 * key that answers), where `GET /settings` reports it, its unit and range, the charger state it
 * needs, its catalogue label, whether a profile may carry it and whether it identifies one charger.
 *
 * From it come the write schema, the request parameters, the read-back check, the settable part of
 * normalisation, profile values and their formatting, report labels and the renderer's forms.
 * The simulator keeps its own copy of the firmware's rules on purpose: it is the independent oracle.
 * (Firmware: `firmware-behaviour.md` §3.2 for the parameters, §6 for defaults and ranges.)
 */
import { z } from 'zod';
import type { ChargerSnapshot } from './charger-settings.schema';

/** Local date-time in the charger's format, `YYYY-MM-DDTHH:MM` (no seconds, no quotes). */
export const chargerLocalTimeSchema = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/,
    'use the form 2026-04-14T23:31',
  );

export const modeNames = ['OFF', 'NORMAL', 'SOLAR', 'SMART', 'PAUSE'] as const;
export type ModeName = (typeof modeNames)[number];
/** Contactor 2 settings by number, as the firmware names them in `settings.enable_C2`. */
export const c2Settings = ['Not present', 'Always Off', 'Solar Off', 'Always On', 'Auto'] as const;
/** Firmware lines whose reply shapes differ. */
export const firmwareFlavours = ['dingo35', 'official', 'legacy'] as const;
export type FirmwareFlavour = (typeof firmwareFlavours)[number];
/** LED colours the firmware keeps (`/color_<name>`); a profile carries all but `custom`. */
export const colourNames = ['off', 'normal', 'smart', 'solar', 'custom'] as const;
export const profileColourNames = ['off', 'normal', 'smart', 'solar'] as const;

/** Units as the firmware counts them; `dA` (tenths of an ampere) is shown in amperes. */
export type FieldUnit = 'A' | 'dA' | 'min' | '°C';

/** A number range; `orZero` adds 0 (off) below a range that starts higher (MaxSumMains: 0 or 10–600). */
export interface FieldRange {
  min: number;
  max: number;
  orZero?: boolean;
}

/**
 * How a value is spelt on the wire:
 * - `int`: the number itself in the query, the reply and `/settings`;
 * - `bool01`: true/false as 1/0;
 * - `c2`: a contactor-2 number sent, its name (`c2Settings`) reported;
 * - `text`: a string as it is.
 */
export type FieldCodec = 'int' | 'bool01' | 'c2' | 'text';

/** What in the `POST /settings` reply says the value was taken. */
export type FieldConfirm =
  /** `reply[replyKey]` equals the sent value (in its codec). */
  | 'echo'
  /** `reply[replyKey] === true` (the firmware answers `stop_timer` with a flag). */
  | 'true'
  /** `reply[replyKey]` is a number (the duty the firmware actually applied). */
  | 'number'
  /** `reply.settings.enable_C2` is the name of the sent number. */
  | 'c2-name';

/** The charger state a write needs (§3.2 preconditions); checked by `write-rules.ts`. */
export interface FieldRules {
  /** Refused on a power-share node (LoadBl ≥ 2). */
  masterOnly?: boolean;
  /** Evaluated only in these internal modes (after a mode sent with it). */
  modes?: readonly ('NORMAL' | 'SMART' | 'SOLAR')[];
  /** A non-zero value must lie within the charger's MinCurrent–MaxCurrent (in the field's unit). */
  withinChargerCurrents?: boolean;
}

interface FieldCommon {
  /** Catalogue key of the setting's name (the renderer checks every key exists in en and nl). */
  label: string;
  unit?: FieldUnit;
  /** Where `GET /settings` reports it, as a path into the JSON. */
  settingsKey?: readonly [string, ...string[]];
  /** The snapshot field that holds the reported value (normalisation fills it from `settingsKey`). */
  snapshotKey?: keyof ChargerSnapshot;
  codec: FieldCodec;
  /** 0 means "off" to the firmware (shown as off). */
  zeroIsOff?: boolean;
  /** Identifies one charger: never copied into a profile or onto another charger by default. */
  identifiesCharger?: boolean;
  /** A secret: never shown, logged, backed up or carried by a profile. */
  secret?: boolean;
  /** The firmware's numbers by name (English), for values that are a choice. */
  choices?: readonly string[];
}

/** A setting `POST /settings` can change. */
export interface SettableField extends FieldCommon {
  /** The query parameter of `POST /settings`. */
  param: string;
  /** The reply key that answers for it (defaults to `param`). */
  replyKey?: string;
  confirm: FieldConfirm;
  range?: FieldRange;
  rules?: FieldRules;
  /** A profile may carry it (and so apply it to many chargers). */
  profile: boolean;
  /**
   * Sent together with the mode (`mode` handling in §3.2); the charger client builds these
   * parameters as one group rather than one by one.
   */
  withMode?: boolean;
  /** The settings form shows it as a row: catalogue key of its one-line meaning, and a warning. */
  form?: { meaning: string; warning?: string; step?: number };
}

/** A setting Studio reads but only the charger's own menu can change (LCD-only). */
export interface ReadOnlyField extends FieldCommon {
  settingsKey: readonly [string, ...string[]];
}

const range = (min: number, max: number, orZero = false): FieldRange =>
  orZero ? { min, max, orZero } : { min, max };

/**
 * The REST-settable settings, in the order Studio shows them (profile, preview, compare, report).
 * The firmware evaluates a request's parameters in its own fixed order, whatever the query order.
 */
export const settableFields = {
  mode: {
    label: 'modeHeading',
    param: 'mode',
    confirm: 'echo',
    codec: 'text',
    profile: true,
    withMode: true,
  },
  overrideCurrentDa: {
    label: 'setOverride',
    unit: 'dA',
    param: 'override_current',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'override_current'],
    snapshotKey: 'overrideCurrentDa',
    range: range(0, 800),
    zeroIsOff: true,
    rules: { masterOnly: true, modes: ['NORMAL', 'SMART'], withinChargerCurrents: true },
    profile: true,
    form: { meaning: 'meanOverride', step: 0.1 },
  },
  enableC2: {
    label: 'setC2',
    param: 'enable_C2',
    confirm: 'c2-name',
    codec: 'c2',
    settingsKey: ['settings', 'enable_C2'],
    snapshotKey: 'enableC2',
    range: range(0, c2Settings.length - 1),
    profile: true,
    form: { meaning: 'meanC2', warning: 'warnC2' },
  },
  solarStartCurrentA: {
    label: 'setSolarStart',
    unit: 'A',
    param: 'solar_start_current',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'solar_start_current'],
    snapshotKey: 'solarStartCurrentA',
    range: range(0, 48),
    profile: true,
    form: { meaning: 'meanSolarStart' },
  },
  solarMaxImportA: {
    label: 'setSolarImport',
    unit: 'A',
    param: 'solar_max_import',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'solar_max_import'],
    snapshotKey: 'solarMaxImportA',
    range: range(0, 48),
    profile: true,
    form: { meaning: 'meanSolarImport' },
  },
  stopTimerMin: {
    label: 'setStopTimer',
    unit: 'min',
    param: 'stop_timer',
    confirm: 'true',
    codec: 'int',
    settingsKey: ['settings', 'solar_stop_time'],
    snapshotKey: 'solarStopTimeMin',
    range: range(0, 60),
    profile: true,
    form: { meaning: 'meanStopTimer' },
  },
  currentMinA: {
    label: 'setMinCurrent',
    unit: 'A',
    param: 'current_min',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'current_min'],
    snapshotKey: 'currentMinA',
    range: range(6, 16),
    rules: { masterOnly: true },
    profile: true,
    form: { meaning: 'meanMinCurrent' },
  },
  maxSumMainsA: {
    label: 'setMaxSumMains',
    unit: 'A',
    param: 'current_max_sum_mains',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'current_max_sum_mains'],
    snapshotKey: 'maxSumMainsA',
    range: range(10, 600, true),
    zeroIsOff: true,
    rules: { masterOnly: true },
    profile: true,
    form: { meaning: 'meanMaxSumMains' },
  },
  maxSumMainsTimeMin: {
    label: 'setMaxSumMainsTime',
    unit: 'min',
    param: 'max_sum_mains_timer',
    replyKey: 'max_sum_mains_time',
    confirm: 'echo',
    codec: 'int',
    settingsKey: ['settings', 'max_sum_mains_time'],
    snapshotKey: 'maxSumMainsTimeMin',
    range: range(0, 60),
    rules: { masterOnly: true },
    profile: true,
    form: { meaning: 'meanMaxSumMainsTime' },
  },
  lcdLock: {
    label: 'setLcdLock',
    param: 'lcdlock',
    confirm: 'echo',
    codec: 'bool01',
    settingsKey: ['settings', 'lcdlock'],
    snapshotKey: 'lcdLock',
    profile: true,
    form: { meaning: 'meanLcdLock' },
  },
  cableLock: {
    label: 'setCableLock',
    param: 'cablelock',
    confirm: 'echo',
    codec: 'bool01',
    settingsKey: ['settings', 'cablelock'],
    snapshotKey: 'cableLock',
    profile: true,
    form: { meaning: 'meanCableLock' },
  },
  startTime: {
    label: 'scheduleStart',
    param: 'starttime',
    confirm: 'echo',
    codec: 'text',
    settingsKey: ['settings', 'starttime'],
    snapshotKey: 'delayedStartS',
    profile: false,
    withMode: true,
  },
  stopTime: {
    label: 'scheduleStop',
    param: 'stoptime',
    confirm: 'echo',
    codec: 'text',
    settingsKey: ['settings', 'stoptime'],
    snapshotKey: 'delayedStopS',
    profile: false,
    withMode: true,
  },
  repeatDaily: {
    label: 'scheduleRepeat',
    param: 'repeat',
    confirm: 'echo',
    codec: 'bool01',
    settingsKey: ['settings', 'repeat'],
    snapshotKey: 'repeatDaily',
    profile: false,
    withMode: true,
  },
  cancelSchedule: {
    label: 'scheduleCancel',
    param: 'starttime',
    confirm: 'echo',
    codec: 'text',
    profile: false,
    withMode: true,
  },
  backlight: {
    label: 'backlight',
    param: 'backlight',
    replyKey: 'Backlight',
    confirm: 'echo',
    codec: 'bool01',
    profile: false,
  },
  pwmOverride: {
    label: 'valPwm',
    param: 'override_pwm',
    confirm: 'number',
    codec: 'int',
    range: range(-1, 1024),
    profile: false,
  },
} as const satisfies Record<string, SettableField>;

export type SettableFieldName = keyof typeof settableFields;

/** MQTT broker settings (`mqtt_update=1`, a request of their own): the sub-fields as the table knows them. */
export const mqttFields = {
  host: { label: 'mqttHost', param: 'mqtt_host', settingsKey: ['mqtt', 'host'], codec: 'text' },
  port: { label: 'mqttPort', param: 'mqtt_port', settingsKey: ['mqtt', 'port'], codec: 'int' },
  topicPrefix: {
    label: 'mqttPrefix',
    param: 'mqtt_topic_prefix',
    settingsKey: ['mqtt', 'topic_prefix'],
    codec: 'text',
    identifiesCharger: true,
  },
  username: { label: 'mqttUser', param: 'mqtt_username', settingsKey: ['mqtt', 'username'], codec: 'text' },
  /** The firmware reports only `password_set`; an older line might send the password itself. */
  password: {
    label: 'mqttPassword',
    param: 'mqtt_password',
    settingsKey: ['mqtt', 'password'],
    codec: 'text',
    secret: true,
  },
  tls: { label: 'mqttTls', param: 'mqtt_tls', settingsKey: ['mqtt', 'tls'], codec: 'bool01' },
} as const satisfies Record<string, FieldCommon & { param: string }>;

/**
 * Settings Studio reads but only the charger's LCD menu can change (§3.2 "cannot change", §6).
 * Config (socket or fixed cable), Switch, RCMON and the grid type are not in `/settings`.
 */
export const readOnlyFields = {
  currentMaxA: {
    label: 'roMaxCurrent',
    unit: 'A',
    codec: 'int',
    settingsKey: ['settings', 'current_max'],
    snapshotKey: 'currentMaxA',
  },
  maxMainsA: {
    label: 'roMaxMains',
    unit: 'A',
    codec: 'int',
    settingsKey: ['settings', 'current_main'],
    snapshotKey: 'maxMainsA',
  },
  maxCircuitA: {
    label: 'roMaxCircuit',
    unit: 'A',
    codec: 'int',
    settingsKey: ['settings', 'current_max_circuit'],
    snapshotKey: 'maxCircuitA',
  },
  mainsMeter: {
    label: 'roMainsMeter',
    codec: 'text',
    settingsKey: ['settings', 'mains_meter'],
    snapshotKey: 'mainsMeter',
  },
  evMeter: {
    label: 'roEvMeter',
    codec: 'text',
    settingsKey: ['ev_meter', 'description'],
    snapshotKey: 'evMeter',
  },
  loadBl: {
    label: 'roRole',
    codec: 'int',
    settingsKey: ['evse', 'loadbl'],
    snapshotKey: 'loadBl',
    choices: ['Standalone', 'Master', 'Node 1', 'Node 2', 'Node 3', 'Node 4', 'Node 5', 'Node 6', 'Node 7'],
  },
  lockType: {
    label: 'roLockType',
    codec: 'int',
    settingsKey: ['settings', 'lock'],
    snapshotKey: 'lockType',
    choices: ['None', 'Solenoid', 'Motor'],
  },
  temperatureMaxC: {
    label: 'roMaxTemp',
    unit: '°C',
    codec: 'int',
    settingsKey: ['evse', 'temp_max'],
    snapshotKey: 'temperatureMaxC',
  },
  ocppChargeBoxId: {
    label: 'ocppChargeBoxId',
    codec: 'text',
    settingsKey: ['ocpp', 'cb_id'],
    identifiesCharger: true,
  },
  ocppAuthKey: { label: 'ocppAuthKey', codec: 'text', settingsKey: ['ocpp', 'auth_key'], secret: true },
} as const satisfies Record<string, ReadOnlyField>;

export type ReadOnlyFieldName = keyof typeof readOnlyFields;

/** Every row of the table, for code that treats them alike (normalisation, secrets, identity). */
export const allFieldRows: readonly (FieldCommon & { name: string })[] = [
  ...Object.entries(settableFields).map(([name, row]) => ({ name, ...row })),
  ...Object.entries(mqttFields).map(([name, row]) => ({ name: `mqtt.${name}`, ...row })),
  ...Object.entries(readOnlyFields).map(([name, row]) => ({ name, ...row })),
];

/** The settings a profile may carry, in table order. */
export const profileSettingFields = (Object.keys(settableFields) as SettableFieldName[]).filter(
  (name): name is ProfileSettingField => settableFields[name].profile,
);
export type ProfileSettingField = {
  [K in SettableFieldName]: (typeof settableFields)[K]['profile'] extends true ? K : never;
}[SettableFieldName];

/** The settings the settings form shows as rows, in table order. */
export type FormField = {
  [K in SettableFieldName]: (typeof settableFields)[K] extends { form: object } ? K : never;
}[SettableFieldName];
export const formFields = (Object.keys(settableFields) as SettableFieldName[]).filter(
  (name): name is FormField => 'form' in settableFields[name],
);

/** The value at a path of the `/settings` JSON (undefined where any step is missing). */
export function valueAt(json: unknown, path: readonly string[]): unknown {
  let at: unknown = json;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A number schema for a range, with the range in words for its message. */
function rangedSchema(r: FieldRange) {
  const words = rangeInWords(r);
  const base = z
    .number()
    .int()
    .min(r.orZero ? 0 : r.min, `must be ${words}`)
    .max(r.max, `must be ${words}`);
  return r.orZero ? base.refine((v) => v === 0 || v >= r.min, `must be ${words}`) : base;
}

/** A range as a person reads it, in the firmware's unit: "6–16", "0 (off) or 10–600". */
function rangeInWords(r: FieldRange): string {
  return r.orZero ? `0 (off) or ${r.min}–${r.max}` : `${r.min}–${r.max}`;
}

const ranged = <F extends SettableFieldName>(field: F) => {
  const r = (settableFields[field] as SettableField).range;
  if (!r) throw new Error(`${field} has no range in the field table`);
  return rangedSchema(r);
};

/** REST-settable values with their ranges, built from the table. */
export const settingFieldsSchema = z.object({
  mode: z.enum(modeNames),
  /** Delayed start (with mode NORMAL or SMART), optional delayed stop and daily repeat. */
  startTime: chargerLocalTimeSchema,
  stopTime: chargerLocalTimeSchema,
  repeatDaily: z.boolean(),
  /** Clears the delayed start, stop and repeat (sent with a mode, as the firmware requires). */
  cancelSchedule: z.literal(true),
  overrideCurrentDa: ranged('overrideCurrentDa'),
  stopTimerMin: ranged('stopTimerMin'),
  enableC2: ranged('enableC2'),
  solarStartCurrentA: ranged('solarStartCurrentA'),
  solarMaxImportA: ranged('solarMaxImportA'),
  currentMinA: ranged('currentMinA'),
  maxSumMainsA: ranged('maxSumMainsA'),
  maxSumMainsTimeMin: ranged('maxSumMainsTimeMin'),
  lcdLock: z.boolean(),
  cableLock: z.boolean(),
  backlight: z.boolean(),
  /** Expert: fixed PWM on the 0–1024 scale; −1 releases, 0 switches the pilot off. */
  pwmOverride: ranged('pwmOverride'),
} satisfies Record<SettableFieldName, z.ZodType>);

/** A value in Studio's terms as the firmware spells it in a query parameter. */
export function encodeParam(codec: FieldCodec, value: unknown): string {
  if (codec === 'bool01') return value ? '1' : '0';
  return String(value);
}

/** A value in Studio's terms as `/settings` reports it (for the read-back check). */
export function toReported(codec: FieldCodec, value: unknown): unknown {
  if (codec === 'bool01') return value ? 1 : 0;
  if (codec === 'c2') return c2Settings[value as number];
  return value;
}

/** A reported value in Studio's terms (undefined when the charger reports something else). */
export function fromReported(codec: FieldCodec, reported: unknown): unknown {
  if (reported === undefined) return undefined;
  if (codec === 'bool01') return reported === 1 || reported === true;
  if (codec === 'c2') {
    const index = c2Settings.indexOf(reported as (typeof c2Settings)[number]);
    return index >= 0 ? index : undefined;
  }
  return reported;
}

/** A value with its unit, as a person reads it (English: profiles, previews, compare and the report). */
export function formatValue(
  row: Pick<FieldCommon, 'unit' | 'codec' | 'zeroIsOff' | 'choices'>,
  value: unknown,
): string {
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value !== 'number') return typeof value === 'string' ? value : JSON.stringify(value);
  if (row.codec === 'c2') return c2Settings[value] ?? String(value);
  if (row.choices) return row.choices[value] ?? String(value);
  if (row.zeroIsOff && value === 0) return 'off';
  if (row.unit === 'dA') return `${value / 10} A`;
  return row.unit ? `${value} ${row.unit}` : String(value);
}
