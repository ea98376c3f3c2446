/** The flight recorder's views: recorded days and weeks, sessions, settings changes, clearing. */
import type { StudioApi } from '$shared/contract';
import { download } from '../files';
import { attempt } from './result';

export const recordedSamples = (api: StudioApi, id: string, fromMs: number, toMs: number) =>
  attempt(() => api.recordedSamples({ id, fromMs, toMs }));

/** Sessions of one charger, or of every charger when `id` is absent; newest first. */
export const listSessions = (api: StudioApi, id?: string) =>
  attempt(() => api.listSessions(id === undefined ? {} : { id }));

/** Downloads the sessions as CSV; the reply says how many rows and under which name. */
export async function exportSessions(api: StudioApi, id?: string) {
  const result = await attempt(() => api.exportSessions(id === undefined ? {} : { id }));
  if (result.ok) download(result.value.fileName, result.value.csv, 'text/csv');
  return result;
}

export const settingsHistory = (api: StudioApi, id: string, sinceMs?: number) =>
  attempt(() => api.settingsHistory(sinceMs === undefined ? { id } : { id, sinceMs }));

export const clearRecording = (api: StudioApi, id: string) => attempt(() => api.clearRecording({ id }));
