/**
 * `IsCurrentAvailable` (§5.6), `CalcBalancedCurrent` (§5.7) and the regulation cycle with the
 * master's node polling and broadcast (§5.1, §5.13). Integer arithmetic truncating toward zero,
 * as the firmware's C does.
 */
import { C2, COMM_TIMEOUT_S, Err, MAX_ISET_DA, Mode, NR_EVSES, SOLARSTARTTIME_S, State } from './constants';
import { forcedSinglePhase, hasCircuitMeter, hasMainsMeter, isMaster, type EvseCore } from './evse';
import type { ControlGroup } from './group';
import { currentToPwm } from './pwm';
import { powerUnavailable, setState } from './transitions';

const div = (a: number, b: number) => Math.trunc(a / b);

interface ActiveSet {
  n: number;
  activeMaxDa: number;
  totalDa: number;
  baseloadDa: number;
  circuitBaseloadDa: number;
}

function circuitImeasuredDa(master: EvseCore): number {
  if (master.flavour === 'official') return master.ev.imeasuredDa;
  return hasCircuitMeter(master) ? master.circuit.imeasuredDa : 0;
}

function activeSet(master: EvseCore): ActiveSet {
  const b = master.balance;
  let n = 0;
  let activeMaxDa = 0;
  let totalDa = 0;
  for (let slot = 0; slot < NR_EVSES; slot += 1) {
    if (b.balancedState[slot] !== State.C) continue;
    n += 1;
    activeMaxDa += b.balancedMaxDa[slot]!;
    totalDa += b.balancedDa[slot]!;
  }
  return {
    n,
    activeMaxDa,
    totalDa,
    baseloadDa: master.mains.imeasuredDa - totalDa,
    circuitBaseloadDa: Math.max(0, circuitImeasuredDa(master) - totalDa),
  };
}

/** Whether MaxCircuit limits this group: a master, or a standalone EVSE with a circuit meter outside Normal. */
function maxCircuitApplies(master: EvseCore): boolean {
  const s = master.settings;
  return isMaster(master) || (s.loadBl === 0 && hasCircuitMeter(master) && s.mode !== Mode.NORMAL);
}

/** May one more EVSE start charging? (§5.6) */
export function isCurrentAvailable(group: ControlGroup): boolean {
  const master = group.master;
  const s = master.settings;
  const { n, totalDa, baseloadDa, circuitBaseloadDa } = activeSet(master);
  const min = s.minCurrentA * 10;
  const isum = master.mains.isumDa;
  if (s.mode === Mode.SOLAR) {
    if (n === 0 && isum >= -s.startCurrentA * 10) return false;
    if (n * min > totalDa) return false;
    if (n > 0 && isum > s.importCurrentA * 10 + totalDa - n * min) return false;
  }
  const next = Math.min(n + 1, NR_EVSES);
  if (s.mode !== Mode.NORMAL && next * min + baseloadDa > s.maxMainsA * 10) return false;
  if (maxCircuitApplies(master) && next * min + circuitBaseloadDa > s.maxCircuitA * 10) return false;
  const phases = s.loadBl === 0 ? (forcedSinglePhase(master) ? 1 : 3) : 1;
  if (s.mode !== Mode.NORMAL && s.maxSumMainsA > 0 && phases * next * min + isum > s.maxSumMainsA * 10)
    return false;
  return true;
}

/** This EVSE's own maximum (§5.7 step 1). */
function ownChargeCurrentDa(evse: EvseCore): number {
  const s = evse.settings;
  let current = s.maxCurrentA * 10;
  if (evse.state === State.C && s.cableConfig === 0 && s.maxCurrentA > evse.cableCapacityA)
    current = evse.cableCapacityA * 10;
  if (evse.overrideCurrentDa !== 0) current = evse.overrideCurrentDa;
  return current;
}

