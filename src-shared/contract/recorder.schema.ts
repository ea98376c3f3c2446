/**
 * The flight recorder's shapes: charging sessions (plug-in to unplug), recorded settings changes,
 * and the pure sums over sessions (monthly totals, CSV) that main, the CLI and the renderer share.
 */
import { z } from 'zod';
import { localTimeText } from './write-rules';

/**
 * Why charging ended, from what the charger reported when it left state C (or at unplug):
 * - `unplugged`: unplugged while charging;
 * - `ev-stopped`: the EV stopped drawing by itself (full, or its own schedule) and the charger waited;
 * - `no-power`: not enough current within the mains or circuit limit (LESS_6A);
 * - `no-surplus`: in Solar, the stop timer ran out without enough surplus (LESS_6A);
 * - `switched-off`: the mode went to Off or Pause, or access was denied;
 * - `delayed-stop`: the delayed stop time was reached;
 * - `error`: an error stopped it (`stopError` names it);
 * - `never-charged`: plugged in and out without charging;
 * - `unknown`: Studio was not watching when it ended.
 */
export const stopReasons = [
  'unplugged',
  'ev-stopped',
  'no-power',
  'no-surplus',
  'switched-off',
  'delayed-stop',
  'error',
  'never-charged',
  'unknown',
] as const;
export type StopReason = (typeof stopReasons)[number];

export const sessionSchema = z.object({
  id: z.number().int(),
  chargerId: z.string(),
  startMs: z.number(),
  /** Absent while the EV is still plugged in. */
  endMs: z.number().optional(),
  /** While open: when Studio last read it plugged in (a charger no longer read says so). */
  lastSeenMs: z.number().optional(),
  energyWh: z.number(),
  /** `ev-meter`: the EV meter's counter; `estimated`: charge current × phases × 230 V over time. */
  energySource: z.enum(['ev-meter', 'estimated']),
  /** The highest current seen: measured by the EV meter, or offered to the EV (the PWM's current). */
  peakDa: z.number(),
  peakSource: z.enum(['ev-meter', 'offered']),
  /** Time in state C (contactors closed), ms. */
  chargingMs: z.number(),
  /** The mode at plug-in, and each other mode seen during the session (REST `mode_id` numbers). */
  modeIds: z.array(z.number().int()),
  stopReason: z.enum(stopReasons).optional(),
  /** The firmware's error name, for `stopReason` `error`. */
  stopError: z.string().optional(),
});
export type ChargingSession = z.infer<typeof sessionSchema>;

export const settingChangeSchema = z.object({
  chargerId: z.string(),
  tMs: z.number(),
  /** A field of the field table (profile or installer), as compare names it. */
  field: z.string(),
  /** As a person reads them ("32 A"); absent `before` for the first value Studio saw. */
  before: z.string().optional(),
  after: z.string(),
});
export type SettingChange = z.infer<typeof settingChangeSchema>;

/** Retention bounds of the recorder, in days (the preference). */
export const recorderDaysRange = { min: 1, max: 365, default: 30 } as const;
/** Sessions and settings changes are small: they are kept at least this long, for yearly totals. */
export const sessionKeepDays = 400;

export interface MonthTotal {
  /** `YYYY-MM` in local time, of the session's start. */
  month: string;
  sessions: number;
  energyWh: number;
  /** Part of `energyWh` that was estimated (no EV meter). */
  estimatedWh: number;
  chargingMs: number;
}

const monthOf = (ms: number) => localTimeText(ms).slice(0, 7);

/** Totals per month of the sessions' start (this computer's time zone), newest month first. */
export function monthlyTotals(sessions: readonly ChargingSession[]): MonthTotal[] {
  const months = new Map<string, MonthTotal>();
  for (const s of sessions) {
    const month = monthOf(s.startMs);
    let total = months.get(month);
    if (!total)
      months.set(month, (total = { month, sessions: 0, energyWh: 0, estimatedWh: 0, chargingMs: 0 }));
    total.sessions += 1;
    total.energyWh += s.energyWh;
    if (s.energySource === 'estimated') total.estimatedWh += s.energyWh;
    total.chargingMs += s.chargingMs;
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** A local time as a spreadsheet reads it: `YYYY-MM-DD HH:MM`. */
const localStamp = (ms: number) => localTimeText(ms).replace('T', ' ');

const csvCell = (value: string | number | undefined): string => {
  if (value === undefined) return '';
  const text = String(value);
  // Quoted where it must be; a leading = + - @ is neutralised so a spreadsheet does not run it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * Sessions as CSV for a spreadsheet: local times, kWh with three decimals, whether the energy was
 * estimated, and the charger's name as the user named it.
 */
export function sessionsCsv(
  sessions: readonly ChargingSession[],
  nameOf: (chargerId: string) => string,
  modeName: (modeId: number) => string,
): string {
  const head = [
    'charger',
    'start',
    'end',
    'energy_kwh',
    'energy_source',
    'peak_current_a',
    'peak_source',
    'charging_minutes',
    'modes',
    'stop_reason',
    'stop_error',
  ];
  const rows = sessions.map((s) =>
    [
      nameOf(s.chargerId),
      localStamp(s.startMs),
      s.endMs === undefined ? '' : localStamp(s.endMs),
      (s.energyWh / 1000).toFixed(3),
      s.energySource,
      (s.peakDa / 10).toFixed(1),
      s.peakSource,
      Math.round(s.chargingMs / 60_000),
      s.modeIds.map(modeName).join(' '),
      s.stopReason ?? (s.endMs === undefined ? 'plugged in' : ''),
      s.stopError,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[head.join(','), ...rows].join('\n')}\n`;
}
