/**
 * What the user typed in the settings form, field by field, so one "Apply my changes" can send
 * every changed value at once with a summary of what will change (each row still applies alone).
 */
import type { ChargerSnapshot } from '$shared/contract';
import type { Shown } from '../settings/number-input';
import { fieldProblem, writtenValue, type SettingDefinition } from '../settings/setting-definitions';

export interface DraftChange {
  def: SettingDefinition;
  shown: Shown;
  problem: string | undefined;
}

export class SettingsDraft {
  #values = $state<Partial<Record<string, Shown>>>({});

  set(field: string, value: Shown): void {
    this.#values[field] = value;
  }

  /** The offered fields whose typed value differs from what the charger holds. */
  changes(defs: SettingDefinition[], snapshot: ChargerSnapshot, nowMs: number): DraftChange[] {
    return defs.flatMap((def) => {
      const shown = this.#values[def.field];
      if (shown === undefined) return [];
      const held = def.read(snapshot);
      const problem = fieldProblem(def, shown, snapshot, nowMs);
      if (!problem && writtenValue(def, shown) === held) return [];
      // An untouched empty field of a value the charger does not report is no change.
      if (held === undefined && shown === '') return [];
      return [{ def, shown, problem }];
    });
  }
}
