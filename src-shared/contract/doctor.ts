/**
 * The configuration doctor: rules over what a charger reports that flag known foot-guns before
 * they cost a night's charge. Each finding names the rule, says what happens in plain words (a
 * catalogue key with values), the setting to change and where (REST or the LCD menu), and the
 * firmware behaviour behind it (`firmware-behaviour.md` section).
 */
import { z } from 'zod';
import type { ChargerSnapshot } from './charger-settings.schema';

export const doctorRuleIds = [
  'capacity-limit',
  'one-phase-ev-solar',
  'circuit-below-max',
  'api-meter-stale',
  'start-current-unreachable',
  'solar-never-stops',
  'override-above-cable',
  'daily-delayed-stop',
  'node-conflicts-master',
] as const;
export type DoctorRuleId = (typeof doctorRuleIds)[number];

const params = z.record(z.string(), z.union([z.string(), z.number()]));

export const doctorFindingSchema = z.object({
  rule: z.enum(doctorRuleIds),
  severity: z.enum(['warning', 'info']),
  /** What happens, in the user's language. */
  key: z.string().max(64),
  params,
  /** The setting to change: its name as the charger's LCD menu or REST spells it, and where. */
  setting: z.object({ name: z.string(), where: z.enum(['rest', 'lcd']) }),
  /** The firmware behaviour behind it: the section of the behaviour document. */
  because: z.string(),
});
export type DoctorFinding = z.infer<typeof doctorFindingSchema>;

export const doctorReportSchema = z.object({
  chargerId: z.string(),
  name: z.string(),
  findings: z.array(doctorFindingSchema),
  /** Why the charger could not be checked (offline, never read). */
  problem: z.string().optional(),
});
export type DoctorReport = z.infer<typeof doctorReportSchema>;

export interface DoctorInput {
  snapshot: ChargerSnapshot;
  /** Studio's clock, epoch ms: how old the last API mains reading is. */
  nowMs: number;
  /** A node's master, when Studio knows it: its settings overrule the node's. */
  master?: ChargerSnapshot | undefined;
}

/** The smallest cable a Type 2 socket reads (13 A): an override above it can overload one. */
const smallestCableA = 13;
/** The firmware's mains-meter timeout (COMM_TIMEOUT, §5.10). */
const apiTimeoutS = 11;

const amps = (da: number) => Math.round(da) / 10;

/** True when the EV draws on one phase only (the EV meter, while charging). */
function drawsOnePhase(s: ChargerSnapshot): boolean {
  const { l1Da = 0, l2Da = 0, l3Da = 0 } = s.evCurrents;
  const drawing = [l1Da, l2Da, l3Da].filter((da) => da >= 10);
  return s.stateId === 2 && drawing.length === 1;
}

