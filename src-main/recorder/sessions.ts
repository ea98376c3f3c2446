/**
 * Charging sessions from a charger's samples, one sample at a time: a session runs from plug-in to
 * unplug. Pure (no clock, no database): the recorder feeds it and stores what it returns, so a
 * restart continues the open session from its stored state.
 *
 * Firmware facts it relies on (`firmware-behaviour.md` §4.3, §4.4, §3.1): `car_connected` is the
 * plug (with access OFF a plugged EV shows state A but `car_connected` true); state 2 (C) is
 * charging; LESS_6A shows only as a suffix of `state` ("Charging Stopped - No Power Available");
 * `error_id` names the highest other error; `stoptime` is the delayed stop in epoch seconds.
 */
import type { ChargerSample, ChargerSnapshot } from '$shared/contract';
import type { ChargingSession, StopReason } from '$shared/contract/recorder.schema';

const stateC = 2;
const modeOff = 0;
const modeSolar = 2;
const modePause = 4;
/** An estimate never bridges a gap longer than this between two reads (Studio was not reading). */
const maxEstimateGapMs = 300_000;
const volts = 230;

/** What the tracker needs of one read. */
export interface SessionInput {
  tMs: number;
  /** The charger's clock where it reports one (for the delayed stop time). */
  chargerMs?: number;
  connected: boolean;
  stateId?: number;
  modeId?: number;
  accessId?: number;
  errorId?: number;
  error?: string;
  less6a: boolean;
  phases: number;
  chargeCurrentDa?: number;
  evDa?: [number, number, number];
  /** The EV meter's total, only where an EV meter is configured. */
  evTotalWh?: number;
  delayedStopS?: number;
}

export function sessionInput(sample: ChargerSample, snapshot: ChargerSnapshot): SessionInput {
  const input: SessionInput = {
    tMs: sample.tMs,
    // Older firmware has no `car_connected`: any state but A then counts as plugged in.
    connected: snapshot.carConnected ?? (snapshot.stateId !== undefined && snapshot.stateId !== 0),
    less6a: / - /.test(snapshot.state ?? ''),
    phases:
      snapshot.phaseCount && snapshot.phaseCount >= 1 && snapshot.phaseCount <= 3 ? snapshot.phaseCount : 3,
  };
  const put = <K extends keyof SessionInput>(key: K, value: SessionInput[K] | undefined) => {
    if (value !== undefined) input[key] = value;
  };
  put('chargerMs', sample.chargerMs);
  put('stateId', snapshot.stateId);
  put('modeId', snapshot.modeId);
  put('accessId', snapshot.accessId);
  put('errorId', snapshot.errorId);
  put('error', snapshot.error);
  put('chargeCurrentDa', snapshot.chargeCurrentDa);
  // The firmware reports EV meter currents (zeros) and totals even with no EV meter configured.
  const evMeter = snapshot.evMeter !== undefined && !/^(disabled|none)$/i.test(snapshot.evMeter);
  if (evMeter) {
    put('evDa', sample.evDa);
    put('evTotalWh', snapshot.evTotalWh);
  }
  put('delayedStopS', snapshot.delayedStopS);
  return input;
}

/** The open session with what the tracker keeps between samples (stored with it). */
export interface OpenSession extends Omit<ChargingSession, 'id'> {
  id?: number;
  lastMs: number;
  lastStateId?: number;
  lastDelayedStopS?: number;
  /** What the EV drew at the last read (all phases together), for the next interval's estimate. */
  lastAmps?: number;
  evStartWh?: number;
}

/** The current the EV draws, summed over phases: measured by an EV meter, else offered × phases. */
function drawnAmps(x: SessionInput): number {
  if (x.stateId !== stateC) return 0;
  return x.evDa ? (x.evDa[0] + x.evDa[1] + x.evDa[2]) / 10 : ((x.chargeCurrentDa ?? 0) / 10) * x.phases;
}

export type SessionStep =
  | { kind: 'none' }
  | { kind: 'opened' | 'updated'; session: OpenSession }
  | { kind: 'closed'; session: OpenSession };

function stopReasonAt(x: SessionInput, open: OpenSession): { reason: StopReason; error?: string } {
  const nowS = (x.chargerMs ?? x.tMs) / 1000;
  if (x.errorId !== undefined && x.errorId > 0)
    return { reason: 'error', ...(x.error ? { error: x.error } : {}) };
  if (open.lastDelayedStopS !== undefined && open.lastDelayedStopS > 0 && nowS >= open.lastDelayedStopS - 5)
    return { reason: 'delayed-stop' };
  if (x.modeId === modeOff || x.modeId === modePause || x.accessId === 0) return { reason: 'switched-off' };
  if (x.less6a) return { reason: x.modeId === modeSolar ? 'no-surplus' : 'no-power' };
  return { reason: 'ev-stopped' };
}

