/** The fleet screen's actions: each goes through main, which reads back what it writes. */
import { toStudioError } from '$shared/contract';
import type { ApplyJob, ProfileInput, StudioApi, StudioError, Targets, ValuesSource } from '$shared/contract';
import type { FleetManager } from '../managers/fleet-manager.svelte';

export type Result<T> = { ok: true; value: T } | { ok: false; error: StudioError };

export async function attempt<T>(action: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, error: toStudioError(error) };
  }
}

export async function loadProfiles(api: StudioApi, fleet: FleetManager): Promise<void> {
  fleet.setProfiles(await api.listProfiles({}));
}

export function watchApplyJobs(api: StudioApi, fleet: FleetManager): () => void {
  return api.on('ApplyJobChange', (job) => fleet.update(job));
}

/** Runs a change to the stored profiles and, when it worked, shows the list as main now holds it. */
async function changeProfiles<T>(api: StudioApi, fleet: FleetManager, action: () => Promise<T>) {
  const result = await attempt(action);
  if (result.ok) await loadProfiles(api, fleet);
  return result;
}

export const saveProfile = (api: StudioApi, fleet: FleetManager, profile: ProfileInput) =>
  changeProfiles(api, fleet, () => api.saveProfile({ profile }));

export const importProfile = (api: StudioApi, fleet: FleetManager, file: File) =>
  changeProfiles(api, fleet, async () => api.importProfile({ text: await file.text(), fileName: file.name }));

export const duplicateProfile = (api: StudioApi, fleet: FleetManager, id: string) =>
  changeProfiles(api, fleet, () => api.duplicateProfile({ id }));

export const deleteProfile = (api: StudioApi, fleet: FleetManager, id: string) =>
  changeProfiles(api, fleet, () => api.deleteProfile({ id }));

/** Downloads a profile as its file (`*.smartevse-profile.json`). */
export async function exportProfile(api: StudioApi, id: string) {
  const result = await attempt(() => api.exportProfile({ id }));
  if (result.ok) download(result.value.fileName, result.value.text);
  return result;
}

/** Saves text as a file through the browser's download (the same in Electron and web mode). */
export function download(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function startApply(
  api: StudioApi,
  fleet: FleetManager,
  source: ValuesSource,
  targets: Targets,
): Promise<Result<ApplyJob>> {
  const result = await attempt(() => api.startApply({ source, targets }));
  if (result.ok) {
    fleet.watch(result.value);
    // Progress events may have come before this reply; the job's present state closes that gap.
    const now = await attempt(() => api.getApplyJob({ jobId: result.value.id }));
    if (now.ok) fleet.update(now.value);
  }
  return result;
}