export function diagnose({ snapshot: s, nowMs, master }: DoctorInput): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const solar = s.internalMode === 2;
  const smart = s.internalMode === 1;
  const node = (s.loadBl ?? 0) >= 2;
  const add = (f: Omit<DoctorFinding, 'params'> & { params?: DoctorFinding['params'] }) =>
    out.push({ params: {}, ...f });

  if ((s.maxSumMainsA ?? 0) > 0 && !node) {
    add({
      rule: 'capacity-limit',
      severity: solar ? 'warning' : 'info',
      key: solar ? 'docCapacitySolar' : 'docCapacity',
      params: { limit: s.maxSumMainsA!, minutes: s.maxSumMainsTimeMin ?? 0 },
      setting: { name: 'current_max_sum_mains', where: 'rest' },
      because: '§5.6, §5.7 (MaxSumMains is enforced whenever it is not 0)',
    });
  }
  if (solar && s.enableC2 !== 'Always Off' && drawsOnePhase(s)) {
    add({
      rule: 'one-phase-ev-solar',
      severity: 'warning',
      key: 'docOnePhaseSolar',
      params: { c2: s.enableC2 ?? '?' },
      setting: { name: 'enable_C2', where: 'rest' },
      because: '§5.7 Solar, §5.8 (the surplus is counted for the phases the contactors switch)',
    });
  }
  if (smart && (s.loadBl ?? 0) <= 1 && s.maxCircuitA !== undefined && s.currentMaxA !== undefined) {
    if (s.maxCircuitA < s.currentMaxA) {
      add({
        rule: 'circuit-below-max',
        severity: 'info',
        key: 'docCircuitBelowMax',
        params: { circuit: s.maxCircuitA, max: s.currentMaxA },
        setting: { name: 'MAX CIRCUIT', where: 'lcd' },
        because: '§5.6, §5.7 (MaxCircuit caps the sum of the EVSEs on the circuit)',
      });
    }
  }
  if (s.mainsMeter === 'API' && (solar || smart) && !node) {
    const last = s.mainsLastUpdateS ?? 0;
    const ageS = Math.round(nowMs / 1000 - last);
    if (last === 0 || ageS > apiTimeoutS) {
      add({
        rule: 'api-meter-stale',
        severity: 'warning',
        key: last === 0 ? 'docApiNever' : 'docApiStale',
        params: { age: ageS, timeout: apiTimeoutS },
        setting: { name: 'MAINS MET', where: 'lcd' },
        because: '§5.9, §5.10 (CT_NOCOMM 11 s after the last API reading, in Smart and Solar)',
      });
    }
  }
  if (solar && !node && s.currentMinA !== undefined && s.solarStartCurrentA !== undefined) {
    const phases = s.enableC2 === 'Always Off' || s.enableC2 === 'Solar Off' ? 1 : (s.phaseCount ?? 3);
    const needed = phases * s.currentMinA;
    const offered = s.solarStartCurrentA + (s.solarMaxImportA ?? 0);
    if (offered < needed) {
      add({
        rule: 'start-current-unreachable',
        severity: 'warning',
        key: 'docStartCurrent',
        params: { start: s.solarStartCurrentA, import: s.solarMaxImportA ?? 0, phases, needed },
        setting: { name: 'solar_start_current', where: 'rest' },
        because: '§5.7 Solar (start at StartCurrent of export, then hold MinCurrent on every phase)',
      });
    }
  }
  if (solar && !node && s.solarStopTimeMin === 0) {
    add({
      rule: 'solar-never-stops',
      severity: 'warning',
      key: 'docSolarNeverStops',
      setting: { name: 'stop_timer', where: 'rest' },
      because: '§5.7 Solar (StopTime 0: no stop timer, MinCurrent from the grid when the sun goes)',
    });
  }
  if ((s.overrideCurrentDa ?? 0) > smallestCableA * 10) {
    add({
      rule: 'override-above-cable',
      severity: 'warning',
      key: 'docOverrideCable',
      params: { override: amps(s.overrideCurrentDa!), cable: smallestCableA },
      setting: { name: 'override_current', where: 'rest' },
      because: '§5.7 step 1 (an override replaces the cable limit read from the plug)',
    });
  }
  if ((s.delayedStopS ?? 0) > 0 && s.repeatDaily === 1) {
    add({
      rule: 'daily-delayed-stop',
      severity: 'info',
      key: 'docDailyStop',
      params: { stopS: s.delayedStopS! },
      setting: { name: 'stoptime / repeat', where: 'rest' },
      because: '§5.11 (a repeating delayed charge stops at its stop time every day)',
    });
  }
  if (node && master) {
    const differs: string[] = [];
    if (master.internalMode !== undefined && s.internalMode !== master.internalMode) differs.push('mode');
    if (master.currentMinA !== undefined && s.currentMinA !== master.currentMinA) differs.push('MIN');
    if (master.solarStartCurrentA !== undefined && s.solarStartCurrentA !== master.solarStartCurrentA)
      differs.push('solar_start_current');
    if (master.solarMaxImportA !== undefined && s.solarMaxImportA !== master.solarMaxImportA)
      differs.push('solar_max_import');
    if (master.solarStopTimeMin !== undefined && s.solarStopTimeMin !== master.solarStopTimeMin)
      differs.push('stop_timer');
    if (differs.length > 0) {
      add({
        rule: 'node-conflicts-master',
        severity: 'warning',
        key: 'docNodeConflict',
        params: { fields: differs.join(', ') },
        setting: { name: differs.join(', '), where: 'rest' },
        because: '§5.13 (the master decides for its nodes: its mode, MinCurrent and Solar settings count)',
      });
    }
  }
  return out;
}
