/**
 * Runs tasks one after another in the order they were given, whatever each one's outcome: for
 * read-modify-write of a user's file, where two at once could lose one change or land out of order.
 */
export class OneAtATime {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(task).finally(() => (this.waiting -= 1));
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Tasks running or waiting. */
  get pending(): number {
    return this.waiting;
  }

  /** True when no task is running or waiting. */
  get idle(): boolean {
    return this.waiting === 0;
  }
}
