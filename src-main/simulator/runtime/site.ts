/**
 * A site: chargers wired to one power-share bus, the EVs plugged into them and the virtual world
 * around them, stepped together in simulated time. The roles (LoadBl) decide the topology at every
 * 1-s tick, as the firmware's bus does: a master (1) and the nodes (2–8) it hears form one control
 * group, a Disabled (0) charger is a group of its own, a node with no master on the bus hears no
 * broadcast. Cadence as the firmware: pilot logic whenever something can change (equivalent to
 * every 10 ms, without running it when nothing can), the 1-s task every second, regulation every
 * second tick.
 */
import type { Replay } from './replay';
import {
  METER_API,
  State,
  applyEvMeterReading,
  applyMainsReading,
  createEvse,
  pendingPilotWakeMs,
  standaloneGroup,
  tick10ms,
  tick1s,
  type ControlGroup,
  type EvseCore,
} from '../core';
import { NR_EVSES } from '../core/constants';
import { EvModel } from '../world/ev-model';
import type { World } from '../world/world';

/** Bound on pilot-logic passes after one event: a loop that does not settle is a core bug. */
const maxSettlePasses = 64;

export interface SiteMember {
  evse: EvseCore;
  ev: EvModel;
  /** Energy counter of the virtual EV meter, Wh. */
  evMeterImportWh: number;
  temperatureC: number;
  rcmFault: boolean;
}

export class Site {
  /** The control groups the roles make now (see `rewire`). */
  private groups: ControlGroup[] = [];
  readonly members: SiteMember[];
  nowMs: number;
  private nextSecondMs: number;
  private secondsSinceBoot = 0;
  /** A recorded period being replayed into this site (a twin's). */
  replay: Replay | undefined;
  private readonly firstRegulationS: number;

  constructor(
    readonly world: World,
    evses: EvseCore[],
    nowMs: number,
    readonly onReboot: (member: SiteMember) => void = () => undefined,
    /** After each 1-s task, once per member (the firmware's MQTT publisher runs there). */
    readonly onSecond: (member: SiteMember) => void = () => undefined,
  ) {
    const [first] = evses;
    if (!first) throw new Error('A site needs at least one EVSE');
    this.members = evses.map((evse) => ({
      evse,
      ev: new EvModel(),
      evMeterImportWh: 0,
      temperatureC: 25,
      rcmFault: false,
    }));
    this.nowMs = nowMs;
    this.nextSecondMs = Math.floor(nowMs / 1000) * 1000 + 1000;
    this.firstRegulationS = first.flavour === 'official' ? 2 : 5;
    this.rewire();
  }

  /**
   * Derives the groups from the roles. A group keeps its identity (the master's balancing table)
   * across rewiring: a node that goes quiet is dropped by the master's own 5-poll count.
   */
  rewire(): void {
    const evses = this.members.map((m) => m.evse);
    const masters = evses.filter((e) => e.settings.loadBl === 1);
    const groups: ControlGroup[] = [];
    const leader = masters[0];
    for (const evse of evses) {
      const role = evse.settings.loadBl;
      if (role === 0 || role === 1 || !leader) groups.push(this.reuse(evse));
    }
    if (leader) {
      const group = groups.find((g) => g.master === leader)!;
      group.nodes = new Array<EvseCore | undefined>(NR_EVSES).fill(undefined);
      for (const evse of evses) {
        const role = evse.settings.loadBl;
        // Two nodes on one address: the first answers, the other is not heard.
        if (role >= 2 && role <= NR_EVSES && group.nodes[role - 1] === undefined)
          group.nodes[role - 1] = evse;
      }
    }
    for (const group of groups) {
      const own = group.master;
      // A charger that was a node kept no table of its own: its slot 0 starts from its state now.
      if (own.settings.loadBl < 2 && !this.groups.some((g) => g.master === own)) {
        own.balance.balancedState[0] = own.state;
        const cable =
          own.settings.cableConfig === 1
            ? own.settings.maxCurrentA
            : Math.min(own.settings.maxCurrentA, own.cableCapacityA);
        own.balance.balancedMaxDa[0] = cable * 10;
        if (own.state === State.C) own.balance.balancedDa[0] = own.chargeCurrentDa;
      }
    }
    this.groups = groups;
  }

  private reuse(master: EvseCore): ControlGroup {
    const old = this.groups.find((g) => g.master === master);
    if (old) {
      old.nodes.fill(undefined);
      return old;
    }
    return standaloneGroup(master);
  }

