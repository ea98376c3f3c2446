// Goal: Studio tells a power-share group as one thing: the master and its nodes by role and serial,
// the budget and how it is split, a node's mode that differs, one waiting for current, a node number
// used twice, and nodes it cannot place when the list holds several masters (until the user says).
import { describe, expect, it } from 'vitest';
import { powerShareGroups, type ChargerSnapshot, type ShareCandidate } from '$shared/contract';
import { groupBudget, memberNote } from '../../src-renderer/lib/status/group-words';

const charger = (serial: number, loadBl: number, more: Partial<ChargerSnapshot> = {}): ShareCandidate => ({
  chargerId: `SmartEVSE-${serial}`,
  name: `SmartEVSE-${serial}`,
  snapshot: {
    flavour: 'dingo35',
    serial,
    loadBl,
    internalMode: 1,
    maxCircuitA: 16,
    maxMainsA: 25,
    currentMinA: 6,
    mainsCurrents: { l1Da: 200, l2Da: 180, l3Da: 190 },
    evCurrents: {},
    ...more,
  },
});

describe('powerShareGroups', () => {
  it('with one master, every node listed is its own, in node order', () => {
    const view = powerShareGroups([charger(3, 3), charger(1, 1), charger(2, 2), charger(9, 0)]);
    expect(view.unplaced).toEqual([]);
    expect(view.groups).toHaveLength(1);
    const [group] = view.groups;
    expect(group!.master.chargerId).toBe('SmartEVSE-1');
    expect(group!.nodes.map((n) => [n.chargerId, n.node])).toEqual([
      ['SmartEVSE-2', 1],
      ['SmartEVSE-3', 2],
    ]);
    expect(group!.basis).toBe('only-master');
  });

  it('with two masters, nodes wait for the user, then go where they were told', () => {
    const list = [charger(1, 1), charger(2, 2), charger(11, 1), charger(12, 2)];
    const unknown = powerShareGroups(list);
    expect(unknown.unplaced.map((n) => n.chargerId)).toEqual(['SmartEVSE-2', 'SmartEVSE-12']);
    const told = powerShareGroups(list, { '2': 1, '12': 11 });
    expect(told.unplaced).toEqual([]);
    expect(told.groups.map((g) => [g.master.chargerId, g.nodes.map((n) => n.chargerId), g.basis])).toEqual([
      ['SmartEVSE-1', ['SmartEVSE-2'], 'assigned'],
      ['SmartEVSE-11', ['SmartEVSE-12'], 'assigned'],
    ]);
  });

  it('says when one node number is used twice', () => {
    const view = powerShareGroups([charger(1, 1), charger(2, 2), charger(3, 2)]);
    expect(view.groups[0]!.problems).toEqual([
      { key: 'groupNodeTwice', params: { n: 1, names: 'SmartEVSE-2, SmartEVSE-3' } },
    ]);
  });
});

describe('group words', () => {
  const charging = { stateId: 2, state: 'Charging', chargeCurrentDa: 80 };
  it('Smart: the budget is the mains headroom and MaxCircuit, split among the charging members', () => {
    const group = powerShareGroups([charger(1, 1, charging), charger(2, 2, charging), charger(3, 3)])
      .groups[0]!;
    const budget = groupBudget(group);
    // The highest phase is 20 A, of which 16 A are the two chargers: the house uses 4 A.
    expect(budget.budget).toEqual({ key: 'groupBudgetMains', values: { mains: 25, house: 4, circuit: 16 } });
    expect(budget.split).toEqual({
      key: 'groupSplit',
      values: { given: 16, n: 2, list: 'SmartEVSE-1 8 A, SmartEVSE-2 8 A' },
    });
  });

  it('Normal: MaxCircuit alone', () => {
    const group = powerShareGroups([charger(1, 1, { internalMode: 0 }), charger(2, 2)]).groups[0]!;
    expect(groupBudget(group).budget).toEqual({ key: 'groupBudgetNormal', values: { circuit: 16 } });
    expect(groupBudget(group).split).toEqual({ key: 'groupSplitNone' });
  });

  it('why a node does not charge: waiting for current, no master, or another mode', () => {
    const waiting = { stateId: 1, state: 'Connected to EV - No Power Available' };
    const group = powerShareGroups([
      charger(1, 1, { ...charging, chargeCurrentDa: 160 }),
      charger(2, 2, waiting),
      charger(3, 3, { error: 'Communication Error' }),
      charger(4, 4, { internalMode: 2 }),
    ]).groups[0]!;
    const [n1, n2, n3] = group.nodes;
    expect(memberNote(group, n1!)).toEqual({ key: 'groupWaiting', values: { given: 16, n: 1, min: 6 } });
    expect(memberNote(group, n2!)).toEqual({ key: 'groupNoMaster' });
    expect(memberNote(group, n3!)).toEqual({ key: 'groupModeDiffers', values: { master: 'SmartEVSE-1' } });
    expect(memberNote(group, group.master)).toBeUndefined();
  });
});
