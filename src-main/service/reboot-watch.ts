/**
 * Follows a reboot Studio asked for until it is over, so the user is told "back online" or "not
 * back": deterministic, no I/O; the registry feeds it every read and every failure.
 *
 * `pending`: asked; a deferred one waits for charging to stop (the firmware answers 202 and
 * reboots ~5 s after state C ends, §3.6). `down`: a read failed after the request, so it is
 * restarting. `back`: it answered again after going down. `late`: 60 s after the request (or,
 * when it went down, 60 s after that) it has not come back, or was never seen going down.
 */
import type { RebootWatch } from '$shared/contract';

/** How long a restart may take before the user is told it is late. */
export const rebootGraceMs = 60_000;

export function rebootRequested(deferred: boolean, nowMs: number): RebootWatch {
  return { phase: 'pending', deferred, requestedMs: nowMs };
}

export function nextRebootWatch(
  watch: RebootWatch | undefined,
  event: 'read' | 'failure',
  nowMs: number,
): RebootWatch | undefined {
  if (!watch) return undefined;
  switch (watch.phase) {
    case 'pending':
      if (event === 'failure') return { ...watch, phase: 'down', downMs: nowMs };
      // A deferred reboot waits as long as charging lasts; an immediate one should have happened.
      return !watch.deferred && nowMs - watch.requestedMs > rebootGraceMs
        ? { ...watch, phase: 'late' }
        : watch;
    case 'down':
      if (event === 'read') return { ...watch, phase: 'back', backMs: nowMs };
      return nowMs - (watch.downMs ?? watch.requestedMs) > rebootGraceMs
        ? { ...watch, phase: 'late' }
        : watch;
    case 'late':
      // Late, and then it answers after a missed reply: it is back after all.
      if (event === 'failure' && watch.downMs === undefined) return { ...watch, downMs: nowMs };
      return event === 'read' && watch.downMs !== undefined
        ? { ...watch, phase: 'back', backMs: nowMs }
        : watch;
    case 'back':
      return watch;
  }
}