/** `CalcBalancedCurrent(mod)`: mod 0 = periodic run, 1 = a new EVSE is about to enter C. */
export function calcBalancedCurrent(group: ControlGroup, mod: 0 | 1): void {
  const master = group.master;
  const s = master.settings;
  const b = master.balance;
  const mains = master.mains;
  const min = s.minCurrentA * 10;
  const auto = s.enableC2 === C2.AUTO;

  // Step 1
  master.chargeCurrentDa = ownChargeCurrentDa(master);
  b.balancedMaxDa[0] = master.chargeCurrentDa;

  // Step 2
  const { n, activeMaxDa, totalDa, baseloadDa, circuitBaseloadDa } = activeSet(master);
  const isumImport = mains.isumDa - s.importCurrentA * 10;

  // Step 3
  if (s.mode === Mode.NORMAL) {
    b.isetBalancedDa = isMaster(master) ? s.maxCircuitA * 10 - circuitBaseloadDa : master.chargeCurrentDa;
    if (auto && master.phases === 1) master.switchRequest = 3;
  } else {
    if (s.mode === Mode.SOLAR && master.state === State.B && auto) {
      master.switchRequest = -mains.isumDa >= 30 * s.minCurrentA + 30 ? 3 : 1;
    }
    let idifference = s.maxMainsA * 10 - mains.imeasuredDa;
    if (hasCircuitMeter(master))
      idifference = Math.min(idifference, s.maxCircuitA * 10 - master.circuit.imeasuredDa);
    b.limitedByMaxSumMains = false;
    if (s.maxSumMainsA > 0) {
      const excess = s.maxSumMainsA * 10 - mains.isumDa;
      idifference = master.flavour === 'official' ? excess : Math.min(idifference, div(excess, 3));
      if (excess < 0) b.limitedByMaxSumMains = true;
      else b.maxSumMainsTimerS = 0;
    }
    if (mod === 0 && mains.newData) {
      if (idifference > 0) {
        if (s.mode === Mode.SMART) b.isetBalancedDa += div(idifference, 4);
      } else {
        b.isetBalancedDa += idifference;
      }
    }
    b.isetBalancedDa = Math.min(Math.max(b.isetBalancedDa, 0), MAX_ISET_DA);
    if (s.mode === Mode.SOLAR && n > 0 && idifference > 0 && mains.newData) {
      if (isumImport < 0) {
        b.isetBalancedDa += isumImport < -10 && idifference > 10 ? 5 : 1;
      } else if (isumImport > 20) b.isetBalancedDa -= div(isumImport, 2);
      else if (isumImport > 10) b.isetBalancedDa -= 5;
      else if (isumImport > 3) b.isetBalancedDa -= 1;
    }
    if (s.mode === Mode.SMART && mod === 1 && n > 0) {
      b.isetBalancedDa = Math.min(s.maxMainsA * 10 - baseloadDa, s.maxCircuitA * 10 - circuitBaseloadDa);
      if (s.maxSumMainsA > 0)
        b.isetBalancedDa = Math.min(b.isetBalancedDa, div(s.maxSumMainsA * 10 - mains.isumDa, 3));
    }
  }
  // Guards
  if (hasMainsMeter(master) && s.mode !== Mode.NORMAL)
    b.isetBalancedDa = Math.min(b.isetBalancedDa, s.maxMainsA * 10 - baseloadDa);
  if (maxCircuitApplies(master))
    b.isetBalancedDa = Math.min(b.isetBalancedDa, s.maxCircuitA * 10 - circuitBaseloadDa);

  if (n > 0 && (mains.newData || s.mode === Mode.NORMAL)) {
    // Step 4: shortage handling
    if (b.isetBalancedDa < n * min) {
      b.isetBalancedDa = n * min;
      if (s.mode === Mode.SOLAR) {
        const stopThreshold =
          master.flavour === 'official'
            ? (n * s.minCurrentA * master.phases - s.startCurrentA) * 10
            : (n * s.minCurrentA - s.startCurrentA) * 10;
        if (isumImport > 0 && (mains.isumDa > stopThreshold || (master.phases === 3 && auto))) {
          if (master.phases === 3 && auto && master.state === State.C) {
            if (b.solarStopTimerS === 0) {
              b.solarStopTimerS = isumImport < min && s.stopTimeMin > 0 ? s.stopTimeMin * 60 : 30;
            }
            if (b.solarStopTimerS <= 2) {
              master.switchRequest = 1;
              setState(group, master, State.C1);
              b.solarStopTimerS = 0;
            }
          } else if (b.solarStopTimerS === 0 && s.stopTimeMin > 0) {
            b.solarStopTimerS = s.stopTimeMin * 60;
          }
        } else {
          b.solarStopTimerS = 0;
        }
      }
      const hard =
        (hasMainsMeter(master) && s.mode !== Mode.NORMAL && n * min > s.maxMainsA * 10 - baseloadDa) ||
        (maxCircuitApplies(master) && n * min > s.maxCircuitA * 10 - circuitBaseloadDa) ||
        (b.limitedByMaxSumMains && s.maxSumMainsTimeMin === 0);
      if (hard) {
        if (master.switchRequest === 0) b.noCurrent += 1;
      } else if (b.limitedByMaxSumMains && s.maxSumMainsTimeMin > 0 && b.maxSumMainsTimerS === 0) {
        b.maxSumMainsTimerS = s.maxSumMainsTimeMin * 60;
      }
    } else if (
      s.mode === Mode.SOLAR &&
      master.phases === 1 &&
      auto &&
      master.state === State.C &&
      b.isetBalancedDa + 8 >= s.maxCurrentA * 10
    ) {
      let spare = 3 * (s.minCurrentA + 1) - s.maxCurrentA;
      if (spare < 0) spare = 3;
      if (-mains.isumDa > spare * 10) {
        if (b.solarStopTimerS === 0) b.solarStopTimerS = 63;
        if (b.solarStopTimerS <= 3) {
          master.switchRequest = 3;
          setState(group, master, State.C1);
          b.solarStopTimerS = 0;
        }
      } else {
        b.solarStopTimerS = 0;
      }
    } else {
      b.solarStopTimerS = 0;
      b.maxSumMainsTimerS = 0;
      b.noCurrent = 0;
    }

    // Step 5: distribution
    b.isetBalancedDa = Math.min(b.isetBalancedDa, activeMaxDa);
    const budget = b.isetBalancedDa;
    let solarStart = false;
    let remaining = b.isetBalancedDa;
    let k = n;
    const assigned = new Array<boolean>(NR_EVSES).fill(false);
    let again = true;
    while (again) {
      again = false;
      for (let slot = 0; slot < NR_EVSES; slot += 1) {
        if (b.balancedState[slot] !== State.C || assigned[slot]) continue;
        if (s.mode === Mode.SOLAR && b.intTimerS[slot]! < SOLARSTARTTIME_S) {
          solarStart = true;
          b.balancedDa[slot] = min;
          b.isetBalancedDa = totalDa;
        } else if (div(remaining, k) >= b.balancedMaxDa[slot]!) {
          b.balancedDa[slot] = b.balancedMaxDa[slot]!;
        } else {
          continue;
        }
        assigned[slot] = true;
        remaining -= b.balancedDa[slot]!;
        k -= 1;
        again = k > 0;
        break;
      }
    }
    for (let slot = 0; slot < NR_EVSES && k > 0; slot += 1) {
      if (b.balancedState[slot] !== State.C || assigned[slot]) continue;
      b.balancedDa[slot] = div(remaining, k);
      remaining -= b.balancedDa[slot]!;
      k -= 1;
    }
    // A starting Solar EVSE gets MinCurrent whatever the budget (§5.7); otherwise the split fits it.
    if (!solarStart) assertSplit(b.balancedDa, b.balancedState, budget, activeMaxDa);
  }
  if (n === 0) {
    b.solarStopTimerS = 0;
    b.maxSumMainsTimerS = 0;
    b.noCurrent = 0;
  }
  mains.newData = false;
}

