/**
 * The firmware's preconditions for a write, as Studio checks them before anything is sent
 * (§3.2 of the behaviour document): which settings a power-share node refuses, which modes an
 * override needs, the charger's own MinCurrent–MaxCurrent, a mains meter for Smart and Solar, and
 * schedule times in the future. Pure: main refuses with it, and the settings form explains with it.
 * Each problem carries a catalogue key and parameters, and the English the same entry makes.
 */
import { chargerClockS, type ChargerSnapshot } from './charger-settings.schema';
import type { SettingsWrite } from './charger-commands.schema';
import { settableFields, type SettableField, type SettableFieldName } from './setting-fields';
import { words } from '../i18n/error-words';

export interface WriteProblem {
  field: SettableFieldName;
  /** Catalogue key that phrases it in the user's language. */
  key: string;
  params: Record<string, string | number>;
  /** English, for logs, the CLI and any client without the catalogue. */
  message: string;
}

/** The charger's internal mode once `write` is taken (the mode it sends, else the one it has). */
function internalModeAfter(
  write: SettingsWrite,
  snapshot: ChargerSnapshot,
): 'NORMAL' | 'SMART' | 'SOLAR' | undefined {
  if (write.mode === 'NORMAL' || write.mode === 'SMART' || write.mode === 'SOLAR') return write.mode;
  return (['NORMAL', 'SMART', 'SOLAR'] as const)[snapshot.internalMode ?? -1];
}

/** A local time `YYYY-MM-DDTHH:MM` for a moment, as the charger's form takes it. */
export function localTimeText(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Now" as the charger counts it, for its delayed-charging rules: its clock runs in its mains
 * readings (`last_data_update`), and one running ahead of this computer (a simulator at 600×, a
 * clock set wrong) decides. A reading is at most seconds old, so one behind is taken as ours.
 */
export function chargerNowMs(snapshot: ChargerSnapshot, nowMs: number): number {
  const s = chargerClockS(snapshot.mainsLastUpdateS);
  return s === undefined ? nowMs : Math.max(nowMs, s * 1000);
}

const modeWords = { NORMAL: 'Normal', SMART: 'Smart', SOLAR: 'Solar' } as const;

const isNode = (snapshot: ChargerSnapshot) => (snapshot.loadBl ?? 0) >= 2;

/**
 * Why a setting cannot work on this charger whatever value is chosen, or undefined when it can.
 * The form does not offer it and says this instead (the firmware page hides the same on nodes);
 * main refuses a write of it with the same words. Unknown facts (an older reply) hide nothing.
 */
export function settingUnavailable(
  name: SettableFieldName,
  snapshot: ChargerSnapshot,
): WriteProblem | undefined {
  const row: SettableField = settableFields[name];
  if (row.rules?.masterOnly && isNode(snapshot)) return { field: name, ...words('ruleMasterOnly') };
  if (name === 'enableC2' && isNode(snapshot)) return { field: name, ...words('ruleNodePhases') };
  if (name === 'cableLock' && snapshot.lockType === 0) return { field: name, ...words('ruleNoLockActuator') };
  return undefined;
}

/** Why a mode cannot be chosen on this charger, or undefined: Smart and Solar need a mains meter. */
export function modeUnavailable(mode: string, snapshot: ChargerSnapshot): WriteProblem | undefined {
  if (
    (mode === 'SMART' || mode === 'SOLAR') &&
    !isNode(snapshot) &&
    ['Disabled', undefined].includes(snapshot.mainsMeter)
  )
    return { field: 'mode', ...words('ruleNeedsMainsMeter', { mode: modeWords[mode] }) };
  return undefined;
}

/** Every reason the charger described by `snapshot` would refuse `write`; empty when none. */
export function writeProblems(
  write: SettingsWrite,
  snapshot: ChargerSnapshot,
  nowMs: number,
): WriteProblem[] {
  const problems: WriteProblem[] = [];
  if (write.mode !== undefined) {
    const why = modeUnavailable(write.mode, snapshot);
    if (why) problems.push(why);
  }
  for (const [name, row] of Object.entries(settableFields) as [SettableFieldName, SettableField][]) {
    const value = write[name];
    if (value === undefined) continue;
    const why = settingUnavailable(name, snapshot);
    if (why) {
      problems.push(why);
      continue;
    }
    if (!row.rules) continue;
    const { modes, withinChargerCurrents } = row.rules;
    if (value === 0) continue;
    const mode = internalModeAfter(write, snapshot);
    if (modes && mode && !modes.includes(mode)) {
      const allowed = modes.map((m) => modeWords[m]).join(' or ');
      problems.push({
        field: name,
        ...words('ruleModes', { modes: allowed }),
      });
      continue;
    }
    if (withinChargerCurrents && typeof value === 'number') {
      const scale = row.unit === 'dA' ? 10 : 1;
      const min = (snapshot.currentMinA ?? 6) * scale;
      const max = (snapshot.currentMaxA ?? 80) * scale;
      if (value < min || value > max) {
        problems.push({
          field: name,
          ...words('ruleChargerRange', { min: min / scale, max: max / scale }),
        });
      }
    }
  }
  if (write.startTime !== undefined && write.startTime <= localTimeText(chargerNowMs(snapshot, nowMs))) {
    problems.push({
      field: 'startTime',
      ...words('ruleStartFuture'),
    });
  }
  if (write.stopTime !== undefined && write.startTime !== undefined && write.stopTime <= write.startTime) {
    problems.push({
      field: 'stopTime',
      ...words('ruleStopAfterStart'),
    });
  }
  return problems;
}
