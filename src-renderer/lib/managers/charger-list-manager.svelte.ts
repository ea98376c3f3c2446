/** The charger list as the UI shows it: replaced wholesale from main's list events. */
import type { ChargerSummary } from '$shared/contract';

export class ChargerListManager {
  #chargers = $state.raw<ChargerSummary[]>([]);
  #loaded = $state(false);
  /** Counts every replacement, so a read can tell whether a newer list came while it waited. */
  #generation = 0;

  get generation(): number {
    return this.#generation;
  }

  get chargers(): ChargerSummary[] {
    return this.#chargers;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  readonly isEmpty = $derived(this.#chargers.length === 0);

  /**
   * All chargers at a glance: how many answer, how many charge, and the power those with an EV
   * meter draw together (`unmeasured`: charging without one, so not in the total).
   */
  readonly totals = $derived.by(() => {
    const online = this.#chargers.filter((c) => c.online);
    const charging = online.filter((c) => c.snapshot?.stateId === 2);
    const measured = charging.filter(
      (c) => c.snapshot?.evMeter !== 'Disabled' && c.snapshot?.evPowerW !== undefined,
    );
    return {
      count: this.#chargers.length,
      online: online.length,
      charging: charging.length,
      watts: measured.reduce((sum, c) => sum + (c.snapshot?.evPowerW ?? 0), 0),
      unmeasured: charging.length - measured.length,
    };
  });

  replace(chargers: ChargerSummary[]): void {
    this.#chargers = chargers;
    this.#loaded = true;
    this.#generation += 1;
  }

  reset(): void {
    this.#chargers = [];
    this.#loaded = false;
  }
}
