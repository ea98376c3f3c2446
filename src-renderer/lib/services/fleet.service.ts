/** The fleet screen's actions: each goes through main, which reads back what it writes. */
import type {
  ApplyJob,
  Preferences,
  ProfileInput,
  SiteInput,
  StudioApi,
  Targets,
  ValuesSource,
} from '$shared/contract';
import type { FleetManager } from '../managers/fleet-manager.svelte';
import { download } from '../files';
import { attempt, type Result } from './result';

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

export const previewApply = (api: StudioApi, source: ValuesSource, targets: Targets) =>
  attempt(() => api.previewApply({ source, targets }));
export const cancelApply = (api: StudioApi, jobId: string) => attempt(() => api.cancelApply({ jobId }));
export const retryApply = (api: StudioApi, jobId: string) => attempt(() => api.retryApply({ jobId }));
/** A running job as main holds it now (progress also comes as events). */
export const applyJob = (api: StudioApi, jobId: string) => attempt(() => api.getApplyJob({ jobId }));
export const profileFromCharger = (api: StudioApi, id: string) =>
  attempt(() => api.profileFromCharger({ id }));
export const listBackups = (api: StudioApi) => attempt(() => api.listBackups({}));
export const backupChargers = (api: StudioApi, targets: Targets) =>
  attempt(() => api.backupChargers({ targets }));
export const compareChargers = (api: StudioApi, targets: Targets) =>
  attempt(() => api.compareChargers({ targets }));
export const commissioningReport = (api: StudioApi, targets: Targets, title: string, siteId?: string) =>
  attempt(() => api.commissioningReport({ targets, title, ...(siteId ? { siteId } : {}) }));
export const listSites = (api: StudioApi) => attempt(() => api.listSites({}));
export const saveSite = (api: StudioApi, site: SiteInput) => attempt(() => api.saveSite({ site }));
export const company = (api: StudioApi) => attempt(async () => (await api.getPreferences({})).company);
export const saveCompany = (api: StudioApi, value: Preferences['company']) =>
  attempt(() => api.setPreferences({ preferences: { company: value } }));
/** The configuration doctor for these chargers (each read now). */
export const diagnoseChargers = (api: StudioApi, targets: Targets) =>
  attempt(() => api.diagnoseChargers({ targets }));
/** A bug report for the firmware's tracker (Markdown + JSON); `save` also writes both files. */
export const bugReport = (api: StudioApi, id: string, hours: number, save = false) =>
  attempt(() => api.bugReport({ id, hours, save }));
