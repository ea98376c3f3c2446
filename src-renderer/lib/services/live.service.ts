/** Opens a live view of one charger: one subscription (shared poll loop in main), history, updates. */
import type { StudioApi } from '$shared/contract';
import type { LiveSamplesManager } from '../managers/live-samples-manager.svelte';

export async function watchCharger(
  api: StudioApi,
  id: string,
  samples: LiveSamplesManager,
): Promise<() => void> {
  samples.reset();
  const stopEvents = api.on('ChargerSample', (event) => {
    if (event.chargerId !== id) return;
    samples.snapshot = event.snapshot;
    samples.push(event.sample);
  });
  const { subscriptionId } = await api.subscribeSamples({ id, live: true });
  samples.pushMany(await api.getSamples({ id }));
  return () => {
    stopEvents();
    void api.unsubscribeSamples({ subscriptionId }).catch(() => undefined);
  };
}
