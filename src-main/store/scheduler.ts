/**
 * Time on the main side, injectable: the poller, the plan scheduler, the meter feeds and the save
 * debounce ask a `Scheduler` for the time and for timers, never the globals. The system one is the
 * wall clock with timers that do not keep the process alive; the simulated one moves only when a
 * test calls `advance`, so timing tests are exact tables of ticks.
 */
export type TimerHandle = { readonly id: number };

export interface Scheduler {
  now(): number;
  /** Runs `run` once after `delayMs`; a returned promise is awaited by the simulated scheduler. */
  setTimeout(run: () => void | Promise<void>, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

let nextId = 1;

/** The wall clock and Node's timers, unref'd: a pending poll never keeps Studio from quitting. */
export function systemScheduler(): Scheduler {
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    setTimeout(run, delayMs) {
      const handle = { id: nextId++ };
      const timer = setTimeout(() => {
        timers.delete(handle.id);
        void run();
      }, delayMs);
      timer.unref?.();
      timers.set(handle.id, timer);
      return handle;
    },
    clearTimeout(handle) {
      if (!handle) return;
      clearTimeout(timers.get(handle.id));
      timers.delete(handle.id);
    },
  };
}

interface Pending {
  handle: TimerHandle;
  dueMs: number;
  run: () => void | Promise<void>;
}

/**
 * A clock that stands still until `advance(ms)`: every timer due within the step runs in due order
 * (ties in the order they were set), with `now()` at its due time; what a timer's run returns is
 * awaited, and so is the I/O it started, before the next one runs.
 */
export class SimulatedScheduler implements Scheduler {
  private nowMs: number;
  private pending: Pending[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(run: () => void | Promise<void>, delayMs: number): TimerHandle {
    const handle = { id: nextId++ };
    this.pending.push({ handle, dueMs: this.nowMs + Math.max(0, delayMs), run });
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.pending = this.pending.filter((p) => p.handle.id !== handle.id);
  }

  /** Times (ms) at which timers are due, earliest first. */
  get dueTimes(): number[] {
    return this.pending.map((p) => p.dueMs).sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const until = this.nowMs + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) if (p.dueMs <= until && (!next || p.dueMs < next.dueMs)) next = p;
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.nowMs = next.dueMs;
      await next.run();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.nowMs = until;
  }
}
