/** Charger actions: call the API, update the list manager, and hand failures back to the caller. */
import type { ChargerSummary, StudioApi } from '$shared/contract';
import type { ChargerListManager } from '../managers/charger-list-manager.svelte';
import { attempt, type Result } from './result';

export const appInfo = (api: StudioApi) => attempt(() => api.getAppInfo({}));

/**
 * Reads the list and shows it, unless a list event came while the read was on its way: that event
 * is newer, and a reply computed before it (a charger not yet listed) must not hide it.
 */
async function reload(api: StudioApi, list: ChargerListManager): Promise<void> {
  const before = list.generation;
  const chargers = await api.listChargers({});
  if (list.generation === before) list.replace(chargers);
}

export async function loadChargers(api: StudioApi, list: ChargerListManager): Promise<void> {
  await reload(api, list);
}

export function watchChargers(api: StudioApi, list: ChargerListManager): () => void {
  return api.on('ChargerListChange', (chargers) => list.replace(chargers));
}

export async function addCharger(
  api: StudioApi,
  list: ChargerListManager,
  address: string,
): Promise<Result<ChargerSummary>> {
  return attempt(async () => {
    const charger = await api.addCharger({ address });
    await reload(api, list);
    return charger;
  });
}

export async function removeCharger(api: StudioApi, list: ChargerListManager, id: string): Promise<void> {
  await api.removeCharger({ id });
  await reload(api, list);
}

/** Undoes a removal: the charger comes back with its name, as it was. */
export async function restoreCharger(api: StudioApi, list: ChargerListManager, id: string): Promise<boolean> {
  const { restored } = await api.restoreCharger({ id });
  await reload(api, list);
  return restored;
}

export async function startSimulator(
  api: StudioApi,
  list: ChargerListManager,
  request: { chargers?: number; group?: boolean; mqtt?: boolean } = {},
): Promise<Result<null>> {
  return attempt(async () => {
    await api.startSimulator(request);
    await reload(api, list);
    return null;
  });
}

export async function rescan(api: StudioApi, list: ChargerListManager): Promise<void> {
  list.replace(await api.rescan({}));
}

export async function renameCharger(
  api: StudioApi,
  list: ChargerListManager,
  id: string,
  name: string,
): Promise<Result<ChargerSummary>> {
  return attempt(async () => {
    const charger = await api.renameCharger({ id, name });
    await reload(api, list);
    return charger;
  });
}
