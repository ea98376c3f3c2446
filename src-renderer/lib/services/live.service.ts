/** Opens a live view of one charger: one subscription (shared poll loop in main), history, updates. */
import type { ChargerSample, StudioApi } from '$shared/contract';
import type { LiveSamplesManager } from '../managers/live-samples-manager.svelte';

/**
 * Samples pushed while the history is still on its way are held back and appended after it, so
 * the first live sample never makes the older history look out of order (and get dropped).
 */
export async function watchCharger(
  api: StudioApi,
  id: string,
  samples: LiveSamplesManager,
): Promise<() => void> {
  samples.reset();
  let early: ChargerSample[] | undefined = [];
  const stopEvents = api.on('ChargerSample', (event) => {
    if (event.chargerId !== id) return;
    samples.snapshot = event.snapshot;
    if (early) early.push(event.sample);
    else samples.push(event.sample);
  });
  try {
    const { subscriptionId } = await api.subscribeSamples({ id, live: true });
    samples.pushMany([...(await api.getSamples({ id })), ...early]);
    early = undefined;
    return () => {
      stopEvents();
      void api.unsubscribeSamples({ subscriptionId }).catch(() => undefined);
    };
  } catch (error) {
    stopEvents();
    throw error;
  }
}
