/**
 * A control group: one standalone EVSE, or a power-share master with up to seven nodes.
 * Slot 0 is the master (or the standalone EVSE); a node with LoadBl k sits in slot k − 1.
 */
import { NR_EVSES } from './constants';
import type { EvseCore } from './evse';

export interface ControlGroup {
  /** The standalone EVSE or the master. */
  master: EvseCore;
  /** Nodes by slot (index 1..7); empty for a standalone EVSE. */
  nodes: (EvseCore | undefined)[];
}

export function standaloneGroup(evse: EvseCore): ControlGroup {
  return { master: evse, nodes: new Array<EvseCore | undefined>(NR_EVSES).fill(undefined) };
}

export function slotOf(evse: EvseCore): number {
  return evse.settings.loadBl >= 2 ? evse.settings.loadBl - 1 : 0;
}

/** Every EVSE of the group, master first. */
export function members(group: ControlGroup): EvseCore[] {
  return [group.master, ...group.nodes.filter((node): node is EvseCore => node !== undefined)];
}