/**
 * The distribution's invariants: a budget between 0 and what the active EVSEs can take, every
 * charging EVSE's share a whole, non-negative number of tenths, and the shares adding up to no
 * more than the budget. A violation is a bug in this file, never a charger state: it throws.
 */
export function assertSplit(
  balancedDa: readonly number[],
  balancedState: readonly number[],
  budgetDa: number,
  activeMaxDa: number,
): void {
  if (!Number.isInteger(budgetDa) || budgetDa < 0 || budgetDa > activeMaxDa)
    throw new Error(`balancing: budget ${budgetDa} dA outside 0–${activeMaxDa}`);
  let sum = 0;
  for (let slot = 0; slot < NR_EVSES; slot += 1) {
    if (balancedState[slot] !== State.C) continue;
    const share = balancedDa[slot]!;
    if (!Number.isInteger(share) || share < 0)
      throw new Error(`balancing: share ${share} dA of slot ${slot} is not a current`);
    sum += share;
  }
  if (sum > budgetDa)
    throw new Error(`balancing: shares add up to ${sum} dA, over the budget of ${budgetDa}`);
}

/** The PWM the regulation writes: 0–1024 on the firmware's scale. */
function assertPwm(pwm: number): number {
  if (!Number.isInteger(pwm) || pwm < 0 || pwm > 1024)
    throw new Error(`balancing: PWM ${pwm} outside 0–1024`);
  return pwm;
}

