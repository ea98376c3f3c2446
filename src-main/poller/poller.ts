/**
 * One poll loop per watched charger, however many views watch it. Views subscribe (each
 * subscription has an id and belongs to a client: a window, or a web-mode connection) and are
 * cleaned up with their client. Interval: 1 s while any live view is open, 10 s in the background;
 * after a failure the interval doubles up to 60 s, and after `offlineAfter` failures in a row the
 * charger is reported offline. Samples go to a ring buffer and to the subscribers as they arrive.
 */
import { randomUUID } from 'node:crypto';
import type { ChargerSample } from '$shared/contract';
import { toStudioError, type StudioError } from '$shared/contract';
import type { SettingsRead } from '../charger/charger-http';
import { SampleRing } from './sample-ring';
import { ChargerClock } from './charger-clock';
import { systemScheduler, type Scheduler, type TimerHandle } from '../store/scheduler';

export interface PollerOptions {
  read: (chargerId: string) => Promise<SettingsRead>;
  onSample: (chargerId: string, sample: ChargerSample, read: SettingsRead, clientIds: Set<string>) => void;
  onFailure: (chargerId: string, error: StudioError, offline: boolean) => void;
  scheduler?: Scheduler;
  liveIntervalMs?: number;
  backgroundIntervalMs?: number;
  maxBackoffMs?: number;
  offlineAfter?: number;
  ringCapacity?: number;
}

interface Subscription {
  id: string;
  chargerId: string;
  clientId: string;
  live: boolean;
}

interface Loop {
  timer: TimerHandle | undefined;
  running: boolean;
  failures: number;
  stopped: boolean;
  /** It has answered at least once: until then its first failures are retried soon (1, 2, 4 s). */
  answered: boolean;
}

/** Turns a /settings read into the sample the graph and dashboard use. */
export function sampleFromRead(read: SettingsRead, tMs: number, chargerMs?: number): ChargerSample {
  const s = read.snapshot;
  const sample: ChargerSample = { tMs };
  if (chargerMs !== undefined) sample.chargerMs = chargerMs;
  const m = s.mainsCurrents;
  if (m.l1Da !== undefined && m.l2Da !== undefined && m.l3Da !== undefined)
    sample.mainsDa = [m.l1Da, m.l2Da, m.l3Da];
  if (m.totalDa !== undefined) sample.mainsTotalDa = m.totalDa;
  const e = s.evCurrents;
  if (e.l1Da !== undefined && e.l2Da !== undefined && e.l3Da !== undefined)
    sample.evDa = [e.l1Da, e.l2Da, e.l3Da];
  if (s.chargeCurrentDa !== undefined) sample.chargeCurrentDa = s.chargeCurrentDa;
  if (s.overrideCurrentDa !== undefined) sample.overrideCurrentDa = s.overrideCurrentDa;
  if (s.pwm !== undefined) sample.pwm = s.pwm;
  if (s.stateId !== undefined) sample.stateId = s.stateId;
  if (s.modeId !== undefined) sample.modeId = s.modeId;
  if (s.solarStopTimerS !== undefined) sample.solarStopTimerS = s.solarStopTimerS;
  if (s.evPowerW !== undefined) sample.powerW = s.evPowerW;
  if (s.evChargedWh !== undefined) sample.energyWh = s.evChargedWh;
  return sample;
}

export class Poller {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly loops = new Map<string, Loop>();
  private readonly rings = new Map<string, SampleRing>();
  private readonly clocks = new Map<string, ChargerClock>();
  private readonly scheduler: Scheduler;
  /** Requests sent, per charger: what the benchmarks and tests count. */
  readonly requestCounts = new Map<string, number>();

  constructor(private readonly options: PollerOptions) {
    this.scheduler = options.scheduler ?? systemScheduler();
  }

  /**
   * `firstPollDelayMs`: when the caller has just read the charger itself, the loop's first poll
   * waits (a new live view otherwise polls at once).
   */
  subscribe(chargerId: string, clientId: string, live: boolean, firstPollDelayMs?: number): string {
    const id = randomUUID();
    this.subscriptions.set(id, { id, chargerId, clientId, live });
    this.ensureLoop(chargerId, firstPollDelayMs === undefined, firstPollDelayMs ?? 0);
    return id;
  }

  unsubscribe(id: string): boolean {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return false;
    this.subscriptions.delete(id);
    this.stopIfUnwatched(subscription.chargerId);
    return true;
  }

  /** A window closed or a web connection dropped: its subscriptions go with it. */
  dropClient(clientId: string): number {
    let dropped = 0;
    for (const subscription of [...this.subscriptions.values()]) {
      if (subscription.clientId === clientId) {
        this.unsubscribe(subscription.id);
        dropped += 1;
      }
    }
    return dropped;
  }

