// Goal (issue 13 point 3): next to the charge current, the reason it is what it is, in the
// firmware's terms (MaxCurrent, cable, override, MaxMains headroom, MaxSumMains, MaxCircuit shared
// with N chargers, solar surplus). Method: readings as /settings reports them → the message.
import { describe, expect, it } from 'vitest';
import type { ChargerSnapshot } from '$shared/contract';
import { groupView, limitReason } from '../../src-renderer/lib/status/limit-words';

const charging: ChargerSnapshot = {
  flavour: 'dingo35',
  mainsCurrents: { l1Da: 60, l2Da: 50, l3Da: 40, totalDa: 150 },
  evCurrents: {},
  mainsMeter: 'Sensorbox',
  modeId: 1,
  stateId: 2,
  loadBl: 0,
  chargeCurrentDa: 160,
  currentMaxA: 16,
  maxMainsA: 25,
  maxCircuitA: 16,
  maxSumMainsA: 0,
  phaseCount: 3,
  solarMaxImportA: 0,
};
const at = (changes: Partial<ChargerSnapshot>) => limitReason({ ...charging, ...changes });

describe('why the charge current is what it is', () => {
  it('is not said while not charging', () => {
    expect(at({ stateId: 1 })).toBeUndefined();
    expect(at({ chargeCurrentDa: undefined })).toBeUndefined();
  });

  it('names MaxCurrent, the override current and the cable', () => {
    expect(at({})).toEqual({ key: 'limitMaxCurrent', values: { max: 16 } });
    expect(at({ overrideCurrentDa: 100, chargeCurrentDa: 100 })).toEqual({
      key: 'limitOverride',
      values: { amps: '10' },
    });
    expect(at({ chargeCurrentDa: 130, currentMaxA: 32 })).toEqual({
      key: 'limitCable',
      values: { amps: '13' },
    });
  });

  it('names MaxMains with what the house uses, in Smart and Solar only', () => {
    const full = { modeId: 3, chargeCurrentDa: 90, mainsCurrents: { l1Da: 248, l2Da: 200, l3Da: 190 } };
    expect(at(full)).toEqual({ key: 'limitMaxMains', values: { max: 25, house: '15.8' } });
    // Normal mode ignores the mains meter (§5.7): MaxMains is not what limits it.
    expect(at({ ...full, modeId: 1 })?.key).not.toBe('limitMaxMains');
    // Below the limit, Smart is still rising towards it.
    expect(at({ ...full, mainsCurrents: { l1Da: 200 } })).toEqual({
      key: 'limitRising',
      values: { max: 25 },
    });
  });

  it('names MaxSumMains when the sum of the phases reaches it', () => {
    expect(
      at({ modeId: 3, chargeCurrentDa: 80, maxSumMainsA: 40, mainsCurrents: { l1Da: 140, totalDa: 395 } }),
    ).toEqual({ key: 'limitMaxSumMains', values: { max: 40 } });
  });

  it('names the solar surplus in Solar when no other limit is reached', () => {
    expect(at({ modeId: 2, chargeCurrentDa: 74, solarMaxImportA: 2 })).toEqual({
      key: 'limitSolar',
      values: { import: 2 },
    });
  });

  it('names MaxCircuit shared with the others of a power-share group', () => {
    const master = { ...charging, loadBl: 1, chargeCurrentDa: 80 };
    const node = { ...charging, loadBl: 2, chargeCurrentDa: 80, maxCircuitA: 40 };
    const group = groupView(master, [node]);
    expect(group.othersCharging).toBe(1);
    expect(limitReason(master, group)).toEqual({ key: 'limitMaxCircuitShared', values: { max: 16, n: 1 } });
    // The node takes the master's MaxCircuit, not its own stored one.
    expect(limitReason(node, groupView(node, [master]))).toEqual({
      key: 'limitMaxCircuitShared',
      values: { max: 16, n: 1 },
    });
    // The count is only given where it adds up; otherwise the group is named without one.
    expect(limitReason({ ...master, chargeCurrentDa: 60 }, group)).toEqual({
      key: 'limitMaxCircuitGroup',
      values: { max: 16 },
    });
  });

  it('does not count members when the list holds more than one group', () => {
    const master = { ...charging, loadBl: 1 };
    expect(groupView(master, [{ ...master }, { ...charging, loadBl: 2 }])).toEqual({});
    expect(groupView(charging, [master])).toEqual({});
  });
});
