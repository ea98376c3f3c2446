/** Firmware for many chargers: the image is checked and kept by main, which does every upload. */
import type { FirmwareJob, FirmwareLine, StudioApi, Targets } from '$shared/contract';
import type { FleetManager } from '../managers/fleet-manager.svelte';
import { attempt, type Result } from './result';

/** A picked file as base64 (the web transport carries JSON). */
function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

export const loadFile = (api: StudioApi, file: File) =>
  attempt(async () => api.loadFirmwareFile({ fileName: file.name, dataBase64: await base64(file) }));
export const listReleases = (api: StudioApi, line: FirmwareLine) =>
  attempt(() => api.listFirmwareReleases({ line }));
export const loadRelease = (api: StudioApi, line: FirmwareLine, tag: string, asset: string) =>
  attempt(() => api.loadFirmwareRelease({ line, tag, asset }));
export const preflight = (api: StudioApi, imageId: string, targets: Targets) =>
  attempt(() => api.firmwarePreflight({ imageId, targets }));
export const cancel = (api: StudioApi, jobId: string) => attempt(() => api.cancelFirmwareUpdate({ jobId }));

export async function start(
  api: StudioApi,
  fleet: FleetManager,
  request: Parameters<StudioApi['startFirmwareUpdate']>[0],
): Promise<Result<FirmwareJob>> {
  const result = await attempt(() => api.startFirmwareUpdate(request));
  if (result.ok) {
    fleet.watchFirmware(result.value);
    const now = await attempt(() => api.getFirmwareJob({ jobId: result.value.id }));
    if (now.ok) fleet.updateFirmware(now.value);
  }
  return result;
}

export function watchJobs(api: StudioApi, fleet: FleetManager): () => void {
  return api.on('FirmwareJobChange', (job) => fleet.updateFirmware(job));
}

export const job = (api: StudioApi, jobId: string) => attempt(() => api.getFirmwareJob({ jobId }));
