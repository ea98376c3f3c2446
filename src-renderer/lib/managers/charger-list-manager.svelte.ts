/** The charger list as the UI shows it: replaced wholesale from main's list events. */
import type { ChargerSummary } from '$shared/contract';

export class ChargerListManager {
  #chargers = $state.raw<ChargerSummary[]>([]);
  #loaded = $state(false);

  get chargers(): ChargerSummary[] {
    return this.#chargers;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  readonly isEmpty = $derived(this.#chargers.length === 0);

  replace(chargers: ChargerSummary[]): void {
    this.#chargers = chargers;
    this.#loaded = true;
  }

  reset(): void {
    this.#chargers = [];
    this.#loaded = false;
  }
}
