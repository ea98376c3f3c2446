/**
 * Firmware for many chargers: an image Studio checked (from a file or a release of either firmware
 * line), the preflight of each charger, and a staged rollout with a result per charger.
 */
import { z } from 'zod';
import { messageWords, targetsSchema } from './profile.schema';

/** The two firmware lines Studio fetches releases of, and where (GitHub repositories). */
export const firmwareLines = {
  dingo35: { owner: 'dingo35', repo: 'SmartEVSE-3.5', label: 'dingo35 (SmartEVSE 3.5)' },
  official: { owner: 'SmartEVSE', repo: 'SmartEVSE-3', label: 'SmartEVSE official' },
} as const;
export type FirmwareLine = keyof typeof firmwareLines;
export const firmwareLineSchema = z.enum(['dingo35', 'official']);

/** The names the firmware's `/update` takes for an image (a signed one has its signature in front). */
export const firmwareFileNames = [
  'firmware.bin',
  'firmware.debug.bin',
  'firmware.signed.bin',
  'firmware.debug.signed.bin',
] as const;

export const firmwareImageSchema = z.object({
  imageId: z.string(),
  /** The name it is sent under (`firmware.bin`, …), which tells the charger how to check it. */
  fileName: z.enum(firmwareFileNames),
  /** Where it came from: the user's file name, or the release and asset. */
  source: z.string(),
  bytes: z.number().int(),
  version: z.string(),
  projectName: z.string(),
  buildDate: z.string(),
  sha256: z.string(),
});
export type FirmwareImage = z.infer<typeof firmwareImageSchema>;

export const firmwareReleaseSchema = z.object({
  line: firmwareLineSchema,
  tag: z.string(),
  name: z.string(),
  publishedAt: z.string(),
  notes: z.string(),
  prerelease: z.boolean(),
  assets: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
});
export type FirmwareRelease = z.infer<typeof firmwareReleaseSchema>;

/** One charger before a rollout: what would stop it, and what is worth knowing. */
export const firmwarePreflightSchema = z.object({
  chargerId: z.string(),
  name: z.string(),
  reachable: z.boolean(),
  versionNow: z.string().optional(),
  charging: z.boolean(),
  /** When Studio last backed this charger up (any backup in the backups folder). */
  lastBackupMs: z.number().optional(),
  /** `ready`: will be updated; `same`: already runs this version; `blocked`: will be skipped. */
  verdict: z.enum(['ready', 'same', 'blocked']),
  ...messageWords,
});
export type FirmwarePreflight = z.infer<typeof firmwarePreflightSchema>;

export const firmwareTargetStatuses = [
  'waiting',
  'backing-up',
  'uploading',
  'restarting',
  'updated',
  'same',
  'skipped',
  'refused',
  'interrupted',
  'failed',
  'cancelled',
] as const;

export const firmwareTargetSchema = z.object({
  chargerId: z.string(),
  name: z.string(),
  status: z.enum(firmwareTargetStatuses),
  sentBytes: z.number().int(),
  totalBytes: z.number().int(),
  versionBefore: z.string().optional(),
  versionAfter: z.string().optional(),
  /** Where its backup was written before the upload. */
  backupDir: z.string().optional(),
  ...messageWords,
});
export type FirmwareTarget = z.infer<typeof firmwareTargetSchema>;

export const firmwareJobSchema = z.object({
  id: z.string(),
  image: firmwareImageSchema,
  state: z.enum(['running', 'done', 'cancelled']),
  startedMs: z.number(),
  finishedMs: z.number().optional(),
  /** Chargers updated at once after the first one (which goes alone when `firstAlone`). */
  concurrency: z.number().int(),
  firstAlone: z.boolean(),
  targets: z.array(firmwareTargetSchema),
});
export type FirmwareJob = z.infer<typeof firmwareJobSchema>;

export const firmwareStartSchema = z
  .object({
    imageId: z.string().min(1).max(64),
    targets: targetsSchema,
    concurrency: z.number().int().min(1).max(8).optional(),
    /** One charger first; the rest only once it came back on the new version (default on). */
    firstAlone: z.boolean().optional(),
    /** Back each charger up just before its upload (default on). */
    backup: z.boolean().optional(),
  })
  .strict();
