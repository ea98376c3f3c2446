/**
 * Replaying a recorded period into a twin: once a simulated second, the site's mains follow what
 * the rest of the recorded site drew (recorded mains − recorded EV, per phase), and the twin's EV
 * is plugged in and out when the recorded one was. The twin's own control core decides what the
 * EV is offered, so a supporter sees whether the same stop happens with these settings. A twin
 * whose mains meter is "API" gets the replayed mains as a feed, as Studio or Home Assistant would
 * send it (`POST /currents`), every second.
 */
import { METER_API, applyMainsReading } from '../core';
import type { Site } from './site';

export interface ReplayPoint {
  /** Since the replay's start, ms. */
  offsetMs: number;
  mainsDa: [number, number, number];
  evDa?: [number, number, number] | undefined;
  plugged?: boolean | undefined;
}

export class Replay {
  private index = -1;
  private plugged: boolean | undefined;
  readonly endMs: number;

  constructor(
    readonly startMs: number,
    private readonly points: ReplayPoint[],
  ) {
    this.endMs = startMs + (points[points.length - 1]?.offsetMs ?? 0);
  }

  get done(): boolean {
    return this.index >= this.points.length;
  }

  /** Applies the recorded moment at `nowMs` (the latest point not after it); past the end, lets go. */
  step(site: Site, nowMs: number): void {
    if (this.done || nowMs < this.startMs) return;
    if (nowMs > this.endMs + 1000) {
      this.index = this.points.length;
      site.world.replayNetDa = undefined;
      return;
    }
    while (
      this.index + 1 < this.points.length &&
      this.points[this.index + 1]!.offsetMs <= nowMs - this.startMs
    )
      this.index += 1;
    const point = this.points[Math.max(0, this.index)]!;
    const ev = point.evDa ?? [0, 0, 0];
    site.world.replayNetDa = [0, 1, 2].map((i) => point.mainsDa[i]! - ev[i]!) as [number, number, number];
    const member = site.members[0]!;
    if (point.plugged !== undefined && point.plugged !== this.plugged) {
      this.plugged = point.plugged;
      member.ev.setPlug(point.plugged ? 'charging' : 'disconnected');
    }
    if (member.evse.settings.mainsMeter === METER_API)
      applyMainsReading(member.evse, site.world.mainsDa(nowMs, [member.ev.drawDa]), nowMs);
  }
}
