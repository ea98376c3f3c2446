// Goal: a reboot Studio asked for is followed to its end: restarting when a reply is missed, back
// when one comes again, late when it does not within 60 s; a deferred one waits while charging.
// Method: tick tables of reads and failures at exact times through the deterministic watch.
import { describe, expect, it } from 'vitest';
import type { RebootWatch } from '$shared/contract';
import { nextRebootWatch, rebootGraceMs, rebootRequested } from '../../src-main/service/reboot-watch';

type Tick = [atMs: number, event: 'read' | 'failure', phase: RebootWatch['phase']];

function run(start: RebootWatch, ticks: Tick[]): RebootWatch {
  let watch: RebootWatch | undefined = start;
  for (const [at, event, phase] of ticks) {
    watch = nextRebootWatch(watch, event, at);
    expect([at, event, watch?.phase]).toEqual([at, event, phase]);
  }
  return watch!;
}

describe('reboot watch', () => {
  it('goes down at the first missed reply and is back at the next answer', () => {
    const end = run(rebootRequested(false, 1000), [
      [2000, 'read', 'pending'],
      [3000, 'failure', 'down'],
      [9000, 'failure', 'down'],
      [14_000, 'read', 'back'],
      [15_000, 'failure', 'back'],
    ]);
    expect(end).toEqual({ phase: 'back', deferred: false, requestedMs: 1000, downMs: 3000, backMs: 14_000 });
  });

  it('is late 60 s after going down without an answer, and back if it answers after all', () => {
    run(rebootRequested(false, 0), [
      [1000, 'failure', 'down'],
      [1000 + rebootGraceMs, 'failure', 'down'],
      [1001 + rebootGraceMs, 'failure', 'late'],
      [90_000, 'read', 'back'],
    ]);
  });

  it('says when an immediate reboot was never seen: answering for 60 s', () => {
    const end = run(rebootRequested(false, 0), [
      [rebootGraceMs, 'read', 'pending'],
      [rebootGraceMs + 1, 'read', 'late'],
      [rebootGraceMs + 2, 'read', 'late'],
    ]);
    expect(end.downMs).toBeUndefined();
  });

  it('a deferred reboot waits as long as charging lasts', () => {
    run(rebootRequested(true, 0), [
      [30 * 60_000, 'read', 'pending'],
      [3 * 3600_000, 'read', 'pending'],
      [3 * 3600_000 + 5000, 'failure', 'down'],
      [3 * 3600_000 + 12_000, 'read', 'back'],
    ]);
  });

  it('nothing to follow stays nothing', () => {
    expect(nextRebootWatch(undefined, 'failure', 5)).toBeUndefined();
  });
});
