/**
 * The REST-settable settings as the settings panel shows them: unit, range and the firmware's
 * meaning in one line (the catalogue holds the words). Ranges repeat the contract's for the form;
 * main checks them again before anything is sent.
 */
import type { ChargerSnapshot, SettingsWrite } from '$shared/contract';
import type { MessageKey } from '../i18n/catalogue';

interface Base {
  field: keyof SettingsWrite;
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

const c2Names = ['Not present', 'Always Off', 'Solar Off', 'Always On', 'Auto'];

export const settingDefinitions: SettingDefinition[] = [
  {
    kind: 'number',
    field: 'overrideCurrentDa',
    label: 'setOverride',
    meaning: 'meanOverride',
    unit: 'A',
    min: () => 0,
    max: (s) => s.currentMaxA ?? 80,
    step: 0.1,
    tenths: true,
    read: (s) => s.overrideCurrentDa,
  },
  {
    kind: 'number',
    field: 'currentMinA',
    label: 'setMinCurrent',
    meaning: 'meanMinCurrent',
    unit: 'A',
    min: () => 6,
    max: () => 16,
    step: 1,
    read: (s) => s.currentMinA,
  },
  {
    kind: 'number',
    field: 'stopTimerMin',
    label: 'setStopTimer',
    meaning: 'meanStopTimer',
    unit: 'min',
    min: () => 0,
    max: () => 60,
    step: 1,
    read: (s) => s.solarStopTimeMin,
  },
  {
    kind: 'number',
    field: 'solarStartCurrentA',
    label: 'setSolarStart',
    meaning: 'meanSolarStart',
    unit: 'A',
    min: () => 0,
    max: () => 48,
    step: 1,
    read: (s) => s.solarStartCurrentA,
  },
  {
    kind: 'number',
    field: 'solarMaxImportA',
    label: 'setSolarImport',
    meaning: 'meanSolarImport',
    unit: 'A',
    min: () => 0,
    max: () => 48,
    step: 1,
    read: (s) => s.solarMaxImportA,
  },
  {
    kind: 'number',
    field: 'maxSumMainsA',
    label: 'setMaxSumMains',
    meaning: 'meanMaxSumMains',
    unit: 'A',
    min: () => 0,
    max: () => 600,
    step: 1,
    read: (s) => s.maxSumMainsA,
  },
  {
    kind: 'number',
    field: 'maxSumMainsTimeMin',
    label: 'setMaxSumMainsTime',
    meaning: 'meanMaxSumMainsTime',
    unit: 'min',
    min: () => 0,
    max: () => 60,
    step: 1,
    read: (s) => s.maxSumMainsTimeMin,
  },
  {
    kind: 'choice',
    field: 'enableC2',
    label: 'setC2',
    meaning: 'meanC2',
    warning: 'warnC2',
    options: c2Names.map((label, value) => ({ value, label })),
    read: (s) => (s.enableC2 === undefined ? undefined : c2Names.indexOf(s.enableC2)),
  },
  {
    kind: 'boolean',
    field: 'lcdLock',
    label: 'setLcdLock',
    meaning: 'meanLcdLock',
    read: (s) => (s.lcdLock === undefined ? undefined : s.lcdLock === 1),
  },
  {
    kind: 'boolean',
    field: 'cableLock',
    label: 'setCableLock',
    meaning: 'meanCableLock',
    read: (s) => (s.cableLock === undefined ? undefined : s.cableLock === 1),
  },
];

/** Settings only the charger's own menu can change: shown, not edited. */
export const menuOnlySettings: { label: MessageKey; read: (s: ChargerSnapshot) => string | undefined }[] = [
  { label: 'roMaxCurrent', read: (s) => (s.currentMaxA === undefined ? undefined : `${s.currentMaxA} A`) },
  { label: 'roMaxMains', read: (s) => (s.maxMainsA === undefined ? undefined : `${s.maxMainsA} A`) },
  { label: 'roMaxCircuit', read: (s) => (s.maxCircuitA === undefined ? undefined : `${s.maxCircuitA} A`) },
  { label: 'roMainsMeter', read: (s) => s.mainsMeter },
  { label: 'roEvMeter', read: (s) => s.evMeter },
  {
    label: 'roRole',
    read: (s) =>
      s.loadBl === undefined
        ? undefined
        : s.loadBl === 0
          ? 'Standalone'
          : s.loadBl === 1
            ? 'Master'
            : `Node ${s.loadBl - 1}`,
  },
  {
    label: 'roMaxTemp',
    read: (s) => (s.temperatureMaxC === undefined ? undefined : `${s.temperatureMaxC} °C`),
  },
];