/**
 * Advances a charger's session by one sample. `open` is the session in progress (or undefined);
 * the returned session is a new object, ready to store.
 */
export function stepSession(open: OpenSession | undefined, x: SessionInput, chargerId: string): SessionStep {
  if (!open) {
    if (!x.connected) return { kind: 'none' };
    const session: OpenSession = {
      chargerId,
      startMs: x.tMs,
      energyWh: 0,
      energySource: x.evTotalWh !== undefined ? 'ev-meter' : 'estimated',
      peakDa: 0,
      peakSource: x.evDa ? 'ev-meter' : 'offered',
      chargingMs: 0,
      modeIds: x.modeId !== undefined ? [x.modeId] : [],
      lastMs: x.tMs,
    };
    session.lastAmps = drawnAmps(x);
    if (x.stateId !== undefined) session.lastStateId = x.stateId;
    if (x.delayedStopS !== undefined) session.lastDelayedStopS = x.delayedStopS;
    if (x.evTotalWh !== undefined) session.evStartWh = x.evTotalWh;
    return { kind: 'opened', session };
  }
  const s: OpenSession = { ...open, modeIds: [...open.modeIds] };
  const dt = Math.max(0, x.tMs - s.lastMs);
  const wasCharging = s.lastStateId === stateC;
  // Time and estimated energy of the interval since the last sample, in the state it was in then.
  if (wasCharging && dt <= maxEstimateGapMs) {
    s.chargingMs += dt;
    if (s.energySource === 'estimated') s.energyWh += ((s.lastAmps ?? 0) * volts * dt) / 3_600_000;
  }
  if (s.energySource === 'ev-meter' && x.evTotalWh !== undefined && s.evStartWh !== undefined)
    s.energyWh = Math.max(0, x.evTotalWh - s.evStartWh);
  if (x.stateId === stateC) {
    const peak = x.evDa ? Math.max(...x.evDa) : (x.chargeCurrentDa ?? 0);
    if (peak > s.peakDa) s.peakDa = peak;
    if (x.evDa) s.peakSource = 'ev-meter';
    // Charging again: an earlier stop was not the end.
    delete s.stopReason;
    delete s.stopError;
  }
  if (x.modeId !== undefined && !s.modeIds.includes(x.modeId)) s.modeIds.push(x.modeId);
  if (!x.connected) {
    // Unplugged while Studio was not reading: the end is the last time it was seen plugged in.
    const unseen = dt > maxEstimateGapMs;
    s.endMs = unseen ? s.lastMs : x.tMs;
    if (wasCharging && unseen) {
      s.stopReason = 'unknown';
      delete s.stopError;
    } else if (wasCharging) {
      s.stopReason = 'unplugged';
      delete s.stopError;
    } else if (s.chargingMs === 0 && s.stopReason === undefined) s.stopReason = 'never-charged';
    return { kind: 'closed', session: s };
  }
  if (wasCharging && x.stateId !== undefined && x.stateId !== stateC) {
    const { reason, error } = stopReasonAt(x, s);
    s.stopReason = reason;
    if (error) s.stopError = error;
  }
  s.lastMs = x.tMs;
  s.lastAmps = drawnAmps(x);
  if (x.stateId !== undefined) s.lastStateId = x.stateId;
  if (x.delayedStopS !== undefined) s.lastDelayedStopS = x.delayedStopS;
  return { kind: 'updated', session: s };
}

/** The public part of a stored session. */
export function publicSession(s: OpenSession & { id: number }): ChargingSession {
  const out: ChargingSession = {
    id: s.id,
    chargerId: s.chargerId,
    startMs: s.startMs,
    energyWh: Math.round(s.energyWh * 10) / 10,
    energySource: s.energySource,
    peakDa: s.peakDa,
    peakSource: s.peakSource,
    chargingMs: s.chargingMs,
    modeIds: s.modeIds,
  };
  if (s.endMs !== undefined) out.endMs = s.endMs;
  else out.lastSeenMs = s.lastMs;
  if (s.stopReason !== undefined) out.stopReason = s.stopReason;
  if (s.stopError !== undefined) out.stopError = s.stopError;
  return out;
}
