/**
 * A site: one control group (a standalone charger, or a master with nodes), the EVs plugged into
 * them and the virtual world around them, stepped together in simulated time. Cadence as the
 * firmware: pilot logic whenever something can change (equivalent to every 10 ms, without running
 * it when nothing can), the 1-s task every second, regulation every second tick.
 */
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
  readonly group: ControlGroup;
  readonly members: SiteMember[];
  nowMs: number;
  private nextSecondMs: number;
  private secondsSinceBoot = 0;
  private readonly firstRegulationS: number;

  constructor(
    readonly world: World,
    evses: EvseCore[],
    nowMs: number,
    readonly onReboot: (member: SiteMember) => void = () => undefined,
    /** After each 1-s task, once per member (the firmware's MQTT publisher runs there). */
    readonly onSecond: (member: SiteMember) => void = () => undefined,
  ) {
    const [master, ...nodes] = evses;
    if (!master) throw new Error('A site needs at least one EVSE');
    this.group = standaloneGroup(master);
    for (const node of nodes) this.group.nodes[node.settings.loadBl - 1] = node;
    this.members = evses.map((evse) => ({
      evse,
      ev: new EvModel(),
      evMeterImportWh: 0,
      temperatureC: 25,
      rcmFault: false,
    }));
    this.nowMs = nowMs;
    this.nextSecondMs = Math.floor(nowMs / 1000) * 1000 + 1000;
    this.firstRegulationS = master.flavour === 'official' ? 2 : 5;
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
        if (tick10ms(this.group, member.evse, member.ev.currentPilot, this.nowMs)) changed = true;
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
    this.world.step();
    this.secondsSinceBoot += 1;
    const regulationDue =
      this.secondsSinceBoot >= this.firstRegulationS &&
      (this.secondsSinceBoot - this.firstRegulationS) % 2 === 0;
    const master = this.group.master;
    // Virtual meters are polled at the start of each regulation cycle, as Modbus meters are.
    if (regulationDue) {
      if (
        master.settings.mainsMeter !== 0 &&
        master.settings.mainsMeter !== METER_API &&
        this.world.settings.mainsMeterOnline
      ) {
        applyMainsReading(master, this.mainsDa(), this.nowMs);
      }
      for (const member of this.members) {
        const s = member.evse.settings;
        if (s.evMeter !== 0 && s.evMeter !== METER_API && this.world.settings.evMeterOnline) {
          const draw = member.ev.drawDa;
          applyEvMeterReading(member.evse, {
            currentsDa: [...draw],
            importWh: Math.round(member.evMeterImportWh),
            exportWh: 0,
            powerW: Math.round(((draw[0] + draw[1] + draw[2]) * 230) / 10),
          });
        }
      }
    }
    const { reboot } = tick1s(
      this.group,
      (evse) => {
        const member = this.members.find((m) => m.evse === evse)!;
        return { temperatureC: member.temperatureC, rcmFault: member.rcmFault };
      },
      this.nowMs,
      regulationDue,
    );
    for (const member of this.members) {
      if (member.evse.state === State.C) member.evMeterImportWh += member.ev.charge(1);
    }
    for (const evse of reboot) this.reboot(this.members.find((m) => m.evse === evse)!);
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
    if (old === this.group.master) this.secondsSinceBoot = 0;
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