  /** The group an EVSE is in now: its master's, its own, or (a node with no master) its own silent one. */
  groupOf(evse: EvseCore): ControlGroup {
    return (
      this.groups.find((g) => g.master === evse || g.nodes.includes(evse)) ??
      this.groups.find((g) => g.master === this.members[0]!.evse)!
    );
  }

  /** The first member's group (a standalone charger's, or the master's). */
  get group(): ControlGroup {
    return this.groupOf(this.members[0]!.evse);
  }

  member(serial: number): SiteMember | undefined {
    return this.members.find((m) => m.evse.serial === serial);
  }

  /** Runs the pilot logic (and the cars' reactions) until nothing changes. */
  settle(): void {
    for (let pass = 0; pass < maxSettlePasses; pass += 1) {
      let changed = false;
      for (const member of this.members) {
        if (member.ev.update(member.evse, this.nowMs)) changed = true;
        if (tick10ms(this.groupOf(member.evse), member.evse, member.ev.currentPilot, this.nowMs))
          changed = true;
      }
      if (!changed) return;
    }
    throw new Error(`Pilot logic did not settle at ${this.nowMs} ms`);
  }

  private nextWakeMs(): number {
    let next = this.nextSecondMs;
    for (const { evse, ev } of this.members) {
      for (const wake of [pendingPilotWakeMs(evse), ev.nextWakeMs()]) {
        if (wake !== undefined && wake > this.nowMs && wake < next) next = Math.ceil(wake / 10) * 10;
      }
    }
    return next;
  }

  private second(): void {
    this.replay?.step(this, this.nowMs);
    this.world.step();
    this.secondsSinceBoot += 1;
    this.rewire();
    const regulationDue =
      this.secondsSinceBoot >= this.firstRegulationS &&
      (this.secondsSinceBoot - this.firstRegulationS) % 2 === 0;
    const inputs = (evse: EvseCore) => {
      const member = this.members.find((m) => m.evse === evse)!;
      return { temperatureC: member.temperatureC, rcmFault: member.rcmFault };
    };
    const reboots: EvseCore[] = [];
    for (const group of this.groups) {
      const master = group.master;
      // A node with no master on the bus runs its own 1-s task but regulates nothing.
      const regulates = regulationDue && master.settings.loadBl < 2;
      // Virtual meters are polled at the start of each regulation cycle, as Modbus meters are.
      if (regulates) {
        if (
          master.settings.mainsMeter !== 0 &&
          master.settings.mainsMeter !== METER_API &&
          this.world.settings.mainsMeterOnline
        ) {
          applyMainsReading(master, this.mainsDa(), this.nowMs);
        }
        for (const evse of [master, ...group.nodes]) {
          if (!evse) continue;
          const member = this.members.find((m) => m.evse === evse)!;
          const s = evse.settings;
          if (s.evMeter !== 0 && s.evMeter !== METER_API && this.world.settings.evMeterOnline) {
            const draw = member.ev.drawDa;
            applyEvMeterReading(evse, {
              currentsDa: [...draw],
              importWh: Math.round(member.evMeterImportWh),
              exportWh: 0,
              powerW: Math.round(((draw[0] + draw[1] + draw[2]) * 230) / 10),
            });
          }
        }
      }
      reboots.push(...tick1s(group, inputs, this.nowMs, regulates).reboot);
    }
    for (const member of this.members) {
      if (member.evse.state === State.C) member.evMeterImportWh += member.ev.charge(1);
    }
    for (const evse of reboots) this.reboot(this.members.find((m) => m.evse === evse)!);
    for (const member of this.members) this.onSecond(member);
  }

  /** Restarts one EVSE: RAM state is lost, settings are kept (§3.6, §3.2 persistence). */
  reboot(member: SiteMember): void {
    const old = member.evse;
    const fresh = createEvse({
      serial: old.serial,
      flavour: old.flavour,
      settings: old.settings,
      nowMs: this.nowMs,
    });
    fresh.cableCapacityA = old.cableCapacityA;
    Object.assign(old, fresh);
    if (old === this.members[0]?.evse) this.secondsSinceBoot = 0;
    this.onReboot(member);
  }

  mainsDa(): [number, number, number] {
    return this.world.mainsDa(
      this.nowMs,
      this.members.map((m) => m.ev.drawDa),
    );
  }

  /** Steps simulated time to `targetMs`, exactly, firing every tick on the way. */
  advanceTo(targetMs: number): void {
    this.settle();
    while (true) {
      const next = this.nextWakeMs();
      if (next > targetMs) break;
      this.nowMs = next;
      if (next === this.nextSecondMs) {
        this.nextSecondMs += 1000;
        this.second();
      }
      this.settle();
    }
    this.nowMs = Math.max(this.nowMs, targetMs);
    this.settle();
  }
}