  /** Forget a charger entirely (removed from the list). */
  forget(chargerId: string): void {
    for (const subscription of [...this.subscriptions.values()]) {
      if (subscription.chargerId === chargerId) this.subscriptions.delete(subscription.id);
    }
    this.stopIfUnwatched(chargerId);
    this.rings.delete(chargerId);
    this.clocks.delete(chargerId);
  }

  ring(chargerId: string): SampleRing | undefined {
    return this.rings.get(chargerId);
  }

  watchers(chargerId: string): Subscription[] {
    return [...this.subscriptions.values()].filter((s) => s.chargerId === chargerId);
  }

  get loopCount(): number {
    return this.loops.size;
  }

  private intervalFor(chargerId: string, failures: number, answered = true): number {
    const live = this.watchers(chargerId).some((s) => s.live);
    const base = live ? (this.options.liveIntervalMs ?? 1000) : (this.options.backgroundIntervalMs ?? 10_000);
    if (failures === 0) return base;
    // A charger just listed that has not answered yet (a simulator still starting) is tried again
    // soon a few times, so its row does not stay empty for a whole background interval.
    if (!answered && failures <= 3) return Math.min(1000 * 2 ** (failures - 1), base);
    return Math.min(base * 2 ** failures, this.options.maxBackoffMs ?? 60_000);
  }

  /** Polls a watched charger soon (its own read just failed: the loop should not wait an interval). */
  pollSoon(chargerId: string): void {
    if (this.watchers(chargerId).length > 0) this.ensureLoop(chargerId, true, 0);
  }

  /** Starts the loop if none runs; a new live view polls at once instead of waiting out a slow interval. */
  private ensureLoop(chargerId: string, pollSoon: boolean, firstDelayMs: number): void {
    let loop = this.loops.get(chargerId);
    if (!loop) {
      loop = { timer: undefined, running: false, failures: 0, stopped: false, answered: false };
      this.loops.set(chargerId, loop);
      this.schedule(chargerId, loop, firstDelayMs);
      return;
    }
    if (pollSoon && !loop.running && loop.failures === 0) {
      this.scheduler.clearTimeout(loop.timer);
      this.schedule(chargerId, loop, Math.min(this.intervalFor(chargerId, 0), 50));
    }
  }

  private stopIfUnwatched(chargerId: string): void {
    if (this.watchers(chargerId).length > 0) return;
    const loop = this.loops.get(chargerId);
    if (!loop) return;
    loop.stopped = true;
    this.scheduler.clearTimeout(loop.timer);
    this.loops.delete(chargerId);
  }

  private schedule(chargerId: string, loop: Loop, delayMs: number): void {
    loop.timer = this.scheduler.setTimeout(() => this.poll(chargerId, loop), delayMs);
  }

  private async poll(chargerId: string, loop: Loop): Promise<void> {
    if (loop.stopped) return;
    loop.running = true;
    const started = this.scheduler.now();
    this.requestCounts.set(chargerId, (this.requestCounts.get(chargerId) ?? 0) + 1);
    try {
      const read = await this.options.read(chargerId);
      loop.failures = 0;
      loop.answered = true;
      let clock = this.clocks.get(chargerId);
      if (!clock) this.clocks.set(chargerId, (clock = new ChargerClock()));
      const sample = sampleFromRead(read, started, clock.at(read.snapshot.mainsLastUpdateS, started));
      let ring = this.rings.get(chargerId);
      if (!ring) {
        ring = new SampleRing(this.options.ringCapacity);
        this.rings.set(chargerId, ring);
      }
      ring.push(sample);
      const clients = new Set(this.watchers(chargerId).map((s) => s.clientId));
      this.options.onSample(chargerId, sample, read, clients);
    } catch (error) {
      loop.failures += 1;
      this.options.onFailure(
        chargerId,
        toStudioError(error),
        loop.failures >= (this.options.offlineAfter ?? 3),
      );
    } finally {
      loop.running = false;
    }
    if (loop.stopped) return;
    // The next poll is one interval after this one started, so a slow answer does not add up. A
    // clock set back (elapsed < 0) or far forward waits at most one interval.
    const interval = this.intervalFor(chargerId, loop.failures, loop.answered);
    const elapsed = Math.min(Math.max(this.scheduler.now() - started, 0), interval);
    this.schedule(chargerId, loop, interval - elapsed);
  }

  close(): void {
    for (const [chargerId] of this.loops) {
      const loop = this.loops.get(chargerId)!;
      loop.stopped = true;
      this.scheduler.clearTimeout(loop.timer);
    }
    this.loops.clear();
    this.subscriptions.clear();
  }
}
