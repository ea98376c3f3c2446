/**
 * A power-share group in words: the budget the master works with (MaxCircuit in Normal; MaxMains
 * headroom and MaxCircuit in Smart and Solar, §5.13), how it is given out, and for each member why
 * it is not charging where the group is the reason. Pure, so it is unit-tested.
 */
import type { ChargerSnapshot, PowerShareGroup, ShareMember } from '$shared/contract';
import type { Message } from './charger-status';

const charging = (s: ChargerSnapshot | undefined) => s?.stateId === 2;
const amps = (da: number) => Math.round(da) / 10;
/** The firmware appends "No Power Available" to the state when the master had no current to give. */
const waitingForPower = (s: ChargerSnapshot) => (s.state ?? '').includes('No Power Available');

export interface GroupBudget {
  budget: Message;
  split: Message;
  /** Each charging member's share in A, by charger id. */
  shares: Record<string, number>;
}

export function groupBudget(group: PowerShareGroup): GroupBudget {
  const members = [group.master, ...group.nodes];
  const m = group.master.snapshot;
  const circuit = m?.maxCircuitA;
  const active = members.filter((x) => charging(x.snapshot));
  const shares = Object.fromEntries(active.map((x) => [x.chargerId, amps(x.snapshot?.chargeCurrentDa ?? 0)]));
  const givenDa = active.reduce((sum, x) => sum + (x.snapshot?.chargeCurrentDa ?? 0), 0);
  // Internal mode 0 Normal, 1 Smart, 2 Solar.
  const normal = (m?.internalMode ?? 0) === 0;
  let budget: Message;
  if (circuit === undefined) budget = { key: 'groupBudgetUnknown' };
  else if (normal) budget = { key: 'groupBudgetNormal', values: { circuit } };
  else {
    const phases = m?.mainsCurrents ?? {};
    const peakDa = Math.max(0, phases.l1Da ?? 0, phases.l2Da ?? 0, phases.l3Da ?? 0);
    const houseDa = Math.max(0, peakDa - givenDa);
    budget = {
      key: 'groupBudgetMains',
      values: { mains: m?.maxMainsA ?? '?', house: amps(houseDa), circuit },
    };
  }
  const split: Message =
    active.length === 0
      ? { key: 'groupSplitNone' }
      : {
          key: 'groupSplit',
          values: {
            given: amps(givenDa),
            n: active.length,
            list: active.map((x) => `${x.name} ${shares[x.chargerId]} A`).join(', '),
          },
        };
  return { budget, split, shares };
}

/** Why a member is not charging when the group is the reason, or a mismatch worth knowing. */
export function memberNote(group: PowerShareGroup, member: ShareMember): Message | undefined {
  const s = member.snapshot;
  if (!s) return { key: 'groupNoAnswer' };
  const master = group.master.snapshot;
  if (member.node > 0) {
    if (s.error === 'Communication Error') return { key: 'groupNoMaster' };
    if (
      master?.internalMode !== undefined &&
      s.internalMode !== undefined &&
      s.internalMode !== master.internalMode
    )
      return { key: 'groupModeDiffers', values: { master: group.master.name } };
  }
  if (waitingForPower(s)) {
    const { shares } = groupBudget(group);
    const given = Object.values(shares).reduce((a, b) => a + b, 0);
    return {
      key: 'groupWaiting',
      values: { given, n: Object.keys(shares).length, min: s.currentMinA ?? master?.currentMinA ?? 6 },
    };
  }
  return undefined;
}
