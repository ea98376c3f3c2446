/**
 * The settings form, derived from the contract's field table: each row's kind, unit, range and
 * words come from the table, and a value is checked at the field with the same schema and write
 * rules main applies before sending, so the form and main cannot disagree.
 */
import type { mqttFields } from '$shared/contract';
import {
  c2Settings,
  formFields,
  fromReported,
  readOnlyFields,
  settableFields,
  settingFieldsSchema,
  writeProblems,
  type ChargerSnapshot,
  type FormField,
  type ReadOnlyFieldName,
  type SettableField,
  type SettableFieldName,
} from '$shared/contract';
import { isMessageKey, t, type MessageKey } from '../i18n/catalogue';
import { notANumber, rangeWords, type Shown } from './number-input';
import { decimalWords } from '../i18n/formats';

/** Every label, meaning and warning key the table names is a catalogue key (checked when compiling). */
type TableKey =
  | (typeof settableFields)[SettableFieldName]['label']
  | (typeof readOnlyFields)[ReadOnlyFieldName]['label']
  | (typeof mqttFields)[keyof typeof mqttFields]['label']
  | (typeof settableFields)[FormField]['form']['meaning']
  | NonNullable<Extract<(typeof settableFields)[FormField]['form'], { warning: string }>['warning']>;
export const tableKeysAreMessages = (key: TableKey): MessageKey => key;

interface Base {
  field: FormField;
  label: MessageKey;
  meaning: MessageKey;
  warning?: MessageKey;
}
export interface NumberSetting extends Base {
  kind: 'number';
  unit: string;
  min: (s: ChargerSnapshot) => number;
  max: (s: ChargerSnapshot) => number;
  step: number;
  /** The firmware counts tenths (dA); the form shows amperes. */
  tenths?: boolean;
  read: (s: ChargerSnapshot) => number | undefined;
}
export interface BooleanSetting extends Base {
  kind: 'boolean';
  read: (s: ChargerSnapshot) => boolean | undefined;
}
export interface ChoiceSetting extends Base {
  kind: 'choice';
  options: { value: number; label: string }[];
  read: (s: ChargerSnapshot) => number | undefined;
}
export type SettingDefinition = NumberSetting | BooleanSetting | ChoiceSetting;

function definitionOf(field: FormField): SettingDefinition {
  const row: SettableField = settableFields[field];
  const form = row.form!;
  const base: Base = {
    field,
    label: tableKeysAreMessages(row.label as TableKey),
    meaning: tableKeysAreMessages(form.meaning as TableKey),
  };
  if (form.warning) base.warning = tableKeysAreMessages(form.warning as TableKey);
  const reported = (s: ChargerSnapshot) => (row.snapshotKey ? s[row.snapshotKey] : undefined);
  if (row.codec === 'bool01')
    return {
      ...base,
      kind: 'boolean',
      read: (s) => fromReported(row.codec, reported(s)) as boolean | undefined,
    };
  if (row.codec === 'c2')
    return {
      ...base,
      kind: 'choice',
      options: c2Settings.map((label, value) => ({ value, label })),
      read: (s) => fromReported(row.codec, reported(s)) as number | undefined,
    };
  const tenths = row.unit === 'dA';
  const scale = tenths ? 10 : 1;
  const range = row.range!;
  const within = row.rules?.withinChargerCurrents;
  return {
    ...base,
    kind: 'number',
    unit: tenths ? 'A' : (row.unit ?? ''),
    min: () => (range.orZero ? 0 : range.min / scale),
    max: (s) => (within ? (s.currentMaxA ?? range.max / scale) : range.max / scale),
    step: form.step ?? 1,
    ...(tenths ? { tenths } : {}),
    read: (s) => reported(s) as number | undefined,
  };
}

export const settingDefinitions: SettingDefinition[] = formFields.map(definitionOf);

/** What the form sends for a shown value (amperes back to tenths where the firmware counts them). */
export function writtenValue(def: SettingDefinition, shown: Shown): number | boolean {
  if (def.kind === 'boolean') return shown === true;
  const n = Number(shown);
  return def.kind === 'number' && def.tenths ? Math.round(n * 10) : n;
}

/** A setting's value in the form's words: "8.0 A", "5 min", on/off, the choice's name. */
export function settingValueWords(def: SettingDefinition, value: number | boolean | undefined): string {
  if (value === undefined) return '—';
  if (def.kind === 'boolean') return value ? t('switchOn') : t('switchOff');
  if (def.kind === 'choice') return def.options.find((o) => o.value === value)?.label ?? String(value);
  const n = value as number;
  return `${def.tenths ? decimalWords(n / 10, 1) : decimalWords(n, 0)} ${def.unit}`;
}

/**
 * Why a shown value is outside the field table's range, in the user's language (empty is never 0);
 * undefined when the schema takes it. A profile is checked this far: it has no charger yet.
 */
export function rangeProblem(def: SettingDefinition, shown: Shown): string | undefined {
  if (def.kind === 'boolean') return undefined;
  const missing = notANumber(shown);
  if (missing) return missing;
  if (settingFieldsSchema.shape[def.field].safeParse(writtenValue(def, shown)).success) return undefined;
  const row: SettableField = settableFields[def.field];
  const range = row.range!;
  const scale = row.unit === 'dA' ? 10 : 1;
  const unit = def.kind === 'number' && def.unit ? def.unit : undefined;
  return t('fieldRange', {
    range: rangeWords({
      min: range.min / scale,
      max: range.max / scale,
      ...(range.orZero ? { orZero: true } : {}),
      ...(unit ? { unit } : {}),
    }),
  });
}

/**
 * Why a shown value would not be taken, in the user's language; undefined when it would.
 * An empty field is never 0; the range is the firmware's, in words; the charger's own state
 * (node, mode, MinCurrent–MaxCurrent) is checked by the same rules main uses.
 */
export function fieldProblem(
  def: SettingDefinition,
  shown: Shown,
  snapshot: ChargerSnapshot,
  nowMs: number,
): string | undefined {
  const outside = rangeProblem(def, shown);
  if (outside) return outside;
  const [problem] = writeProblems({ [def.field]: writtenValue(def, shown) }, snapshot, nowMs);
  if (!problem) return undefined;
  return isMessageKey(problem.key) ? t(problem.key, problem.params) : problem.message;
}

/** Settings only the charger's own menu can change: shown, not edited. */
export const roleText = (loadBl: number): string =>
  loadBl === 0 ? t('roleStandalone') : loadBl === 1 ? t('roleMaster') : t('roleNode', { n: loadBl - 1 });
const lockText = (lock: number): string =>
  ([t('lockNone'), t('lockSolenoid'), t('lockMotor')] as const)[lock] ?? String(lock);

const menuOnlyFields = [
  'currentMaxA',
  'maxMainsA',
  'maxCircuitA',
  'mainsMeter',
  'evMeter',
  'loadBl',
  'lockType',
  'temperatureMaxC',
] as const satisfies readonly ReadOnlyFieldName[];

export const menuOnlySettings: { label: MessageKey; read: (s: ChargerSnapshot) => string | undefined }[] =
  menuOnlyFields.map((name) => {
    const row = readOnlyFields[name];
    return {
      label: tableKeysAreMessages(row.label),
      read: (s: ChargerSnapshot) => {
        const value = s[row.snapshotKey];
        if (value === undefined || typeof value === 'object') return undefined;
        if (name === 'loadBl') return roleText(value as number);
        if (name === 'lockType') return lockText(value as number);
        return 'unit' in row ? `${String(value)} ${row.unit}` : String(value);
      },
    };
  });