/** Node's maximum as the master reads it from register 0x0007 (or its override). */
function nodeMaxDa(node: EvseCore): number {
  if (node.overrideCurrentDa !== 0) return node.overrideCurrentDa;
  const s = node.settings;
  const cable = s.cableConfig === 1 ? s.maxCurrentA : Math.min(s.maxCurrentA, node.cableCapacityA);
  return cable * 10;
}

/** Raises LESS_6A on the master and on every node (the master broadcasts the error). */
export function raiseLess6A(group: ControlGroup): void {
  for (const evse of [group.master, ...group.nodes]) {
    if (!evse) continue;
    evse.errorFlags |= Err.LESS_6A;
    powerUnavailable(group, evse);
  }
}

/** The regulation cycle of a standalone EVSE or master, every 2 s (§5.1, §5.7 step 6, §5.13). */
export function regulationCycle(group: ControlGroup): void {
  const master = group.master;
  const b = master.balance;
  const s = master.settings;

  // Poll the nodes: state, errors, maximum; answer their COMM_B / COMM_C requests.
  for (let slot = 1; slot < NR_EVSES; slot += 1) {
    const node = group.nodes[slot];
    if (!node) {
      b.nodeOnline[slot] = Math.max(0, b.nodeOnline[slot]! - 1);
      if (b.nodeOnline[slot] === 0) b.balancedState[slot] = State.A;
      continue;
    }
    b.nodeOnline[slot] = 5;
    b.balancedMaxDa[slot] = nodeMaxDa(node);
    b.balancedError[slot] = node.errorFlags;
    if (node.state === State.COMM_B) {
      if (isCurrentAvailable(group)) {
        b.balancedDa[slot] = s.minCurrentA * 10;
        b.balancedState[slot] = State.B;
        setState(group, node, State.COMM_B_OK);
      } else {
        node.errorFlags |= Err.LESS_6A;
      }
    } else if (node.state === State.COMM_C) {
      // The master checks, as for COMM_B: without room the node gets LESS_6A instead (§5.13).
      if (isCurrentAvailable(group)) {
        b.balancedDa[slot] = 0;
        b.balancedState[slot] = State.C;
        calcBalancedCurrent(group, 1);
        setState(group, node, State.COMM_C_OK);
      } else {
        node.errorFlags |= Err.LESS_6A;
      }
    } else {
      b.balancedState[slot] =
        node.state === State.COMM_B_OK ? State.B : node.state === State.COMM_C_OK ? State.C : node.state;
    }
  }

  calcBalancedCurrent(group, 0);

  if (s.mode !== Mode.NORMAL && (b.noCurrent > 2 || master.mains.imeasuredDa > 2 * s.maxMainsA * 10)) {
    raiseLess6A(group);
    b.noCurrent = 0;
  }

  // Broadcast: every node applies its slot's current and the mains currents.
  if ((master.errorFlags & Err.CT_NOCOMM) === 0) {
    for (let slot = 1; slot < NR_EVSES; slot += 1) {
      const node = group.nodes[slot];
      if (!node) continue;
      node.nodeCommTimeoutS = COMM_TIMEOUT_S;
      node.mains.irmsDa = [...master.mains.irmsDa];
      node.mains.isumDa = master.mains.isumDa;
      node.mains.imeasuredDa = master.mains.imeasuredDa;
      node.chargeCurrentDa = b.balancedDa[slot]!;
      // The master's solar stop timer reaches a node when the two differ by more than 3 s.
      if (Math.abs(node.balance.solarStopTimerS - b.solarStopTimerS) > 3)
        node.balance.solarStopTimerS = b.solarStopTimerS;
      if ((node.state === State.B || node.state === State.C) && !node.pwmOverride) {
        node.pwm = assertPwm(currentToPwm(b.balancedDa[slot]!));
      }
      if (node.state === State.C && b.balancedDa[slot] === 0) setState(group, node, State.C1);
    }
  }

  if ((master.state === State.B || master.state === State.C) && !master.pwmOverride) {
    master.pwm = assertPwm(currentToPwm(b.balancedDa[0]!));
  }
}
