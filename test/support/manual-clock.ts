/** A clock a test or benchmark moves by hand; its timers never fire (the caller flushes where it wants). */
import type { Scheduler } from '../../src-main/store/scheduler';

export function manualClock(startMs: number): Scheduler & { t: number } {
  return {
    t: startMs,
    now() {
      return this.t;
    },
    setTimeout: () => ({ id: 0 }),
    clearTimeout: () => undefined,
  };
}
