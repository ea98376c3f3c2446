/**
 * Why the charge current is what it is, in the firmware's own terms (§5.7 of the behaviour
 * document: the EVSE's own maximum, then the budget from MaxMains, MaxSumMains and MaxCircuit, then
 * the share of that budget). Only what /settings shows can be used, so a limit is named when the
 * reading shows it reached; the cable is named when the current is one of the cable capacities.
 * Pure, so it is unit-tested.
 */
import type { ChargerSnapshot } from '$shared/contract';
import type { Message } from './charger-status';
import { formatNumber } from '../settings/number-input';

/** The other members of this charger's power-share group, where Studio can tell them apart. */
export interface GroupView {
  /** The master's reading (the master decides MaxCircuit and the shares). */
  master?: ChargerSnapshot;
  /** How many other chargers of the group are charging, when the list says so without doubt. */
  othersCharging?: number;
}

/** Cable capacities a socket reads from the PP resistor (§5.2). */
const cableCapacitiesA = [13, 16, 32, 63];
/** How close (dA) a reading must be to a limit to call that limit reached: the firmware regulates
 *  in steps of up to 0.5 A, and readings carry noise. */
const nearDa = 10;

const a = (da: number) => formatNumber(Math.round(da) / 10);

/**
 * The reason next to the charge current, or undefined where the charger is not charging or a fixed
 * duty decides (the override warning says that).
 */
export function limitReason(s: ChargerSnapshot, group: GroupView = {}): Message | undefined {
  const cc = s.chargeCurrentDa;
  if (s.stateId !== 2 || cc === undefined) return undefined;
  const member = (s.loadBl ?? 0) >= 1;
  const node = (s.loadBl ?? 0) >= 2;

  // Step 1: the override current replaces the EVSE's own maximum.
  if (s.overrideCurrentDa && cc >= s.overrideCurrentDa - 1)
    return { key: 'limitOverride', values: { amps: a(s.overrideCurrentDa) } };
  if (s.currentMaxA !== undefined && cc >= s.currentMaxA * 10)
    return { key: 'limitMaxCurrent', values: { max: s.currentMaxA } };

  const smartOrSolar = s.modeId === 2 || s.modeId === 3;
  if (smartOrSolar && s.mainsMeter !== 'Disabled') {
    const phases = [s.mainsCurrents.l1Da, s.mainsCurrents.l2Da, s.mainsCurrents.l3Da].filter(
      (v): v is number => v !== undefined,
    );
    const imeasured = phases.length ? Math.max(...phases) : undefined;
    if (s.maxMainsA !== undefined && imeasured !== undefined && imeasured >= s.maxMainsA * 10 - nearDa) {
      // What the rest of the installation draws on the busiest phase (the firmware's baseload).
      const house = Math.max(0, imeasured - cc * (member ? 1 + (group.othersCharging ?? 0) : 1));
      return { key: 'limitMaxMains', values: { max: s.maxMainsA, house: a(house) } };
    }
    const isum = s.mainsCurrents.totalDa;
    if (s.maxSumMainsA && isum !== undefined && isum >= s.maxSumMainsA * 10 - nearDa * (s.phaseCount ?? 3))
      return { key: 'limitMaxSumMains', values: { max: s.maxSumMainsA } };
  }

  if (member) {
    const maxCircuit = (group.master ?? s).maxCircuitA;
    const others = group.othersCharging;
    if (maxCircuit !== undefined) {
      // The budget is shared evenly among those in state C, each up to its own maximum.
      const even = others !== undefined && Math.abs((maxCircuit * 10) / (others + 1) - cc) <= nearDa;
      if (even && others === 0) return { key: 'limitMaxCircuit', values: { max: maxCircuit } };
      if (even) return { key: 'limitMaxCircuitShared', values: { max: maxCircuit, n: others } };
      if (s.modeId === 1) return { key: 'limitMaxCircuitGroup', values: { max: maxCircuit } };
    }
  }
  if (cableCapacitiesA.includes(cc / 10)) return { key: 'limitCable', values: { amps: a(cc) } };
  if (s.modeId === 2) return { key: 'limitSolar', values: { import: s.solarMaxImportA ?? 0 } };
  if (node) return { key: 'limitMaster' };
  if (s.modeId === 3 && s.maxMainsA !== undefined)
    return { key: 'limitRising', values: { max: s.maxMainsA } };
  return undefined;
}

/**
 * The group this charger belongs to, from the chargers in the list. A LAN may hold more than one
 * power-share group and /settings does not say which one a charger is in, so the members are only
 * counted when the list holds exactly one master.
 */
export function groupView(self: ChargerSnapshot, others: (ChargerSnapshot | undefined)[]): GroupView {
  if ((self.loadBl ?? 0) < 1) return {};
  const members = others.filter((o): o is ChargerSnapshot => (o?.loadBl ?? 0) >= 1);
  const [master, ...more] = [self, ...members].filter((o) => o.loadBl === 1);
  if (!master || more.length) return {};
  return {
    master,
    othersCharging: members.filter((o) => o.stateId === 2).length,
  };
}
