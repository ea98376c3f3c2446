/**
 * A virtual electric vehicle on one EVSE: what it presents on the pilot, and what it draws.
 * It reads the offered current from the PWM duty (the inverse IEC mapping, so `override_pwm`
 * acts as on a real car), reacts after a delay, and draws only on phases whose contactors are closed.
 */
import { pwmToCurrent, type EvseCore, type Pilot } from '../core';

export interface EvParameters {
  /** Phases the car's charger uses (1–3). */
  phases: 1 | 2 | 3;
  maxCurrentA: number;
  capacityWh: number;
  socPercent: number;
  /** Time the car takes to follow a change of the offered current. */
  reactionDelayMs: number;
  /** Time the car takes to answer "stop" (PWM off) by going back to 9 V. */
  stopDelayMs: number;
}

export const defaultEvParameters: EvParameters = {
  phases: 3,
  maxCurrentA: 16,
  capacityWh: 60_000,
  socPercent: 40,
  reactionDelayMs: 1000,
  stopDelayMs: 2000,
};

export type EvPlug = 'disconnected' | 'connected' | 'charging';

export class EvModel {
  params: EvParameters;
  /** What the user asked: unplugged, plugged but not asking, or asking to charge. */
  plug: EvPlug = 'disconnected';
  /** Per-phase draw in dA. */
  drawDa: [number, number, number] = [0, 0, 0];
  private pilot: Pilot = 12;
  private targetDa = 0;
  private targetAtMs: number | undefined;
  private stopAtMs: number | undefined;

  constructor(params: Partial<EvParameters> = {}) {
    this.params = { ...defaultEvParameters, ...params };
  }

  get currentPilot(): Pilot {
    return this.pilot;
  }

  setPlug(plug: EvPlug): void {
    this.plug = plug;
    if (plug === 'disconnected') {
      this.pilot = 12;
      this.drawDa = [0, 0, 0];
      this.targetAtMs = undefined;
      this.stopAtMs = undefined;
    } else if (this.pilot === 12) {
      this.pilot = 9;
    }
  }

  get full(): boolean {
    return this.params.socPercent >= 100;
  }

  /** Phases actually carrying current: the car's, limited by the EVSE's closed contactors. */
  activePhases(evse: EvseCore): number {
    if (!evse.contactor1) return 0;
    return evse.contactor2 ? this.params.phases : 1;
  }

  /**
   * Brings the car up to `nowMs` given what the EVSE shows. Returns true if the pilot changed,
   * so the scheduler runs the EVSE's pilot logic again.
   */
  update(evse: EvseCore, nowMs: number): boolean {
    if (this.plug === 'disconnected') return false;
    const before = this.pilot;
    const offeredDa = evse.pilotDisconnected ? 0 : pwmToCurrent(evse.pwm);
    const wantsCharge = this.plug === 'charging' && !this.full;
    if (this.pilot === 6) {
      const stopRequested = offeredDa === 0 || !wantsCharge;
      if (stopRequested && wantsCharge) {
        // The EVSE stopped offering (C1): the car answers after its stop delay.
        this.stopAtMs ??= nowMs + this.params.stopDelayMs;
        if (nowMs >= this.stopAtMs) {
          this.pilot = 9;
          this.stopAtMs = undefined;
        }
      } else if (!wantsCharge) {
        this.pilot = 9;
      } else {
        this.stopAtMs = undefined;
      }
    } else if (this.pilot === 9 && wantsCharge && offeredDa >= 60 && !evse.pilotDisconnected) {
      this.pilot = 6;
    }
    // Draw follows the offer after the reaction delay, only while contactors are closed.
    const phases = this.activePhases(evse);
    const desiredDa = this.pilot === 6 && phases > 0 ? Math.min(offeredDa, this.params.maxCurrentA * 10) : 0;
    if (desiredDa !== this.targetDa) {
      this.targetDa = desiredDa;
      this.targetAtMs = desiredDa < this.currentDa() ? nowMs : nowMs + this.params.reactionDelayMs;
    }
    if (this.targetAtMs !== undefined && nowMs >= this.targetAtMs) this.targetAtMs = undefined;
    const drawDa = this.targetAtMs === undefined ? this.targetDa : this.currentDa();
    this.drawDa = [phases >= 1 ? drawDa : 0, phases >= 2 ? drawDa : 0, phases >= 3 ? drawDa : 0];
    if (phases === 0) this.drawDa = [0, 0, 0];
    return this.pilot !== before;
  }

  private currentDa(): number {
    return Math.max(...this.drawDa);
  }

  /** When the car next changes on its own (a reaction or stop delay ending). */
  nextWakeMs(): number | undefined {
    const times = [this.targetAtMs, this.stopAtMs].filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  /** Adds the energy of `seconds` of charging at the present draw; returns Wh added. */
  charge(seconds: number, voltageV = 230): number {
    const watts = ((this.drawDa[0] + this.drawDa[1] + this.drawDa[2]) * voltageV) / 10;
    const wh = (watts * seconds) / 3600;
    this.params.socPercent = Math.min(100, this.params.socPercent + (wh / this.params.capacityWh) * 100);
    return wh;
  }
}
